// The linear VAE and its closed-form optimum: probabilistic PCA (Tipping & Bishop 1999, "Probabilistic Principal
// Component Analysis", JRSS B) as read by Lucas, Tucker, Grosse & Norouzi 2019, "Don't Blame the ELBO! A Linear VAE
// Perspective on Posterior Collapse" (NeurIPS 2019), section 4. Plain float64; the oracle for ../models/linearVae.ts.
//
// Model, with the observation variance σ² fixed (not learned):
//   p(z) = N(0, I_k),   p(x | z) = N(W z + μ, σ² I_d),   q(z | x) = N(V (x − μ), D),  D = diag(d_1 … d_k) for every x
// Data: sample mean μ, sample covariance S = U Λ Uᵀ with eigenvalues λ_i and unit eigenvectors u_i.
//   (P1) pPCA maximum likelihood: the columns of W are w_i = √(max(0, λ_i − σ²)) u_i for the k largest λ_i, up to a
//        rotation R on the right; a direction with λ_i ≤ σ² gets w_i = 0: it collapses. Its variance is explained
//        by the noise σ² more cheaply than by a latent.
//   (P2) The exact posterior is p(z | x) = N(M⁻¹ Wᵀ(x − μ), σ² M⁻¹), M = WᵀW + σ² I. With R = I, M is diagonal,
//        M = diag(max(λ_i, σ²)), so a diagonal q can be exact and ELBO = log p(x): Lucas et al. (section 4) show the
//        linear VAE reaches this global maximum, with its latent axes on the principal directions (R a signed
//        permutation).
//   (P3) Derivation of the optimal posterior variance. For one latent j with decoder column w_j, the terms of the
//        ELBO that contain d_j are  −d_j |w_j|²/(2σ²)  (expected reconstruction: E‖x − Wz − μ‖² gains tr(WᵀW D))
//        and  −½(d_j − 1 − log d_j)  (KL). Setting the derivative −|w_j|²/(2σ²) − ½ + 1/(2d_j) to 0:
//          d_j = σ² / (σ² + |w_j|²) = σ² / max(λ_i, σ²)
//        the variance of q(z_j | x) for each single input x, i.e. exp(logVar_j) of the encoder; σ²/λ_i for a surviving
//        direction, 1 (the prior's) for a collapsed one. It is not the variance over inputs of the posterior mean
//        m_j(x) = √(max(0, λ_i − σ²))/max(λ_i, σ²) · u_iᵀ(x − μ), which is max(0, 1 − σ²/λ_i); the two add up to 1,
//        the prior's variance.
//   (P4) KL per dimension, averaged over the data: ½(E[m_j²] + d_j − 1 − log d_j) = ½ max(0, log(λ_i/σ²)) nats.
//   (P5) At the optimum, −ELBO per example = −log p(x) = ½ Σ_i [log 2π + log c_i + λ_i/c_i],  c_i = max(λ_i, σ²)
//        (c_i = σ² for the directions that have no latent when k < d).
import type {Rng} from "./rng.js";

/** The optimum of the linear VAE along one principal direction. */
export interface DirectionPrediction {
  /** λ_i, the data variance along this direction. */
  eigenvalue: number;
  /** λ_i > σ² and among the k largest: its latent carries information (KL > 0). */
  survives: boolean;
  /** (P1) |w_i|² = max(0, λ_i − σ²): squared length of the decoder column. */
  weightNorm2: number;
  /** (P3) Variance of q(z | x) of its latent, for any x: σ²/λ_i if it survives, 1 if it collapses. */
  posteriorVariance: number;
  /** (P3) Variance over inputs of the posterior mean: 1 − σ²/λ_i, or 0 (what activeUnits measures). */
  meanVariance: number;
  /** (P4) KL(q ‖ p) of its latent averaged over the data: ½ log(λ_i/σ²), or 0 (nats). */
  kl: number;
}

