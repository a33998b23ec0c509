// The MNIST VQ-VAE as a lab: train on batches of 64 digits, track code usage (perplexity, dead codes), optionally
// re-seed dead codes, and show reconstructions, one digit's 7×7 code grid, the held-out usage, and samples decoded
// from three priors over code grids (uniform, per position, neighbour-conditioned; src/math/codePrior.ts).
import * as tf from "@tensorflow/tfjs";
import {CodePrior} from "../math/codePrior.js";
import {CodeUsage} from "../math/codeUsage.js";
import {parseLevels} from "../math/fsq.js";
import {codeCounts, perplexity} from "../math/vq.js";
import {GRID, POSITIONS, PIXELS, VqVae} from "../models/vqVae.js";
import {reseedRows} from "../models/vqQuantizer.js";
import {trainStep} from "../train/vqStep.js";
import type {LabFactory, LabRecord} from "../train/lab.js";
import {Adam, readWeights, writeWeights} from "../train/adam.js";
import {Rng} from "../math/rng.js";
import {vqMnistFixed as F, type VqMnistSettings} from "./vqMnistSpec.js";

export type PriorKind = "uniform" | "position" | "neighbour";

export interface VqMnistViews {
  /** The shown held-out digits [16·784] and their reconstructions. */
  originals: Float32Array;
  recons: Float32Array;
  /** The code grids of the shown digits [16·49]. */
  grids: Int32Array;
  /** Codes in the codebook (K, or ∏ levels for FSQ). */
  codes: number;
  /** Code counts over the held-out digits [codes], their perplexity (5), and the dead codes by (6). */
  heldOutCounts: Float64Array;
  heldOutPerplexity: number;
  dead: number;
  /** Decoded samples [8·784] under each prior, the step the priors were fitted at, and their held-out bits per code. */
  samples: Record<PriorKind, Float32Array>;
  priorStep: number;
  bits: Record<PriorKind, number>;
}

const KINDS: PriorKind[] = ["uniform", "position", "neighbour"];

