// @vitest-environment jsdom
import {describe, expect, test} from "vitest";
import {imagesToRgba} from "../../../src/viz/imageGrid.js";
import {describeLatentGrid, latentGrid} from "../../../src/viz/latentGrid.js";
import {latentGridPoints} from "../../../src/math/latentGrid.js";
import {describedText, flatImages, noCanvasContext, recordingCanvasContext, stableMarkup} from "./helpers.js";

describe("latentGridPoints", () => {
  test("latentGridPoints(3, 3) runs row by row from the top (z₂ = 3), left to right (z₁ from −3)", () => {
    expect(Array.from(latentGridPoints(3, 3))).toEqual([
      -3, 3, 0, 3, 3, 3,
      -3, 0, 0, 0, 3, 0,
      -3, -3, 0, -3, 3, -3
    ]);
  });

  test("latentGridPoints(1) is the origin", () => {
    expect(Array.from(latentGridPoints(1))).toEqual([0, 0]);
  });

  test("latentGridPoints(0) names the bad value", () => {
    expect(() => latentGridPoints(0)).toThrow("invalid k: 0; expected an integer ≥ 1");
    expect(() => latentGridPoints(3, 0)).toThrow("invalid extent: 0; expected a number > 0");
  });
});

describe("latentGrid", () => {
  test("latentGrid(3×3 images) renders the same axes as before", async () => {
    noCanvasContext();
    const el = latentGrid(flatImages([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8], 28));
    await expect(stableMarkup(el)).toMatchFileSnapshot("__snapshots__/latentGrid.html");
  });

  test("latentGrid(images) is one named image whose text gives the grid and the ranges", () => {
    noCanvasContext();
    const el = latentGrid(flatImages(new Array(9).fill(0), 28), {extent: 2});
    const img = el.querySelector("[role=img]")!;
    expect(img.getAttribute("aria-label")).toBe("Digits decoded on a 3×3 grid over the 2-d latent space");
    expect(describedText(img)).toBe(
      "A 3 by 3 grid of digits decoded from evenly spaced latent points: z₁ runs from −2.00 (left) to 2.00 (right) " +
        "and z₂ from −2.00 (bottom) to 2.00 (top), in steps of 2.00."
    );
    expect(el.querySelector("canvas")!.getAttribute("aria-hidden")).toBe("true");
    expect([...el.querySelectorAll("svg text")].map((t) => t.textContent)).toEqual(
      expect.arrayContaining(["−2", "0", "2", "z₁ →", "↑ z₂"])
    );
  });

  test("latentGrid(images) puts the ticks at the cell centres", () => {
    noCanvasContext();
    const el = latentGrid(flatImages(new Array(9).fill(0), 28), {extent: 3});
    const ticks = [...el.querySelectorAll("svg g.tick")].map((g) => {
      const [, x, y] = /translate\(([^,]+),([^)]+)\)/.exec(g.getAttribute("transform")!)!;
      return [Number(x), Number(y)];
    });
    // Cells are 28 px wide from x = 44: centres at 58 (z₁ = −3) and 114 (z₁ = 3), so z₁ = −2, 0, 2 sit at
    // 67.333, 86 and 104.667 (+ 0.5, d3-axis's crisp-edge offset).
    const expected = [67.8333, 86.5, 105.1667];
    ticks.slice(0, 3).forEach(([x, y], i) => {
      expect(x).toBeCloseTo(expected[i], 3);
      expect(y).toBe(0);
    });
  });

  test("latentGrid(images).update(next) repaints the one canvas", () => {
    const {calls} = recordingCanvasContext();
    const el = latentGrid(flatImages([1, 1, 1, 1], 2), {side: 2});
    const canvas = el.querySelector("canvas");
    const next = flatImages([0, 1, 0, 1], 2);
    el.update(next);
    expect(el.querySelector("canvas")).toBe(canvas);
    expect(calls).toHaveLength(2);
    expect(calls[1].data).toEqual(imagesToRgba(next, {side: 2, cols: 2, scale: 1, gap: 0}));
  });

  test("latentGrid(bad input) names the bad value", () => {
    noCanvasContext();
    expect(() => latentGrid(flatImages([0, 0, 0, 0, 0], 28))).toThrow(
      "invalid images: 5 images; expected k×k images (k ≥ 1) of 28×28 pixels"
    );
    expect(() => latentGrid(flatImages([0], 28), {extent: -1})).toThrow("invalid extent: -1; expected a number > 0");
  });
});

describe("describeLatentGrid", () => {
  test("describeLatentGrid(15, 3) gives the step", () => {
    expect(describeLatentGrid(15, 3)).toContain("in steps of 0.43.");
  });
});
