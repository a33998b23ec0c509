// Closed forms for diagonal Gaussians and the Bernoulli likelihood, in plain float64 JavaScript (no tfjs).
// They are the test oracles for the models and the numbers the chapters quote.
//   KL(N(μ, σ²) ‖ N(0, 1)) = ½(μ² + σ² − 1 − log σ²)        Kingma & Welling 2014, appendix B (eq. 10)
//   KL(N(μ₁, σ₁²) ‖ N(μ₂, σ₂²)) = ½(log σ₂² − log σ₁² + (σ₁² + (μ₁ − μ₂)²)/σ₂² − 1)
//   log N(x; μ, σ²) = −½(log 2π + log σ² + (x − μ)²/σ²)
//   −log Bernoulli(x; σ(l)) = softplus(l) − x·l               (binary cross-entropy with logits)
// Variances are passed as logVar = log σ², as the encoder outputs them.

function checkLengths(name: string, ...arrays: ArrayLike<number>[]): number {
  const n = arrays[0].length;
  for (const a of arrays) {
    if (a.length !== n) throw new Error(`${name}: length mismatch (${arrays.map((b) => b.length).join(" vs ")})`);
  }
  return n;
}

/** Per-dimension KL(N(mu, e^logVar) ‖ N(0, 1)) = ½(mu² + e^logVar − 1 − logVar), in nats. */
export function klStandardNormal(mu: ArrayLike<number>, logVar: ArrayLike<number>): number[] {
  const n = checkLengths("klStandardNormal", mu, logVar);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = 0.5 * (mu[i] * mu[i] + Math.exp(logVar[i]) - 1 - logVar[i]);
  return out;
}

/** Per-dimension KL(N(mu1, e^logVar1) ‖ N(mu2, e^logVar2)), in nats. */
export function klDiagGaussians(
  mu1: ArrayLike<number>, logVar1: ArrayLike<number>,
  mu2: ArrayLike<number>, logVar2: ArrayLike<number>
): number[] {
  const n = checkLengths("klDiagGaussians", mu1, logVar1, mu2, logVar2);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const d = mu1[i] - mu2[i];
    out[i] = 0.5 * (logVar2[i] - logVar1[i] + (Math.exp(logVar1[i]) + d * d) / Math.exp(logVar2[i]) - 1);
  }
  return out;
}

/** log N(x; mu, diag(e^logVar)), summed over dimensions, in nats. */
export function gaussianLogDensity(x: ArrayLike<number>, mu: ArrayLike<number>, logVar: ArrayLike<number>): number {
  const n = checkLengths("gaussianLogDensity", x, mu, logVar);
  let s = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i] - mu[i];
    s += -0.5 * (Math.log(2 * Math.PI) + logVar[i] + (d * d) / Math.exp(logVar[i]));
  }
  return s;
}

/** softplus(l) = log(1 + e^l), computed without overflow as max(l, 0) + log1p(e^−|l|). */
export function softplus(l: number): number {
  return Math.max(l, 0) + Math.log1p(Math.exp(-Math.abs(l)));
}

/** Logistic sigmoid σ(l) = 1 / (1 + e^−l). */
export function sigmoid(l: number): number {
  return 1 / (1 + Math.exp(-l));
}

/**
 * Binary cross-entropy with logits, summed over dimensions: −Σ [x log σ(l) + (1 − x) log(1 − σ(l))]
 * = Σ softplus(l) − x·l, i.e. the negative Bernoulli log-likelihood of targets x ∈ [0, 1]. Finite for any logit.
 */
export function bceWithLogits(x: ArrayLike<number>, logits: ArrayLike<number>): number {
  const n = checkLengths("bceWithLogits", x, logits);
  let s = 0;
  for (let i = 0; i < n; i++) s += softplus(logits[i]) - x[i] * logits[i];
  return s;
}
