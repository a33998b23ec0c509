// The β-VAE lab: the MLP VAE of src/models/vae.ts on procedural dSprites (src/data/dsprites.ts), trained with the
// β-VAE or β-TCVAE loss (src/models/betaTcVae.ts), measured with MIG (src/math/mig.ts) against the known factors.
// Every batch is 64 fresh sprites drawn uniformly from the images whose varying factors (settings.factors) take any
// value and the others the traversal sprite's; a run starts from the same weights, batches and ε
// whatever β is, so two runs differ only by their objective. Settings and views: betaVaeSpec.ts.
import * as tf from "@tensorflow/tfjs";
import {FACTOR_SIZES, renderBatch, renderSprite, sampleFactors, type Factors} from "../data/dsprites.js";
import {mig} from "../math/mig.js";
import {tcLossParts} from "../models/betaTcVae.js";
import {createVae, type Vae} from "../models/vae.js";
import {Adam, readWeights, writeWeights} from "../train/adam.js";
import type {Lab, LabContext, LabRecord} from "../train/lab.js";
import {Rng} from "../math/rng.js";
import {betaVaeFixed as F, FACTOR_SETS, type BetaVaeSettings, type BetaVaeViews, type RunPoint} from "./betaVaeSpec.js";
import {evaluateCode} from "./betaVaeEval.js";

const PIXELS = F.side * F.side;

interface Snapshot {
  run: number;
  runStep: number;
  step: number;
  weights: Float32Array[];
}

interface RunState {
  index: number;
  beta: number;
  objective: BetaVaeSettings["objective"];
  step: number;
  batches: Rng;
  eps: Rng;
}