function checkSpectrum(eigenvalues: ArrayLike<number>): void {
  if (eigenvalues.length < 1) throw new Error("invalid eigenvalues: empty; expected at least one");
  for (let i = 0; i < eigenvalues.length; i++) {
    const v = eigenvalues[i];
    if (!Number.isFinite(v) || v < 0) throw new Error(`invalid eigenvalues[${i}]: ${v}; expected a finite number ≥ 0`);
  }
}
function checkSigma2(sigma2: number): void {
  if (!Number.isFinite(sigma2) || sigma2 <= 0) throw new Error(`invalid sigma2: ${sigma2}; expected a finite number > 0`);
}

/** Indices of the `k` largest eigenvalues, largest first (ties: the earlier index first). */
function topK(eigenvalues: ArrayLike<number>, k: number): number[] {
  return Array.from(eigenvalues, (_, i) => i).sort((a, b) => eigenvalues[b] - eigenvalues[a] || a - b).slice(0, k);
}

/**
 * (P1)–(P4) per direction, in the order given: which directions survive with `latentDim` latents and observation
 * variance σ², and each one's posterior variance, mean variance and KL at the optimum.
 */
export function pcaCollapsePrediction(eigenvalues: ArrayLike<number>, sigma2: number, latentDim = eigenvalues.length): DirectionPrediction[] {
  checkSpectrum(eigenvalues);
  checkSigma2(sigma2);
  if (!Number.isInteger(latentDim) || latentDim < 1) throw new Error(`invalid latentDim: ${latentDim}; expected an integer ≥ 1`);
  const withLatent = new Set(topK(eigenvalues, latentDim));
  return Array.from(eigenvalues, (lambda, i) => {
    const survives = withLatent.has(i) && lambda > sigma2;
    return {
      eigenvalue: lambda,
      survives,
      weightNorm2: survives ? lambda - sigma2 : 0,
      posteriorVariance: survives ? sigma2 / lambda : 1,
      meanVariance: survives ? 1 - sigma2 / lambda : 0,
      kl: survives ? 0.5 * Math.log(lambda / sigma2) : 0
    };
  });
}

/** (P5) The smallest −ELBO per example the linear VAE can reach, −log p(x) of pPCA at its maximum (nats). */
export function optimalNegElbo(eigenvalues: ArrayLike<number>, sigma2: number, latentDim = eigenvalues.length): number {
  const pred = pcaCollapsePrediction(eigenvalues, sigma2, latentDim);
  return pred.reduce((s, p) => {
    const c = p.survives ? p.eigenvalue : sigma2;
    return s + 0.5 * (Math.log(2 * Math.PI) + Math.log(c) + p.eigenvalue / c);
  }, 0);
}

/**
 * The optimal weights in the row-vector convention of the tfjs model (mean = (x − μ)·V, x̂ = z·W + μ), latent j on
 * the j-th largest direction: W [k × d] with row j = √(max(0, λ − σ²)) uᵀ, V [d × k] with column j = that row / max(λ, σ²),
 * logVar [k] = log(σ²/max(λ, σ²)). `directions[i]` is the unit eigenvector u_i of `eigenvalues[i]`.
 */
export function linearVaeOptimum(eigenvalues: ArrayLike<number>, directions: ArrayLike<number>[], sigma2: number, latentDim = eigenvalues.length) {
  const pred = pcaCollapsePrediction(eigenvalues, sigma2, latentDim);
  const d = directions[0]?.length ?? 0;
  if (directions.length !== eigenvalues.length || directions.some((u) => u.length !== d)) {
    throw new Error(`invalid directions: expected ${eigenvalues.length} vectors of one length`);
  }
  const k = latentDim;
  const W = new Float64Array(k * d), V = new Float64Array(d * k), logVar = new Float64Array(k);
  topK(eigenvalues, k).forEach((i, j) => {
    const {eigenvalue: lambda, weightNorm2, posteriorVariance} = pred[i];
    for (let a = 0; a < d; a++) {
      W[j * d + a] = Math.sqrt(weightNorm2) * directions[i][a];
      V[a * k + j] = W[j * d + a] / Math.max(lambda, sigma2);
    }
    logVar[j] = Math.log(posteriorVariance);
  });
  return {W, V, logVar};
}

