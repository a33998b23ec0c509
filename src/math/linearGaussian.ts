// The linear-Gaussian model of the chapter "The ELBO", where every quantity is exact:
//   z ~ N(0, 1),   x | z ~ N(w z, s²)
// Equation numbers are the chapter's (docs/chapters/03-elbo.md):
//   (6) log p(x)  = log N(x; 0, w² + s²)
//   (7) p(z | x)  = N(w x / (w² + s²),  s² / (w² + s²))
//   (8) ELBO(q)   = E_q[log p(x | z)] − KL(q ‖ p(z)),  for q = N(m, v):
//         E_q[log p(x | z)] = −½ log(2π s²) − ((x − w m)² + w² v) / (2 s²)
//         KL(q ‖ N(0, 1))   = ½ (m² + v − 1 − log v)
//   (5) log p(x) − ELBO(q) = KL(q ‖ p(z | x)), and (9) that KL between two Gaussians in closed form
// Plain float64; the test oracles for the quadrature and Monte Carlo versions in gridPosterior.ts and iwae.ts.
import {checkFinite, checkNormal, checkPositive, decoderModel, linearDecoder, logNormal, type LatentModel, type Normal} from "./latentModel.js";

/** The model's parameters: decoder weight w and noise standard deviation s. */
export interface LinearGaussian {
  /** Decoder weight: x | z has mean w·z. */
  w: number;
  /** Decoder noise standard deviation (> 0). */
  s: number;
}

/** The ELBO and its two parts, in nats: elbo = recon − kl. */
export interface ElboParts {
  elbo: number;
  /** E_q[log p(x | z)], the expected log-likelihood (the negative reconstruction loss). */
  recon: number;
  /** KL(q ‖ p(z)). */
  kl: number;
}

function check(x: number, p: LinearGaussian): void {
  checkFinite("x", x);
  checkFinite("w", p.w);
  checkPositive("s", p.s);
}

/** (6) log p(x) = log N(x; 0, w² + s²). */
export function logEvidence(x: number, p: LinearGaussian): number {
  check(x, p);
  return logNormal(x, 0, p.w * p.w + p.s * p.s);
}

/** (7) The exact posterior p(z | x) = N(w x / (w² + s²), s² / (w² + s²)). */
export function posterior(x: number, p: LinearGaussian): Normal {
  check(x, p);
  const t = p.w * p.w + p.s * p.s;
  return {mean: (p.w * x) / t, variance: (p.s * p.s) / t};
}

/** (9) KL(N(m₁, v₁) ‖ N(m₂, v₂)) = ½(log v₂ − log v₁ + (v₁ + (m₁ − m₂)²)/v₂ − 1), in nats. */
export function klNormal(a: Normal, b: Normal): number {
  const d = a.mean - b.mean;
  return 0.5 * (Math.log(b.variance) - Math.log(a.variance) + (a.variance + d * d) / b.variance - 1);
}

/** (8) The ELBO of q = N(m, v) in closed form, with its parts. */
export function elboParts(x: number, p: LinearGaussian, q: Normal): ElboParts {
  check(x, p);
  checkNormal("q", q);
  const {mean: m, variance: v} = q;
  const s2 = p.s * p.s;
  const r = x - p.w * m;
  const recon = -0.5 * Math.log(2 * Math.PI * s2) - (r * r + p.w * p.w * v) / (2 * s2);
  const kl = 0.5 * (m * m + v - 1 - Math.log(v));
  return {elbo: recon - kl, recon, kl};
}

/** (5), (9) The gap log p(x) − ELBO(q) = KL(q ‖ p(z | x)), in nats. */
export function gap(x: number, p: LinearGaussian, q: Normal): number {
  checkNormal("q", q);
  return klNormal(q, posterior(x, p));
}

/**
 * The gradient of (8) in (m, log v):
 *   ∂/∂m     = w (x − w m)/s² − m
 *   ∂/∂log v = v ∂/∂v = ½ − ½ v (w²/s² + 1)
 */
export function elboGradient(x: number, p: LinearGaussian, q: Normal): {dMean: number; dLogVar: number} {
  check(x, p);
  checkNormal("q", q);
  const s2 = p.s * p.s;
  return {
    dMean: (p.w * (x - p.w * q.mean)) / s2 - q.mean,
    dLogVar: 0.5 - 0.5 * q.variance * ((p.w * p.w) / s2 + 1)
  };
}

/** The same model as a LatentModel (log p(x | z) and its derivative), for the generic quadrature and IWAE code. */
export function linearGaussianModel(x: number, p: LinearGaussian): LatentModel {
  check(x, p);
  return decoderModel(linearDecoder(p.w), x, p.s);
}
