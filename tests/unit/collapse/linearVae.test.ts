import {describe, expect, it} from "vitest";
import {linearVaeOptimum, optimalNegElbo, pcaCollapsePrediction, sampleCovariance, syntheticGaussian} from "../../../src/math/linearVae.js";
import {Rng} from "../../../src/math/rng.js";

const TOL = 1e-6;
const EIG = [4, 2, 1, 0.5, 0.25];
const S2 = 0.8;

/** a·b */
const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((s, x, i) => s + x * b[i], 0);

/** Cholesky factor L of a symmetric positive-definite matrix (A = L Lᵀ). */
function cholesky(A: number[][]): number[][] {
  const d = A.length, L = A.map(() => new Array<number>(d).fill(0));
  for (let a = 0; a < d; a++) {
    for (let b = 0; b <= a; b++) {
      let s = A[a][b];
      for (let c = 0; c < b; c++) s -= L[a][c] * L[b][c];
      L[a][b] = a === b ? Math.sqrt(s) : s / L[b][b];
    }
  }
  return L;
}

/** Mean of log N(x_r; 0, C) over the rows of x [n · d], with C given as a dense matrix: the pPCA log-likelihood. */
function meanLogGaussian(x: ArrayLike<number>, n: number, C: number[][]): number {
  const d = C.length, L = cholesky(C);
  const logDet = 2 * L.reduce((s, row, a) => s + Math.log(row[a]), 0);
  let total = 0;
  for (let r = 0; r < n; r++) {
    const w = new Array<number>(d); // L⁻¹ x_r
    for (let a = 0; a < d; a++) {
      let s = x[r * d + a];
      for (let c = 0; c < a; c++) s -= L[a][c] * w[c];
      w[a] = s / L[a][a];
    }
    total += -0.5 * (d * Math.log(2 * Math.PI) + logDet + dot(w, w));
  }
  return total / n;
}

/**
 * The linear VAE's −ELBO per example averaged over centred data with covariance S, written out independently of
 * src/: weights in the model's row convention (μ = x V, x̂ = z W), variances e^logVar.
 *   E‖x − zW‖² = tr S − 2 tr(S V W) + tr(Wᵀ Vᵀ S V W) + Σ_j e^lv_j ‖W_j‖²;  KL_j = ½((VᵀSV)_jj + e^lv_j − 1 − lv_j)
 */
function negElboFromCovariance(S: number[][], V: number[][], W: number[][], lv: number[], sigma2: number): number {
  const d = S.length, k = lv.length;
  const SV = S.map((row) => Array.from({length: k}, (_, j) => dot(row, V.map((v) => v[j])))); // [d × k]
  const VtSV = Array.from({length: k}, (_, i) => Array.from({length: k}, (_, j) => V.reduce((s, v, a) => s + v[i] * SV[a][j], 0)));
  let sq = S.reduce((s, row, a) => s + row[a], 0); // tr S
  for (let j = 0; j < k; j++) sq -= 2 * dot(SV.map((r) => r[j]), W[j]); // tr(S V W) = Σ_j (SV)_{:,j} · W_j
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) sq += VtSV[i][j] * dot(W[i], W[j]);
  for (let j = 0; j < k; j++) sq += Math.exp(lv[j]) * dot(W[j], W[j]);
  let kl = 0;
  for (let j = 0; j < k; j++) kl += 0.5 * (VtSV[j][j] + Math.exp(lv[j]) - 1 - lv[j]);
  return 0.5 * d * Math.log(2 * Math.PI * sigma2) + sq / (2 * sigma2) + kl;
}

/** Σ λ_i u_i u_iᵀ */
function covarianceOf(eigenvalues: number[], directions: number[][]): number[][] {
  const d = directions[0].length;
  return Array.from({length: d}, (_, a) => Array.from({length: d}, (_, b) => eigenvalues.reduce((s, l, i) => s + l * directions[i][a] * directions[i][b], 0)));
}

/** The optimum's flat arrays as the nested [d × k], [k × d] matrices negElboFromCovariance reads. */
function asMatrices(opt: ReturnType<typeof linearVaeOptimum>, d: number, k: number) {
  const V = Array.from({length: d}, (_, a) => Array.from(opt.V.subarray(a * k, (a + 1) * k)));
  const W = Array.from({length: k}, (_, j) => Array.from(opt.W.subarray(j * d, (j + 1) * d)));
  return {V, W, lv: Array.from(opt.logVar)};
}

