// The ELBO of a Gaussian q = N(m, v) for any one-dimensional LatentModel (prior N(0, 1)), by Gauss–Hermite
// quadrature, its gradient, and the ascent that fits q ("Fit q" in the chapter "The ELBO"):
//   (4) ELBO(q) = E_q[log p(x | z)] − KL(q ‖ N(0, 1))
//       ∂/∂m     = E_q[ℓ′(z)] − m                          ℓ(z) = log p(x | z), z = m + √v ε
//       ∂/∂log v = ½ √v E_q[ℓ′(z) ε] − ½ (v − 1)           (the reparameterisation of z, then KL in closed form)
// Each step moves (m, log v) along the natural gradient, the gradient scaled by the inverse Fisher information of q,
// diag(v, 2): Δm = η v ∂/∂m, Δlog v = 2 η ∂/∂log v. On the linear-Gaussian model this contracts the error by (1 − η)
// per step whatever w and s are, so the reader watches the same pace everywhere. A step that would lower the ELBO is
// halved until it does not (backtracking), so the ELBO never goes down.
import {expectNormal} from "./gaussHermite.js";
import {checkNormal, type LatentModel, type Normal} from "./latentModel.js";
import type {ElboParts} from "./linearGaussian.js";

/** Options of the quadrature. */
export interface QuadratureOptions {
  /** Gauss–Hermite nodes. Default 48 (exact for log-likelihoods that are polynomials of degree ≤ 95 in z). */
  nodes?: number;
}

/** (4) The ELBO of q and its parts, E_q[log p(x | z)] by quadrature and KL(q ‖ N(0, 1)) in closed form. */
export function elboByQuadrature(model: LatentModel, q: Normal, {nodes = 48}: QuadratureOptions = {}): ElboParts {
  checkNormal("q", q);
  const recon = expectNormal(model.logLik, q.mean, q.variance, nodes);
  const kl = 0.5 * (q.mean * q.mean + q.variance - 1 - Math.log(q.variance));
  return {elbo: recon - kl, recon, kl};
}

/** The gradient of the ELBO in (m, log v), by the same quadrature. */
export function elboGradientByQuadrature(model: LatentModel, q: Normal, {nodes = 48}: QuadratureOptions = {}): {dMean: number; dLogVar: number} {
  checkNormal("q", q);
  const sd = Math.sqrt(q.variance);
  const dMean = expectNormal(model.dLogLik, q.mean, q.variance, nodes) - q.mean;
  const dEps = expectNormal((z) => model.dLogLik(z) * ((z - q.mean) / sd), q.mean, q.variance, nodes);
  return {dMean, dLogVar: 0.5 * sd * dEps - 0.5 * (q.variance - 1)};
}

/** Options of `ascentStep` and `fitGaussian`. */
export interface AscentOptions extends QuadratureOptions {
  /** Step size η of the natural-gradient step (halved while the ELBO would drop). Default 0.1. */
  lr?: number;
  /** Converged when the step's predicted ELBO increase is below this (nats). Default 1e-13. */
  tol?: number;
}

/** One step of the ascent. */
export interface AscentStep {
  /** q after the step (the same q when no step raised the ELBO). */
  q: Normal;
  /** The ELBO and its parts at the new q. */
  parts: ElboParts;
  /** The step size used (η, or η halved some times). */
  stepSize: number;
  /** True when q is at a stationary point of the ELBO (to `tol`). */
  converged: boolean;
}

/** One natural-gradient step on the ELBO from q, with backtracking; `current` saves recomputing the ELBO at q. */
export function ascentStep(model: LatentModel, q: Normal, options: AscentOptions = {}, current?: ElboParts): AscentStep {
  const {lr = 0.1, tol = 1e-13, nodes = 48} = options;
  if (!(lr > 0 && lr <= 1)) throw new Error(`invalid lr: ${lr}; expected a number in (0, 1]`);
  const here = current ?? elboByQuadrature(model, q, {nodes});
  const g = elboGradientByQuadrature(model, q, {nodes});
  const dm = q.variance * g.dMean, dl = 2 * g.dLogVar; // natural-gradient direction
  const slope = g.dMean * dm + g.dLogVar * dl; // ≥ 0: the ELBO's rate of increase along it
  if (!(slope * lr > tol)) return {q, parts: here, stepSize: 0, converged: Number.isFinite(slope)};
  const logVar = Math.log(q.variance);
  for (let eta = lr, i = 0; i < 60; i++, eta /= 2) {
    const next = {mean: q.mean + eta * dm, variance: Math.exp(logVar + eta * dl)};
    if (!(next.variance > 0) || !Number.isFinite(next.variance)) continue;
    const parts = elboByQuadrature(model, next, {nodes});
    if (parts.elbo >= here.elbo) return {q: next, parts, stepSize: eta, converged: false};
  }
  return {q, parts: here, stepSize: 0, converged: true};
}

/** The result of `fitGaussian`. */
export interface Fit {
  q: Normal;
  parts: ElboParts;
  /** Steps taken. */
  steps: number;
  converged: boolean;
  /** The ELBO after each step (index 0: before the first). */
  trace: number[];
}

/** Runs `ascentStep` from q0 until it converges or `maxSteps` steps. */
export function fitGaussian(model: LatentModel, q0: Normal, {maxSteps = 5000, ...options}: AscentOptions & {maxSteps?: number} = {}): Fit {
  let q = checkNormal("q0", q0);
  let parts = elboByQuadrature(model, q, options);
  const trace = [parts.elbo];
  let steps = 0, converged = false;
  while (steps < maxSteps && !converged) {
    const s = ascentStep(model, q, options, parts);
    converged = s.converged;
    if (s.stepSize > 0) { q = s.q; parts = s.parts; steps++; trace.push(parts.elbo); }
  }
  return {q, parts, steps, converged, trace};
}
