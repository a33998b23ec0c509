import * as tf from "@tensorflow/tfjs";
import {beforeAll, describe, expect, it} from "vitest";
import {freeBitsGradient, freeBitsKl, groupKl} from "../../../src/math/freeBits.js";
import {klStandardNormal} from "../../../src/math/gaussian.js";
import {freeBitsLoss} from "../../../src/models/freeBits.js";
import {Rng} from "../../../src/math/rng.js";

beforeAll(async () => { await tf.setBackend("cpu"); });

/** d(sum of freeBitsLoss)/d(klPerDim) from tfjs, as plain numbers. */
async function tfGradient(kl: number[], lambda: number, groups?: number[]): Promise<number[]> {
  const g = tf.grad((k: tf.Tensor) => freeBitsLoss(k as tf.Tensor1D, lambda, groups))(tf.tensor1d(kl));
  const out = Array.from(await g.data());
  g.dispose();
  return out;
}

describe("freeBitsKl", () => {
  it("freeBitsKl(klPerDim, λ) is Σ_j max(λ, KL_j)", () => {
    expect(freeBitsKl([0.01, 0.3, 2, 0.5], 0.5)).toBeCloseTo(0.5 + 0.5 + 2 + 0.5, 12);
    expect(freeBitsKl([0.01, 0.3, 2, 0.5], 0)).toBeCloseTo(2.81, 12); // λ = 0: the plain KL
    expect(freeBitsKl([0, 0, 0], 0.25)).toBeCloseTo(0.75, 12); // a fully collapsed posterior still pays k·λ, a constant
  });

  it("freeBitsKl(klPerDim, λ, groups) floors the sum of each group: Σ_g max(λ, Σ_{j∈g} KL_j)", () => {
    const kl = [0.1, 0.2, 1.5, 0.05, 0.05, 0.3];
    const groups = [0, 0, 1, 2, 2, 2];
    expect(groupKl(kl, groups).map((v) => +v.toFixed(12))).toEqual([0.3, 1.5, 0.4]);
    expect(freeBitsKl(kl, 0.5, groups)).toBeCloseTo(0.5 + 1.5 + 0.5, 12);
    expect(freeBitsKl(kl, 0.35, groups)).toBeCloseTo(0.35 + 1.5 + 0.4, 12);
    // One group of everything: max(λ, total KL)
    expect(freeBitsKl(kl, 3, [0, 0, 0, 0, 0, 0])).toBe(3);
    // Groups need not be contiguous
    expect(freeBitsKl([1, 0.1, 1, 0.1], 0.5, [0, 1, 0, 1])).toBeCloseTo(2 + 0.5, 12);
  });

  it("freeBitsGradient(klPerDim, λ, groups) is 1 where the group's KL ≥ λ and 0 below", () => {
    expect(freeBitsGradient([0.01, 0.3, 2, 0.5], 0.5)).toEqual([0, 0, 1, 1]);
    expect(freeBitsGradient([0.1, 0.2, 1.5, 0.05, 0.05, 0.3], 0.35, [0, 0, 1, 2, 2, 2])).toEqual([0, 0, 1, 1, 1, 1]);
  });

  it("freeBitsKl(…) rejects a bad λ or bad groups with a message naming the value", () => {
    expect(() => freeBitsKl([1], -0.1)).toThrow("invalid lambda: -0.1; expected a finite number ≥ 0");
    expect(() => freeBitsKl([1], NaN)).toThrow("invalid lambda: NaN");
    expect(() => freeBitsKl([1, 2], 0.1, [0])).toThrow("invalid groups: length 1; expected one group index per dimension (2)");
    expect(() => freeBitsKl([1, 2], 0.1, [0, 1.5])).toThrow("invalid groups[1]: 1.5; expected an integer ≥ 0");
    expect(() => freeBitsKl([1, 2], 0.1, [0, 2])).toThrow("invalid groups: group 1 is empty");
  });
});

