import * as tf from "@tensorflow/tfjs";
import "../../src/train/nodeBackends.js";
import {beforeAll, describe, expect, it} from "vitest";
import {loadMnistNode} from "../../src/data/mnistNode.js";
import type {MnistSplit} from "../../src/data/mnistPack.js";
import type {LossParts} from "../../src/models/model.js";
import {createVae, type Vae} from "../../src/models/vae.js";
import {Rng} from "../../src/math/rng.js";
import {DivergedError, Trainer} from "../../src/train/trainer.js";

let data: MnistSplit;
beforeAll(async () => { data = await loadMnistNode(); });

const small = {hiddenDim: 32, latentDim: 4};

async function losses(backend: string, seed: number, steps: number): Promise<number[]> {
  await tf.setBackend(backend);
  const model = createVae({hiddenDim: 64, latentDim: 8}, new Rng(seed, "init"));
  const t = new Trainer(model, data.train, {seed, batchSize: 32});
  const out: number[] = [];
  for (let i = 0; i < steps; i++) out.push((await t.step()).loss);
  t.dispose(); model.dispose();
  return out;
}

describe("Trainer", () => {
  it("step() with the same seed reproduces the same losses on cpu, and on wasm to float32 rounding", async () => {
    const a = await losses("cpu", 7, 6);
    const b = await losses("cpu", 7, 6);
    const w = await losses("wasm", 7, 6);
    expect(b).toEqual(a);
    w.forEach((v, i) => expect(Math.abs(v - a[i]) / a[i]).toBeLessThan(1e-4));
    const other = await losses("cpu", 8, 6);
    expect(other[0]).not.toBeCloseTo(a[0], 3);
  });

  it("step() lowers the loss and keeps tf.memory().numTensors flat over 200 steps", async () => {
    await tf.setBackend("cpu");
    const model = createVae(small, new Rng(0, "init"));
    const t = new Trainer(model, data.train, {seed: 0, batchSize: 16, checkpointEvery: 7});
    const first = await t.step();
    await t.evaluate(data.test, {n: 50});
    const before = tf.memory().numTensors;
    let last = first;
    for (let i = 0; i < 200; i++) last = await t.step();
    await t.evaluate(data.test, {n: 50});
    expect(tf.memory().numTensors).toBe(before);
    expect(last.loss).toBeLessThan(first.loss);
    t.dispose(); model.dispose();
  });

  it("step() on a non-finite loss throws DivergedError and restores the last good weights", async () => {
    await tf.setBackend("cpu");
    const model = createVae(small, new Rng(1, "init"));
    let poison = false;
    const lossParts = model.lossParts.bind(model);
    model.lossParts = (x, eps): LossParts => {
      const p = lossParts(x, eps);
      if (!poison) return p;
      const loss = tf.tidy(() => p.loss.mul(NaN) as tf.Scalar);
      p.loss.dispose();
      return {...p, loss};
    };
    const t = new Trainer(model, data.train, {seed: 1, batchSize: 16, checkpointEvery: 10});
    let good = await t.snapshot();
    for (let i = 0; i < 30; i++) {
      await t.step();
      if (t.stepCount === 20) good = await t.snapshot();
    }
    poison = true;
    const err = await t.step().catch((e) => e);
    expect(err).toBeInstanceOf(DivergedError);
    expect(err.restoredStep).toBe(20);
    expect(err.message).toMatch(/diverged at step 31.*restored the weights of step 20/);
    const now = await t.snapshot();
    expect(t.stepCount).toBe(20);
    now.weights.forEach((w, i) => expect(Array.from(w)).toEqual(Array.from(good.weights[i])));
    poison = false;
    const rec = await t.step();
    expect(Number.isFinite(rec.loss)).toBe(true);
    expect(rec.step).toBe(21);
    t.dispose(); model.dispose();
  });

  it("setLearningRate(lr) changes the step size without a reset", async () => {
    await tf.setBackend("cpu");
    const run = async (lr2: number) => {
      const model = createVae(small, new Rng(2, "init"));
      const t = new Trainer(model, data.train, {seed: 2, batchSize: 8});
      await t.step();
      t.setLearningRate(lr2);
      const before = await t.snapshot();
      await t.step();
      const after = await t.snapshot();
      t.dispose(); model.dispose();
      return Math.max(...after.weights[0].map((v, i) => Math.abs(v - before.weights[0][i])));
    };
    const small1 = await run(1e-4), big = await run(1e-2);
    expect(big / small1).toBeGreaterThan(50);
    expect(() => new Trainer(createVae(small, new Rng(0)), data.train, {lr: -1})).toThrow(/invalid lr: -1/);
  });

  it("evaluate() gives the same number twice for the same weights", async () => {
    await tf.setBackend("cpu");
    const model = createVae(small, new Rng(3, "init"));
    const t = new Trainer(model, data.train, {seed: 3});
    const a = await t.evaluate(data.test, {n: 200}), b = await t.evaluate(data.test, {n: 200});
    expect(a.loss).toBe(b.loss);
    expect(a.loss).toBeCloseTo(a.recon + a.kl, 4);
    expect(a.klPerDim.reduce((s, v) => s + v, 0)).toBeCloseTo(a.kl, 3);
    t.dispose(); model.dispose();
  });

  it("evaluate() counts active units from the variance of the posterior means over the held-out inputs, across batches", async () => {
    await tf.setBackend("cpu");
    const model = createVae(small, new Rng(4, "init"));
    const t = new Trainer(model, data.train, {seed: 4});
    const n = 120;
    const e = await t.evaluate(data.test, {n, batchSize: 50}); // three batches: 50, 50, 20
    const mu = tf.tidy(() => model.encode(tf.tensor2d(data.test.images.subarray(0, n * 784), [n, 784])).mu);
    const m = await mu.array();
    mu.dispose();
    const variance = (j: number) => { const c = m.map((r) => r[j]); const mean = c.reduce((a, b) => a + b, 0) / n; return c.reduce((a, b) => a + (b - mean) ** 2, 0) / n; };
    e.unitVariance.forEach((v, j) => expect(v).toBeCloseTo(variance(j), 6));
    expect(e.activeUnits).toBe(e.unitVariance.filter((v) => v > 0.01).length);
    // A unit whose encoder weights are zeroed has the same mean for every input: inactive.
    const w = model.variables[2]; // enc/Wmu [hiddenDim, latentDim] (vaeVariableNames)
    w.assign(tf.tidy(() => tf.concat([tf.zeros([w.shape[0], 1]), w.slice([0, 1], [-1, -1])], 1)));
    const z = await t.evaluate(data.test, {n, batchSize: 50});
    expect(z.unitVariance[0]).toBe(0);
    expect(z.activeUnits).toBeLessThan(small.latentDim);
    t.dispose(); model.dispose();
  });
});

