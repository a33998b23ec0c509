// The procedural dSprites: each factor does what its name says, images are deterministic, indices round-trip.
import {describe, expect, it} from "vitest";
import {
  DSPRITES_COUNT, FACTOR_SIZES, factorsToIndex, factorValues, indexToFactors, renderBatch, renderSprite, sampleFactors, type Factors
} from "../../../src/data/dsprites.js";
import {Rng} from "../../../src/math/rng.js";

const S = 32;
const mass = (img: Float32Array) => img.reduce((a, b) => a + b, 0);
/** Centre of mass (column, row) in pixels. */
function centre(img: Float32Array): [number, number] {
  let m = 0, cx = 0, cy = 0;
  for (let r = 0; r < S; r++) for (let c = 0; c < S; c++) { const v = img[r * S + c]; m += v; cx += v * (c + 0.5); cy += v * (r + 0.5); }
  return [cx / m, cy / m];
}
/** Pixels of ink that differ: Σ |a − b|. */
const diff = (a: Float32Array, b: Float32Array) => a.reduce((s, v, i) => s + Math.abs(v - b[i]), 0);

describe("dsprites", () => {
  it("has 3·6·40·32·32 = 737,280 images and factorsToIndex / indexToFactors are inverse", () => {
    expect(DSPRITES_COUNT).toBe(737280);
    const rng = new Rng(0, "test");
    for (let t = 0; t < 200; t++) {
      const i = rng.int(DSPRITES_COUNT);
      expect(factorsToIndex(indexToFactors(i))).toBe(i);
    }
    expect(indexToFactors(0)).toEqual([0, 0, 0, 0, 0]);
    expect(indexToFactors(DSPRITES_COUNT - 1)).toEqual(FACTOR_SIZES.map((n) => n - 1));
    expect(factorsToIndex([0, 0, 0, 0, 1])).toBe(1); // y is the fastest factor, as in dSprites' file
  });

  it("renderSprite(f) is deterministic, in [0, 1], with partial pixels at the edges (anti-aliased)", () => {
    const f: Factors = [2, 3, 7, 10, 20];
    const a = renderSprite(f), b = renderSprite(f);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Math.min(...a)).toBe(0);
    expect(Math.max(...a)).toBe(1);
    expect(a.some((v) => v > 0 && v < 1)).toBe(true);
  });

  it("moving x moves the centre of mass right by the same step, and y moves it down; the other coordinate stays", () => {
    const step = (S * (1 - 2 * 0.2)) / 31; // pixels per position index
    for (const shape of [0, 1, 2]) {
      const [x0, y0] = centre(renderSprite([shape, 5, 3, 5, 9]));
      const [x1, y1] = centre(renderSprite([shape, 5, 3, 25, 9]));
      const [x2, y2] = centre(renderSprite([shape, 5, 3, 5, 29]));
      expect(x1 - x0).toBeCloseTo(20 * step, 1);
      expect(Math.abs(y1 - y0)).toBeLessThan(0.06); // a tenth of a step: sub-pixel sampling
      expect(y2 - y0).toBeCloseTo(20 * step, 1);
      expect(Math.abs(x2 - x0)).toBeLessThan(0.06);
    }
  });

  it("scale grows the ink area as scale², and orientation keeps it", () => {
    for (const shape of [0, 1, 2]) {
      const small = mass(renderSprite([shape, 0, 0, 16, 16], {supersample: 8}));
      const large = mass(renderSprite([shape, 5, 0, 16, 16], {supersample: 8}));
      expect(large / small).toBeCloseTo(4, 0); // (1 / 0.5)²
      const turned = mass(renderSprite([shape, 5, 13, 16, 16], {supersample: 8}));
      expect(Math.abs(turned / large - 1)).toBeLessThan(0.02);
    }
  });

  it("the three shapes differ, and a heart is not symmetric under a half turn while an ellipse is", () => {
    const [sq, el, he] = [0, 1, 2].map((s) => renderSprite([s, 5, 0, 16, 16]));
    expect(diff(sq, el)).toBeGreaterThan(15); // pixels; a large square has 77 pixels of ink
    expect(diff(sq, he)).toBeGreaterThan(15);
    expect(diff(el, he)).toBeGreaterThan(15);
    expect(diff(renderSprite([1, 5, 20, 16, 16]), el)).toBeLessThan(1);
    expect(diff(renderSprite([2, 5, 20, 16, 16]), he)).toBeGreaterThan(15);
  });

  it("a square turned by 90° (10 orientation steps) matches the unturned one; turned by 45° it does not", () => {
    for (const [x, y] of [[16, 16], [3, 27], [30, 8]]) {
      const a = renderSprite([0, 4, 0, x, y]);
      const quarter = renderSprite([0, 4, 10, x, y]);
      const eighth = renderSprite([0, 4, 5, x, y]);
      expect(diff(a, quarter)).toBeLessThan(1); // sub-pixel samples at the edges, out of ~50 pixels of ink
      expect(diff(a, eighth)).toBeGreaterThan(8);
      expect(factorValues([0, 4, 10, x, y]).angle).toBeCloseTo(Math.PI / 2, 12);
    }
  });

  it("every sprite stays inside the frame: at the corners it has the same ink as in the middle (nothing clipped)", () => {
    for (const shape of [0, 1, 2]) for (const o of [0, 5, 13, 27]) {
      const middle = mass(renderSprite([shape, 5, o, 16, 16], {supersample: 8}));
      for (const [x, y] of [[0, 0], [31, 31], [0, 31], [31, 0]]) {
        expect(Math.abs(mass(renderSprite([shape, 5, o, x, y], {supersample: 8})) / middle - 1)).toBeLessThan(0.04); // an upright square's edges meet the sub-pixel rows differently: ±3%
      }
    }
  });

  it("renderBatch stacks renderSprite; sampleFactors draws valid indices from the given uniforms", () => {
    const rng = new Rng(1, "f");
    const fs = sampleFactors(50, () => rng.uniform());
    for (const f of fs) f.forEach((v, k) => expect(Number.isInteger(v) && v >= 0 && v < FACTOR_SIZES[k]).toBe(true));
    const batch = renderBatch(fs.slice(0, 3), {side: 20});
    expect(Array.from(batch.subarray(400, 800))).toEqual(Array.from(renderSprite(fs[1], {side: 20})));
  });

  it("sampleFactors with `vary` draws only those factors and copies the others; all five varying is the plain draw", () => {
    const a = new Rng(2, "f"), b = new Rng(2, "f"), c = new Rng(2, "f");
    const xy = sampleFactors(200, () => a.uniform(), [3, 4], [1, 5, 0, 16, 16]);
    for (const f of xy) expect([f[0], f[1], f[2]]).toEqual([1, 5, 0]);
    expect(new Set(xy.map((f) => f[3])).size).toBeGreaterThan(20);
    expect(new Set(xy.map((f) => f[4])).size).toBeGreaterThan(20);
    expect(sampleFactors(20, () => b.uniform(), [0, 1, 2, 3, 4], [0, 0, 0, 0, 0])).toEqual(sampleFactors(20, () => c.uniform()));
    expect(() => sampleFactors(2, () => 0.5, [3, 4])).toThrow(/`vary` needs `fixed`/);
    expect(() => sampleFactors(2, () => 0.5, [3, 4], [0, 6, 0, 0, 0])).toThrow(/invalid scale index: 6/);
  });

  it("bad input is refused with a message naming the value", () => {
    expect(() => renderSprite([3, 0, 0, 0, 0])).toThrow(/invalid shape index: 3/);
    expect(() => renderSprite([0, 0, 40, 0, 0])).toThrow(/invalid orientation index: 40/);
    expect(() => renderSprite([0, 0, 0, 0, 0], {side: 2})).toThrow(/invalid side: 2/);
    expect(() => indexToFactors(DSPRITES_COUNT)).toThrow(/invalid image index/);
  });
});
