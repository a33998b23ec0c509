// The tfjs quantisers against the tf-free oracles (src/math/vq.ts, fsq.ts), and their gradients.
import * as tf from "@tensorflow/tfjs";
import {beforeAll, describe, expect, it} from "vitest";
import {fsqQuantize} from "../../../src/math/fsq.js";
import {emaInit, emaUpdate, nearestCodes} from "../../../src/math/vq.js";
import {EmaCodebook, fsqQuantizeTf, nearestCodeIndices, reseedRows, stopGradient, vqQuantize} from "../../../src/models/vqQuantizer.js";
import {Rng} from "../../../src/math/rng.js";

beforeAll(async () => { await tf.setBackend("cpu"); });

const rng = new Rng(3, "quantizer");
const N = 40, D = 3, K = 7;
const zData = rng.normals(N * D), bookData = rng.normals(K * D);

describe("vqQuantize", () => {
  it("nearestCodeIndices(z, codebook) agrees with the oracle nearestCodes", async () => {
    const idx = tf.tidy(() => nearestCodeIndices(tf.tensor2d(zData, [N, D]), tf.tensor2d(bookData, [K, D])));
    expect(Array.from(await idx.data())).toEqual(Array.from(nearestCodes(zData, bookData, D)));
    idx.dispose();
  });

  it("vqQuantize(z, codebook).zq is the nearest code's vector, and the two losses are its mean squared distance", async () => {
    const oracle = nearestCodes(zData, bookData, D);
    const inputs = [tf.tensor2d(zData, [N, D]), tf.tensor2d(bookData, [K, D])];
    const q = vqQuantize(inputs[0], inputs[1]);
    const zq = await q.zq.data();
    let dist = 0;
    for (let i = 0; i < N; i++) for (let j = 0; j < D; j++) {
      expect(zq[i * D + j]).toBeCloseTo(bookData[oracle[i] * D + j], 6);
      dist += (zData[i * D + j] - bookData[oracle[i] * D + j]) ** 2 / N;
    }
    expect((await q.codebookLoss.data())[0]).toBeCloseTo(dist, 5);
    expect((await q.commitLoss.data())[0]).toBeCloseTo(dist, 5);
    tf.dispose([...Object.values(q), ...inputs]);
  });

  it("the straight-through gradient passes the decoder's gradient to the encoder unchanged", async () => {
    // A "decoder" f(z_q) = Σ w ⊙ tanh(z_q) with random w: ∂f/∂z must equal ∂f/∂z_q = w·(1 − tanh²(z_q)).
    const w = tf.tensor2d(rng.normals(N * D), [N, D]), book = tf.tensor2d(bookData, [K, D]), z = tf.tensor2d(zData, [N, D]);
    const decoder = (zq: tf.Tensor) => tf.sum(tf.mul(w, tf.tanh(zq)));
    const gz = tf.grad((zz: tf.Tensor) => decoder(vqQuantize(zz as tf.Tensor2D, book).zq))(z);
    const zq = vqQuantize(z, book).zq;
    const gzq = tf.grad(decoder)(zq);
    const [a, b] = [await gz.data(), await gzq.data()];
    for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i], 6);
    expect(Array.from(b).some((v) => Math.abs(v) > 0.01)).toBe(true);
    tf.dispose([w, book, z, gz, zq, gzq]);
  });

  it("the codebook loss moves only the codes, the commitment loss only the encoder", async () => {
    const z = tf.tensor2d(zData, [N, D]), book = tf.tensor2d(bookData, [K, D]);
    const g = (pick: "codebookLoss" | "commitLoss") => tf.grads((zz: tf.Tensor, bb: tf.Tensor) => vqQuantize(zz as tf.Tensor2D, bb as tf.Tensor2D)[pick])([z, book]);
    const [cz, cb] = g("codebookLoss"), [mz, mb] = g("commitLoss");
    const max = async (t: tf.Tensor) => Math.max(...Array.from(await t.abs().data()));
    expect(await max(cz)).toBe(0);
    expect(await max(mb)).toBe(0);
    expect(await max(cb)).toBeGreaterThan(0.01);
    expect(await max(mz)).toBeGreaterThan(0.01);
    // ∂/∂z of mean ‖z − sg[e]‖² is 2(z − e)/N
    const oracle = nearestCodes(zData, bookData, D), mzv = await mz.data();
    for (let i = 0; i < N * D; i++) expect(mzv[i]).toBeCloseTo((2 * (zData[i] - bookData[oracle[Math.floor(i / D)] * D + (i % D)])) / N, 6);
    tf.dispose([z, book, cz, cb, mz, mb]);
  });

  it("stopGradient(x) has the value of x and a zero gradient", async () => {
    const x = tf.tensor1d([1, -2, 3]);
    const g = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(stopGradient(v), v)))(x); // d/dv (sg[v]·v) = sg[v]
    expect(Array.from(await g.data())).toEqual([1, -2, 3]);
    tf.dispose([x, g]);
  });
});

