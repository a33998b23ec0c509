// The β-TCVAE decomposition: the three terms add up to the Monte Carlo KL; the KL estimate agrees with the closed
// form; known cases (independent factorised posteriors); the tfjs terms match the float64 oracle.
import * as tf from "@tensorflow/tfjs";
import {beforeAll, describe, expect, it} from "vitest";
import {klStandardNormal} from "../../../src/math/gaussian.js";
import {logSumExp, logWeights, tcDecomposition} from "../../../src/math/tcDecomposition.js";
import {tcTerms} from "../../../src/models/betaTcVae.js";
import {Rng} from "../../../src/math/rng.js";

beforeAll(async () => { await tf.setBackend("cpu"); });

/** A batch: M posteriors N(mu, e^logVar) in D dims and one draw from each. */
function batch(M: number, D: number, seed: number) {
  const r = new Rng(seed, "batch");
  const mu = Float64Array.from(r.normals(M * D), (v) => 1.5 * v);
  const logVar = Float64Array.from(r.uniforms(M * D, -2, 0.5));
  const eps = r.normals(M * D);
  const z = mu.map((m, i) => m + Math.exp(0.5 * logVar[i]) * eps[i]);
  return {mu, logVar, z};
}

describe("tcDecomposition", () => {
  it("MI + TC + dwKL equals the Monte Carlo KL mean(log q(z|x) − log p(z)) on a fixed batch, for both estimators", () => {
    const {mu, logVar, z} = batch(16, 4, 0);
    for (const est of ["mws", "mss"] as const) {
      const t = tcDecomposition(mu, logVar, z, 4, 1000, est);
      expect(t.mi + t.tc + t.dwKl).toBeCloseTo(t.kl, 10);
    }
    // and the KL estimate itself does not depend on the estimator
    expect(tcDecomposition(mu, logVar, z, 4, 1000, "mws").kl).toBeCloseTo(tcDecomposition(mu, logVar, z, 4, 1000, "mss").kl, 12);
  });

  it("its KL term is an unbiased estimate of the closed-form KL (mean over many draws)", () => {
    const M = 8, D = 3, r = new Rng(7, "draws");
    const {mu, logVar} = batch(M, D, 1);
    const exact = klStandardNormal(mu, logVar).reduce((a, b) => a + b, 0) / M;
    let sum = 0; const T = 4000;
    for (let t = 0; t < T; t++) {
      const e = r.normals(M * D);
      sum += tcDecomposition(mu, logVar, mu.map((m, i) => m + Math.exp(0.5 * logVar[i]) * e[i]), D, 100).kl;
    }
    expect(sum / T).toBeCloseTo(exact, 1);
  });

  it("on posteriors far apart MWS puts MI at log(NM), above its largest possible value log N; MSS puts it at log N", () => {
    const M = 16, D = 2, N = 737280;
    const mu = Float64Array.from({length: M * D}, (_, i) => 40 * (i % 2 ? Math.floor(i / 2) : -Math.floor(i / 2)));
    const logVar = new Float64Array(M * D).fill(Math.log(0.01));
    const z = mu.map((m, i) => m + 0.1 * Math.sin(i)); // near each own mean
    expect(tcDecomposition(mu, logVar, z, D, N, "mws").mi).toBeCloseTo(Math.log(N * M), 6);
    expect(tcDecomposition(mu, logVar, z, D, N, "mss").mi).toBeCloseTo(Math.log(N), 6);
  });

  it("TC is 0 for one latent dimension (q(z) is its own product of marginals)", () => {
    const {mu, logVar, z} = batch(10, 1, 2);
    expect(tcDecomposition(mu, logVar, z, 1, 500).tc).toBeCloseTo(0, 12);
  });

  it("logWeights: MSS weights sum to 1 over the batch for each sample, MWS weights to 1/N", () => {
    const M = 5, N = 50;
    for (const [est, total] of [["mss", 1], ["mws", 1 / N]] as const) {
      const w = logWeights(M, N, est);
      for (let i = 0; i < M; i++) expect(Math.exp(logSumExp(w.subarray(i * M, (i + 1) * M)))).toBeCloseTo(total, 12);
    }
    expect(() => logWeights(8, 4, "mss")).toThrow(/invalid datasetSize: 4/);
  });

  it("logSumExp is stable for large arguments", () => {
    expect(logSumExp([1000, 1000])).toBeCloseTo(1000 + Math.log(2), 10);
    expect(logSumExp([-Infinity, -Infinity])).toBe(-Infinity);
  });
});

describe("tcTerms (tfjs)", () => {
  it("matches the float64 oracle to 1e-4 for both estimators", async () => {
    const M = 12, D = 5, N = 737280;
    const {mu, logVar, z} = batch(M, D, 3);
    for (const est of ["mws", "mss"] as const) {
      const t = tcTerms(tf.tensor2d(Float32Array.from(mu), [M, D]), tf.tensor2d(Float32Array.from(logVar), [M, D]), tf.tensor2d(Float32Array.from(z), [M, D]), N, est);
      const [mi, tc, dw] = await Promise.all([t.mi.data(), t.tc.data(), t.dwKl.data()]);
      tf.dispose([t.mi, t.tc, t.dwKl]);
      const o = tcDecomposition(mu, logVar, z, D, N, est);
      expect(mi[0]).toBeCloseTo(o.mi, 3);
      expect(tc[0]).toBeCloseTo(o.tc, 3);
      expect(dw[0]).toBeCloseTo(o.dwKl, 3);
    }
  });
});
