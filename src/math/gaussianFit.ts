// Fitting q = N(μ, σ²) by stochastic gradient descent with each gradient estimator, for the chapter's comparison:
//   minimise  L(μ, σ) = E_q[f(z)] + KL(q ‖ N(0, 1)),   KL = ½(μ² + σ² − 1 − log σ²)   (gaussian.ts)
// over μ and ρ = log σ (so σ stays positive). Only E_q[f] is estimated, with S draws per step; the KL gradient is
// exact: ∂KL/∂μ = μ, ∂KL/∂ρ = σ² − 1, and ∂/∂ρ = σ ∂/∂σ. Every method draws its ε from Rng(seed, "fit"), so all see
// the same noise; "exact" uses the true gradient and is the reference. The baseline is an exponential moving average
// of f over earlier steps (never the current draws, so (2) stays unbiased), started at f(μ₀).
import {klStandardNormal} from "./gaussian.js";
import {estimatorNames, exactExpectation, exactGradient, sampleGradient, type EstimatorName} from "./estimators.js";
import type {TestFunction} from "./testFunctions.js";
import {Rng} from "./rng.js";

export const fitMethods = ["exact", ...estimatorNames] as const;
export type FitMethod = "exact" | EstimatorName;

export interface FitConfig {
  mu0: number;
  sigma0: number;
  lr: number;
  samples: number;
  baselineDecay: number;
  seed: number;
}

export const fitDefaults: FitConfig = {
  mu0: 1.5, // start away from the optimum, where the score function's variance is large
  sigma0: 1, // start at the prior's width
  lr: 0.05, // plain SGD step on (μ, log σ)
  samples: 1, // draws of ε per step (S): one, as in a VAE
  baselineDecay: 0.9, // b ← 0.9·b + 0.1·mean f(z) after each step
  seed: 1 // every ε comes from Rng(seed, "fit")
};

/** One step's state: the parameters after `step` updates and the exact objective there. */
export interface FitRecord {
  step: number;
  mu: number;
  sigma: number;
  /** L(μ, σ) = E_q[f] + KL(q ‖ N(0,1)), computed exactly (closed form or quadrature). */
  objective: number;
}

/** L(μ, σ) = E_q[f(z)] + KL(N(μ, σ²) ‖ N(0, 1)); `intervals` for the quadrature when f has no closed form. */
export function fitObjective(fn: TestFunction, mu: number, sigma: number, intervals = 512): number {
  return exactExpectation(fn, mu, sigma, intervals) + klStandardNormal([mu], [2 * Math.log(sigma)])[0];
}

function check(name: string, v: unknown, ok: boolean, expected: string): void {
  if (!ok) throw new Error(`invalid ${name}: ${v}; expected ${expected}`);
}

/** A run of SGD with one method; `step()` takes one step and returns its record (the last one once diverged). */
export class GaussianFit {
  readonly method: FitMethod;
  readonly records: FitRecord[] = [];
  /** The step at which μ or log σ left the sane range (|μ| > 1e4, |log σ| > 30 or not finite); null while fine. */
  diverged: number | null = null;
  private mu: number;
  private rho: number;
  private baseline: number;
  private rng: Rng;

  constructor(method: FitMethod, readonly fn: TestFunction, readonly config: FitConfig = fitDefaults) {
    check("method", method, (fitMethods as readonly string[]).includes(method), `one of ${fitMethods.join(", ")}`);
    const c = config;
    check("mu0", c.mu0, Number.isFinite(c.mu0), "a finite number");
    check("sigma0", c.sigma0, c.sigma0 > 0 && Number.isFinite(c.sigma0), "a finite number > 0");
    check("lr", c.lr, c.lr > 0 && c.lr <= 10, "a number in (0, 10]");
    check("samples", c.samples, Number.isInteger(c.samples) && c.samples >= 1 && c.samples <= 1000, "an integer in [1, 1000]");
    check("baselineDecay", c.baselineDecay, c.baselineDecay >= 0 && c.baselineDecay < 1, "a number in [0, 1)");
    this.method = method;
    this.mu = c.mu0;
    this.rho = Math.log(c.sigma0);
    this.baseline = fn.f(c.mu0);
    this.rng = new Rng(c.seed, "fit");
    this.records.push({step: 0, mu: this.mu, sigma: c.sigma0, objective: fitObjective(fn, this.mu, c.sigma0)});
  }

  /** The estimate of ∇_{μ,σ} E_q[f] this step (S draws, averaged). */
  private gradient(sigma: number): {mu: number; sigma: number} {
    const {fn, method} = this;
    if (method === "exact") return exactGradient(fn, this.mu, sigma, 512);
    const S = this.config.samples;
    let gMu = 0, gSigma = 0, fMean = 0;
    for (let s = 0; s < S; s++) {
      const eps = this.rng.normal();
      const g = sampleGradient(method, fn, this.mu, sigma, eps, this.baseline);
      gMu += g.mu / S;
      gSigma += g.sigma / S;
      fMean += fn.f(this.mu + sigma * eps) / S;
    }
    const d = this.config.baselineDecay;
    this.baseline = d * this.baseline + (1 - d) * fMean; // used from the next step on
    return {mu: gMu, sigma: gSigma};
  }

  step(): FitRecord {
    const last = this.records[this.records.length - 1];
    if (this.diverged !== null) return last;
    const sigma = Math.exp(this.rho);
    const g = this.gradient(sigma);
    const dMu = g.mu + this.mu; // + ∂KL/∂μ
    const dRho = sigma * g.sigma + (sigma * sigma - 1); // σ ∂E/∂σ + ∂KL/∂ρ
    this.mu -= this.config.lr * dMu;
    this.rho -= this.config.lr * dRho;
    if (!Number.isFinite(this.mu) || !Number.isFinite(this.rho) || Math.abs(this.mu) > 1e4 || Math.abs(this.rho) > 30) {
      this.diverged = last.step + 1;
      return last;
    }
    const s = Math.exp(this.rho);
    const record = {step: last.step + 1, mu: this.mu, sigma: s, objective: fitObjective(this.fn, this.mu, s)};
    this.records.push(record);
    return record;
  }
}
