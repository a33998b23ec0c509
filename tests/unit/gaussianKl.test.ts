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

describe("gaussianKlPerDim's written-out gradient", () => {
  // a weighted sum of the KLs, so each dimension's upstream gradient differs
  const w = [0.7, -1.3, 2.1];
  const mu = [[0.3, -1.2, 0], [2, 0.5, -0.7]], lvRows = [[-0.4, 0.9, 0], [0.1, -2, 1.5]], lvShared = [0.2, -0.6, 1.1];
  const oracle = (m: number[][], lv: number[][]) => w.reduce((s, wj, j) => s + wj * m.reduce((a, row, i) => a + klStandardNormal(row, lv[i])[j], 0) / m.length, 0);

  for (const shared of [false, true]) {
    it(`matches central differences of the float64 oracle, logVar ${shared ? "[latentDim] (shared)" : "[batch, latentDim]"}`, async () => {
      const lvOf = (lv: number[] | number[][]) => (shared ? mu.map(() => lv as number[]) : (lv as number[][]));
      const lv0 = shared ? lvShared : lvRows;
      const f = (m: tf.Tensor, lv: tf.Tensor) => tf.sum(tf.mul(gaussianKlPerDim(m, lv), tf.tensor1d(w)));
      const [gMu, gLv] = tf.grads(f)([tf.tensor2d(mu), shared ? tf.tensor1d(lvShared) : tf.tensor2d(lvRows)]);
      const [dMu, dLv] = [(await gMu.array()) as number[][], (await gLv.array()) as number[] | number[][]];
      const h = 1e-6;
      mu.forEach((row, i) => row.forEach((_, j) => {
        const up = mu.map((r) => [...r]), down = mu.map((r) => [...r]);
        up[i][j] += h; down[i][j] -= h;
        expect(dMu[i][j]).toBeCloseTo((oracle(up, lvOf(lv0)) - oracle(down, lvOf(lv0))) / (2 * h), 4);
      }));
      const flat = (lv0 as (number | number[])[]).flat();
      flat.forEach((_, e) => {
        const bump = (d: number) => { const f2 = [...flat]; f2[e] += d; return shared ? f2 : [f2.slice(0, 3), f2.slice(3)]; };
        const fd = (oracle(mu, lvOf(bump(h))) - oracle(mu, lvOf(bump(-h)))) / (2 * h);
        expect((dLv as (number | number[])[]).flat()[e]).toBeCloseTo(fd, 4);
      });
    });
  }
});
