import * as tf from "@tensorflow/tfjs";
import {beforeAll, describe, expect, it} from "vitest";
import {klStandardNormal} from "../../src/math/gaussian.js";
import {gaussianKlPerDim, gaussianKlTerms} from "../../src/models/gaussianKl.js";

beforeAll(async () => { await tf.setBackend("cpu"); });

describe("gaussianKl", () => {
  const mu = [[0.3, -1.2, 0], [2, 0.5, -0.7]], logVar = [[-0.4, 0.9, 0], [0.1, -2, 1.5]];

  it("gaussianKlTerms(mu, logVar) equals klStandardNormal row by row, to 1e-6", async () => {
    const t = gaussianKlTerms(tf.tensor2d(mu), tf.tensor2d(logVar));
    const got = (await t.array()) as number[][];
    t.dispose();
    got.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(klStandardNormal(mu[i], logVar[i])[j], 6)));
  });

  it("gaussianKlTerms is 0 at the prior and takes a logVar shared by the batch ([latentDim])", async () => {
    const zero = gaussianKlTerms(tf.zeros([2, 3]), tf.zeros([3]));
    expect(Array.from(await zero.data())).toEqual([0, 0, 0, 0, 0, 0]);
    const shared = gaussianKlTerms(tf.tensor2d(mu), tf.tensor1d(logVar[0]));
    const got = (await shared.array()) as number[][];
    got.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(klStandardNormal(mu[i], logVar[0])[j], 6)));
    tf.dispose([zero, shared]);
  });

  it("gaussianKlPerDim(mu, logVar) is the batch mean of the terms, and leaves no tensor behind", async () => {
    const before = tf.memory().numTensors;
    const m = tf.tensor2d(mu), lv = tf.tensor2d(logVar);
    const k = gaussianKlPerDim(m, lv);
    const got = Array.from(await k.data());
    const rows = mu.map((r, i) => klStandardNormal(r, logVar[i]));
    got.forEach((v, j) => expect(v).toBeCloseTo((rows[0][j] + rows[1][j]) / 2, 6));
    tf.dispose([m, lv, k]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
