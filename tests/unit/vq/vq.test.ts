import {describe, expect, it} from "vitest";
import {codeCounts, deadCodes, emaInit, emaUpdate, nearestCodes, perplexity, sortedUsage, updateUsage} from "../../../src/math/vq.js";

describe("nearestCodes", () => {
  it("nearestCodes(z, codebook, dim) picks the code at the least squared distance, ties to the lowest index", () => {
    const codebook = [0, 0, 1, 0, 0, 2]; // three 2-d codes
    expect(Array.from(nearestCodes([0.1, 0.1, 0.9, -0.2, 0.2, 1.8, 0.5, 0], codebook, 2))).toEqual([0, 1, 2, 0]); // (0.5, 0) ties 0 and 1
  });

  it("nearestCodes rejects a row length that does not divide", () => {
    expect(() => nearestCodes([1, 2, 3], [0, 0], 2)).toThrow("invalid z: length 3; expected a multiple of dim (2)");
  });
});

describe("perplexity", () => {
  it("perplexity(counts) is 1 when one code takes everything and K when use is uniform", () => {
    expect(perplexity([0, 50, 0, 0])).toBe(1);
    for (const K of [2, 7, 64, 512]) expect(perplexity(new Array(K).fill(3))).toBeCloseTo(K, 9);
  });

  it("perplexity(counts) is exp of the entropy of the shares", () => {
    const p = [0.5, 0.25, 0.25];
    expect(perplexity([2, 1, 1])).toBeCloseTo(Math.exp(-p.reduce((h, q) => h + q * Math.log(q), 0)), 12); // 2^1.5
    expect(perplexity([2, 1, 1])).toBeCloseTo(2 ** 1.5, 12);
  });

  it("codeCounts counts indices and names a bad one", () => {
    expect(Array.from(codeCounts([0, 2, 2, 1, 2], 4))).toEqual([1, 1, 3, 0]);
    expect(() => codeCounts([0, 4], 4)).toThrow("invalid indices[1]: 4; expected an integer in [0, 3]");
  });
});

describe("emaUpdate", () => {
  it("one emaUpdate agrees with numbers computed by hand", () => {
    // K = 2 codes in 1-d at 0 and 10, each seen once; batch z = [1, 3, 11] → codes [0, 0, 1]; γ = 0.5, ε = 0.1.
    const state = emaInit([0, 10], 1, 1);
    const r = emaUpdate(state, [1, 3, 11], [0, 0, 1], 1, 0.5, 0.1);
    // N = 0.5·1 + 0.5·2 = 1.5 and 0.5·1 + 0.5·1 = 1; m = 0.5·0 + 0.5·4 = 2 and 0.5·10 + 0.5·11 = 10.5
    expect(Array.from(r.counts)).toEqual([1.5, 1]);
    expect(Array.from(r.sums)).toEqual([2, 10.5]);
    // total n = 2.5; Ñ = (1.5 + 0.1)/(2.5 + 0.2)·2.5 = 1.481481…, (1 + 0.1)/2.7·2.5 = 1.018518…
    expect(r.codebook[0]).toBeCloseTo(2 / ((1.6 / 2.7) * 2.5), 12); // 1.35
    expect(r.codebook[1]).toBeCloseTo(10.5 / ((1.1 / 2.7) * 2.5), 12); // 10.309…
    expect(r.codebook[0]).toBeCloseTo(1.35, 12);
    expect(Array.from(state.counts)).toEqual([1, 1]); // the input is unchanged
  });

  it("emaUpdate with ε → 0 moves an often-used code to its batch mean as γ → 0", () => {
    const r = emaUpdate(emaInit([0, 0, 5, 5], 2, 1), [1, 2, 3, 4], [0, 0], 2, 0, 1e-12);
    expect(r.codebook[0]).toBeCloseTo(2, 9);
    expect(r.codebook[1]).toBeCloseTo(3, 9);
  });

  it("emaUpdate names bad settings", () => {
    expect(() => emaUpdate(emaInit([0], 1), [1], [0], 1, 1)).toThrow("invalid decay: 1; expected a number in [0, 1)");
    expect(() => emaUpdate(emaInit([0], 1), [1], [0], 1, 0.9, 0)).toThrow("invalid eps: 0; expected a number > 0");
    expect(() => emaUpdate(emaInit([0], 1), [1, 2], [0], 1)).toThrow("invalid indices: length 1; expected one per row of z (2)");
  });
});

describe("usage and dead codes", () => {
  it("updateUsage mixes the batch shares in with weight 1 − γ, and deadCodes flags shares below τ/K", () => {
    const u = updateUsage([0.25, 0.25, 0.25, 0.25], [4, 0, 0, 0], 0.9);
    expect(Array.from(u).map((v) => +v.toFixed(12))).toEqual([0.325, 0.225, 0.225, 0.225]);
    expect(deadCodes([0.5, 0.006, 0.0075, 0.4865], 0.03)).toEqual([1]); // τ/K = 0.0075
  });

  it("sortedUsage sorts from most to least used", () => {
    expect(Array.from(sortedUsage([1, 5, 0, 3]))).toEqual([5, 3, 1, 0]);
  });
});
