// Three Monte Carlo estimators of the gradient of J(μ, σ) = E_{z~N(μ,σ²)}[f(z)], one draw ε ~ N(0,1) each, with
// z = μ + σε. Equations, numbered as in the chapter "The reparameterisation trick":
//   (1) score function   ∇J = E[f(z) ∇ log q(z)];  ∇_μ log q = ε/σ,  ∇_σ log q = (ε² − 1)/σ     (Williams 1992)
//   (2) with a baseline  ∇J = E[(f(z) − b) ∇ log q(z)]  for any b that does not depend on this draw
//   (3) pathwise         ∇_μ J = E[f′(μ + σε)],  ∇_σ J = E[f′(μ + σε) ε]      (Kingma & Welling 2014; Rezende et al. 2014)
//   (4) optimal constant baseline  b* = E[f s²] / E[s²] for the score s of that parameter:
//       b*_μ = E[f(z) ε²],  b*_σ = E[f(z)(ε² − 1)²] / 2
//   (5) for f = z², every variance in closed form (moments of ε: E ε² = 1, E ε⁴ = 3, E ε⁶ = 15, E ε⁸ = 105),
//       with a = μ² − b:
//       score_b, μ:  (a² + 6aσ² + 12μ²σ² + 15σ⁴)/σ² − 4μ²      (b = 0:  μ⁴/σ² + 14μ² + 15σ²)
//       score_b, σ:  (2a² + 20aσ² + 40μ²σ² + 78σ⁴)/σ² − 4σ²    (b = 0:  2μ⁴/σ² + 60μ² + 74σ²)
//       pathwise:    μ: 4σ²,   σ: 4μ² + 8σ²
//   (6) for f = sin z, the pathwise variances: μ: ½(1 + cos 2μ · e^{−2σ²}) − cos²μ · e^{−σ²},
//       σ: ½(1 + cos 2μ · (1 − 4σ²) e^{−2σ²}) − σ² sin²μ · e^{−σ²}
// Everything else is computed by quadrature over ε (normal.ts), exact to ~1e-9.
import {normalExpectation} from "./normal.js";
import type {Grad, TestFunction} from "./testFunctions.js";

export type {Grad} from "./testFunctions.js";

export const estimatorNames = ["score", "baseline", "pathwise"] as const;
/** score: (1) without a baseline; baseline: (2); pathwise: (3). */
export type EstimatorName = (typeof estimatorNames)[number];

/** How a number the chapter shows was obtained. */
export type Method = "closed form" | "quadrature";

/** A baseline: one constant for both parameters, or one per parameter. */
export type Baseline = number | Grad;

function baselineOf(b: Baseline): Grad {
  return typeof b === "number" ? {mu: b, sigma: b} : b;
}

function checkSigma(sigma: number): void {
  if (!(sigma > 0) || !Number.isFinite(sigma)) throw new Error(`invalid sigma: ${sigma}; expected a finite number > 0`);
}

/**
 * One draw's estimate of ∇J from the noise `eps`: score (1), score with `baseline` (2), or pathwise (3).
 * `baseline` is ignored by the other two.
 */
export function sampleGradient(estimator: EstimatorName, fn: TestFunction, mu: number, sigma: number, eps: number, baseline: Baseline = 0): Grad {
  const z = mu + sigma * eps; // z = μ + σε
  switch (estimator) {
    case "score": {
      const fz = fn.f(z);
      return {mu: (fz * eps) / sigma, sigma: (fz * (eps * eps - 1)) / sigma};
    }
    case "baseline": {
      const fz = fn.f(z);
      const b = baselineOf(baseline);
      return {mu: ((fz - b.mu) * eps) / sigma, sigma: ((fz - b.sigma) * (eps * eps - 1)) / sigma};
    }
    case "pathwise": {
      const d = fn.df(z);
      return {mu: d, sigma: d * eps};
    }
    default:
      throw new Error(`invalid estimator: ${JSON.stringify(estimator)}; expected one of ${estimatorNames.join(", ")}`);
  }
}

/** E_ε[h(μ + σε, ε)], split at f's kinks. */
function expect(fn: TestFunction, mu: number, sigma: number, h: (z: number, eps: number) => number, intervals?: number): number {
  const breaks = fn.kinks.map((k) => (k - mu) / sigma);
  return normalExpectation((e) => h(mu + sigma * e, e), {breaks, intervals});
}

/** J(μ, σ) = E[f(z)]: closed form when `fn` has one, else quadrature. */
export function exactExpectation(fn: TestFunction, mu: number, sigma: number, intervals?: number): number {
  checkSigma(sigma);
  return fn.expectation ? fn.expectation(mu, sigma) : expect(fn, mu, sigma, (z) => fn.f(z), intervals);
}

