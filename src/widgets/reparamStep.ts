// One training step of the MNIST VAE on ONE digit, with every intermediate number read back, for the walkthrough in
// the chapter "The reparameterisation trick". DOM-free (it runs under vitest); the page calls it on the main thread,
// one step per click. Equations as in src/models/vae.ts and the chapter:
//   (3) z = μ + σ ⊙ ε,  σ = exp(½ log σ²)                    the reparameterisation
//   ∂loss/∂μ_j     = ∂recon/∂z_j + β μ_j                       (∂z/∂μ = 1; KL term ½(μ² + σ² − 1 − log σ²))
//   ∂loss/∂logσ²_j = ∂recon/∂z_j · ½ σ_j ε_j + β ½(σ_j² − 1)   (∂z/∂logσ² = ½ σ ε)
//   update         θ ← θ − η ∇_θ loss                           plain SGD, so the step is exactly what is shown
// With a batch of one digit, ∂loss/∂μ is also the gradient of the μ head's bias (enc/bmu), which tfjs computes by
// autodiff: the tests check that the chain rule above gives the same numbers.
import * as tf from "@tensorflow/tfjs";
import {type Vae} from "../models/vae.js";
import {vaeVariableNames} from "../models/vaeConfig.js";

/** The layers of the VAE, each a weight matrix and its bias (indices into `vaeVariableNames`). */
export const vaeLayers = [
  {name: "encoder hidden (W1, b1)", vars: [0, 1]},
  {name: "encoder μ head (Wμ, bμ)", vars: [2, 3]},
  {name: "encoder log σ² head", vars: [4, 5]},
  {name: "decoder hidden (V1, c1)", vars: [6, 7]},
  {name: "decoder output (V2, c2)", vars: [8, 9]}
] as const;

/** Everything one step computed, as plain numbers. */
export interface StepNumbers {
  /** The encoder's outputs for the digit, each [latentDim]. */
  mu: Float32Array;
  logVar: Float32Array;
  sigma: Float32Array;
  /** The noise used, [latentDim]. */
  eps: Float32Array;
  /** z = μ + σ ⊙ ε, [latentDim]. */
  z: Float32Array;
  /** Pixel probabilities decoded from z, [inputDim]. */
  decoded: Float32Array;
  /** Loss parts before the update (nats): loss = recon + β·kl. */
  recon: number;
  kl: number;
  loss: number;
  /** ∂recon/∂z, ∂loss/∂μ and ∂loss/∂logσ² by the chain rule above, each [latentDim]. */
  dReconDz: Float32Array;
  dLossDmu: Float32Array;
  dLossDlogVar: Float32Array;
  /** The autodiff gradient of enc/bmu and enc/blv (equal to dLossDmu and dLossDlogVar for one digit). */
  gradBmu: Float32Array;
  gradBlv: Float32Array;
  /** ‖∇‖ of each variable, in the order of `vaeVariableNames`. */
  variableNorms: {name: string; norm: number}[];
  /** ‖∇‖ of each layer (weights and bias together), in the order of `vaeLayers`. */
  layerNorms: {name: string; norm: number}[];
  /** Learning rate used and the loss on the same digit with the same ε after the update. */
  lr: number;
  lossAfter: number;
}

async function read(t: tf.Tensor): Promise<Float32Array> {
  return (await t.data()) as Float32Array;
}

/**
 * One SGD step of `vae` on one digit `x` [inputDim] with noise `eps` [latentDim]; updates the weights in place and
 * returns the numbers. Every tensor it makes is disposed. `lr` defaults to 1e-3.
 */