describe("chapter claims", () => {
  it("step() at learning rate 1 on the default VAE diverges within 20 steps, then the weights are finite again", async () => {
    await tf.setBackend("wasm");
    const model = createVae({}, new Rng(0, "init"));
    const t = new Trainer(model, data.train, {seed: 0, lr: 1});
    let err: unknown = null;
    for (let i = 0; i < 20 && !err; i++) await t.step().catch((e) => (err = e));
    expect(err).toBeInstanceOf(DivergedError);
    const w = await t.snapshot();
    expect(w.weights.every((a) => a.every(Number.isFinite))).toBe(true);
    t.dispose(); model.dispose();
  });
});

describe("quality bar", () => {
  it("the default VAE (784-400-20, seed 0) reaches held-out −ELBO ≤ 130 nats after 600 steps at batch 128 (wasm)", async () => {
    await tf.setBackend("wasm");
    const model: Vae = createVae({}, new Rng(0, "init"));
    const t = new Trainer(model, data.train, {seed: 0, batchSize: 128, lr: 1e-3});
    const start = await t.evaluate(data.test);
    for (let i = 0; i < 600; i++) await t.step();
    const end = await t.evaluate(data.test);
    console.log(`held-out −ELBO: ${start.loss.toFixed(1)} before, ${end.loss.toFixed(1)} after 600 steps (recon ${end.recon.toFixed(1)}, KL ${end.kl.toFixed(1)})`);
    expect(end.loss).toBeLessThanOrEqual(130);
    // The chapter's "before you press Train" numbers: it starts near 784·ln 2 ≈ 543 and KL settles around 20–25.
    expect(Math.abs(start.loss - 784 * Math.LN2)).toBeLessThan(30);
    expect(end.kl).toBeGreaterThan(15);
    expect(end.kl).toBeLessThan(30);
    t.dispose(); model.dispose();
  }, 600_000);
});
