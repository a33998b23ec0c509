// The codec lab of the chapter "The VAE as the codec of latent diffusion": the small convolutional VAE
// (src/models/convVae.ts) on MNIST padded to 32×32, with the reader's downsampling f and channels c. Every view is an
// evaluation on the first CODEC_EVAL_N held-out digits: PSNR and SSIM of the reconstructions decoded from the posterior
// mean μ, their sharpness, and SD's scaling factor 1/std(z) of latents z ~ q(z|x) drawn on that batch
// (src/math/latentScaling.ts). At step `runSteps` the lab keeps that evaluation as the run's point.
import * as tf from "@tensorflow/tfjs";
import {padTo32} from "../data/pad.js";
import {activeUnits} from "../math/activeUnits.js";
import {imageQuality, sharpness} from "../math/imageMetrics.js";
import {latentStats} from "../math/latentScaling.js";
import {createConvVae, INPUT_DIM, SIDE, type ConvVae} from "../models/convVae.js";
import type {LabFactory, LabRecord} from "../train/lab.js";
import {Rng} from "../math/rng.js";
import {Trainer} from "../train/trainer.js";
import {CODEC_EVAL_N, CODEC_SHOW_N, type CodecEval, type CodecLabSettings, type CodecLabViews} from "./codecLabSpec.js";
import {gaussianKlPerDim} from "../models/gaussianKl.js";

/**
 * Reconstructions (decoded from μ), μ, latents z = μ + σ ⊙ ε (a draw of q(z|x)) and the mean KL per latent number
 * (equation (2) of convVae.ts over the batch) of a batch x [n, 1024], as plain numbers, from one pass of the encoder.
 */
export async function encodeBatch(model: ConvVae, x: tf.Tensor2D, eps: tf.Tensor2D): Promise<{recon: Float32Array; mu: Float32Array; z: Float32Array; klPerNumber: number}> {
  const parts = tf.tidy(() => {
    const {mu, logVar} = model.encode(x); // each [n, latentDim]
    const z = tf.add(mu, tf.mul(tf.exp(tf.mul(logVar, 0.5)), eps)); // [n, latentDim]
    const kl = tf.mean(gaussianKlPerDim(mu, logVar)); // []
    return [model.decode(mu), mu, z, kl];
  });
  const [recon, mu, z, kl] = await Promise.all(parts.map((t) => t.data() as Promise<Float32Array>));
  tf.dispose(parts);
  return {recon, mu, z, klPerNumber: kl[0]};
}

/** The evaluation of `model` on the held-out digits `images` [n·1024] with the fixed draw `eps` [n·latentDim]. */
export async function evaluateCodec(model: ConvVae, images: Float32Array, eps: Float32Array, step: number, seed: number): Promise<CodecEval> {
  const n = images.length / INPUT_DIM, k = model.latentDim, {f, c, likelihood, beta} = model.config;
  const x = tf.tensor2d(images, [n, INPUT_DIM]), e = tf.tensor2d(eps, [n, k]);
  const {recon, mu, z, klPerNumber} = await encodeBatch(model, x, e);
  tf.dispose([x, e]);
  const q = imageQuality(images, recon, n, SIDE, SIDE);
  const stats = latentStats(z); // (1) scaling_factor = 1/std(z), (2) shift_factor = mean(z)
  return {
    step, seed, f, c, loss: likelihood, beta,
    latentSide: model.latentSide, latentNumbers: k, compression: INPUT_DIM / k,
    psnr: q.psnr, ssim: q.ssim, sharpness: sharpness(images, recon, n, SIDE, SIDE),
    scalingFactor: stats.scalingFactor, shiftFactor: stats.shiftFactor, klPerNumber,
    activeNumbers: activeUnits(mu, n, k).active,
    originals: images.slice(0, CODEC_SHOW_N * INPUT_DIM), reconstructions: recon.slice(0, CODEC_SHOW_N * INPUT_DIM),
    latent: mu.slice(0, k)
  };
}

/** A copy whose typed arrays are fresh (a posted copy never detaches the kept one). */
const copyEval = (e: CodecEval): CodecEval => ({...e, originals: e.originals.slice(), reconstructions: e.reconstructions.slice(), latent: e.latent.slice()});

export const createCodecLab: LabFactory<CodecLabSettings, CodecLabViews> = async (settings, ctx) => {
  let s = {...settings};
  const {train: t28, test: s28} = await ctx.mnist();
  const train = {images: padTo32(t28.images, t28.n), labels: t28.labels, n: t28.n};
  const heldOut = padTo32(s28.images.subarray(0, CODEC_EVAL_N * 784), CODEC_EVAL_N);
  const model = createConvVae({f: s.f, c: s.c, width: s.width, beta: s.beta, likelihood: s.loss}, new Rng(s.seed, "init"));
  const eps = new Rng(s.seed, "codec-eval").normals(CODEC_EVAL_N * model.latentDim); // one fixed draw per evaluation
  const trainer = new Trainer(model, train, {seed: s.seed, batchSize: s.batchSize, lr: s.lr});
  let current: CodecEval | null = null, finished: CodecEval | null = null;

  const evaluate = async () => (current = current?.step === trainer.stepCount && current.beta === model.config.beta
    ? current
    : await evaluateCodec(model, heldOut, eps, trainer.stepCount, s.seed));

  return {
    async step(): Promise<LabRecord> {
      const r = await trainer.step(); // a DivergedError goes to the runner's NaN guard (labSession.ts)
      if (r.step === s.runSteps) finished = copyEval(await evaluate());
      return {step: r.step, loss: r.loss, recon: r.recon, kl: r.kl, gradNorm: r.gradNorm};
    },

    async views(): Promise<CodecLabViews> {
      const now = await evaluate();
      return {...copyEval(now), runSteps: s.runSteps, finished: finished && copyEval(finished)};
    },

    update(changes) {
      s = {...s, ...changes};
      if (changes.beta !== undefined) model.setBeta(s.beta);
      if (changes.lr !== undefined) trainer.setLearningRate(s.lr);
    },

    snapshot: () => trainer.snapshot(),
    restore(snapshot) { trainer.load(snapshot as Awaited<ReturnType<Trainer["snapshot"]>>); },

    dispose() {
      trainer.dispose();
      model.dispose();
    }
  };
};
