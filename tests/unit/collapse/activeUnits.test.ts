import {describe, expect, it} from "vitest";
import {activeUnits} from "../../../src/math/activeUnits.js";
import {Rng} from "../../../src/math/rng.js";

/** Posterior means of a linear encoder μ(x) = x V + c on inputs x [n, d]: [n · k], row-major. */
function linearEncoder(x: Float32Array, n: number, d: number, V: number[][], c: number[]): Float32Array {
  const k = c.length;
  const mu = new Float32Array(n * k);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < k; j++) {
      let s = c[j];
      for (let a = 0; a < d; a++) s += x[r * d + a] * V[a][j];
      mu[r * k + j] = s;
    }
  }
  return mu;
}

describe("activeUnits", () => {
  it("activeUnits(mu, n, 4) counts the 2 units whose means vary (dims 0 and 2) and gives their variances", () => {
    // Four inputs; units 1 and 3 output the same mean for every input, as a collapsed unit does.
    const mu = Float32Array.from([
      1, 0.3, 2, -5,
      -1, 0.3, 0, -5,
      1, 0.3, -2, -5,
      -1, 0.3, 0, -5
    ]);
    const r = activeUnits(mu, 4, 4);
    expect(r.active).toBe(2);
    expect(r.isActive).toEqual([true, false, true, false]);
    expect(r.variances[0]).toBeCloseTo(1, 12); // mean 0, each (±1)² = 1
    expect(r.variances[1]).toBe(0);
    expect(r.variances[2]).toBeCloseTo(2, 12); // (4 + 0 + 4 + 0)/4
    expect(r.variances[3]).toBe(0);
  });

  it("activeUnits(mu, n, k) on a linear encoder with zero columns counts the non-zero ones, with variance Vᵀ Σ V", () => {
    const rng = new Rng(5, "au");
    const n = 4000, d = 3;
    const x = rng.normals(n * d); // unit variance per input dimension, independent
    // Unit 0 reads x₀ (variance 4), unit 1 nothing, unit 2 reads x₁ + x₂ (variance 0.02), unit 3 is tiny (variance 1e-4).
    const V = [[2, 0, 0, 0], [0, 0, 0.1, 0.01], [0, 0, 0.1, 0]];
    const mu = linearEncoder(x, n, d, V, [0.5, 3, -1, 0]);
    const r = activeUnits(mu, n, 4);
    expect(r.isActive).toEqual([true, false, true, false]);
    expect(r.active).toBe(2);
    expect(r.variances[0]).toBeCloseTo(4, 0);
    expect(Math.abs(r.variances[2] - 0.02)).toBeLessThan(0.002);
    expect(r.variances[1]).toBe(0);
  });

  it("activeUnits(mu, n, k, threshold) counts a unit only when its variance exceeds the threshold", () => {
    // Means ±0.125 (exact in binary) give variance exactly 0.015625: not active at that threshold, active just below.
    const mu = [0.125, -0.125, 0.125, -0.125];
    expect(activeUnits(mu, 4, 1).variances[0]).toBe(0.015625);
    expect(activeUnits(mu, 4, 1, 0.015625).active).toBe(0);
    expect(activeUnits(mu, 4, 1, 0.0156).active).toBe(1);
    expect(activeUnits(mu, 4, 1).active).toBe(1); // default threshold 0.01
    expect(activeUnits([0.05, -0.05], 2, 1).active).toBe(0); // 0.0025 ≤ 0.01
    expect(activeUnits(Float64Array.from([0.2, -0.2]), 2, 1).active).toBe(1); // 0.04 > 0.01
  });

  it("activeUnits(mu, n, k) is not fooled by a large common offset", () => {
    const mu = [1e4 + 0.2, 1e4 - 0.2, 1e4 + 0.2, 1e4 - 0.2];
    const r = activeUnits(mu, 4, 1);
    expect(r.variances[0]).toBeCloseTo(0.04, 9);
    expect(r.active).toBe(1);
  });

  it("activeUnits(…) rejects inconsistent sizes with a message naming the value", () => {
    expect(() => activeUnits([1, 2, 3], 2, 2)).toThrow("invalid mu: length 3; expected n · latentDim = 4");
    expect(() => activeUnits([], 0, 2)).toThrow("invalid n: 0; expected an integer ≥ 1");
    expect(() => activeUnits([1], 1, 1.5)).toThrow("invalid latentDim: 1.5");
    expect(() => activeUnits([1], 1, 1, -1)).toThrow("invalid threshold: -1");
  });
});