/** The lab (a LabFactory; the runner passes two arguments). `evalCount` lets tests measure on fewer sprites. */
export const createBetaVaeLab = async (settings: BetaVaeSettings, _context?: LabContext, evalCount: number = F.evalCount): Promise<Lab<BetaVaeSettings, BetaVaeViews>> => {
  let s = {...settings};
  const D = s.latentDim;
  const vae: Vae = createVae({inputDim: PIXELS, hiddenDim: s.hiddenDim, latentDim: D, beta: 1}, new Rng(s.seed, "init"));
  const initial = await readWeights(vae.variables);
  const optimizer = new Adam(s.lr);
  let globalStep = 0;
  const vary: number[] = [...FACTOR_SETS[s.factors]];
  const fixed = F.traversalSprite as unknown as Factors;
  const sample = (n: number, rng: Rng) => sampleFactors(n, () => rng.uniform(), vary, fixed);
  const datasetSize = vary.reduce((a, k) => a * FACTOR_SIZES[k], 1); // N of the β-TCVAE estimates
  const evalRng = new Rng(s.seed, "eval");
  const evalFactors = sample(evalCount, evalRng);
  const evalImages = renderBatch(evalFactors, F);
  const evalFlat = Int32Array.from(evalFactors.flatMap((f) => vary.map((k) => f[k]))); // n × K, the varying factors only
  const sizes = vary.map((k) => FACTOR_SIZES[k]);
  const evalEps = new Rng(s.seed, "evalEps").normals(evalCount * D);
  const migCeiling = mig(Float64Array.from(evalFlat), evalFlat, sizes, {bins: F.bins}).mig;
  const baseSprite = renderSprite(fixed, F);
  const points: RunPoint[] = [];
  let measured: Awaited<ReturnType<typeof evaluateCode>> | null = null;
  let history: BetaVaeViews["migHistory"] = [];
  const klAverage = new Array<number>(D).fill(0); // KL per dimension, running average over training batches (≈ the last 10)

  const newRun = (index: number): RunState => ({
    index, beta: s.beta, objective: s.objective, step: 0, batches: new Rng(s.seed, "batches"), eps: new Rng(s.seed, "eps")
  });
  let run = newRun(1);

  async function measure(): Promise<void> {
    measured = await evaluateCode(vae, evalImages, evalFlat, sizes, evalEps, F.bins);
    history.push({step: run.step, mig: measured.mig.mig, recon: measured.recon});
  }

  function restart(): void {
    writeWeights(vae.variables, initial);
    optimizer.reset();
    run = newRun(run.index + 1);
    history = [];
  }

  return {
    async step(): Promise<LabRecord> {
      const M = F.batch;
      const x = tf.tensor2d(renderBatch(sample(M, run.batches), F), [M, PIXELS]);
      const eps = tf.tensor2d(run.eps.normals(M * D), [M, D]);
      let parts: tf.Tensor1D | null = null;
      const opts = {objective: run.objective, beta: run.beta, datasetSize};
      const {value: cost, grads} = tf.variableGrads(() => {
        const p = tcLossParts(vae, x, eps, opts);
        parts = tf.keep(tf.concat([tf.stack([p.recon, p.kl, p.mi, p.tc, p.dwKl]), p.klPerDim]) as tf.Tensor1D);
        return p.loss;
      }, vae.variables);
      optimizer.apply(vae.variables, grads);
      tf.dispose(grads);
      const [loss] = await cost.data();
      const values = await parts!.data();
      const [recon, kl, mi, tc, dwKl] = values;
      for (let j = 0; j < D; j++) klAverage[j] = run.step === 0 ? values[5 + j] : 0.9 * klAverage[j] + 0.1 * values[5 + j];
      tf.dispose([x, eps, cost, parts!]);
      run.step++;
      globalStep++;
      if (run.step % F.evalEvery === 0 || run.step === s.runSteps) await measure();
      if (run.step === s.runSteps && measured) {
        points.push({run: run.index, beta: run.beta, objective: run.objective, steps: run.step, recon: measured.recon, kl: measured.kl, mig: measured.mig.mig});
      }
      return {step: globalStep, loss, recon, kl, mi, tc, dwKl, beta: run.beta, run: run.index, runStep: run.step};
    },

    async views(): Promise<BetaVaeViews> {
      if (!history.length) await measure(); // step 0 of a run: measured on first look, not when the runner probes backends
      const T = F.traversal.length;
      const decoded = tf.tidy(() => {
        const mu = vae.encode(tf.tensor2d(baseSprite, [1, PIXELS])).mu; // [1, D]
        const codes = tf.tile(mu, [D * T, 1]); // [D·T, D]: row j·T + c sets z_j = traversal[c]
        const mask = tf.oneHot(tf.tensor1d(Array.from({length: D * T}, (_, r) => Math.floor(r / T)), "int32"), D); // [D·T, D]
        const values = tf.tensor2d(Array.from({length: D * T}, (_, r) => F.traversal[r % T]), [D * T, 1]);
        const z = tf.add(tf.mul(codes, tf.sub(1, mask)), tf.mul(mask, values)) as tf.Tensor2D;
        return tf.concat([vae.decode(mu), vae.decode(z)]); // [1 + D·T, PIXELS]
      });
      const pixels = (await decoded.data()) as Float32Array;
      decoded.dispose();
      const base = new Float32Array(2 * PIXELS);
      base.set(baseSprite);
      base.set(pixels.subarray(0, PIXELS), PIXELS);
      const m = measured!;
      return {
        run: {index: run.index, beta: run.beta, objective: run.objective, step: run.step, steps: s.runSteps},
        latentDim: D, factors: vary.slice(), side: F.side,
        traversal: pixels.slice(PIXELS), traversalBase: base,
        klPerDim: run.step > 0 ? klAverage.slice() : m.klPerDim,
        migHistory: history.slice(),
        miNormalised: m.mig.mi.map((row, k) => row.map((v) => v / m.mig.entropies[k])),
        gaps: m.mig.gaps, unitVariance: m.unitVariance, migCeiling, points: points.slice()
      };
    },

    update(changes: Partial<BetaVaeSettings>): void {
      s = {...s, ...changes};
      if (changes.beta !== undefined || changes.objective !== undefined) restart();
      else if (changes.lr !== undefined) optimizer.setLearningRate(s.lr);
    },

    async snapshot(): Promise<Snapshot> {
      return {run: run.index, runStep: run.step, step: globalStep, weights: await readWeights(vae.variables)};
    },

    /**
     * Back to a snapshot of this run, with fresh Adam moments; one of an earlier run (β changed since) goes back to
     * this run's start.
     */
    restore(snapshot: unknown): void {
      const snap = snapshot as Snapshot;
      const same = snap.run === run.index;
      writeWeights(vae.variables, same ? snap.weights : initial);
      optimizer.reset();
      globalStep = snap.step;
      run.step = same ? snap.runStep : 0;
    },

    dispose(): void {
      optimizer.dispose();
      vae.dispose();
    }
  };
};
