// The β-VAE lab's measurement of a code on fixed evaluation sprites: MIG of the encoder means against the known
// factors (src/math/mig.ts), the variance of each mean over the sprites (active units), and the two terms of the loss per sprite — reconstruction with one fixed draw of ε,
// KL per dimension in closed form (src/math/gaussian.ts). Encodes in chunks so no tensor holds all the sprites.
import * as tf from "@tensorflow/tfjs";
import {klStandardNormal} from "../math/gaussian.js";
import {activeUnits} from "../math/activeUnits.js";
import {mig, type MigResult} from "../math/mig.js";
import type {Vae} from "../models/vae.js";

export interface CodeMeasurement {
  mig: MigResult;
  /** Bernoulli −log p(x|z) per sprite, z = μ + σ ⊙ ε with the given ε, nats. */
  recon: number;
  /** Closed-form KL per sprite (sum over dimensions), nats. */
  kl: number;
  klPerDim: number[];
  /** Per dimension: the variance over the sprites of its posterior mean (active above 0.01; Burda et al. 2016). */
  unitVariance: number[];
}

/**
 * Measures `vae` on n sprites: `images` n × inputDim, `factors` n × K value indices of the K factors that vary
 * (`sizes` their numbers of values), `eps` n × latentDim.
 */
export async function evaluateCode(
  vae: Vae, images: Float32Array, factors: ArrayLike<number>, sizes: readonly number[], eps: Float32Array, bins: number, chunk = 1000
): Promise<CodeMeasurement> {
  const P = vae.inputDim, D = vae.latentDim;
  const n = images.length / P;
  const mus = new Float32Array(n * D);
  const klPerDim = new Array<number>(D).fill(0);
  let recon = 0;
  for (let start = 0; start < n; start += chunk) {
    const m = Math.min(chunk, n - start);
    const x = tf.tensor2d(images.subarray(start * P, (start + m) * P), [m, P]);
    const e = tf.tensor2d(eps.subarray(start * D, (start + m) * D), [m, D]);
    const out = tf.tidy(() => {
      const {mu, logVar} = vae.encode(x);
      const l = vae.logits(tf.add(mu, tf.mul(tf.exp(tf.mul(logVar, 0.5)), e)) as tf.Tensor2D);
      return [mu, logVar, tf.sum(tf.sub(tf.softplus(l), tf.mul(x, l)))];
    });
    const [mu, logVar, nll] = await Promise.all(out.map((t) => t.data()));
    tf.dispose([x, e, ...out]);
    mus.set(mu, start * D);
    recon += nll[0];
    for (let i = 0; i < m; i++) {
      const kl = klStandardNormal(mu.subarray(i * D, (i + 1) * D), logVar.subarray(i * D, (i + 1) * D));
      for (let j = 0; j < D; j++) klPerDim[j] += kl[j] / n;
    }
  }
  return {
    mig: mig(mus, factors, sizes, {bins}),
    recon: recon / n,
    kl: klPerDim.reduce((a, b) => a + b, 0),
    klPerDim,
    unitVariance: activeUnits(mus, n, D).variances
  };
}
