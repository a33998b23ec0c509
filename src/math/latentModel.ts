// One-dimensional latent-variable models for the chapter "The ELBO": a prior z ~ N(0, 1) and a Gaussian decoder
//   x | z ~ N(f(z), s²)
// for a decoder f the chapter chooses (linear w·z, or a non-linear one). A model is the log-likelihood of one
// observed x as a function of z, with its derivative; the prior is always N(0, 1). Plain float64, no tfjs.
//   log p(x | z) = −½(log 2π + log s² + (x − f(z))²/s²)
//   log p(x, z)  = log N(z; 0, 1) + log p(x | z)

/** A one-dimensional Gaussian N(mean, variance), used for q(z | x) and for exact posteriors. */
export interface Normal {
  mean: number;
  variance: number;
}

/** A decoder mean f(z) with its derivative, and how the chapter writes it. */
export interface Decoder {
  /** Short name, e.g. "square". */
  name: string;
  /** What the reader sees, e.g. "z² (two modes)". */
  label: string;
  /** TeX of f(z), e.g. "z^2". */
  tex: string;
  f(z: number): number;
  df(z: number): number;
}

/** A model with prior N(0, 1) and one observed x: log p(x | z) and its derivative in z. */
export interface LatentModel {
  logLik(z: number): number;
  dLogLik(z: number): number;
}

const LOG_2PI = Math.log(2 * Math.PI);

/** log N(z; mean, variance). */
export function logNormal(z: number, mean: number, variance: number): number {
  const d = z - mean;
  return -0.5 * (LOG_2PI + Math.log(variance) + (d * d) / variance);
}

/** Throws `invalid {name}: {v}; expected a number > 0` unless v is finite and positive. */
export function checkPositive(name: string, v: number): number {
  if (typeof v !== "number" || !Number.isFinite(v) || v <= 0) throw new Error(`invalid ${name}: ${v}; expected a number > 0`);
  return v;
}

/** Throws `invalid {name}: {v}; expected a finite number` unless v is finite. */
export function checkFinite(name: string, v: number): number {
  if (typeof v !== "number" || !Number.isFinite(v)) throw new Error(`invalid ${name}: ${v}; expected a finite number`);
  return v;
}

/** Checks a Normal: finite mean, positive variance. */
export function checkNormal(name: string, q: Normal): Normal {
  if (q == null || typeof q !== "object") throw new Error(`invalid ${name}: ${q}; expected {mean, variance}`);
  checkFinite(`${name}.mean`, q.mean);
  checkPositive(`${name}.variance`, q.variance);
  return q;
}

/** f(z) = w·z: the linear decoder, whose posterior is Gaussian and exact (see linearGaussian.ts). */
export function linearDecoder(w: number): Decoder {
  checkFinite("w", w);
  return {name: "linear", label: `${w}·z (linear)`, tex: `${w}\\,z`, f: (z) => w * z, df: () => w};
}

/** The non-linear decoders the chapter offers, plus the linear one with w = 1 for comparison. */
export const decoders: Readonly<Record<"square" | "tanh" | "linear", Decoder>> = {
  // Two values of z give the same f(z): for x > 0 the posterior has two modes, at about ±√x.
  square: {name: "square", label: "z² (two modes)", tex: "z^2", f: (z) => z * z, df: (z) => 2 * z},
  // Saturates at ±2: an x near 2 is explained by any large z, so the posterior has a long one-sided tail.
  tanh: {
    name: "tanh", label: "2·tanh(2z) (skewed)", tex: "2\\tanh(2z)",
    f: (z) => 2 * Math.tanh(2 * z),
    df: (z) => { const t = Math.tanh(2 * z); return 4 * (1 - t * t); }
  },
  linear: {name: "linear", label: "z (linear, for comparison)", tex: "z", f: (z) => z, df: () => 1}
};

/** The model x | z ~ N(f(z), s²) for one observed x: log p(x | z) and d/dz log p(x | z) = (x − f(z)) f′(z)/s². */
export function decoderModel(decoder: Decoder, x: number, s: number): LatentModel {
  checkFinite("x", x);
  checkPositive("s", s);
  const s2 = s * s;
  return {
    logLik: (z) => logNormal(x, decoder.f(z), s2),
    dLogLik: (z) => ((x - decoder.f(z)) * decoder.df(z)) / s2
  };
}

/** log p(x, z) = log N(z; 0, 1) + log p(x | z). */
export function logJoint(model: LatentModel, z: number): number {
  return logNormal(z, 0, 1) + model.logLik(z);
}
