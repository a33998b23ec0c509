// What the engine needs of a model: its trainable variables and a loss with named parts.
// Every model file (vae.ts, …) implements `Model`; the trainer reads `.loss`, the views read the parts.
import type * as tf from "@tensorflow/tfjs";

/** The loss of one batch, as tensors; `loss` is what is minimised, the rest are its parts for the views. */
export interface LossParts {
  [part: string]: tf.Tensor | undefined;
  /** The objective minimised, a scalar: for the VAE, recon + β·kl (the negative β-ELBO per example). */
  loss: tf.Scalar;
  /** Reconstruction term per example, a scalar (nats). */
  recon: tf.Scalar;
  /** KL term per example, a scalar (nats). */
  kl: tf.Scalar;
  /** KL per latent dimension, averaged over the batch: [latentDim]. */
  klPerDim: tf.Tensor1D;
  /** The posterior means [batch, latentDim], where the model has them: evaluation then needs no second encoder pass. */
  mu?: tf.Tensor2D;
}

export interface Model<Config = unknown> {
  readonly name: string;
  readonly config: Readonly<Config>;
  /** The trainable variables, in a fixed order (the order checkpoints use). */
  readonly variables: tf.Variable[];
  /** Size of one input vector (784 for MNIST) and of the latent code. */
  readonly inputDim: number;
  readonly latentDim: number;
  /** False when `lossParts` takes its expectation over ε exactly and ignores `eps`: the trainer then draws none. */
  readonly drawsNoise?: boolean;
  /** Loss parts of a batch `x` [batch, inputDim] with reparameterisation noise `eps` [batch, latentDim]. */
  lossParts(x: tf.Tensor2D, eps: tf.Tensor2D): LossParts;
  /** Posterior parameters: mu and logVar, each [batch, latentDim]. */
  encode(x: tf.Tensor2D): {mu: tf.Tensor2D; logVar: tf.Tensor2D};
  /** Decoded means (pixel probabilities for a Bernoulli decoder): [batch, inputDim]. */
  decode(z: tf.Tensor2D): tf.Tensor2D;
  /** Settings that may change during training without a reset (β for the VAE). */
  setBeta(beta: number): void;
  dispose(): void;
}
