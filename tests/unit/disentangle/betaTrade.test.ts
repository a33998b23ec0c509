// Chapter 7's headline claim, "β decides the trade": from the same seed and initial weights, runs at β = 1, 4 and 16
// end with less and less KL and worse and worse reconstructions, measured on the evaluation sprites.
import * as tf from "@tensorflow/tfjs";
import "../../../src/train/nodeBackends.js";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {createBetaVaeLab} from "../../../src/labs/betaVae.js";
import {betaVaeDefaults, type BetaVaeSettings, type BetaVaeViews, type RunPoint} from "../../../src/labs/betaVaeSpec.js";
import type {Lab} from "../../../src/train/lab.js";

const steps = 150;
const settings: BetaVaeSettings = {...betaVaeDefaults, factors: "all", beta: 1, hiddenDim: 64, latentDim: 6, runSteps: steps, lr: 3e-3, seed: 0};
const noMnist = {mnist: () => Promise.reject(new Error("no digits here"))};
let lab: Lab<BetaVaeSettings, BetaVaeViews>;
let points: RunPoint[] = [];
const activeAtEnd: number[] = [];

beforeAll(async () => {
  await tf.setBackend("wasm");
  lab = await createBetaVaeLab(settings, noMnist, 1000);
  await lab.views();
  for (const beta of [1, 4, 16]) {
    if (beta !== 1) lab.update!({beta});
    for (let i = 0; i < steps; i++) await lab.step();
    const v = await lab.views();
    points = v.points;
    activeAtEnd.push(v.unitVariance.filter((u) => u > 0.01).length);
  }
}, 180_000);

afterAll(() => lab.dispose());

describe("what β trades (seed 0, 150 steps per run)", () => {
  it("each larger β ends with less KL (β = 16: under a tenth of β = 1's) and a reconstruction at least 5 nats worse", () => {
    expect(points.map((p) => p.beta)).toEqual([1, 4, 16]);
    console.log(points.map((p) => `β = ${p.beta}: recon ${p.recon.toFixed(2)}, KL ${p.kl.toFixed(2)}`).join("; "));
    for (let i = 1; i < points.length; i++) {
      expect(points[i].kl).toBeLessThan(points[i - 1].kl);
      expect(points[i].recon).toBeGreaterThan(points[i - 1].recon + 5);
    }
    expect(points[2].kl).toBeLessThan(points[0].kl / 10);
  });

  it("the status's active units (variance of the posterior mean > 0.01 over the evaluation sprites) fall with β", () => {
    console.log(`active units at the end of each run: ${activeAtEnd.join(", ")} of ${settings.latentDim}`);
    expect(activeAtEnd[0]).toBeGreaterThan(activeAtEnd[2]);
    expect(activeAtEnd[1]).toBeGreaterThanOrEqual(activeAtEnd[2]);
  });
});
