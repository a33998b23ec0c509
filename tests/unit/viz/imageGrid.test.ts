// @vitest-environment jsdom
import {describe, expect, test} from "vitest";
import {gridLayout, imageGrid, imagesToRgba} from "../../../src/viz/imageGrid.js";
import {describedText, flatImages, noCanvasContext, recordingCanvasContext} from "./helpers.js";

/** The grey (red channel) and alpha of every pixel, row by row. */
function greys(rgba: Uint8ClampedArray, width: number): number[][] {
  const rows: number[][] = [];
  for (let p = 0; p < rgba.length; p += 4) {
    const y = Math.floor(p / 4 / width);
    (rows[y] ??= []).push(rgba[p + 3] === 0 ? -1 : rgba[p]);
    expect(rgba[p]).toBe(rgba[p + 1]);
    expect(rgba[p]).toBe(rgba[p + 2]);
  }
  return rows;
}

describe("imagesToRgba", () => {
  test("imagesToRgba(two 2×2 images, {cols: 2, scale: 1, gap: 1}) draws ink dark and leaves the gap transparent", () => {
    const images = Float32Array.of(0, 1, 0.5, 0.25, /* image 2 */ 1, 1, 0, 0);
    const rgba = imagesToRgba(images, {side: 2, cols: 2, scale: 1, gap: 1});
    expect(rgba.length).toBe(5 * 2 * 4);
    // 255·(1 − v): 0 → 255, 1 → 0, 0.5 → 127.5 → 128, 0.25 → 191.25 → 191; −1 marks alpha 0.
    expect(greys(rgba, 5)).toEqual([
      [255, 0, -1, 0, 0],
      [128, 191, -1, 255, 255]
    ]);
  });

  test("imagesToRgba(image, {scale: 2}) repeats each pixel in a 2×2 block", () => {
    const rgba = imagesToRgba(Float32Array.of(1, 0), {side: 1, cols: 2, scale: 2, gap: 0});
    expect(greys(rgba, 4)).toEqual([
      [0, 0, 255, 255],
      [0, 0, 255, 255]
    ]);
  });

  test("imagesToRgba(image, {inkDark: false}) draws light ink on black", () => {
    const rgba = imagesToRgba(Float32Array.of(0, 1, 0.25, 0.5), {side: 2, cols: 1, scale: 1, gap: 0, inkDark: false});
    expect(greys(rgba, 2)).toEqual([
      [0, 255],
      [64, 128]
    ]);
  });

  test("imagesToRgba(values outside [0, 1] and NaN) clamps, NaN draws black", () => {
    const rgba = imagesToRgba(Float32Array.of(-1, 2, NaN, 0), {side: 2, cols: 1, scale: 1, gap: 0});
    expect(greys(rgba, 2)).toEqual([
      [255, 0],
      [0, 255]
    ]);
  });

  test("imagesToRgba(captions) leaves a transparent band under each row", () => {
    const rgba = imagesToRgba(Float32Array.of(1, 1), {side: 1, cols: 1, scale: 1, gap: 0, captionHeight: 2});
    expect(greys(rgba, 1)).toEqual([[0], [-1], [-1], [0], [-1], [-1]]);
  });

  test("imagesToRgba(length not a multiple of side²) names the length", () => {
    expect(() => imagesToRgba(new Float32Array(5), {side: 2})).toThrow("invalid images: length 5; expected a multiple of 2·2 = 4");
  });
});

describe("gridLayout", () => {
  test("gridLayout(5, {cols: 2, side: 28, scale: 2, gap: 2}) has 3 rows and cells at pitch 58", () => {
    const L = gridLayout(5, {cols: 2, side: 28, scale: 2, gap: 2});
    expect([L.cols, L.rows, L.cell, L.width, L.height]).toEqual([2, 3, 56, 114, 172]);
    expect([L.x(3), L.y(3), L.x(4), L.y(4)]).toEqual([58, 58, 0, 116]);
  });

  test("gridLayout(3, {cols: 10}) uses 3 columns", () => {
    expect(gridLayout(3, {cols: 10}).cols).toBe(3);
  });

  test("gridLayout(0) is empty", () => {
    const L = gridLayout(0);
    expect([L.width, L.height]).toEqual([0, 0]);
  });
});

describe("imageGrid", () => {
  test("imageGrid(images) does not throw when the canvas has no 2-d context", () => {
    noCanvasContext();
    const el = imageGrid(flatImages([0, 1, 0.5], 28));
    expect(el.tagName).toBe("FIGURE");
    expect(el.canvas.width).toBe(3 * 56 + 2 * 2);
    expect(el.canvas.height).toBe(56);
    expect(el.canvas.getAttribute("role")).toBe("img");
    expect(el.canvas.getAttribute("aria-label")).toBe("3 images of 28×28 pixels");
  });

  test("imageGrid(images, {labels}) captions each cell and states the captions", () => {
    noCanvasContext();
    const el = imageGrid(flatImages([0, 1, 0.5, 0.2], 2), {side: 2, cols: 2, scale: 4, labels: ["7", "2", "1", "0"], ariaLabel: "four digits"});
    const spans = [...el.querySelectorAll("span")];
    expect(spans.map((s) => s.textContent)).toEqual(["7", "2", "1", "0"]);
    expect(spans[0].parentElement!.getAttribute("aria-hidden")).toBe("true");
    // 2 rows of 8px cells + 18px caption bands + a 2px gap; cell 3 is at (10, 28), its caption at y = 36 of 54.
    expect(el.canvas.height).toBe(2 * (8 + 18) + 2);
    expect(spans[3].getAttribute("style")).toContain("left:55.556%;top:66.667%;width:44.444%");
    expect(describedText(el.canvas)).toBe("four digits. Captions, in reading order: 7, 2, 1, 0.");
  });

  test("imageGrid(images) paints the pixels of imagesToRgba with one putImageData", () => {
    const {calls} = recordingCanvasContext();
    const images = flatImages([1, 0], 3);
    imageGrid(images, {side: 3, scale: 1, gap: 1});
    expect(calls).toHaveLength(1);
    expect(calls[0].width).toBe(7);
    expect(calls[0].data).toEqual(imagesToRgba(images, {side: 3, scale: 1, gap: 1}));
  });

  test("imageGrid(images).update(next) repaints the same canvas", () => {
    const {calls} = recordingCanvasContext();
    const el = imageGrid(flatImages([1], 2), {side: 2, scale: 1});
    const canvas = el.canvas;
    el.update(flatImages([0], 2));
    expect(el.canvas).toBe(canvas);
    expect(calls).toHaveLength(2);
    expect(Array.from(calls[1].data.subarray(0, 4))).toEqual([255, 255, 255, 255]);
  });

  test("imageGrid(images, {cols: 0}) names the bad value", () => {
    noCanvasContext();
    expect(() => imageGrid(flatImages([0], 28), {cols: 0})).toThrow("invalid cols: 0; expected an integer ≥ 1");
    expect(() => imageGrid(flatImages([0], 28), {scale: 1.5})).toThrow("invalid scale: 1.5; expected an integer in [1, 64]");
    expect(() => imageGrid(new Float32Array(100))).toThrow("invalid images: length 100; expected a multiple of 28·28 = 784");
    expect(() => imageGrid(flatImages([0, 0], 28), {labels: ["a"]})).toThrow("invalid labels: length 1; expected one per image (2)");
    expect(() => imageGrid("x" as never)).toThrow('invalid images: "x"; expected a Float32Array of n·28·28 values in [0, 1]');
  });
});