describe("EmaCodebook", () => {
  it("EmaCodebook.step agrees with the oracle emaUpdate over three batches", async () => {
    const book = tf.variable(tf.tensor2d(bookData, [K, D]), false);
    const ema = new EmaCodebook(book, 2, 0.9, 1e-3);
    let state = emaInit(bookData, D, 2), expected: Float64Array = Float64Array.from(bookData);
    for (let t = 0; t < 3; t++) {
      const zt = new Rng(t, "batch").normals(N * D);
      const idx = nearestCodes(zt, expected, D);
      tf.tidy(() => ema.step(tf.tensor2d(zt, [N, D]), tf.tensor1d(idx, "int32")));
      const r = emaUpdate(state, zt, idx, D, 0.9, 1e-3);
      state = r;
      expected = r.codebook;
    }
    const got = await book.data();
    for (let i = 0; i < K * D; i++) expect(got[i]).toBeCloseTo(expected[i], 4);
    const counts = await ema.counts.data();
    for (let k = 0; k < K; k++) expect(counts[k]).toBeCloseTo(state.counts[k], 5);
    ema.dispose();
    book.dispose();
  });

  it("reseedRows writes the vectors into the chosen rows, and the EMA sums and counts to match", async () => {
    const book = tf.variable(tf.zeros([3, 2]), false);
    const ema = new EmaCodebook(book, 1, 0.99);
    await reseedRows([book, ema.sums, ema.counts], [2, 0], Float32Array.from([1, 2, 3, 4]), 5);
    expect(Array.from(await book.data())).toEqual([3, 4, 0, 0, 1, 2]);
    expect(Array.from(await ema.sums.data())).toEqual([15, 20, 0, 0, 5, 10]);
    expect(Array.from(await ema.counts.data())).toEqual([5, 1, 5]);
    ema.dispose();
    book.dispose();
  });
});

describe("fsqQuantizeTf", () => {
  it("fsqQuantizeTf agrees with the oracle fsqQuantize, and its gradient skips the rounding", async () => {
    const levels = [8, 5, 5, 5], n = 30;
    const z = new Rng(5, "fsq").normals(n * 4).map((v) => 2 * v);
    const zt = tf.tensor2d(z, [n, 4]);
    const q = fsqQuantizeTf(zt, levels);
    const oracle = fsqQuantize(z, levels), got = await q.data();
    for (let i = 0; i < got.length; i++) expect(got[i]).toBeCloseTo(oracle[i], 6);
    // d ẑ_j / d z_j = (1 − tanh²(z_j + s_j))·h_j / ⌊L_j/2⌋: the bound's derivative, as if there were no rounding
    const g = await tf.grad((v: tf.Tensor) => tf.sum(fsqQuantizeTf(v as tf.Tensor2D, levels)))(zt).data();
    for (let i = 0; i < g.length; i++) {
      const L = levels[i % 4], h = ((L - 1) * 0.999) / 2, s = Math.atanh((L % 2 ? 0 : 0.5) / h);
      expect(g[i]).toBeCloseTo(((1 - Math.tanh(z[i] + s) ** 2) * h) / Math.floor(L / 2), 5);
    }
    tf.dispose([zt, q]);
  });
});