describe("pcaCollapsePrediction", () => {
  it("pcaCollapsePrediction([4, 2, 1, 0.5, 0.25], 0.8): the three directions above σ² survive with variance σ²/λ and KL ½ log(λ/σ²)", () => {
    const p = pcaCollapsePrediction(EIG, S2);
    expect(p.map((d) => d.survives)).toEqual([true, true, true, false, false]);
    const expected = [0.2, 0.4, 0.8, 1, 1];
    p.forEach((d, i) => expect(Math.abs(d.posteriorVariance - expected[i])).toBeLessThan(TOL));
    const kl = [0.5 * Math.log(5), 0.5 * Math.log(2.5), 0.5 * Math.log(1.25), 0, 0];
    p.forEach((d, i) => expect(Math.abs(d.kl - kl[i])).toBeLessThan(TOL));
    const meanVar = [0.8, 0.6, 0.2, 0, 0];
    p.forEach((d, i) => expect(Math.abs(d.meanVariance - meanVar[i])).toBeLessThan(TOL));
    const w2 = [3.2, 1.2, 0.2, 0, 0];
    p.forEach((d, i) => expect(Math.abs(d.weightNorm2 - w2[i])).toBeLessThan(TOL));
    // posterior variance + variance of the mean = 1, the prior's variance, in every direction
    for (const d of p) expect(d.posteriorVariance + d.meanVariance).toBeCloseTo(1, 12);
  });

  it("pcaCollapsePrediction(λ, σ²) collapses a direction with λ = σ² exactly, and keeps one just above with a tiny KL", () => {
    const [at, above] = pcaCollapsePrediction([1, 1 + 1e-6], 1);
    expect(at.survives).toBe(false);
    expect(at.kl).toBe(0);
    expect(above.survives).toBe(true);
    expect(above.kl).toBeCloseTo(0.5e-6, 9);
  });

  it("pcaCollapsePrediction(λ, σ², latentDim) gives latents only to the latentDim largest directions, in any input order", () => {
    const p = pcaCollapsePrediction([1, 4, 0.5, 2], 0.8, 2);
    expect(p.map((d) => d.survives)).toEqual([false, true, false, true]);
    expect(p[0].posteriorVariance).toBe(1);
    // σ² above every eigenvalue: everything collapses
    expect(pcaCollapsePrediction(EIG, 5).every((d) => !d.survives && d.kl === 0)).toBe(true);
    // σ² below every eigenvalue: nothing does
    expect(pcaCollapsePrediction(EIG, 0.1).every((d) => d.survives)).toBe(true);
  });

  it("pcaCollapsePrediction(…) rejects bad values with a message naming them", () => {
    expect(() => pcaCollapsePrediction([], 1)).toThrow("invalid eigenvalues: empty");
    expect(() => pcaCollapsePrediction([1, -2], 1)).toThrow("invalid eigenvalues[1]: -2; expected a finite number ≥ 0");
    expect(() => pcaCollapsePrediction([1], 0)).toThrow("invalid sigma2: 0; expected a finite number > 0");
    expect(() => pcaCollapsePrediction([1], 1, 0)).toThrow("invalid latentDim: 0; expected an integer ≥ 1");
  });
});

