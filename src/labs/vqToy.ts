// The 2-d VQ toy as a lab: batches of 2-d points through encoder → quantiser → decoder, with the codebook learning
// by gradient or EMA, the usage tracked, and (optionally) dead codes re-seeded every few steps. Its views are the
// plane: data, encoder outputs, the codes (whose Voronoi cells the page draws), usage and dead codes.
import * as tf from "@tensorflow/tfjs";
import {CodeUsage} from "../math/codeUsage.js";
import {nearestCodes} from "../math/vq.js";
import {toyCodebook, toyData} from "../math/vqToyData.js";
import {VqToyModel} from "../models/vqToy.js";
import {reseedRows} from "../models/vqQuantizer.js";
import {trainStep} from "../train/vqStep.js";
import type {LabFactory, LabRecord} from "../train/lab.js";
import {Adam, readWeights, writeWeights} from "../train/adam.js";
import {Rng} from "../math/rng.js";
import {vqToyFixed as F, type VqToySettings} from "./vqToySpec.js";

export interface VqToyViews {
  /** A fixed sample of the data [n·2], its encoder outputs [n·2] and their codes [n]. */
  data: Float32Array;
  encoded: Float32Array;
  assign: Int32Array;
  /** The codebook [K·2]. */
  codebook: Float32Array;
  /** Usage shares u_k of (6) and the dead flags (1 = dead). */
  usage: Float64Array;
  dead: Uint8Array;
  /** Codes re-seeded so far. */
  resets: number;
}

const SHOWN = 600; // points drawn

export const createVqToyLab: LabFactory<VqToySettings, VqToyViews> = async (settings) => {
  let s = {...settings};
  const data = toyData(s.data, F.points, new Rng(s.seed, "data"));
  const model = new VqToyModel(toyCodebook(s.init, s.K, data, new Rng(s.seed, "codes")), s.K, F.hidden, s.update, F.emaDecay, new Rng(s.seed, "init"), s.encoder);
  const usage = new CodeUsage(s.K, {decay: F.usageDecay, threshold: F.threshold, jitter: 0.02});
  const batches = new Rng(s.seed, "batches"), resets = new Rng(s.seed, "resets");
  const optimizer = new Adam(s.lr);
  // Everything training changes, for the NaN guard's checkpoints (an EMA codebook moves its sums and counts).
  const state = [...model.net, model.codebook, ...(model.ema ? [model.ema.sums, model.ema.counts] : [])];
  const shown = tf.tensor2d(data.subarray(0, 2 * SHOWN), [SHOWN, 2]);
  let step = 0;

  const batch = () => {
    const x = new Float32Array(2 * F.batch);
    for (let i = 0; i < F.batch; i++) { const r = batches.int(F.points); x[2 * i] = data[2 * r]; x[2 * i + 1] = data[2 * r + 1]; }
    return tf.tensor2d(x, [F.batch, 2]);
  };

  return {
    async step(): Promise<LabRecord> {
      const x = batch();
      const p = trainStep([{optimizer, vars: model.trainable}], () => model.lossParts(x, s.beta));
      model.ema?.step(p.z, p.indices);
      const [loss, recon, commit, codebook, indices] = await Promise.all([p.loss, p.recon, p.commit, p.codebook, p.indices].map((t) => t.data()));
      const b = usage.observe(indices);
      step++;
      if (s.reset && step % F.resetEvery === 0 && b.dead > 0) {
        const plan = usage.plan(await p.z.data(), 2, resets);
        await reseedRows(model.ema ? [model.codebook, model.ema.sums, model.ema.counts] : [model.codebook], plan.codes, plan.vectors, F.batch / s.K);
      }
      tf.dispose([x, ...Object.values(p)]);
      return {step, loss: loss[0], recon: recon[0], codebook: codebook[0], commit: commit[0], perplexity: b.perplexity, dead: usage.dead().length, resets: usage.resets};
    },

    async views(): Promise<VqToyViews> {
      const z = model.encode(shown); // [SHOWN, 2]
      const encoded = (await z.data()) as Float32Array;
      z.dispose();
      const codebook = Float32Array.from(await model.codebook.data());
      const dead = new Uint8Array(s.K);
      for (const k of usage.dead()) dead[k] = 1;
      return {
        data: data.slice(0, 2 * SHOWN), encoded, assign: nearestCodes(encoded, codebook, 2), codebook,
        usage: Float64Array.from(usage.usage), dead, resets: usage.resets
      };
    },

    update(changes) {
      s = {...s, ...changes};
      if (changes.lr !== undefined) optimizer.setLearningRate(s.lr);
    },

    async snapshot() { return {step, weights: await readWeights(state)}; },

    /** Back to a checkpoint's weights and codebook, with fresh Adam moments; the usage statistics carry on. */
    restore(snapshot) {
      const snap = snapshot as {step: number; weights: Float32Array[]};
      writeWeights(state, snap.weights);
      optimizer.reset();
      step = snap.step;
    },

    dispose() {
      model.dispose();
      shown.dispose();
      optimizer.dispose();
    }
  };
};
