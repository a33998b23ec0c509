// The codec lab's settings and their check, without TensorFlow.js (the page validates with it on the main thread).
// The lab trains the small convolutional VAE of src/models/convVae.ts on MNIST padded to 32×32, with downsampling f
// and c latent channels: the codec of latent diffusion in miniature. See src/labs/codecLab.ts.
import {defineLab} from "../train/settingsSchema.js";

export type CodecLoss = "bernoulli" | "gaussian" | "laplace";

export interface CodecLabSettings {
  /** Downsampling: the 32×32 digit becomes a (32/f)×(32/f) latent. */
  f: 2 | 4 | 8;
  /** Latent channels, 1…16. */
  c: number;
  /** Feature channels of every hidden convolution. */
  width: number;
  /** KL weight: 1 is the ELBO; codecs use ~1e-6. */
  beta: number;
  /** Reconstruction term: Bernoulli (cross-entropy), Gaussian (squared error, MSE) or Laplace (absolute error, L1). */
  loss: CodecLoss;
  /** Adam learning rate. */
  lr: number;
  /** Digits per step. */
  batchSize: number;
  /** Seed of the weights, the batch order and ε. */
  seed: number;
  /** A run is finished at this step: the lab keeps its evaluation there as the run's point on the chart. */
  runSteps: number;
}

export const codecLabDefaults: CodecLabSettings = {
  f: 4, c: 4, width: 16, beta: 1e-3, loss: "bernoulli", lr: 2e-3, batchSize: 32, seed: 0, runSteps: 300
};

export const codecLosses: readonly CodecLoss[] = ["bernoulli", "gaussian", "laplace"];

/** Plain-words names of the losses, for controls and legends. */
export const codecLossNames: Readonly<Record<CodecLoss, string>> = {
  bernoulli: "cross-entropy (Bernoulli)",
  gaussian: "squared error (Gaussian, MSE)",
  laplace: "absolute error (Laplace, L1)"
};

/** Held-out digits the lab reconstructs for PSNR, SSIM and the scaling factor (the first of the fixed split). */
export const CODEC_EVAL_N = 32;
/** Of those, the ones whose reconstructions the page shows. */
export const CODEC_SHOW_N = 8;

export const codecLabSpec = defineLab<CodecLabSettings>({
  name: "codec lab",
  defaults: codecLabDefaults,
  schema: {
    f: {kind: "choice", values: [2, 4, 8], names: {2: "2 (16×16 latent)", 4: "4 (8×8 latent)", 8: "8 (4×4 latent)"}, label: "Downsampling f", rebuild: true},
    c: {kind: "number", min: 1, max: 16, integer: true, label: "Latent channels c", rebuild: true},
    width: {kind: "number", min: 4, max: 32, integer: true, label: "Width", rebuild: true},
    beta: {kind: "number", min: 0, max: 10, label: "KL weight β"},
    loss: {kind: "choice", values: codecLosses, names: codecLossNames, label: "Reconstruction loss", rebuild: true},
    lr: {kind: "number", min: 1e-5, max: 0.05, log: true, label: "Learning rate"},
    batchSize: {kind: "number", min: 1, max: 128, integer: true, label: "Batch size", rebuild: true},
    seed: {kind: "number", min: 0, max: 2 ** 31 - 1, integer: true, label: "Seed", rebuild: true},
    runSteps: {kind: "number", min: 10, max: 5000, integer: true, label: "Steps per run"}
  }
});

/** One evaluation of the codec on the held-out digits: a point of the rate–distortion chart. */
export interface CodecEval {
  /** Training steps taken at this evaluation. */
  step: number;
  seed: number;
  f: number;
  c: number;
  loss: CodecLoss;
  beta: number;
  /** Side of the latent map, 32/f, and its numbers, (32/f)²·c. */
  latentSide: number;
  latentNumbers: number;
  /** 1024 / latentNumbers: pixels per latent number (one input channel, so f²/c). */
  compression: number;
  /** Mean PSNR (dB) and SSIM of the held-out reconstructions (decoded from the posterior mean μ). */
  psnr: number;
  ssim: number;
  /** Gradient energy of the reconstructions over that of the originals: 1 as sharp, below 1 blurrier. */
  sharpness: number;
  /** SD's scaling_factor of this codec: 1/std of z ~ q(z|x) on the held-out batch; the SD3-style shift = their mean. */
  scalingFactor: number;
  shiftFactor: number;
  /** Mean KL per latent number on the held-out batch, nats. */
  klPerNumber: number;
  /** Latent numbers whose posterior mean varies over the held-out batch (variance > 0.01: active, Burda et al. 2016). */
  activeNumbers: number;
  /** The first CODEC_SHOW_N held-out digits and their reconstructions, each [n·1024]. */
  originals: Float32Array;
  reconstructions: Float32Array;
  /** μ of the first held-out digit, [side·side·c] in NHWC order. */
  latent: Float32Array;
}

/** What the lab posts to the page: the evaluation now, and the one kept at step runSteps once the run got there. */
export interface CodecLabViews extends CodecEval {
  runSteps: number;
  finished: CodecEval | null;
}
