// The importance-weighted bound (Burda, Grosse & Salakhutdinov, "Importance Weighted Autoencoders", ICLR 2016,
// eq. 8), equation (10) of the chapter "The ELBO":
//   IWAE_K = E_{z₁…z_K ~ q}[ log (1/K) Σₖ p(x, zₖ) / q(zₖ) ]
// IWAE_1 is the ELBO; IWAE_K rises with K and tends to log p(x) (their Theorem 1). Each expectation is estimated by
// Monte Carlo: `repetitions` independent estimates, each the log-mean-exp of K log-weights. The estimates for all K
// share their draws: repetition r uses the first K of its own max(K) draws, so the curve over K is smooth and one
// seed gives one picture. Every draw comes from Rng(seed, "iwae").
import {Rng} from "./rng.js";
import {checkNormal, logJoint, type LatentModel, type Normal} from "./latentModel.js";

/** The K values of the chapter's slider: about log-spaced from 1 to 1000. */
export const kSteps: readonly number[] = [1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60, 80, 100, 120, 150, 200, 250, 300, 400, 500, 600, 800, 1000];

/** Options of `iwaeEstimates`. */
export interface IwaeOptions {
  /** The seed of every draw. */
  seed: number;
  /** The K values, increasing integers ≥ 1. Default `kSteps`. */
  ks?: readonly number[];
  /** Independent estimates per K. Default 200. */
  repetitions?: number;
}

/** Summary of the Monte Carlo estimates at one K. */
export interface IwaeSummary {
  k: number;
  mean: number;
  /** Standard deviation of one estimate (the spread a reader sees). */
  sd: number;
  /** Standard error of the mean, sd/√repetitions. */
  se: number;
  /** 10 %, 50 % and 90 % quantiles. */
  q10: number;
  q50: number;
  q90: number;
}

/** All estimates: `estimates[j][r]` is repetition r's estimate of IWAE_{ks[j]}. */
export interface IwaeResult {
  ks: number[];
  estimates: Float64Array[];
  summaries: IwaeSummary[];
}

/** The p-quantile of sorted values (linear interpolation, as d3.quantileSorted). */
function quantileSorted(sorted: Float64Array, p: number): number {
  const i = (sorted.length - 1) * p, i0 = Math.floor(i);
  return i0 + 1 < sorted.length ? sorted[i0] + (i - i0) * (sorted[i0 + 1] - sorted[i0]) : sorted[i0];
}

/** Mean, sample standard deviation, standard error and quantiles of estimates at one K. */
export function summarize(k: number, values: ArrayLike<number>): IwaeSummary {
  const n = values.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i] / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i] - mean) ** 2;
  const sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
  const sorted = Float64Array.from(values).sort();
  return {k, mean, sd, se: sd / Math.sqrt(n), q10: quantileSorted(sorted, 0.1), q50: quantileSorted(sorted, 0.5), q90: quantileSorted(sorted, 0.9)};
}

/** (10) Monte Carlo estimates of IWAE_K for every K in `ks`, with q = N(m, v) as the proposal. */
export function iwaeEstimates(model: LatentModel, q: Normal, {seed, ks = kSteps, repetitions = 200}: IwaeOptions): IwaeResult {
  checkNormal("q", q);
  if (!Number.isInteger(repetitions) || repetitions < 2) throw new Error(`invalid repetitions: ${repetitions}; expected an integer ≥ 2`);
  if (ks.length === 0 || ks.some((k, j) => !Number.isInteger(k) || k < 1 || (j > 0 && k <= ks[j - 1]))) {
    throw new Error(`invalid ks: [${ks.join(", ")}]; expected increasing integers ≥ 1`);
  }
  const rng = new Rng(seed, "iwae");
  const kMax = ks[ks.length - 1];
  const sd = Math.sqrt(q.variance), halfLogTwoPiV = 0.5 * Math.log(2 * Math.PI * q.variance);
  const estimates = ks.map(() => new Float64Array(repetitions));
  for (let r = 0; r < repetitions; r++) {
    // Running log-sum-exp of the log-weights: max and the sum of exp(lw − max).
    let max = -Infinity, sum = 0, j = 0;
    for (let k = 1; k <= kMax; k++) {
      const eps = rng.normal();
      const z = q.mean + sd * eps;
      const lw = logJoint(model, z) - (-halfLogTwoPiV - 0.5 * eps * eps); // log p(x, z) − log q(z)
      if (lw > max) { sum = sum * Math.exp(max - lw) + 1; max = lw; } else sum += Math.exp(lw - max);
      if (k === ks[j]) estimates[j++][r] = max + Math.log(sum / k);
    }
  }
  return {ks: [...ks], estimates, summaries: ks.map((k, j) => summarize(k, estimates[j]))};
}
