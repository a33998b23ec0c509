// The live demonstration of chapter 5, pinned: from seed 0, the collapse VAE with its autoregressive decoder loses
// every latent at β = 1, and free bits (λ = 0.5 nats per dimension) keeps them all. MNIST at 14×14, wasm backend.
// The probe (500 held-out digits) runs every 100 steps instead of the widget's 10: it draws nothing from the
// training streams, so the run is the widget's run, and the test is twice as fast.
import * as tf from "@tensorflow/tfjs";
import "../../../src/train/nodeBackends.js";
import {beforeAll, describe, expect, it} from "vitest";
import {loadMnistNode} from "../../../src/data/mnistNode.js";
import type {MnistSplit} from "../../../src/data/mnistPack.js";
import {createAnnealingLab, type AnnealingViews} from "../../../src/labs/annealing.js";
import {annealingDefaults, type AnnealingSettings} from "../../../src/labs/annealingSpec.js";

const STEPS = 300;
let mnist: MnistSplit;

beforeAll(async () => {
  await tf.setBackend("wasm");
  mnist = await loadMnistNode();
});

async function run(settings: Partial<AnnealingSettings>): Promise<{views: AnnealingViews; records: Awaited<ReturnType<Awaited<ReturnType<typeof createAnnealingLab>>["step"]>>[]; tensors: number[]}> {
  const lab = await createAnnealingLab({...annealingDefaults, probeEvery: 100, ...settings}, {mnist: async () => mnist});
  const records = [], tensors = [];
  for (let i = 0; i < STEPS; i++) {
    records.push(await lab.step());
    if (i === 1 || i === STEPS - 1) tensors.push(tf.memory().numTensors);
  }
  const views = await lab.views();
  lab.dispose();
  const p = views.probe;
  console.log(`${settings.kind}: held-out −ELBO ${p.negElbo.toFixed(2)}, active ${p.active}, KL per dim ${p.klPerDim.map((v) => v.toFixed(4)).join(" ")}, ` +
    `mean variance ${p.meanVariance.map((v) => v.toFixed(4)).join(" ")}`);
  return {views, records, tensors};
}

describe("the collapse demonstration (seed 0, 14×14 MNIST, 8 latents, batch 64, Adam 3e-3, 300 steps)", () => {
  it("createAnnealingLab({kind: 'none'}) collapses: no active unit, every dimension's KL below 0.02 nats", async () => {
    const {views, records, tensors} = await run({kind: "none"});
    expect(tensors[1]).toBe(tensors[0]);
    expect(views.probe.step).toBe(STEPS);
    expect(views.probe.active).toBe(0);
    for (const kl of views.probe.klPerDim) expect(kl).toBeLessThan(0.02);
    // It was not dead from the start: at step 100 every unit is active; by step 200 none is (chapter 5's account).
    expect(views.probes.map((p) => [p.step, p.active])).toEqual([[0, 8], [100, 8], [200, 0], [300, 0]]);
    // The collapsed run has the better held-out −ELBO (chapter 5 quotes 35.3 nats here, 37.4 with free bits).
    expect(Math.abs(views.probe.negElbo - 35.3)).toBeLessThan(0.1);
    expect(records.every((r) => r.beta === 1)).toBe(true);
    const first = records.slice(0, 10).reduce((s, r) => s + r.loss, 0), last = records.slice(-10).reduce((s, r) => s + r.loss, 0);
    expect(last).toBeLessThan(first);
  });

  it("createAnnealingLab({kind: 'freeBits', lambda: 0.5}) is rescued: all 8 units active, each KL above 0.3 nats", async () => {
    const {views, records} = await run({kind: "freeBits", lambda: 0.5});
    expect(views.probes.map((p) => p.active)).toEqual([8, 8, 8, 8]);
    expect(Math.abs(views.probe.negElbo - 37.4)).toBeLessThan(0.1);
    for (const kl of views.probe.klPerDim) expect(kl).toBeGreaterThan(0.3);
    // The record's loss is recon + Σ max(λ, KL_j) on the batch (β = 1).
    const r = records[records.length - 1];
    const floored = Array.from({length: 8}, (_, j) => Math.max(0.5, r[`kl${j + 1}`])).reduce((s, v) => s + v, 0);
    expect(r.loss).toBeCloseTo(r.recon + floored, 3);
  });

  it("createAnnealingLab({kind: 'linear', warmup: 4}) trains step t at β(t) = t/4 and its loss is recon + β·KL", async () => {
    const lab = await createAnnealingLab({...annealingDefaults, kind: "linear", warmup: 4, probeEvery: 1000}, {mnist: async () => mnist});
    const records = [];
    for (let i = 0; i < 6; i++) records.push(await lab.step());
    lab.dispose();
    expect(records.map((r) => r.beta)).toEqual([0, 0.25, 0.5, 0.75, 1, 1]);
    for (const r of records) {
      expect(Math.abs(r.loss - (r.recon + r.beta * r.kl))).toBeLessThan(1e-4 * r.loss);
      expect(r.negElbo).toBeCloseTo(r.recon + r.kl, 6);
    }
  });
});
