// The 2-d toy, seeded: codes started in a corner die under the gradient update, and the dead-code reset revives them.
import * as tf from "@tensorflow/tfjs";
import {beforeAll, describe, expect, it} from "vitest";
import {createVqToyLab} from "../../../src/labs/vqToy.js";
import {vqToyDefaults, vqToySpec, type VqToySettings} from "../../../src/labs/vqToySpec.js";
import type {LabRecord} from "../../../src/train/lab.js";

beforeAll(async () => { await tf.setBackend("cpu"); });

const noMnist = {mnist: () => Promise.reject(new Error("the toy needs no digits"))};
const STEPS = 400;

async function run(changes: Partial<VqToySettings>) {
  const lab = await createVqToyLab({...vqToyDefaults, ...changes}, noMnist);
  const records: LabRecord[] = [];
  records.push(await lab.step());
  const tensors = tf.memory().numTensors;
  for (let t = 1; t < STEPS; t++) records.push(await lab.step());
  const views = await lab.views();
  const flat = tf.memory().numTensors === tensors;
  lab.dispose();
  const last = records.slice(-20);
  const mean = (k: string) => last.reduce((s, r) => s + r[k], 0) / last.length;
  return {records, views, flat, dead: records[records.length - 1].dead, perplexity: mean("perplexity"), recon: mean("recon")};
}

describe("the VQ toy lab", () => {
  it("dead-code reset revives the codes that die under the gradient update (seed 0, codes start in a corner)", async () => {
    const plain = await run({});
    const reset = await run({reset: true});
    // Measured: 17 of 24 codes dead and perplexity ≈ 6.8 without the reset; 0 dead and ≈ 17 with it.
    expect(plain.dead).toBeGreaterThanOrEqual(12);
    expect(reset.dead).toBe(0);
    expect(reset.records[reset.records.length - 1].resets).toBeGreaterThanOrEqual(plain.dead);
    expect(reset.perplexity).toBeGreaterThan(1.8 * plain.perplexity);
    expect(reset.recon).toBeLessThan(0.5 * plain.recon);
    expect(plain.flat && reset.flat).toBe(true);
    // the views agree with the records: as many codes flagged dead
    expect(plain.views.dead.reduce((a, b) => a + b, 0)).toBe(plain.dead);
    expect(plain.views.codebook.length).toBe(2 * vqToyDefaults.K);
  });

  it("the same seed gives the same run", async () => {
    const a = await createVqToyLab(vqToyDefaults, noMnist), b = await createVqToyLab(vqToyDefaults, noMnist);
    for (let t = 0; t < 5; t++) expect((await a.step()).loss).toBe((await b.step()).loss);
    a.dispose();
    b.dispose();
  });

  it("the spec's check (from its schema) names the bad value; the rebuild keys are the schema's", () => {
    const check = vqToySpec.check;
    expect(check(vqToyDefaults)).toBeNull();
    expect(check({...vqToyDefaults, K: 1})).toBe("invalid K: 1; expected an integer in [2, 64]");
    expect(check({...vqToyDefaults, lr: 0})).toBe("invalid lr: 0; expected a number in (0, 0.5]");
    expect(check({...vqToyDefaults, update: "adam" as "ema"})).toBe('invalid update: "adam"; expected one of gradient, ema');
    expect(vqToySpec.resetKeys).toEqual(["update", "init", "encoder", "data", "K", "seed"]);
  });
});
