import {describe, expect, it} from "vitest";
import {denormalizeLatents, latentStats, normalizeLatents, scalingFactor, shiftFactor} from "../../../src/math/latentScaling.js";
import {Rng} from "../../../src/math/rng.js";

/** A fixed batch: 8 latents of 8×8×4 with mean 0.4 and standard deviation 3 (roughly). */
const batch = Float32Array.from(new Rng(11, "latents").normals(8 * 8 * 8 * 4), (v) => 0.4 + 3 * v);

/** Sample mean and variance, written out directly. */
function meanVar(a: ArrayLike<number>): [number, number] {
  const xs = Array.from(a);
  const m = xs.reduce((s, v) => s + v, 0) / xs.length;
  return [m, xs.reduce((s, v) => s + (v - m) ** 2, 0) / (xs.length - 1)];
}

describe("scalingFactor", () => {
  it("scalingFactor(latents) is 1/std of [1, 2, 3, 4]: 1/√(5/3)", () => {
    expect(scalingFactor([1, 2, 3, 4])).toBeCloseTo(1 / Math.sqrt(5 / 3), 14);
    expect(shiftFactor([1, 2, 3, 4])).toBe(2.5);
  });

  it("scalingFactor(latents) equals 1/std of a fixed batch, and the scaled latents have unit variance", () => {
    const [m, v] = meanVar(batch);
    expect(scalingFactor(batch)).toBeCloseTo(1 / Math.sqrt(v), 12);
    expect(shiftFactor(batch)).toBeCloseTo(m, 12);
    expect(scalingFactor(batch)).toBeGreaterThan(0.3); // ≈ 1/3 for this batch
    expect(scalingFactor(batch)).toBeLessThan(0.37);
    const [m1, v1] = meanVar(normalizeLatents(batch, scalingFactor(batch)));
    expect(v1).toBeCloseTo(1, 12);
    expect(m1).toBeCloseTo(m * scalingFactor(batch), 12); // scaling alone keeps the mean (SD 1.x)
    const [m2, v2] = meanVar(normalizeLatents(batch, scalingFactor(batch), shiftFactor(batch)));
    expect(m2).toBeCloseTo(0, 12); // with the SD3-style shift: mean 0 and variance 1
    expect(v2).toBeCloseTo(1, 12);
  });

  it("scalingFactor(latents) gives SD's 0.18215 for latents of standard deviation 1/0.18215", () => {
    const [m, v] = meanVar(batch);
    const sdLike = Float64Array.from(batch, (x) => ((x - m) / Math.sqrt(v)) / 0.18215);
    expect(scalingFactor(sdLike)).toBeCloseTo(0.18215, 12);
  });

  it("latentStats(latents) rejects fewer than 2 values and constant latents", () => {
    expect(() => latentStats([1])).toThrow("latentStats: 1 values; expected at least 2");
    expect(() => scalingFactor([2, 2, 2])).toThrow("latentStats: standard deviation 0; the latents must vary and be finite");
    expect(() => scalingFactor([1, NaN])).toThrow("standard deviation NaN");
  });
});

describe("denormalizeLatents", () => {
  it("denormalizeLatents(normalizeLatents(z, s, b), s, b) gives z back", () => {
    const back = denormalizeLatents(normalizeLatents(batch, 1.5305, 0.0609), 1.5305, 0.0609);
    back.forEach((v, i) => expect(v).toBeCloseTo(batch[i], 12));
    expect(() => denormalizeLatents([1], 0)).toThrow("invalid scale: 0");
  });
});
