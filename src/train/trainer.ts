// The training engine, DOM-free: one optimisation step at a time on any `Model`, with seeded batches and ε,
// a NaN guard that restores the last good weights, and held-out evaluation. The page drives it from a Worker;
// tests and the benchmark drive it directly in Node.
import * as tf from "@tensorflow/tfjs";
import {activeUnits} from "../math/activeUnits.js";
import type {Digits} from "../data/mnistPack.js";
import type {Model} from "../models/model.js";
import {Adam, readWeights, writeWeights} from "./adam.js";
import {Rng} from "../math/rng.js";

import {validateTrainOptions, type TrainOptions} from "./trainOptions.js";
import {sumOfSquares} from "./wasmNorm.js";

/** One training step, as plain numbers. */
export interface StepRecord {
  step: number;
  /** ms since the trainer was made (performance.now clock). */
  time: number;
  loss: number;
  recon: number;
  kl: number;
  /** Global L2 norm of the gradient of `loss`. */
  gradNorm: number;
  lr: number;
  beta: number;
}

export interface EvalRecord {
  step: number;
  time: number;
  /** Held-out −ELBO per example (β = 1 whatever the training β), recon + kl, nats. */
  loss: number;
  recon: number;
  kl: number;
  klPerDim: number[];
  /** Units whose posterior mean varies over the held-out inputs (variance > 0.01, Burda et al. 2016): activeUnits.ts. */
  activeUnits: number;
  /** Per unit: the variance over held-out inputs of its posterior mean. */
  unitVariance: number[];
}

export interface Checkpoint {
  step: number;
  weights: Float32Array[];
}

/** Thrown by `step()` when the loss or gradient is not finite; the weights are already back at `restoredStep`. */
export class DivergedError extends Error {
  constructor(readonly step: number, readonly restoredStep: number, readonly value: number) {
    super(`training diverged at step ${step} (loss ${value}); restored the weights of step ${restoredStep} and stopped`);
    this.name = "DivergedError";
  }
}

/** Copies rows `indices` of `data.images` into one [indices.length · dim] buffer. */
export function gather(data: Digits, indices: ArrayLike<number>, dim: number): Float32Array {
  const out = new Float32Array(indices.length * dim);
  for (let i = 0; i < indices.length; i++) out.set(data.images.subarray(indices[i] * dim, (indices[i] + 1) * dim), i * dim);
  return out;
}

export class Trainer {
  readonly options: Required<TrainOptions>;
  stepCount = 0;
  private readonly optimizer: Adam;
  private batchRng: Rng;
  private epsRng: Rng;
  private order: Uint32Array;
  private cursor: number;
  private checkpoint: Checkpoint | null = null;
  /** The whole data set as one tensor, when every batch is all of it (the order only changes rounding). */
  private wholeData: tf.Tensor2D | null = null;
  /** The ε given to a model that does not draw noise: zeros, made once. */
  private noNoise: tf.Tensor2D | null = null;
  private readonly t0 = performance.now();

  constructor(readonly model: Model, readonly data: Digits, options: Partial<TrainOptions> = {}) {
    this.options = validateTrainOptions(options);
    if (data.images.length !== data.n * model.inputDim) throw new Error(`data has ${data.images.length} numbers for ${data.n} examples of ${model.inputDim}`);
    this.optimizer = new Adam(this.options.lr);
    this.batchRng = new Rng(this.options.seed, "batches");
    this.epsRng = new Rng(this.options.seed, "eps");
    this.order = new Uint32Array(data.n);
    this.cursor = data.n; // shuffle on the first batch
  }

  get lr(): number { return this.options.lr; }

  /** Changes the learning rate without a reset. */
  setLearningRate(lr: number): void {
    validateTrainOptions({...this.options, lr});
    this.options.lr = lr;
    this.optimizer.setLearningRate(lr);
  }

  /** The next batch's row indices: epochs of a seeded permutation. */
  private nextIndices(): Uint32Array {
    const {batchSize} = this.options;
    const out = new Uint32Array(batchSize);
    for (let i = 0; i < batchSize; i++) {
      if (this.cursor >= this.data.n) {
        for (let j = 0; j < this.data.n; j++) this.order[j] = j;
        this.batchRng.shuffle(this.order);
        this.cursor = 0;
      }
      out[i] = this.order[this.cursor++];
    }
    return out;
  }

  /** The next batch [batchSize, inputDim]: rows in a seeded order, or the kept whole data set. */
  private batch(): tf.Tensor2D {
    const {batchSize} = this.options, {inputDim} = this.model;
    if (batchSize !== this.data.n) return tf.tensor2d(gather(this.data, this.nextIndices(), inputDim), [batchSize, inputDim]);
    this.wholeData ??= tf.tensor2d(this.data.images, [batchSize, inputDim]);
    return this.wholeData;
  }