describe("freeBitsLoss", () => {
  it("freeBitsLoss(klPerDim, λ) equals freeBitsKl on random KLs, with and without groups", async () => {
    const rng = new Rng(11, "freebits");
    for (let trial = 0; trial < 20; trial++) {
      const kl = Array.from(rng.uniforms(8, 0, 1.2));
      const lambda = rng.uniform() * 0.8;
      const groups = [0, 0, 1, 1, 2, 3, 3, 3];
      for (const g of [undefined, groups]) {
        const t = freeBitsLoss(tf.tensor1d(kl), lambda, g);
        expect(t.shape).toEqual([]);
        expect(Math.abs((await t.data())[0] - freeBitsKl(kl, lambda, g))).toBeLessThan(1e-6);
        t.dispose();
      }
    }
  });

  it("freeBitsLoss(klPerDim, λ) has zero gradient for dimensions whose KL < λ and one for the rest", async () => {
    const kl = [0.01, 0.3, 2, 0.49, 0.51, 0];
    expect(await tfGradient(kl, 0.5)).toEqual([0, 0, 1, 0, 1, 0]);
    expect(await tfGradient(kl, 0.5)).toEqual(freeBitsGradient(kl, 0.5));
    // At KL = λ exactly the gradient is 1 (tf.maximum's convention, documented in math/freeBits.ts).
    expect(await tfGradient([0.5, 0.25], 0.5)).toEqual([1, 0]);
  });

  it("freeBitsLoss(klPerDim, λ, groups) gives every dimension of a group its group's gradient", async () => {
    const kl = [0.1, 0.2, 1.5, 0.05, 0.05, 0.3];
    const groups = [0, 0, 1, 2, 2, 2];
    expect(await tfGradient(kl, 0.35, groups)).toEqual([0, 0, 1, 1, 1, 1]);
    expect(await tfGradient(kl, 0.35, groups)).toEqual(freeBitsGradient(kl, 0.35, groups));
  });

  it("freeBitsLoss(klPerDim, λ) passes no gradient to the μ and logVar of a dimension below the floor", async () => {
    // A batch of 3 posteriors in 3 dimensions; dimension 1 sits near the prior (KL ≈ 0.005 < λ = 0.1).
    const mu = [[1.0, 0.05, -0.8], [0.5, -0.05, 1.2], [-1.2, 0.1, 0.3]];
    const logVar = [[-1, -0.05, -2], [-0.5, 0.02, -1], [-1.5, -0.05, -0.5]];
    const oracle = [0, 1, 2].map((j) => mu.reduce((s, m, r) => s + klStandardNormal([m[j]], [logVar[r][j]])[0] / 3, 0));
    expect(oracle[1]).toBeLessThan(0.1);
    expect(Math.min(oracle[0], oracle[2])).toBeGreaterThan(0.1);
    const [gMu, gLv] = tf.grads((m: tf.Tensor, lv: tf.Tensor) => {
      const klPerDim = tf.mean(tf.mul(tf.sub(tf.sub(tf.add(tf.square(m), tf.exp(lv)), 1), lv), 0.5), 0) as tf.Tensor1D;
      return freeBitsLoss(klPerDim, 0.1);
    })([tf.tensor2d(mu), tf.tensor2d(logVar)]);
    const [a, b] = [await gMu.array(), await gLv.array()] as number[][][];
    for (let r = 0; r < 3; r++) {
      expect(Math.abs(a[r][1])).toBe(0); // exactly zero (possibly −0)
      expect(Math.abs(b[r][1])).toBe(0);
      expect(a[r][0]).toBeCloseTo(mu[r][0] / 3, 6); // ∂KL/∂μ = μ / batch above the floor
      expect(b[r][2]).toBeCloseTo((Math.exp(logVar[r][2]) - 1) / 6, 6); // ∂KL/∂logVar = ½(e^lv − 1) / batch
    }
    tf.dispose([gMu, gLv]);
  });

  it("freeBitsLoss(…) leaves no tensors behind and rejects a bad λ", () => {
    const kl = tf.tensor1d([0.2, 0.7, 0.1]);
    const before = tf.memory().numTensors;
    tf.dispose([freeBitsLoss(kl, 0.3), freeBitsLoss(kl, 0.3, [0, 1, 0])]);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => freeBitsLoss(kl, -1)).toThrow("invalid lambda: -1");
    expect(() => freeBitsLoss(kl, 0.1, [0, 1])).toThrow("invalid groups: length 2");
    kl.dispose();
  });
});
