import * as tf from "@tensorflow/tfjs";
import "../../src/train/nodeBackends.js";
import {afterAll, describe, expect, it} from "vitest";
import {bernoulliNll} from "../../src/models/bernoulli.js";
import {Rng} from "../../src/math/rng.js";

/** float64 oracle: Σ_pixels log(1 + e^l) − x·l, written the overflow-safe way. */
const softplus = (l: number) => Math.max(l, 0) + Math.log1p(Math.exp(-Math.abs(l)));
const oracle = (x: number[], l: number[], B: number, P: number) =>
  Array.from({length: B}, (_, r) => Array.from({length: P}, (_, j) => softplus(l[r * P + j]) - x[r * P + j] * l[r * P + j]).reduce((a, b) => a + b, 0));

const B = 3, P = 5;
const rng = new Rng(11, "test");
const xs = Array.from(rng.uniforms(B * P)), ls = Array.from(rng.normals(B * P)).map((v) => 3 * v);
ls[0] = 90; ls[1] = -90; // far in both tails: no overflow, no NaN
const weights = Array.from(rng.normals(B)); // a downstream weight per example, so dy is not all ones

afterAll(async () => { await tf.setBackend("cpu"); });

describe.each(["cpu", "wasm"])("bernoulliNll on %s", (backend) => {
  it("bernoulliNll(x, l) equals the float64 oracle per example, tails included", async () => {
    await tf.setBackend(backend);
    const before = tf.memory().numTensors;
    const x = tf.tensor2d(xs, [B, P]), l = tf.tensor2d(ls, [B, P]);
    const nll = bernoulliNll(x, l);
    const got = Array.from(await nll.data());
    oracle(xs, ls, B, P).forEach((v, r) => expect(Math.abs(got[r] - v)).toBeLessThan(1e-5 * Math.abs(v) + 1e-5));
    tf.dispose([x, l, nll]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("its written-out gradient σ(l) − x matches central differences of the oracle and tfjs's own gradient", async () => {
    await tf.setBackend(backend);
    const x = tf.tensor2d(xs, [B, P]), w = tf.tensor1d(weights);
    const f = (nll: (l: tf.Tensor2D) => tf.Tensor1D) => tf.grad((l: tf.Tensor) => tf.sum(tf.mul(nll(l as tf.Tensor2D), w)));
    const mine = Array.from(await f((l) => bernoulliNll(x, l))(tf.tensor2d(ls, [B, P])).data());
    const autodiff = Array.from(await f((l) => tf.sum(tf.sub(tf.softplus(l), tf.mul(x, l)), 1))(tf.tensor2d(ls, [B, P])).data());
    const h = 1e-6;
    for (let e = 0; e < B * P; e++) {
      const up = [...ls], down = [...ls];
      up[e] += h; down[e] -= h;
      const r = Math.floor(e / P);
      const fd = weights[r] * (oracle(xs, up, B, P)[r] - oracle(xs, down, B, P)[r]) / (2 * h);
      expect(Math.abs(mine[e] - fd)).toBeLessThan(1e-4);
      expect(Math.abs(mine[e] - autodiff[e])).toBeLessThan(1e-6);
    }
  });
});
