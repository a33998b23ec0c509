// One training run of the collapse VAE (../models/collapseVae.ts) with a KL schedule: the engine of the collapse
// and annealing labs, DOM-free, the same in a Worker and in Node tests. Each step sets β = schedule(t) for the step
// t about to be taken, takes one Adam step on a seeded minibatch, and returns plain numbers, among them the KL of
// every latent dimension (kl1 … klK) for the heatmap. `probe()` measures the fixed held-out probe set: active units
// (Burda et al. 2016), KL per dimension and the −ELBO at β = 1.
import * as tf from "@tensorflow/tfjs";
import type {Digits} from "../data/mnistPack.js";
import {activeUnits} from "../math/activeUnits.js";
import {createCollapseVae, type CollapseVae} from "../models/collapseVae.js";
import {downsample, type CollapseVaeConfig} from "../models/collapseVaeConfig.js";
import {Adam, readWeights, writeWeights} from "../train/adam.js";
import {gather} from "../train/trainer.js";
import {Rng} from "../math/rng.js";

export interface RunOptions {
  seed: number;
  batchSize: number;
  lr: number;
  /** β at step t (0, 1, 2, …). */
  beta: (step: number) => number;
  /** Held-out images for `probe()`. */
  probeSize: number;
}

export interface ProbeResult {
  step: number;
  /** Variance over the probe images of each unit's posterior mean, and how many exceed 0.01. */
  meanVariance: number[];
  active: number;
  /** KL per dimension, averaged over the probe images (nats). */
  klPerDim: number[];
  /** −ELBO per image at β = 1, one ε per image from the "probe" stream (nats). */
  negElbo: number;
  recon: number;
}

export interface RunSnapshot {
  step: number;
  weights: Float32Array[];
}

export class CollapseRun {
  readonly model: CollapseVae;
  stepCount = 0;
  private readonly optimizer: Adam;
  private readonly batchRng: Rng;
  private readonly epsRng: Rng;
  private readonly train: Digits;
  private readonly probeX: tf.Tensor2D;
  private readonly probeEps: tf.Tensor2D;
  private order: Uint32Array;
  private cursor: number;

  constructor(config: Partial<CollapseVaeConfig>, data: {train: Digits; test: Digits}, readonly options: RunOptions) {
    this.model = createCollapseVae(config, new Rng(options.seed, "init"));
    const {side} = this.model.config, d = this.model.inputDim, k = this.model.latentDim;
    this.train = {images: downsample(data.train.images, data.train.n, side), labels: data.train.labels, n: data.train.n};
    const m = Math.min(options.probeSize, data.test.n);
    this.probeX = tf.tensor2d(downsample(data.test.images.subarray(0, m * 784), m, side), [m, d]); // [m, d]
    this.probeEps = tf.tensor2d(new Rng(options.seed, "probe").normals(m * k), [m, k]); // [m, latentDim]
    this.optimizer = new Adam(options.lr);
    this.batchRng = new Rng(options.seed, "batches");
    this.epsRng = new Rng(options.seed, "eps");
    this.order = new Uint32Array(this.train.n);
    this.cursor = this.train.n;
  }

  private nextIndices(): Uint32Array {
    const out = new Uint32Array(this.options.batchSize);
    for (let i = 0; i < out.length; i++) {
      if (this.cursor >= this.train.n) {
        this.order = this.batchRng.shuffle(Uint32Array.from({length: this.train.n}, (_, j) => j));
        this.cursor = 0;
      }
      out[i] = this.order[this.cursor++];
    }
    return out;
  }

  setLearningRate(lr: number): void {
    this.optimizer.setLearningRate(lr);
  }

  /** One Adam step at β = beta(stepCount). Record: loss (the minimised objective), recon, kl, negElbo = recon + kl, beta, kl1 … klK. */
  async step(): Promise<{[k: string]: number; step: number; loss: number}> {
    const {model} = this, B = this.options.batchSize, d = model.inputDim, k = model.latentDim;
    const beta = this.options.beta(this.stepCount);
    model.setBeta(beta);
    const x = tf.tensor2d(gather(this.train, this.nextIndices(), d), [B, d]); // [B, d]
    const eps = tf.tensor2d(this.epsRng.normals(B * k), [B, k]); // [B, latentDim]
    let kept: tf.Tensor[] = [];
    try {
      const {value, grads} = tf.variableGrads(() => {
        const p = model.lossParts(x, eps);
        kept = [tf.keep(p.recon), tf.keep(p.kl), tf.keep(p.klPerDim)];
        return p.loss;
      }, model.variables);
      kept.push(value);
      const [recon, kl, klPerDim, loss] = await Promise.all(kept.map((t) => t.data()));
      if (Number.isFinite(loss[0])) this.optimizer.apply(model.variables, grads);
      tf.dispose(grads);
      this.stepCount++;
      const record: {[k: string]: number; step: number; loss: number} = {
        step: this.stepCount, loss: loss[0], recon: recon[0], kl: kl[0], negElbo: recon[0] + kl[0], beta
      };
      klPerDim.forEach((v, j) => (record[`kl${j + 1}`] = v));
      return record;
    } finally {
      tf.dispose([x, eps, ...kept]);
    }
  }

  /** Active units, KL per dimension and −ELBO (β = 1) on the probe images. */
  async probe(): Promise<ProbeResult> {
    const {model} = this, m = this.probeX.shape[0], k = model.latentDim;
    const {mu, logVar} = model.encode(this.probeX);
    const beta = model.config.beta, freeBits = model.config.freeBits;
    model.setBeta(1); model.setFreeBits(0);
    const p = model.lossParts(this.probeX, this.probeEps);
    model.setBeta(beta); model.setFreeBits(freeBits);
    const [muData, klData, recon] = await Promise.all([mu.data(), p.klPerDim.data(), p.recon.data()]);
    tf.dispose([mu, logVar, ...Object.values(p)]);
    const au = activeUnits(muData, m, k);
    const klPerDim = Array.from(klData);
    return {step: this.stepCount, meanVariance: au.variances, active: au.active, klPerDim, negElbo: recon[0] + klPerDim.reduce((s, v) => s + v, 0), recon: recon[0]};
  }

  /** Copies of the weights and the step, for the NaN guard. */
  async snapshot(): Promise<RunSnapshot> {
    return {step: this.stepCount, weights: await readWeights(this.model.variables)};
  }

  /** Back to a snapshot's weights and step (the schedule continues from that step) with fresh Adam moments. */
  restore(s: RunSnapshot): void {
    writeWeights(this.model.variables, s.weights);
    this.optimizer.reset();
    this.stepCount = s.step;
  }

  dispose(): void {
    this.model.dispose();
    this.optimizer.dispose();
    tf.dispose([this.probeX, this.probeEps]);
  }
}
