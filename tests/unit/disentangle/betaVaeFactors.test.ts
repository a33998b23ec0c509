// The β-VAE lab with fewer factors varying (settings.factors): the batches, the MIG rows and the ceiling follow
// the factors that vary. Wasm backend, a tiny model, a few steps.
import * as tf from "@tensorflow/tfjs";
import "../../../src/train/nodeBackends.js";
import {beforeAll, describe, expect, it} from "vitest";
import {createBetaVaeLab} from "../../../src/labs/betaVae.js";
import {betaVaeDefaults, type BetaVaeSettings} from "../../../src/labs/betaVaeSpec.js";

const noMnist = {mnist: () => Promise.reject(new Error("no digits here"))};
const base: BetaVaeSettings = {...betaVaeDefaults, hiddenDim: 16, latentDim: 2, runSteps: 5, lr: 3e-3};

beforeAll(async () => { await tf.setBackend("wasm"); });

describe("createBetaVaeLab with settings.factors", () => {
  it('"position": MIG over x and y only, ceiling about 0.77 on 1,000 sprites; a run ends with a point', async () => {
    const lab = await createBetaVaeLab({...base, factors: "position"}, noMnist, 1000);
    await lab.views();
    for (let i = 0; i < 5; i++) {
      const r = await lab.step();
      expect(Number.isFinite(r.loss)).toBe(true);
    }
    const v = await lab.views();
    lab.dispose();
    expect(v.factors).toEqual([3, 4]);
    expect(v.miNormalised).toHaveLength(2);
    expect(v.gaps).toHaveLength(2);
    // 20 equal-width bins over x's 32 values hold 2 or 1 of them: H(bin) = 2.95 of H(x) = log 32 = 3.47 nats; the
    // runner-up, y, gets the plug-in bias 19 · 31 / (2 · 1000) = 0.29 nats: (2.95 − 0.29) / 3.47 ≈ 0.77.
    expect(v.migCeiling).toBeGreaterThan(0.72);
    expect(v.migCeiling).toBeLessThan(0.8);
    expect(v.points).toHaveLength(1);
    expect(v.points[0].mig).toBeGreaterThanOrEqual(0);
  }, 60_000);

  it('"position-scale": three rows (scale, x, y); the β-TCVAE estimate uses the 6,144 images as N', async () => {
    const lab = await createBetaVaeLab({...base, factors: "position-scale", objective: "beta-tcvae", beta: 6}, noMnist, 500);
    const r = await lab.step();
    expect(r.loss).toBeCloseTo(r.recon + r.mi + 6 * r.tc + r.dwKl, 2);
    const v = await lab.views();
    lab.dispose();
    expect(v.factors).toEqual([1, 3, 4]);
    expect(v.miNormalised).toHaveLength(3);
  }, 60_000);
});
