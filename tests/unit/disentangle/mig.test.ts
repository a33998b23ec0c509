// MIG (Chen et al. 2018) with the histogram estimator: known answers for copies, noise and exact joints.
import {describe, expect, it} from "vitest";
import {FACTOR_SIZES, sampleFactors} from "../../../src/data/dsprites.js";
import {discretise, entropy, mig, mutualInformation} from "../../../src/math/mig.js";
import {Rng} from "../../../src/math/rng.js";

const N = 20000;
const rng = new Rng(0, "mig");
const factors = Int32Array.from(sampleFactors(N, () => rng.uniform()).flat()); // N × 5
const K = 5;

/** A code with latent j = a copy of factor perm[j] (or noise when perm[j] < 0), plus `extra` noise latents. */
function code(perm: number[], noise: Rng): Float64Array {
  const d = perm.length;
  const z = new Float64Array(N * d);
  for (let i = 0; i < N; i++) for (let j = 0; j < d; j++) z[i * d + j] = perm[j] >= 0 ? factors[i * K + perm[j]] + 0.5 : noise.normal();
  return z;
}

describe("entropy and mutualInformation", () => {
  it("entropy of a uniform label over 4 values, each once, is log 4; of a constant, 0", () => {
    expect(entropy([0, 1, 2, 3], 4)).toBeCloseTo(Math.log(4), 12);
    expect(entropy([2, 2, 2], 4)).toBe(0);
  });

  it("mutualInformation(a, a) = H(a), and is 0 on an exact product joint", () => {
    const a = [0, 0, 1, 2, 2, 2, 3];
    expect(mutualInformation(a, 4, a, 4)).toBeCloseTo(entropy(a, 4), 12);
    const x: number[] = [], y: number[] = [];
    for (let i = 0; i < 3; i++) for (let j = 0; j < 5; j++) { x.push(i); y.push(j); } // every pair once
    expect(mutualInformation(x, 3, y, 5)).toBeCloseTo(0, 12);
  });

  it("discretise puts min in bin 0 and max in the last bin, equal widths", () => {
    expect(Array.from(discretise([0, 0.5, 0.99, 1, 2], 4))).toEqual([0, 1, 1, 2, 3]);
    expect(Array.from(discretise([3, 3], 5))).toEqual([0, 0]);
    expect(() => discretise([0, NaN], 3)).toThrow(/invalid value at 1: NaN/);
  });
});

describe("mig", () => {
  it("is 1 for a code that copies each factor into one latent when the bins separate every value", () => {
    const r = mig(code([0, 1, 2, 3, 4, -1, -1], new Rng(1, "noise")), factors, [...FACTOR_SIZES], {bins: 64});
    expect(r.mig).toBeGreaterThan(0.985); // the noise latents' plug-in MI is a small positive bias
    expect(r.top).toEqual([0, 1, 2, 3, 4]);
  });

  it("with 20 bins a copy scores H(bin(v_k)) / H(v_k): the estimator's ceiling (0.81 for orientation)", () => {
    const r = mig(code([0, 1, 2, 3, 4, -1], new Rng(2, "noise")), factors, [...FACTOR_SIZES]);
    const v = (k: number) => Int32Array.from({length: N}, (_, i) => factors[i * K + k]);
    for (let k = 0; k < K; k++) {
      const binned = discretise(Float64Array.from(v(k), (x) => x + 0.5), 20);
      const ceiling = entropy(binned, 20) / entropy(v(k), FACTOR_SIZES[k]);
      expect(r.gaps[k]).toBeLessThanOrEqual(ceiling + 1e-12);
      expect(r.gaps[k]).toBeGreaterThan(ceiling - 0.01);
    }
    expect(Math.abs(r.gaps[2] - Math.log(20) / Math.log(40))).toBeLessThan(0.01); // uniform in theory; sampled here
  });

  it("is about 0 for a code of pure noise, and for a code that puts one factor in two latents", () => {
    expect(mig(code([-1, -1, -1, -1], new Rng(3, "noise")), factors, [...FACTOR_SIZES]).mig).toBeLessThan(0.005);
    const twice = mig(code([3, 3, -1], new Rng(4, "noise")), factors, [...FACTOR_SIZES]);
    expect(twice.gaps[3]).toBeCloseTo(0, 12); // x in two latents: no gap
  });

  it("a rotated (entangled) pair of latents scores lower than the axis-aligned pair", () => {
    const aligned = code([3, 4], new Rng(5, "noise"));
    const rotated = new Float64Array(aligned.length);
    for (let i = 0; i < N; i++) {
      const [a, b] = [aligned[2 * i], aligned[2 * i + 1]];
      rotated[2 * i] = (a + b) / Math.SQRT2; rotated[2 * i + 1] = (a - b) / Math.SQRT2;
    }
    const xy = Int32Array.from({length: 2 * N}, (_, t) => factors[Math.floor(t / 2) * K + 3 + (t % 2)]);
    const A = mig(aligned, xy, [32, 32]).mig, R = mig(rotated, xy, [32, 32]).mig;
    expect(A).toBeGreaterThan(0.8);
    expect(R).toBeLessThan(0.3);
  });

  it("refuses a factor that does not vary, and indices out of range, naming them", () => {
    expect(() => mig([0, 1, 2, 3], [0, 0], [3])).toThrow(/factor 0 takes one value/);
    expect(() => mig([0, 1, 2, 3], [0, 5], [3])).toThrow(/invalid factor 0 at example 1: 5/);
    expect(() => mig([0, 1], [0, 1], [3])).toThrow(/invalid latents/);
  });
});
