// The estimator lab's draws, without the page: ε₁, ε₂, … from a seed (stream "lab") and, for each, the three per-draw
// estimates of ∇J(μ, σ), J = E_{z~N(μ,σ²)}[f(z)] (src/math/estimators.ts, equations (1)–(3)), with their running
// moments, the exact values they are checked against, and the histogram of either gradient component.
// All three estimators use the same draws. The baseline is the running mean of f over the EARLIER draws (started at
// f(μ), a number, not a draw), so each estimate stays unbiased; its exact variance is given for b = E_q[f], the value
// that running mean converges to.
import {estimatorNames, estimatorMean, estimatorVariance, exactExpectation, exactGradient, sampleGradient, type EstimatorName, type Grad} from "../math/estimators.js";
import {RunningMoments} from "../math/runningMoments.js";
import {testFunction, type TestFunction} from "../math/testFunctions.js";
import {Rng} from "../math/rng.js";
import type {HistogramData} from "../viz/histogram.js";
import type {LabSettings} from "./reparamAddress.js";

/** A component of the gradient: ∂J/∂μ or ∂J/∂σ. */
export type Param = "mu" | "sigma";

/** The exact values for the current settings. */
export interface Exact {
  fn: TestFunction;
  J: number;
  grad: Grad & {method: string};
  mean: Record<EstimatorName, Grad>;
  variance: Record<EstimatorName, Grad & {method: string}>;
}

/** The draws of the three estimators for the settings `s`, read live: change `s`, then `reset()`. */
export class EstimatorDraws {
  /** Draws so far. */
  n = 0;
  /** The baseline b of the next draw: the running mean of f over the earlier draws (f(μ) before the first). */
  baseline = 0;
  exact!: Exact;
  /** Each estimator's draws of each component, `maxDraws` long; the first `n` are filled. */
  readonly values = {} as Record<EstimatorName, Record<Param, Float64Array>>;
  /** The running moments of each estimator's draws of each component. */
  readonly moments = {} as Record<EstimatorName, Record<Param, RunningMoments>>;
  private rng!: Rng;
  private fRunning = new RunningMoments();

  constructor(private readonly s: Pick<LabSettings, "fn" | "k" | "mu" | "sigma" | "seed">, readonly maxDraws: number) {
    for (const e of estimatorNames) {
      this.values[e] = {mu: new Float64Array(maxDraws), sigma: new Float64Array(maxDraws)};
      this.moments[e] = {mu: new RunningMoments(), sigma: new RunningMoments()};
    }
    this.reset();
  }

  private computeExact(): Exact {
    const s = this.s;
    const fn = testFunction(s.fn, {k: s.k});
    const J = exactExpectation(fn, s.mu, s.sigma);
    const mean = {} as Exact["mean"], variance = {} as Exact["variance"];
    for (const e of estimatorNames) {
      mean[e] = estimatorMean(e, fn, s.mu, s.sigma);
      variance[e] = estimatorVariance(e, fn, s.mu, s.sigma, J); // the baseline's limit: b = E_q[f] = J
    }
    return {fn, J, grad: exactGradient(fn, s.mu, s.sigma), mean, variance};
  }

  /** Back to no draws, from the seed, with the exact values of the current settings. */
  reset(): void {
    this.rng = new Rng(this.s.seed, "lab");
    this.n = 0;
    this.fRunning = new RunningMoments();
    this.exact = this.computeExact();
    this.baseline = this.exact.fn.f(this.s.mu);
    for (const e of estimatorNames) for (const p of ["mu", "sigma"] as const) this.moments[e][p].reset();
  }

  /** Draws `count` more (stopping at `maxDraws`); returns the total. */
  drawMore(count: number): number {
    const {s, values, moments} = this;
    const {fn} = this.exact;
    const end = Math.min(this.maxDraws, this.n + count);
    for (; this.n < end; this.n++) {
      const n = this.n;
      const eps = this.rng.normal();
      for (const e of estimatorNames) {
        const g = sampleGradient(e, fn, s.mu, s.sigma, eps, this.baseline);
        values[e].mu[n] = g.mu;
        values[e].sigma[n] = g.sigma;
        moments[e].mu.push(g.mu);
        moments[e].sigma.push(g.sigma);
      }
      this.fRunning.push(fn.f(s.mu + s.sigma * eps));
      this.baseline = this.fRunning.mean; // for the next draw
    }
    return this.n;
  }

  /** The x-range of estimator e's histogram: its exact mean and the true value ± 4 exact sd (all three's if `same`). */
  private axis(e: EstimatorName, p: Param, same: boolean): [number, number] {
    const exact = this.exact;
    const span = (x: EstimatorName): [number, number] => {
      const m = exact.mean[x][p], t = exact.grad[p], sd = Math.sqrt(exact.variance[x][p]);
      return [Math.min(m, t) - 4 * sd, Math.max(m, t) + 4 * sd];
    };
    let [lo, hi] = span(e);
    if (same) for (const x of estimatorNames) {
      const [a, b] = span(x);
      lo = Math.min(lo, a);
      hi = Math.max(hi, b);
    }
    if (!(hi - lo > 1e-9)) {
      const c = (lo + hi) / 2, w = Math.max(0.5, Math.abs(c) * 0.5);
      return [c - w, c + w];
    }
    const pad = 0.05 * (hi - lo); // so that a mean or a point mass at the end still falls inside
    return [lo - pad, hi + pad];
  }

  /** Estimator e's draws of component p in `binCount` bins, with the sample and exact moments and the true value. */
  histogram(e: EstimatorName, p: Param, binCount: number, sameAxis: boolean): HistogramData {
    const {n, exact} = this;
    const [lo, hi] = this.axis(e, p, sameAxis);
    const counts = new Float64Array(binCount);
    let below = 0, above = 0;
    const a = this.values[e][p], w = (hi - lo) / binCount;
    for (let i = 0; i < n; i++) {
      const v = a[i];
      if (v < lo) below++;
      else if (v >= hi) above++;
      else counts[Math.min(binCount - 1, Math.floor((v - lo) / w))]++;
    }
    const m = this.moments[e][p];
    return {
      lo, hi, counts, below, above,
      sample: n >= 2 ? {mean: m.mean, sd: Math.sqrt(m.variance)} : null,
      exact: {mean: exact.mean[e][p], sd: Math.sqrt(exact.variance[e][p])},
      truth: exact.grad[p]
    };
  }
}
