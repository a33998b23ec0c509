// The independent check of the closed form: train the tfjs linear VAE with the site's Trainer (Adam, full batch,
// wasm backend, as the page's lab) on data with a known spectrum, and compare what it learns with math/linearVae.ts.
// Adam at 0.05 (the lab's rate) reaches the optimum to ~1e-5 in 600 exact full-batch steps; the sampled ELBO then
// needs a smaller rate to average out its noise, so it takes 400 steps at 0.05 and 400 at 0.005.
import * as tf from "@tensorflow/tfjs";
import "../../../src/train/nodeBackends.js";
import {beforeAll, describe, expect, it} from "vitest";
import type {Digits} from "../../../src/data/mnistPack.js";
import {activeUnits} from "../../../src/math/activeUnits.js";
import {optimalNegElbo, pcaCollapsePrediction, syntheticGaussian} from "../../../src/math/linearVae.js";
import {createLinearVae, type LinearVaeConfig} from "../../../src/models/linearVae.js";
import {Rng} from "../../../src/math/rng.js";
import {Trainer} from "../../../src/train/trainer.js";

const EIG = [4, 2, 1, 0.5, 0.25]; // data variances along 5 random orthogonal directions
const S2 = 0.8; // fixed observation variance: theory says λ = 4, 2, 1 survive and λ = 0.5, 0.25 collapse
const N = 1000; // points, all in one batch
const SURVIVAL_KL = 0.01; // nats: a latent survives when its KL is above this (the smallest predicted survivor has 0.112)

const data = syntheticGaussian(EIG, N, new Rng(0, "data"));
const digits: Digits = {images: data.x, labels: new Uint8Array(N), n: N}; // the Trainer's data shape; labels unused
const predicted = pcaCollapsePrediction(EIG, S2);

beforeAll(async () => { await tf.setBackend("wasm"); });

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((s, x, i) => s + x * b[i], 0);

/** Trains from seed 0, `steps` steps at each learning rate in turn, and reads back what the comparison needs. */
async function train(expectation: LinearVaeConfig["expectation"], steps: number, lrs: number[]) {
  const model = createLinearVae({sigma2: S2, expectation}, new Rng(0, "init"));
  const t = new Trainer(model, digits, {seed: 0, batchSize: N, lr: lrs[0]});
  await t.step();
  const tensorsAfterWarmUp = tf.memory().numTensors;
  for (let i = 1; i < steps * lrs.length; i++) {
    if (i % steps === 0) t.setLearningRate(lrs[i / steps]);
    await t.step();
  }
  const tensorsAtEnd = tf.memory().numTensors;
  const ev = await t.evaluate(digits); // held-out = training data here; KL per dimension does not depend on ε
  const [, , lv, W] = model.variables;
  const variances = Array.from(await lv.data(), Math.exp);
  const w = await W.data(); // [latentDim, inputDim]
  const rows = [0, 1, 2, 3, 4].map((j) => Array.from(w.subarray(j * 5, (j + 1) * 5)));
  const enc = model.encode(tf.tensor2d(data.x, [N, 5]));
  const mu = await enc.mu.data();
  tf.dispose([enc.mu, enc.logVar]);
  t.dispose(); model.dispose();
  return {ev, variances, rows, mu, tensorsAfterWarmUp, tensorsAtEnd};
}

/** Survivors, each matched to the principal direction its decoder row is most aligned with. */
function match(r: Awaited<ReturnType<typeof train>>) {
  return r.ev.klPerDim.flatMap((kl, j) => {
    if (kl <= SURVIVAL_KL) return [];
    const norm = Math.sqrt(dot(r.rows[j], r.rows[j]));
    const cos = data.directions.map((u) => Math.abs(dot(r.rows[j], u)) / norm);
    const i = cos.indexOf(Math.max(...cos));
    return [{latent: j, direction: i, cos: cos[i], kl, variance: r.variances[j], weightNorm2: norm * norm}];
  });
}