describe("optimalNegElbo and linearVaeOptimum", () => {
  const data = syntheticGaussian(EIG, 500, new Rng(3, "data"));

  it("optimalNegElbo(λ, σ²) equals −mean log N(x; 0, W Wᵀ + σ² I) on data with that spectrum", () => {
    for (const [s2, k] of [[S2, 5], [0.3, 5], [S2, 2], [10, 5]] as const) {
      const C = covarianceOf(EIG.map((l, i) => (pcaCollapsePrediction(EIG, s2, k)[i].survives ? l : s2)), data.directions);
      expect(Math.abs(optimalNegElbo(EIG, s2, k) + meanLogGaussian(data.x, data.n, C))).toBeLessThan(1e-5);
    }
  });

  it("linearVaeOptimum(…) reaches optimalNegElbo in the independent −ELBO of the covariance, and every partial derivative there is 0", () => {
    const S = covarianceOf(EIG, data.directions);
    const d = 5, k = 5;
    const {V, W, lv} = asMatrices(linearVaeOptimum(EIG, data.directions, S2), d, k);
    const f0 = negElboFromCovariance(S, V, W, lv, S2);
    expect(Math.abs(f0 - optimalNegElbo(EIG, S2))).toBeLessThan(1e-9);
    // Central differences in every weight: the optimum is a stationary point of the ELBO ((P3) included: the lv entries).
    const h = 1e-5;
    const params: number[][] = [...V, ...W, lv];
    let worst = 0;
    for (const p of params) {
      for (let i = 0; i < p.length; i++) {
        const keep = p[i];
        p[i] = keep + h; const up = negElboFromCovariance(S, V, W, lv, S2);
        p[i] = keep - h; const down = negElboFromCovariance(S, V, W, lv, S2);
        p[i] = keep;
        worst = Math.max(worst, Math.abs(up - down) / (2 * h));
      }
    }
    expect(worst).toBeLessThan(1e-6);
    // …and a maximum of the ELBO: moving the surviving latents' variances off σ²/λ only makes it worse.
    for (const j of [0, 1, 2]) {
      for (const step of [-0.1, 0.1]) {
        const lv2 = lv.slice(); lv2[j] += step;
        expect(negElboFromCovariance(S, V, W, lv2, S2)).toBeGreaterThan(f0);
      }
    }
  });

  it("linearVaeOptimum(…) puts latent j on the j-th largest direction with ‖W_j‖² = max(0, λ − σ²), orthogonal rows", () => {
    const shuffled = [1, 4, 0.25, 2, 0.5];
    const {W, logVar} = linearVaeOptimum(shuffled, data.directions, S2, 4);
    const row = (j: number) => W.subarray(j * 5, (j + 1) * 5);
    const order = [1, 3, 0, 4]; // directions by eigenvalue, largest first
    order.forEach((i, j) => {
      expect(dot(row(j), row(j))).toBeCloseTo(Math.max(0, shuffled[i] - S2), 12);
      if (shuffled[i] > S2) expect(Math.abs(dot(row(j), data.directions[i]))).toBeCloseTo(Math.sqrt(shuffled[i] - S2), 12);
      expect(logVar[j]).toBeCloseTo(Math.log(S2 / Math.max(shuffled[i], S2)), 12);
    });
    expect(dot(row(0), row(1))).toBeCloseTo(0, 12);
  });
});

describe("syntheticGaussian", () => {
  it("syntheticGaussian(λ, n, rng) has sample mean 0 and sample covariance Σ λ_i u_i u_iᵀ, with orthonormal u_i", () => {
    const g = syntheticGaussian(EIG, 300, new Rng(1, "data"));
    expect(g.x.length).toBe(300 * 5);
    expect(g.dim).toBe(5);
    for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) expect(dot(g.directions[i], g.directions[j])).toBeCloseTo(i === j ? 1 : 0, 12);
    const S = sampleCovariance(g.x, g.n, g.dim), C = covarianceOf(EIG, g.directions);
    for (let a = 0; a < 5; a++) for (let b = 0; b < 5; b++) expect(Math.abs(S[a][b] - C[a][b])).toBeLessThan(1e-5);
    for (let a = 0; a < 5; a++) {
      let m = 0;
      for (let r = 0; r < g.n; r++) m += g.x[r * 5 + a] / g.n;
      expect(Math.abs(m)).toBeLessThan(1e-6);
    }
    // The variance along each u_i is λ_i.
    EIG.forEach((l, i) => expect(dot(g.directions[i], S.map((row) => dot(row, g.directions[i])))).toBeCloseTo(l, 5));
  });

  it("syntheticGaussian(λ, n, rng) is fixed by the seed", () => {
    const a = syntheticGaussian(EIG, 50, new Rng(9, "data")), b = syntheticGaussian(EIG, 50, new Rng(9, "data"));
    expect(Array.from(b.x)).toEqual(Array.from(a.x));
    expect(b.directions).toEqual(a.directions);
    const c = syntheticGaussian(EIG, 50, new Rng(10, "data"));
    expect(c.x[0]).not.toBeCloseTo(a.x[0], 3);
  });

  it("syntheticGaussian(λ, n, rng, {exact: false}) draws plainly from N(0, Σ λ_i u_i u_iᵀ): close to the spectrum, not equal", () => {
    const g = syntheticGaussian(EIG, 20000, new Rng(2, "data"), {exact: false});
    const S = sampleCovariance(g.x, g.n, g.dim);
    EIG.forEach((l, i) => {
      const v = dot(g.directions[i], S.map((row) => dot(row, g.directions[i])));
      expect(Math.abs(v - l) / l).toBeLessThan(5 * Math.sqrt(2 / 20000)); // 5 standard errors of a sample variance
      expect(v).not.toBeCloseTo(l, 6);
    });
  });

  it("syntheticGaussian(…) rejects too few points for the exact spectrum", () => {
    expect(() => syntheticGaussian(EIG, 5, new Rng(0))).toThrow("invalid n: 5; expected an integer ≥ 6");
    expect(() => syntheticGaussian(EIG, 1.5, new Rng(0), {exact: false})).toThrow("invalid n: 1.5; expected an integer ≥ 1");
  });
});