  /** One Adam step. Throws DivergedError (weights restored) if the loss or the gradient is not finite. */
  async step(): Promise<StepRecord> {
    const {model} = this;
    const B = this.options.batchSize;
    const x = this.batch();
    const eps = model.drawsNoise === false ? (this.noNoise ??= tf.zeros([B, model.latentDim])) : tf.tensor2d(this.epsRng.normals(B * model.latentDim), [B, model.latentDim]);
    let parts: tf.Scalar[] = [];
    let computed: {value: tf.Scalar; grads: tf.NamedTensorMap} | null = null;
    let norm: tf.Scalar | null = null;
    let loss: number, recon: number, kl: number, gradNorm: number;
    try {
      computed = tf.variableGrads(() => {
        const p = model.lossParts(x, eps);
        parts = [tf.keep(p.recon), tf.keep(p.kl)];
        tf.dispose([p.klPerDim, ...(p.mu ? [p.mu] : [])]);
        return p.loss;
      }, model.variables);
      const grads = computed.grads;
      norm = tf.tidy(() => tf.sqrt(sumOfSquares(Object.values(grads))) as tf.Scalar);
      [loss, recon, kl, gradNorm] = (await Promise.all([computed.value, ...parts, norm].map((t) => t.data()))).map((d) => d[0]);
    } catch (error) {
      if (computed) tf.dispose(computed.grads); // a lost backend: free what this step made, then report
      throw error;
    } finally {
      if (x !== this.wholeData) x.dispose();
      if (eps !== this.noNoise) eps.dispose();
      tf.dispose([...parts, ...(computed ? [computed.value] : []), ...(norm ? [norm] : [])]);
    }
    const grads = computed.grads;
    const step = this.stepCount + 1;
    if (!Number.isFinite(loss) || !Number.isFinite(gradNorm)) {
      tf.dispose(grads);
      const restoredStep = this.restore();
      throw new DivergedError(step, restoredStep, Number.isFinite(loss) ? gradNorm : loss);
    }
    // These weights gave a finite loss and gradient: a good place to go back to.
    if (this.checkpoint === null || this.stepCount - this.checkpoint.step >= this.options.checkpointEvery) this.checkpoint = await this.snapshot();
    this.optimizer.apply(model.variables, grads);
    tf.dispose(grads);
    this.stepCount = step;
    return {step, time: performance.now() - this.t0, loss, recon, kl, gradNorm, lr: this.options.lr, beta: (model.config as {beta?: number}).beta ?? 1};
  }

  /** The current weights as plain arrays, in the order of `model.variables`. */
  async snapshot(): Promise<Checkpoint> {
    return {step: this.stepCount, weights: await readWeights(this.model.variables)};
  }

  /** Sets the weights from `c` (same model shape) and starts a fresh optimizer state. */
  load(c: Checkpoint): void {
    writeWeights(this.model.variables, c.weights);
    this.optimizer.reset();
    this.stepCount = c.step;
    this.checkpoint = c;
  }

  /** Goes back to the last good weights; returns their step. */
  private restore(): number {
    if (!this.checkpoint) throw new Error("training diverged before any step succeeded: lower the learning rate");
    this.load(this.checkpoint);
    return this.checkpoint.step;
  }

  /** Held-out −ELBO (β = 1), one ε draw per example from a fixed stream, so the same weights give the same number. */
  async evaluate(test: Digits, {n = test.n, batchSize = 500} = {}): Promise<EvalRecord> {
    const {model} = this;
    const rng = new Rng(this.options.seed, "eval");
    let recon = 0, kl = 0;
    const klPerDim = new Array<number>(model.latentDim).fill(0);
    const means = new Float32Array(n * model.latentDim); // [n, latentDim] posterior means, for the active units
    for (let start = 0; start < n; start += batchSize) {
      const b = Math.min(batchSize, n - start);
      const idx = Array.from({length: b}, (_, i) => start + i);
      const [r, k, kd, mu] = tf.tidy(() => {
        const x = tf.tensor2d(gather(test, idx, model.inputDim), [b, model.inputDim]);
        const p = model.lossParts(x, tf.tensor2d(rng.normals(b * model.latentDim), [b, model.latentDim]));
        return [p.recon, p.kl, p.klPerDim, p.mu ?? model.encode(x).mu] as tf.Tensor[];
      });
      const [rv, kv, kdv, muv] = await Promise.all([r.data(), k.data(), kd.data(), mu.data()]);
      tf.dispose([r, k, kd, mu]);
      recon += rv[0] * b; kl += kv[0] * b;
      kdv.forEach((v, i) => (klPerDim[i] += v * b));
      means.set(muv, start * model.latentDim);
    }
    const units = activeUnits(means, n, model.latentDim);
    return {step: this.stepCount, time: performance.now() - this.t0, loss: (recon + kl) / n, recon: recon / n, kl: kl / n, klPerDim: klPerDim.map((v) => v / n),
      activeUnits: units.active, unitVariance: units.variances};
  }

  dispose(): void {
    this.optimizer.dispose();
    tf.dispose([this.wholeData ?? [], this.noNoise ?? []]);
  }
}