export const createVqMnistLab: LabFactory<VqMnistSettings, VqMnistViews> = async (settings, ctx) => {
  let s = {...settings};
  const {train, test} = await ctx.mnist();
  const levels = parseLevels(s.levels);
  const model = new VqVae({quantizer: s.quantizer, K: s.K, D: s.D, levels, hidden: F.hidden, beta: s.beta}, new Rng(s.seed, "init"), F.emaDecay);
  const codes = model.codes;
  const usage = new CodeUsage(codes, {decay: F.usageDecay, threshold: F.threshold, jitter: 0.01});
  const batches = new Rng(s.seed, "batches"), resets = new Rng(s.seed, "resets");
  // The codebook gets its own Adam with a larger step: Adam moves a code at most ~lr per step, too slowly to follow
  // encoder outputs that spread out early in training (the commitment term then spikes).
  const optimizer = new Adam(s.lr), codeOptimizer = new Adam(F.codebookLrFactor * s.lr);
  // Everything training changes, for the NaN guard's checkpoints (an EMA codebook moves its sums and counts).
  const state = [...model.net, ...(model.codebook ? [model.codebook] : []), ...(model.ema ? [model.ema.sums, model.ema.counts] : [])];
  const groups = () => model.config.quantizer === "gradient"
    ? [{optimizer, vars: model.net}, {optimizer: codeOptimizer, vars: [model.codebook!]}] : [{optimizer, vars: model.net}];
  const heldOut = tf.tensor2d(test.images.subarray(0, F.heldOut * PIXELS), [F.heldOut, PIXELS]);
  const priorRows = new Rng(s.seed, "prior").shuffle(Int32Array.from({length: train.n}, (_, i) => i)).subarray(0, F.priorImages);
  let step = 0, prior: {step: number; samples: Record<PriorKind, Float32Array>; bits: Record<PriorKind, number>} | null = null;

  const rows = (ids: ArrayLike<number>) => {
    const x = new Float32Array(ids.length * PIXELS);
    for (let i = 0; i < ids.length; i++) x.set(train.images.subarray(ids[i] * PIXELS, (ids[i] + 1) * PIXELS), i * PIXELS);
    return tf.tensor2d(x, [ids.length, PIXELS]);
  };
  /** Code grids [n·49] of images x [n, 784], encoded in batches of 64. */
  const encodeGrids = async (x: tf.Tensor2D): Promise<Int32Array> => {
    const n = x.shape[0], out = new Int32Array(n * POSITIONS);
    for (let b = 0; b < n; b += F.batch) {
      const idx = tf.tidy(() => model.quantize(model.encode(tf.slice(x, [b, 0], [Math.min(F.batch, n - b), PIXELS]))).indices);
      out.set(await idx.data() as Int32Array, b * POSITIONS);
      idx.dispose();
    }
    return out;
  };
  const decode = async (grids: Int32Array): Promise<Float32Array> => {
    const t = model.decodeIndices(grids);
    const v = (await t.data()) as Float32Array;
    t.dispose();
    return v;
  };

  async function fitPrior() {
    const x = rows(priorRows);
    const fitted = new CodePrior(await encodeGrids(x), GRID, codes, 0.01, F.priorLambda);
    x.dispose();
    const heldGrids = await encodeGrids(heldOut);
    const rng = new Rng(s.seed, `samples-${step}`);
    const samples = {} as Record<PriorKind, Float32Array>, bits = {} as Record<PriorKind, number>;
    for (const kind of KINDS) {
      const grids = new Int32Array(F.samples * POSITIONS);
      for (let i = 0; i < F.samples; i++) grids.set(fitted.sample(kind, rng), i * POSITIONS);
      samples[kind] = await decode(grids);
      bits[kind] = fitted.bitsPerCode(kind, heldGrids);
    }
    prior = {step, samples, bits};
  }

  return {
    async step(): Promise<LabRecord> {
      const ids = Int32Array.from({length: F.batch}, () => batches.int(train.n));
      const x = rows(ids);
      const p = trainStep(groups(), () => model.lossParts(x));
      model.ema?.step(p.z, p.indices);
      const [loss, recon, commit, indices] = await Promise.all([p.loss, p.recon, p.commit, p.indices].map((t) => t.data()));
      const b = usage.observe(indices);
      step++;
      if (s.reset && s.quantizer !== "fsq" && step % F.resetEvery === 0 && b.dead > 0) {
        const plan = usage.plan(await p.z.data(), model.codeDim, resets);
        const vars = model.ema ? [model.codebook!, model.ema.sums, model.ema.counts] : [model.codebook!];
        await reseedRows(vars, plan.codes, plan.vectors, (F.batch * POSITIONS) / codes);
      }
      tf.dispose([x, ...Object.values(p)]);
      return {step, loss: loss[0], recon: recon[0], commit: commit[0], perplexity: b.perplexity, used: b.used, dead: usage.dead().length, resets: usage.resets};
    },

    async views(): Promise<VqMnistViews> {
      if (!prior || step - prior.step >= F.priorEvery) await fitPrior();
      const grids = await encodeGrids(heldOut);
      const shownGrids = grids.slice(0, F.shown * POSITIONS);
      const counts = codeCounts(grids, codes);
      return {
        originals: test.images.slice(0, F.shown * PIXELS), recons: await decode(shownGrids), grids: shownGrids, codes,
        heldOutCounts: counts, heldOutPerplexity: perplexity(counts), dead: usage.dead().length,
        samples: prior!.samples, priorStep: prior!.step, bits: prior!.bits
      };
    },

    update(changes) {
      s = {...s, ...changes};
      if (changes.lr !== undefined) { optimizer.setLearningRate(s.lr); codeOptimizer.setLearningRate(F.codebookLrFactor * s.lr); }
      if (changes.beta !== undefined) model.setBeta(s.beta);
    },

    async snapshot() { return {step, weights: await readWeights(state)}; },

    /** Back to a checkpoint's weights and codebook, with fresh Adam moments; the usage statistics carry on. */
    restore(snapshot) {
      const snap = snapshot as {step: number; weights: Float32Array[]};
      writeWeights(state, snap.weights);
      optimizer.reset();
      codeOptimizer.reset();
      step = snap.step;
    },

    dispose() {
      model.dispose();
      heldOut.dispose();
      optimizer.dispose();
      codeOptimizer.dispose();
    }
  };
};
