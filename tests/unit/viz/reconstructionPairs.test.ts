// @vitest-environment jsdom
import {describe, expect, test} from "vitest";
import {describePairs, pairErrors, reconstructionPairs} from "../../../src/viz/reconstructionPairs.js";
import {describedText, flatImages, noCanvasContext, recordingCanvasContext} from "./helpers.js";

describe("pairErrors", () => {
  test("pairErrors(a, b, 2) is the mean absolute pixel difference of each pair", () => {
    const a = Float32Array.of(1, 1, 0, 0, /* */ 0, 0, 0, 0);
    const b = Float32Array.of(0.5, 1, 0, 0.5, /* */ 0, 0, 0, 0);
    expect(Array.from(pairErrors(a, b, 2))).toEqual([0.25, 0]);
  });
});

describe("reconstructionPairs", () => {
  test("reconstructionPairs(x, xHat, {digits}) labels the rows and states the errors", () => {
    noCanvasContext();
    const x = flatImages([1, 0, 0.5], 28);
    const xHat = flatImages([0.75, 0.1, 0.5], 28);
    const el = reconstructionPairs(x, xHat, {digits: [7, 2, 1]});
    expect([...el.querySelectorAll("div[role=group] > span")].map((s) => s.textContent)).toEqual(["input", "reconstruction"]);
    const canvases = [...el.querySelectorAll("canvas")];
    expect(canvases).toHaveLength(2);
    expect(canvases.map((c) => c.getAttribute("aria-label"))).toEqual(["3 held-out digits, as input", "their 3 reconstructions"]);
    expect(canvases[0].width).toBe(canvases[1].width);
    const group = el.querySelector("div[role=group]")!;
    expect(group.getAttribute("aria-label")).toBe("3 held-out digits and their reconstructions");
    expect(describedText(group)).toBe(
      "3 held-out digits (digits 7, 2, 1) above their reconstructions. " +
        "Mean absolute pixel error 0.117 on a 0–1 scale; per pair, left to right: 0.250, 0.100, 0.000."
    );
  });

  test("reconstructionPairs(x, xHat).update(x, next) repaints both rows in place", () => {
    const {calls} = recordingCanvasContext();
    const el = reconstructionPairs(flatImages([1], 2), flatImages([0], 2), {side: 2});
    const canvases = [...el.querySelectorAll("canvas")];
    el.update(flatImages([1], 2), flatImages([1], 2));
    expect([...el.querySelectorAll("canvas")]).toEqual(canvases);
    expect(calls).toHaveLength(4);
    expect(describedText(el.querySelector("div[role=group]")!)).toContain("Mean absolute pixel error 0.000");
  });

  test("reconstructionPairs(bad input) names the bad value", () => {
    noCanvasContext();
    expect(() => reconstructionPairs(flatImages([0, 0], 28), flatImages([0], 28))).toThrow(
      "invalid reconstructions: 1 images; expected one per original (2)"
    );
    expect(() => reconstructionPairs(flatImages([0], 28), flatImages([0], 28), {digits: [1, 2]})).toThrow(
      "invalid digits: length 2; expected length 1"
    );
    expect(() => reconstructionPairs(new Float32Array(0), new Float32Array(0))).toThrow("invalid originals: 0 images; expected at least one");
  });
});

describe("describePairs", () => {
  test("describePairs(errors, null) leaves the digits out", () => {
    expect(describePairs([0.5], null)).toBe(
      "1 held-out digit above their reconstructions. Mean absolute pixel error 0.500 on a 0–1 scale; per pair, left to right: 0.500."
    );
  });
});