export async function vaeStep(vae: Vae, x: Float32Array, eps: Float32Array, lr = 1e-3): Promise<StepNumbers> {
  const d = vae.inputDim, k = vae.latentDim;
  if (x.length !== d) throw new Error(`invalid x: length ${x.length}; expected ${d}`);
  if (eps.length !== k) throw new Error(`invalid eps: length ${eps.length}; expected ${k}`);
  if (!(lr > 0 && lr <= 10)) throw new Error(`invalid lr: ${lr}; expected a number in (0, 10]`);
  const beta = vae.config.beta;
  const xT = tf.tensor2d(x, [1, d]); // [1, inputDim]
  const eT = tf.tensor2d(eps, [1, k]); // [1, latentDim]
  const keep: tf.Tensor[] = [xT, eT];
  try {
    // The forward pass, piece by piece.
    const {mu, logVar} = vae.encode(xT); // each [1, latentDim]
    const sigma = tf.tidy(() => tf.exp(tf.mul(logVar, 0.5))); // [1, latentDim]
    const z = tf.tidy(() => tf.add(mu, tf.mul(sigma, eT))) as tf.Tensor2D; // (3) z = μ + σ ⊙ ε
    const decoded = vae.decode(z); // [1, inputDim]
    keep.push(mu, logVar, sigma, z, decoded);
    const parts = vae.lossParts(xT, eT);
    keep.push(...Object.values(parts).filter((t) => t !== undefined));
    // ∂recon/∂z: the decoder's gradient at z, recon(z) = Σ softplus(l) − x·l with l = logits(z).
    const dReconDz = tf.grad((zz: tf.Tensor) => tf.sum(tf.sub(tf.softplus(vae.logits(zz as tf.Tensor2D)), tf.mul(xT, vae.logits(zz as tf.Tensor2D)))))(z);
    keep.push(dReconDz);
    // The chain rule through z = μ + σ ⊙ ε, plus the KL term's own gradient.
    const dLossDmu = tf.tidy(() => tf.add(dReconDz, tf.mul(mu, beta)));
    const dLossDlogVar = tf.tidy(() =>
      tf.add(tf.mul(dReconDz, tf.mul(tf.mul(sigma, eT), 0.5)), tf.mul(tf.sub(tf.square(sigma), 1), 0.5 * beta)));
    keep.push(dLossDmu, dLossDlogVar);
    // Autodiff of the whole loss with respect to every weight.
    const {value, grads} = tf.variableGrads(() => vae.lossParts(xT, eT).loss, vae.variables);
    keep.push(value);
    const g = vae.variables.map((v) => grads[v.name] ?? tf.zerosLike(v));
    keep.push(...g, ...Object.values(grads));
    const sq = g.map((t) => tf.tidy(() => tf.sum(tf.square(t))));
    keep.push(...sq);
    const sqNums = await Promise.all(sq.map(async (t) => (await read(t))[0]));
    const out = {
      mu: await read(mu), logVar: await read(logVar), sigma: await read(sigma), eps: Float32Array.from(eps),
      z: await read(z), decoded: await read(decoded),
      recon: (await read(parts.recon))[0], kl: (await read(parts.kl))[0], loss: (await read(parts.loss))[0],
      dReconDz: await read(dReconDz), dLossDmu: await read(dLossDmu), dLossDlogVar: await read(dLossDlogVar),
      gradBmu: await read(g[3]), gradBlv: await read(g[5]),
      variableNorms: vaeVariableNames.map((name, i) => ({name, norm: Math.sqrt(sqNums[i])})),
      layerNorms: vaeLayers.map((l) => ({name: l.name, norm: Math.sqrt((l.vars as readonly number[]).reduce((s, i) => s + sqNums[i], 0))})),
      lr,
      lossAfter: NaN
    };
    // The update θ ← θ − η ∇θ.
    vae.variables.forEach((v, i) => tf.tidy(() => v.assign(tf.sub(v, tf.mul(g[i], lr)))));
    const after = vae.lossParts(xT, eT);
    out.lossAfter = (await read(after.loss))[0];
    tf.dispose(Object.values(after));
    return out;
  } finally {
    tf.dispose(keep);
  }
}
