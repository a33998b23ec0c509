// The lab of chapter 1: the MNIST VAE (models/vae.ts) trained by the Trainer, evaluated on held-out digits, shown as
// reconstructions, samples, an interpolation and (2-d latent) the latent map (train/vaeViews.ts), and saved to and
// loaded from model files (train/modelFile.ts). The held-out digits the reader picks from are sent once (assets).
import * as tf from "@tensorflow/tfjs";
import {createVae} from "../models/vae.js";
import {Rng} from "../math/rng.js";
import type {LabContext, LabFactory, LabFiles} from "../train/lab.js";
import {decodeModelFile, encodeModelFile, modelFileName} from "../train/modelFile.js";
import {Trainer, type Checkpoint, type EvalRecord, type StepRecord} from "../train/trainer.js";
import {THUMBS, type Settings, type Views} from "../train/vaeSettings.js";
import {computeViews} from "../train/vaeViews.js";

/** The held-out digits offered as the interpolation's ends. */
export interface VaeMnistAssets {
  images: Float32Array;
  labels: number[];
}

export type VaeMnistRecord = StepRecord & {[metric: string]: number};

export interface VaeMnistOptions {
  /** Held-out digits each evaluation uses (default all 1,000). */
  evalSize?: number;
}

/** The lab's factory; `evalSize` makes tests quicker. */
export function vaeMnistLab({evalSize = 1000}: VaeMnistOptions = {}): LabFactory<Settings, Views, EvalRecord, VaeMnistAssets> {
  return async (settings, context) => {
    const {train, test} = await context.mnist();
    let current = {...settings};
    const {latentDim, hiddenDim, beta, variational, seed, batchSize, lr} = current;
    const model = createVae({latentDim, hiddenDim, beta, variational}, new Rng(seed, "init"));
    // The runner keeps this lab's checkpoints (every 25 steps) and restores them on divergence; the trainer's own copy
    // of the weights, every 25 steps too, would copy 2.6 MB twice as often for nothing. It keeps its first one only.
    const trainer = new Trainer(model, train, {seed, batchSize, lr, checkpointEvery: 1e9});
    let lastRecord: StepRecord | null = null, lastEval: EvalRecord | null = null;
    return {
      async step() {
        lastRecord = await trainer.step();
        return lastRecord as VaeMnistRecord;
      },
      views: () => computeViews(model, test, trainer.stepCount, current),
      update(changes) {
        current = {...current, ...changes};
        if (changes.lr !== undefined) trainer.setLearningRate(changes.lr);
        if (changes.beta !== undefined) model.setBeta(changes.beta);
      },
      snapshot: () => trainer.snapshot(),
      restore(snapshot) {
        trainer.load(snapshot as Checkpoint);
        lastRecord = null;
      },
      async evaluate() {
        lastEval = await trainer.evaluate(test, {n: Math.min(evalSize, test.n)});
        return lastEval;
      },
      async exportModel() {
        const r = lastRecord, e = lastEval?.step === trainer.stepCount ? lastEval : null;
        const text = encodeModelFile({
          model, checkpoint: await trainer.snapshot(), settings: current, backend: tf.getBackend(), tfjsVersion: tf.version.tfjs,
          metrics: {loss: r?.loss, recon: r?.recon, kl: r?.kl, heldOut: e}
        });
        return {text, name: modelFileName(JSON.parse(text))};
      },
      dispose() {
        trainer.dispose();
        model.dispose();
      }
    };
  };
}

/** The held-out digits offered as the interpolation's ends, sent before the backends are measured. */
export async function vaeMnistAssets(context: LabContext): Promise<VaeMnistAssets> {
  const {test} = await context.mnist();
  return {images: test.images.slice(0, THUMBS * 784), labels: Array.from(test.labels.subarray(0, THUMBS))};
}

/** Model files: the weights and settings of a file, the reader's own choices (backend, speed, digits shown) kept. */
export const vaeMnistFiles: LabFiles<Settings> = {
  read(data, current) {
    const {file, checkpoint} = decodeModelFile(data, {name: "vae", inputDim: 784});
    const {backend, speed, pick} = current;
    const c = file.model.config;
    return {
      settings: {...file.settings, backend, speed, pick},
      start: {step: checkpoint.step, snapshot: checkpoint},
      summary: `a ${c.variational ? "VAE" : "plain autoencoder"} with ${c.latentDim} latent dimensions, trained ${file.step} steps (seed ${file.settings.seed}, on ${file.backend}).`
    };
  }
};
