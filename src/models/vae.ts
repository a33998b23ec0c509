// The variational autoencoder with MLP encoder and decoder: Kingma & Welling, "Auto-Encoding Variational Bayes"
// (ICLR 2014), the MNIST model of section 5 with a Bernoulli decoder. Equations, numbered as in the chapter:
//   (1) the ELBO        log p(x) ≥ E_q(z|x)[log p(x|z)] − KL(q(z|x) ‖ p(z)); we minimise recon + β·kl
//   (2) KL closed form  KL(N(μ, σ²) ‖ N(0, 1)) = ½ Σ_j (μ_j² + σ_j² − 1 − log σ_j²)   (appendix B)
//   (3) reparameterise  z = μ + σ ⊙ ε,  ε ~ N(0, I),  σ = exp(½ logVar)
//   (4) Bernoulli       −log p(x|z) = Σ_pixels softplus(l) − x·l,  l = decoder logits
// β = 1 is the VAE; β ≠ 1 is the β-VAE (Higgins et al. 2017): same forward pass, the KL term weighted by β.
import * as tf from "@tensorflow/tfjs";
import type {LossParts, Model} from "./model.js";
import type {Rng} from "../math/rng.js";
import {checkBeta, validateVaeConfig, type VaeConfig} from "./vaeConfig.js";
import {bernoulliNll} from "./bernoulli.js";
import {dense} from "./dense.js";
import {gaussianKlPerDim} from "./gaussianKl.js";


export class Vae implements Model<VaeConfig> {
  readonly name = "vae";
  readonly variables: tf.Variable[];
  private cfg: VaeConfig;

  /** Use `createVae`; `variables` must follow `vaeVariableNames`. */
  constructor(config: VaeConfig, variables: tf.Variable[]) {
    this.cfg = config;
    this.variables = variables;
  }

  get config(): Readonly<VaeConfig> { return this.cfg; }
  get inputDim(): number { return this.cfg.inputDim; }
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

  /** Decoder logits l: [batch, inputDim]; pixel probabilities are σ(l). */
  logits(z: tf.Tensor2D): tf.Tensor2D {
    const [, , , , , , V1, c1, V2, c2] = this.variables;
    return tf.tidy(() => {
      const h = dense(z, V1, c1, {activation: "relu"}); // [batch, hiddenDim]
      return dense(h, V2, c2); // [batch, inputDim]
    });
  }

  decode(z: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => tf.sigmoid(this.logits(z))); // [batch, inputDim]
  }

  lossParts(x: tf.Tensor2D, eps: tf.Tensor2D): LossParts {
    if (!this.cfg.variational) return this.autoencoderLoss(x);
    return tf.tidy(() => {
      const {mu, logVar} = this.encode(x); // each [batch, latentDim]
      // (3) z = μ + σ ⊙ ε
      const z = tf.add(mu, tf.mul(tf.exp(tf.mul(logVar, 0.5)), eps)) as tf.Tensor2D; // [batch, latentDim]
      const l = this.logits(z); // [batch, inputDim]
      // (4) −log p(x|z) = Σ_pixels softplus(l) − x·l
      const nll = bernoulliNll(x, l); // [batch]
      const recon = tf.mean(nll) as tf.Scalar; // []
      // (2) KL_j = ½(μ_j² + e^logVar_j − 1 − logVar_j), averaged over the batch
      const klPerDim = gaussianKlPerDim(mu, logVar); // [latentDim]
      const kl = tf.sum(klPerDim) as tf.Scalar; // []
      // (1) the negative (β-)ELBO per example
      const loss = tf.add(recon, tf.mul(kl, this.cfg.beta)) as tf.Scalar; // []
      return {loss, recon, kl, klPerDim, mu};
    });
  }

  /** The plain autoencoder: z = μ(x), no noise and no KL (reported as 0); the loss is the reconstruction (4). */
  private autoencoderLoss(x: tf.Tensor2D): LossParts {
    return tf.tidy(() => {
      const {mu} = this.encode(x);
      const l = this.logits(mu); // [batch, inputDim]
      const recon = tf.mean(bernoulliNll(x, l)) as tf.Scalar; // (4) []
      return {loss: recon, recon: tf.clone(recon), kl: tf.scalar(0), klPerDim: tf.zeros([this.cfg.latentDim]) as tf.Tensor1D, mu};
    });
  }

  setBeta(beta: number): void {
    this.cfg = {...this.cfg, beta: checkBeta(beta)};
  }

  dispose(): void {
    for (const v of this.variables) v.dispose();
  }
}

/** Glorot/Xavier uniform weights drawn from `rng`, limit √(6 / (fanIn + fanOut)): [fanIn, fanOut]. */
function glorot(rng: Rng, fanIn: number, fanOut: number): tf.Variable {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  return tf.variable(tf.tensor2d(rng.uniforms(fanIn * fanOut, -limit, limit), [fanIn, fanOut]));
}

/** A VAE with weights drawn from `rng` in JavaScript (same seed ⇒ same weights on every backend); biases 0. */
export function createVae(config: Partial<VaeConfig>, rng: Rng): Vae {
  const c = validateVaeConfig(config);
  const {inputDim: d, hiddenDim: h, latentDim: k} = c;
  const zeros = (n: number) => tf.variable(tf.zeros([n]));
  // Order of vaeVariableNames; tf.variable keeps its own copy, the temporaries are disposed by tidy.
  const vars = tf.tidy(() => [
    glorot(rng, d, h), zeros(h),
    glorot(rng, h, k), zeros(k),
    glorot(rng, h, k), zeros(k),
    glorot(rng, k, h), zeros(h),
    glorot(rng, h, d), zeros(d)
  ]);
  return new Vae(c, vars);
}