/** Sample covariance (dividing by n) of rows `x` [n · d]: d × d. */
export function sampleCovariance(x: ArrayLike<number>, n: number, d: number): number[][] {
  const mean = new Array<number>(d).fill(0);
  for (let r = 0; r < n; r++) for (let a = 0; a < d; a++) mean[a] += x[r * d + a] / n;
  const S = Array.from({length: d}, () => new Array<number>(d).fill(0));
  for (let r = 0; r < n; r++) {
    for (let a = 0; a < d; a++) for (let b = 0; b <= a; b++) S[a][b] += ((x[r * d + a] - mean[a]) * (x[r * d + b] - mean[b])) / n;
  }
  for (let a = 0; a < d; a++) for (let b = a + 1; b < d; b++) S[a][b] = S[b][a];
  return S;
}

/** A uniformly random rotation: Gram–Schmidt (done twice, for round-off) on the columns of a Gaussian matrix. */
function randomRotation(d: number, rng: Rng): number[][] {
  const u: number[][] = [];
  for (let i = 0; i < d; i++) {
    const v = Array.from({length: d}, () => rng.normal());
    for (let pass = 0; pass < 2; pass++) {
      for (const w of u) {
        const dot = v.reduce((s, x, a) => s + x * w[a], 0);
        for (let a = 0; a < d; a++) v[a] -= dot * w[a];
      }
    }
    const norm = Math.hypot(...v);
    u.push(v.map((x) => x / norm));
  }
  return u;
}

/**
 * n points in d = eigenvalues.length dimensions whose covariance has eigenvalues λ_i along random orthonormal
 * directions u_i drawn from `rng`. With `exact` (the default) the draws are centred and whitened, so the sample
 * mean is 0 and the sample covariance (dividing by n) is exactly Σ λ_i u_i u_iᵀ, up to float32 rounding; without it,
 * they are plain draws from N(0, Σ λ_i u_i u_iᵀ).
 */
export function syntheticGaussian(eigenvalues: ArrayLike<number>, n: number, rng: Rng, {exact = true} = {}) {
  checkSpectrum(eigenvalues);
  const d = eigenvalues.length;
  if (!Number.isInteger(n) || n < (exact ? d + 1 : 1)) throw new Error(`invalid n: ${n}; expected an integer ≥ ${exact ? d + 1 : 1}`);
  const directions = randomRotation(d, rng);
  const y = Float64Array.from({length: n * d}, () => rng.normal()); // [n, d] standard normals
  if (exact) {
    const S = sampleCovariance(y, n, d);
    const mean = new Array<number>(d).fill(0);
    for (let r = 0; r < n; r++) for (let a = 0; a < d; a++) mean[a] += y[r * d + a] / n;
    // Cholesky S = L Lᵀ, then each centred row y ↦ L⁻¹ y (forward substitution): covariance L⁻¹ S L⁻ᵀ = I.
    const L = Array.from({length: d}, () => new Array<number>(d).fill(0));
    for (let a = 0; a < d; a++) {
      for (let b = 0; b <= a; b++) {
        let s = S[a][b];
        for (let c = 0; c < b; c++) s -= L[a][c] * L[b][c];
        L[a][b] = a === b ? Math.sqrt(s) : s / L[b][b];
      }
    }
    for (let r = 0; r < n; r++) {
      for (let a = 0; a < d; a++) {
        let s = y[r * d + a] - mean[a];
        for (let c = 0; c < a; c++) s -= L[a][c] * y[r * d + c];
        y[r * d + a] = s / L[a][a];
      }
    }
  }
  const x = new Float32Array(n * d); // [n, d]: row r = Σ_i √λ_i y_ri u_iᵀ, summed in float64
  const row = new Float64Array(d);
  for (let r = 0; r < n; r++) {
    row.fill(0);
    for (let i = 0; i < d; i++) {
      const s = Math.sqrt(eigenvalues[i]) * y[r * d + i];
      for (let a = 0; a < d; a++) row[a] += s * directions[i][a];
    }
    x.set(row, r * d);
  }
  return {x, n, dim: d, eigenvalues: Array.from(eigenvalues), directions};
}
