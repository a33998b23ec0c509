// The β-VAE lab in Node (wasm backend, a small model): records, views, runs and trade-off points, memory, restore.
import * as tf from "@tensorflow/tfjs";
import "../../../src/train/nodeBackends.js";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {createBetaVaeLab} from "../../../src/labs/betaVae.js";
import {betaVaeDefaults, betaVaeFixed, betaVaeSpec, type BetaVaeSettings} from "../../../src/labs/betaVaeSpec.js";
import type {Lab, LabRecord} from "../../../src/train/lab.js";
import type {BetaVaeViews} from "../../../src/labs/betaVaeSpec.js";

const settings: BetaVaeSettings = {...betaVaeDefaults, factors: "all", beta: 4, hiddenDim: 32, latentDim: 4, runSteps: 30, lr: 3e-3};
const noMnist = {mnist: () => Promise.reject(new Error("no digits here"))};
let lab: Lab<BetaVaeSettings, BetaVaeViews>;
const records: LabRecord[] = [];
let tensorsAfterWarmUp = 0, tensorsAtEnd = 0;

beforeAll(async () => {
  await tf.setBackend("wasm"); // the lab's backend in the page; 1,000 sprites measured instead of 5,000 to keep this fast
  lab = await createBetaVaeLab(settings, noMnist, 1000);
  await lab.views(); // as the runner does after building a lab: measures step 0
  records.push(await lab.step());
  await lab.views();
  tensorsAfterWarmUp = tf.memory().numTensors;
  for (let i = 1; i < 30; i++) records.push(await lab.step());
  await lab.views();
  tensorsAtEnd = tf.memory().numTensors;
}, 120_000);

afterAll(() => lab.dispose());

describe("betaVaeSpec", () => {
  it("the spec's check (from its schema) accepts the defaults and names a bad value", () => {
    expect(betaVaeSpec.check(betaVaeDefaults)).toBeNull();
    expect(betaVaeSpec.check({...betaVaeDefaults, beta: 0})).toBe("invalid beta: 0; expected a number in [0.1, 32]");
    expect(betaVaeSpec.check({...betaVaeDefaults, beta: NaN})).toMatch(/invalid beta: NaN/);
    expect(betaVaeSpec.check({...betaVaeDefaults, objective: "factor" as never})).toMatch(/invalid objective: "factor"/);
    expect(betaVaeSpec.check({...betaVaeDefaults, latentDim: 1})).toMatch(/invalid latentDim: 1/);
    expect(betaVaeSpec.check({...betaVaeDefaults, factors: "colour" as never})).toBe('invalid factors: "colour"; expected one of position, position-scale, all');
    expect(betaVaeSpec.resetKeys).toContain("factors");
    expect(betaVaeSpec.resetKeys).not.toContain("beta");
  });
});

describe("createBetaVaeLab", () => {
  it("step() returns finite records numbered from 1, and the loss falls (mean of the last 10 below the first 10)", () => {
    expect(records.map((r) => r.step)).toEqual(Array.from({length: 30}, (_, i) => i + 1));
    for (const r of records) for (const v of Object.values(r)) expect(Number.isFinite(v)).toBe(true);
    const mean = (a: LabRecord[]) => a.reduce((s, r) => s + r.loss, 0) / a.length;
    expect(mean(records.slice(-10))).toBeLessThan(mean(records.slice(0, 10)));
  });

  it("the β-VAE loss is recon + β·kl", () => {
    for (const r of records) expect(r.loss).toBeCloseTo(r.recon + settings.beta * r.kl, 2);
  });

  it("keeps tf.memory().numTensors flat across steps and views", () => {
    expect(tensorsAtEnd).toBe(tensorsAfterWarmUp);
  });

  it("a finished run adds one trade-off point; views have the traversal, KL per dimension and MIG", async () => {
    const v = await lab.views();
    expect(v.run).toEqual({index: 1, beta: 4, objective: "beta-vae", step: 30, steps: 30});
    expect(v.points).toHaveLength(1);
    expect(v.points[0]).toMatchObject({run: 1, beta: 4, objective: "beta-vae", steps: 30});
    expect(v.points[0].mig).toBeGreaterThanOrEqual(0);
    expect(v.points[0].mig).toBeLessThanOrEqual(1);
    expect(v.traversal.length).toBe(4 * betaVaeFixed.traversal.length * 32 * 32);
    expect(v.traversalBase.length).toBe(2 * 32 * 32);
    expect(v.klPerDim).toHaveLength(4);
    expect(v.unitVariance).toHaveLength(4);
    for (const u of v.unitVariance) expect(u).toBeGreaterThanOrEqual(0);
    expect(v.factors).toEqual([0, 1, 2, 3, 4]);
    expect(v.miNormalised).toHaveLength(5);
    expect(v.miNormalised[0]).toHaveLength(4);
    expect(v.migHistory.map((h) => h.step)).toEqual([0, 30]);
    expect(v.migCeiling).toBeGreaterThan(0.8); // ≈ 0.89 on 5,000 sprites; plug-in estimates on 1,000 differ a little
    expect(v.migCeiling).toBeLessThan(0.95);
  });

  it("changing β starts run 2 from the same initial weights; the points stay; steps keep counting", async () => {
    lab.update!({beta: 1});
    const v = await lab.views();
    expect(v.run).toMatchObject({index: 2, beta: 1, step: 0});
    expect(v.points).toHaveLength(1);
    const r = await lab.step();
    expect(r).toMatchObject({step: 31, run: 2, runStep: 1, beta: 1});
    expect(r.loss).toBeCloseTo(records[0].recon + records[0].kl, 3); // same weights, batch and ε as run 1's first step
  });

  it("the β-TCVAE objective trains too: loss = recon + mi + β·tc + dwKl", async () => {
    lab.update!({objective: "beta-tcvae", beta: 6});
    for (let i = 0; i < 3; i++) {
      const r = await lab.step();
      expect(r.loss).toBeCloseTo(r.recon + r.mi + 6 * r.tc + r.dwKl, 2);
    }
  });

  it("snapshot() / restore() go back to the snapshot's weights and step", async () => {
    const snap = await lab.snapshot!();
    const before = (await lab.views()).traversal;
    const a = await lab.step();
    lab.restore!(snap);
    expect(Array.from((await lab.views()).traversal)).toEqual(Array.from(before));
    const b = await lab.step();
    expect(b.step).toBe(a.step);
    expect(b.runStep).toBe(a.runStep);
  });
});