/**
 * The true ∇J: closed form when `fn` has one, else by quadrature of the score identity (1), which holds for every
 * integrable f, steps included.
 */
export function exactGradient(fn: TestFunction, mu: number, sigma: number, intervals?: number): Grad & {method: Method} {
  checkSigma(sigma);
  if (fn.gradient) return {...fn.gradient(mu, sigma), method: "closed form"};
  return {
    mu: expect(fn, mu, sigma, (z, e) => fn.f(z) * e, intervals) / sigma,
    sigma: expect(fn, mu, sigma, (z, e) => fn.f(z) * (e * e - 1), intervals) / sigma,
    method: "quadrature"
  };
}

/** (4) The constant baselines that minimise the variance of (2), one per parameter (by quadrature). */
export function optimalBaseline(fn: TestFunction, mu: number, sigma: number): Grad {
  checkSigma(sigma);
  return {
    mu: expect(fn, mu, sigma, (z, e) => fn.f(z) * e * e),
    sigma: expect(fn, mu, sigma, (z, e) => fn.f(z) * (e * e - 1) ** 2) / 2
  };
}

/** The mean and variance of one draw of `estimator`, by quadrature (any f; `baseline` for "baseline"). */
export function estimatorMoments(estimator: EstimatorName, fn: TestFunction, mu: number, sigma: number, baseline: Baseline = 0): {mean: Grad; variance: Grad} {
  checkSigma(sigma);
  const g = (e: number) => sampleGradient(estimator, fn, mu, sigma, e, baseline);
  // The pathwise estimator uses f′, whose kinks matter too; the score estimators use f.
  const mean = {mu: expect(fn, mu, sigma, (_, e) => g(e).mu), sigma: expect(fn, mu, sigma, (_, e) => g(e).sigma)};
  const second = {mu: expect(fn, mu, sigma, (_, e) => g(e).mu ** 2), sigma: expect(fn, mu, sigma, (_, e) => g(e).sigma ** 2)};
  return {mean, variance: {mu: Math.max(0, second.mu - mean.mu ** 2), sigma: Math.max(0, second.sigma - mean.sigma ** 2)}};
}

/** (5) The variance of one draw of `estimator` for f = z², in closed form (`baseline` for "baseline"). */
export function squareVariance(estimator: EstimatorName, mu: number, sigma: number, baseline: Baseline = 0): Grad {
  checkSigma(sigma);
  const s2 = sigma * sigma, m2 = mu * mu;
  if (estimator === "pathwise") return {mu: 4 * s2, sigma: 4 * m2 + 8 * s2};
  const b = estimator === "baseline" ? baselineOf(baseline) : {mu: 0, sigma: 0};
  const a = m2 - b.mu, c = m2 - b.sigma;
  return {
    mu: (a * a + 6 * a * s2 + 12 * m2 * s2 + 15 * s2 * s2) / s2 - 4 * m2,
    sigma: (2 * c * c + 20 * c * s2 + 40 * m2 * s2 + 78 * s2 * s2) / s2 - 4 * s2
  };
}

/** (6) The variance of one pathwise draw for f = sin z, in closed form. */
export function sinPathwiseVariance(mu: number, sigma: number): Grad {
  checkSigma(sigma);
  const s2 = sigma * sigma;
  const e1 = Math.exp(-s2), e2 = Math.exp(-2 * s2);
  return {
    mu: 0.5 * (1 + Math.cos(2 * mu) * e2) - Math.cos(mu) ** 2 * e1,
    sigma: 0.5 * (1 + Math.cos(2 * mu) * (1 - 4 * s2) * e2) - s2 * Math.sin(mu) ** 2 * e1
  };
}

/** The variance of one draw: closed form for z² (every estimator) and sin z (pathwise), quadrature otherwise. */
export function estimatorVariance(estimator: EstimatorName, fn: TestFunction, mu: number, sigma: number, baseline: Baseline = 0): Grad & {method: Method} {
  if (fn.name === "square") return {...squareVariance(estimator, mu, sigma, baseline), method: "closed form"};
  if (fn.name === "sin" && estimator === "pathwise") return {...sinPathwiseVariance(mu, sigma), method: "closed form"};
  return {...estimatorMoments(estimator, fn, mu, sigma, baseline).variance, method: "quadrature"};
}

/** The mean of one draw: the true gradient, except for the pathwise estimator of a non-differentiable f (biased). */
export function estimatorMean(estimator: EstimatorName, fn: TestFunction, mu: number, sigma: number): Grad & {method: Method} {
  if (estimator === "pathwise" && !fn.differentiable) return {...estimatorMoments(estimator, fn, mu, sigma).mean, method: "quadrature"};
  return exactGradient(fn, mu, sigma);
}