function report(name: string, r: Awaited<ReturnType<typeof train>>) {
  const m = match(r);
  const lines = m.slice().sort((a, b) => a.direction - b.direction).map((s) => {
    const p = predicted[s.direction];
    return `  λ=${p.eigenvalue}: posterior variance ${s.variance.toFixed(5)} vs σ²/λ = ${p.posteriorVariance.toFixed(5)} ` +
      `(rel. err ${(Math.abs(s.variance - p.posteriorVariance) / p.posteriorVariance).toExponential(2)}), KL ${s.kl.toFixed(5)} vs ${p.kl.toFixed(5)}, |cos| ${s.cos.toFixed(6)}`;
  });
  const dead = r.ev.klPerDim.map((kl, j) => ({kl, v: r.variances[j]})).filter((d) => d.kl <= SURVIVAL_KL);
  console.log(`${name}: −ELBO ${r.ev.loss.toFixed(6)} vs optimum ${optimalNegElbo(EIG, S2).toFixed(6)}\n${lines.join("\n")}\n` +
    `  collapsed: KL ${dead.map((d) => d.kl.toExponential(1)).join(", ")}; variance ${dead.map((d) => d.v.toFixed(5)).join(", ")}`);
  return m;
}

describe("the trained linear VAE against the probabilistic-PCA closed form (eigenvalues 4, 2, 1, 0.5, 0.25; σ² = 0.8)", () => {
  it("analytic ELBO, 600 full-batch Adam steps: λ = 4, 2, 1 survive and λ = 0.5, 0.25 collapse; posterior variances σ²/λ within 0.1%", async () => {
    const r = await train("analytic", 600, [0.05]);
    const m = report("analytic", r);
    expect(r.tensorsAtEnd).toBe(r.tensorsAfterWarmUp);
    // Which directions survive: exactly those with λ > σ², one latent each.
    expect(m.map((s) => s.direction).sort()).toEqual([0, 1, 2]);
    // Per-dimension KL, sorted, against ½ max(0, log(λ/σ²)), sorted: to 1e-4 nats.
    const klSorted = r.ev.klPerDim.slice().sort((a, b) => b - a);
    const klPredicted = predicted.map((p) => p.kl).sort((a, b) => b - a);
    klSorted.forEach((k, i) => expect(Math.abs(k - klPredicted[i])).toBeLessThan(1e-4));
    for (const s of m) {
      const p = predicted[s.direction];
      expect(s.cos).toBeGreaterThan(0.999); // the latent axis is the principal direction
      expect(Math.abs(s.variance - p.posteriorVariance) / p.posteriorVariance).toBeLessThan(1e-3);
      expect(Math.abs(s.weightNorm2 - p.weightNorm2)).toBeLessThan(1e-3);
    }
    // The collapsed latents: prior variance, no decoder weight.
    r.ev.klPerDim.forEach((kl, j) => {
      if (kl > SURVIVAL_KL) return;
      expect(Math.abs(r.variances[j] - 1)).toBeLessThan(1e-3);
      expect(dot(r.rows[j], r.rows[j])).toBeLessThan(1e-3);
    });
    // Active units (variance over inputs of the posterior mean > 0.01): 3, with variances 1 − σ²/λ = 0.8, 0.6, 0.2.
    const au = activeUnits(r.mu, N, 5);
    expect(au.active).toBe(3);
    for (const s of m) expect(Math.abs(au.variances[s.latent] - predicted[s.direction].meanVariance)).toBeLessThan(1e-3);
    // The optimum's −ELBO, which is −log p(x) of pPCA.
    expect(Math.abs(r.ev.loss - optimalNegElbo(EIG, S2))).toBeLessThan(1e-4);
  });

  it("sampled ELBO (one z per example), 800 steps: the same three directions survive; KLs within 0.01 nats, posterior variances σ²/λ within 2%", async () => {
    const r = await train("sampled", 400, [0.05, 0.005]);
    const m = report("sampled", r);
    expect(m.map((s) => s.direction).sort()).toEqual([0, 1, 2]);
    const klSorted = r.ev.klPerDim.slice().sort((a, b) => b - a);
    const klPredicted = predicted.map((p) => p.kl).sort((a, b) => b - a);
    klSorted.forEach((k, i) => expect(Math.abs(k - klPredicted[i])).toBeLessThan(0.01));
    for (const s of m) {
      const p = predicted[s.direction];
      expect(s.cos).toBeGreaterThan(0.99);
      expect(Math.abs(s.variance - p.posteriorVariance) / p.posteriorVariance).toBeLessThan(0.02);
    }
    expect(activeUnits(r.mu, N, 5).active).toBe(3);
  });
});
