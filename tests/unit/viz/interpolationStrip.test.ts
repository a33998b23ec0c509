// @vitest-environment jsdom
import {describe, expect, test} from "vitest";
import {describeStrip, evenT, interpolationStrip} from "../../../src/viz/interpolationStrip.js";
import {describedText, flatImages, noCanvasContext} from "./helpers.js";

describe("interpolationStrip", () => {
  test("interpolationStrip(5 images, {fromLabel, toLabel}) captions t and names both ends", () => {
    noCanvasContext();
    const el = interpolationStrip(flatImages([0, 0.25, 0.5, 0.75, 1], 28), {fromLabel: "digit 7 (#12)", toLabel: "digit 1 (#40)"});
    const canvas = el.querySelector("canvas")!;
    expect(canvas.getAttribute("aria-label")).toBe("5 digits decoded along a path in latent space");
    expect(canvas.height).toBe(56 + 18);
    expect([...el.querySelectorAll("canvas + div span")].map((s) => s.textContent)).toEqual(
      ["t = 0", "t = 0.25", "t = 0.5", "t = 0.75", "t = 1"]
    );
    expect(el.textContent).toContain("← digit 7 (#12)");
    expect(describedText(canvas)).toBe(
      "5 digits decoded along a path in latent space from digit 7 (#12) (t = 0) to digit 1 (#40) (t = 1), " +
        "left to right at t = 0, 0.25, 0.5, 0.75, 1."
    );
  });

  test("interpolationStrip(images, {t}) uses the given t", () => {
    noCanvasContext();
    const el = interpolationStrip(flatImages([0, 1], 28), {t: [0.1, 0.9]});
    expect(describedText(el.querySelector("canvas")!)).toBe("2 digits decoded along a path in latent space, left to right at t = 0.1, 0.9.");
  });

  test("interpolationStrip(images).update(next, {toLabel}) redraws in place", () => {
    noCanvasContext();
    const el = interpolationStrip(flatImages([0, 1], 28));
    const canvas = el.querySelector("canvas");
    el.update(flatImages([1, 0], 28), {fromLabel: "a", toLabel: "b"});
    expect(el.querySelector("canvas")).toBe(canvas);
    expect(describedText(canvas!)).toContain("from a (t = 0) to b (t = 1)");
  });

  test("interpolationStrip(bad input) names the bad value", () => {
    noCanvasContext();
    expect(() => interpolationStrip(flatImages([0, 1], 28), {t: [0]})).toThrow("invalid t: [0]; expected 2 finite numbers, one per image");
    expect(() => interpolationStrip(new Float32Array(0))).toThrow("invalid images: 0 images; expected at least one");
  });
});

describe("evenT", () => {
  test("evenT(5) is 0, 0.25, …, 1 and evenT(1) is [0]", () => {
    expect(evenT(5)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(evenT(1)).toEqual([0]);
  });
});

describe("describeStrip", () => {
  test("describeStrip(t) without ends", () => {
    expect(describeStrip([0, 1])).toBe("2 digits decoded along a path in latent space, left to right at t = 0, 1.");
  });
});
