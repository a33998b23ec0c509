// A VAE whose decoder does not need z: the posterior-collapse demonstration of the chapter "Posterior collapse".
// Encoder as in vae.ts; the decoder adds to its z path a masked linear layer that reads the pixels themselves, each
// output pixel seeing only the pixels before it in raster order (an autoregressive decoder, the one-layer case of
// MADE, Germain et al. 2015; a fully visible sigmoid belief net beside the latent path). Equations, as in the chapter:
//   (C1) logits   l(x, z) = MLP(z) + x · (A ⊙ M),   M_ij = 1 if i < j else 0   (row vectors: pixel j sees pixels i < j)
//   (C2) decoder  p(x | z) = Π_j Bernoulli(x_j; σ(l_j)): autoregressive, so Σ_j −log p(x_j | x_<j, z) is a proper
//                 −log p(x | z), computed in one pass because l_j uses only x_<j
//   (C3) KL_j = ½(μ_j² + σ_j² − 1 − log σ_j²), averaged over the batch
//   (C4) loss = recon + β · Σ_j KL_j,  or with free bits λ > 0:  recon + β · Σ_j max(λ, KL_j)  (Kingma et al. 2016)
// With decoder "mlp" the mask layer is left out: the plain VAE, for contrast.
import * as tf from "@tensorflow/tfjs";
import type {LossParts, Model} from "./model.js";
import type {Rng} from "../math/rng.js";
import {freeBitsLoss} from "./freeBits.js";
import {collapseInputDim, validateCollapseVaeConfig, type CollapseVaeConfig} from "./collapseVaeConfig.js";
import {gaussianKlPerDim} from "./gaussianKl.js";
import {bernoulliNll} from "./bernoulli.js";
import {dense} from "./dense.js";


/** M of (C1): [d, d], 1 above the diagonal (input i < output j), 0 on and below it. */
export function autoregressiveMask(d: number): Float32Array {
  const m = new Float32Array(d * d);
  for (let i = 0; i < d; i++) for (let j = i + 1; j < d; j++) m[i * d + j] = 1;
  return m;
}

export class CollapseVae implements Model<CollapseVaeConfig> {
  readonly name = "collapse-vae";
  readonly variables: tf.Variable[];
  private cfg: CollapseVaeConfig;
  private readonly mask: tf.Tensor2D | null;

  /** Use `createCollapseVae`; `variables` must follow `collapseVaeVariableNames`. */
  constructor(config: CollapseVaeConfig, variables: tf.Variable[]) {
    this.cfg = config;
    this.variables = variables;
    const d = collapseInputDim(config);
    this.mask = config.decoder === "autoregressive" ? tf.tensor2d(autoregressiveMask(d), [d, d]) : null;
  }

  get config(): Readonly<CollapseVaeConfig> { return this.cfg; }
  get inputDim(): number { return collapseInputDim(this.cfg); }
  get latentDim(): number { return this.cfg.latentDim; }

  encode(x: tf.Tensor2D): {mu: tf.Tensor2D; logVar: tf.Tensor2D} {
    const [W1, b1, Wmu, bmu, Wlv, blv] = this.variables;
    return tf.tidy(() => {
      const h = dense(x, W1, b1, {activation: "relu", input: "data"}); // [batch, hiddenDim]
      const mu = dense(h, Wmu, bmu); // [batch, latentDim]
      const logVar = dense(h, Wlv, blv); // [batch, latentDim]
      return {mu, logVar};
    });
  }

  /** (C1) logits l(x, z): [batch, d]. `x` is only read through the mask, so l_j never sees x_j or later pixels. */
  logits(z: tf.Tensor2D, x: tf.Tensor2D | null): tf.Tensor2D {
    const [, , , , , , V1, c1, V2, c2, A] = this.variables;
    return tf.tidy(() => {
      const h = dense(z, V1, c1, {activation: "relu"}); // [batch, hiddenDim]
      const fromZ = dense(h, V2, c2); // [batch, d]
      if (this.mask === null || x === null) return fromZ;
      // g·A ⊙ M: A is stored divided by the gain g, which under Adam is A learning g times faster (A starts at 0)
      return tf.add(fromZ, tf.matMul(x, tf.mul(tf.mul(A, this.cfg.arGain), this.mask))) as tf.Tensor2D; // [batch, d]
    });
  }

  /**
   * Pixel probabilities from z alone (the autoregressive path fed zeros): what z says about the image. For the
   * "mlp" decoder this is the whole decoder.
   */
  decode(z: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => tf.sigmoid(this.logits(z, null))); // [batch, d]
  }

  lossParts(x: tf.Tensor2D, eps: tf.Tensor2D): LossParts {
    const {beta, freeBits} = this.cfg;
    return tf.tidy(() => {
      const {mu, logVar} = this.encode(x); // each [batch, latentDim]
      const z = tf.add(mu, tf.mul(tf.exp(tf.mul(logVar, 0.5)), eps)) as tf.Tensor2D; // [batch, latentDim]
      const l = this.logits(z, x); // [batch, d]
      // (C2) −log p(x | z) = Σ_j softplus(l_j) − x_j·l_j
      const recon = tf.mean(bernoulliNll(x, l)) as tf.Scalar; // []
      // (C3)
      const klPerDim = gaussianKlPerDim(mu, logVar); // [latentDim]
      const kl = tf.sum(klPerDim) as tf.Scalar; // []
      // (C4) the KL term that is minimised: plain, or floored per dimension
      const klTerm = freeBits > 0 ? freeBitsLoss(klPerDim, freeBits) : kl; // []
      const loss = tf.add(recon, tf.mul(klTerm, beta)) as tf.Scalar; // []
      return {loss, recon, kl, klPerDim};
    });
  }

  setBeta(beta: number): void {
    this.cfg = validateCollapseVaeConfig({...this.cfg, beta});
  }

  /** Changes the free-bits floor λ (0: off) without a reset. */
  setFreeBits(freeBits: number): void {
    this.cfg = validateCollapseVaeConfig({...this.cfg, freeBits});
  }

  dispose(): void {
    for (const v of this.variables) v.dispose();
    this.mask?.dispose();
  }
}

/** Glorot/Xavier uniform weights drawn from `rng`, limit √(6 / (fanIn + fanOut)): [fanIn, fanOut]. */
function glorot(rng: Rng, fanIn: number, fanOut: number): tf.Variable {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  return tf.variable(tf.tensor2d(rng.uniforms(fanIn * fanOut, -limit, limit), [fanIn, fanOut]));
}

/** A collapse VAE with weights drawn from `rng` (same seed ⇒ same weights on every backend); biases and A start at 0. */
export function createCollapseVae(config: Partial<CollapseVaeConfig>, rng: Rng): CollapseVae {
  const c = validateCollapseVaeConfig(config);
  const d = collapseInputDim(c), {hiddenDim: h, latentDim: k} = c;
  const zeros = (...shape: number[]) => tf.variable(tf.zeros(shape));
  const vars = tf.tidy(() => [
    glorot(rng, d, h), zeros(h),
    glorot(rng, h, k), zeros(k),
    glorot(rng, h, k), zeros(k),
    glorot(rng, k, h), zeros(h),
    glorot(rng, h, d), zeros(d),
    c.decoder === "autoregressive" ? zeros(d, d) : zeros(1, 1) // collapseVaeVariableNames; unused by "mlp"
  ]);
  return new CollapseVae(c, vars);
}
