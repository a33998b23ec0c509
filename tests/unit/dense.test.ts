import * as tf from "@tensorflow/tfjs";
import "../../src/train/nodeBackends.js";
import {afterAll, describe, expect, it} from "vitest";
import {dense} from "../../src/models/dense.js";
import {Rng} from "../../src/math/rng.js";

const rng = new Rng(21, "dense");
const [B, I, O] = [4, 5, 3];
const xs = Array.from(rng.normals(B * I)), Ws = Array.from(rng.normals(I * O)), bs = Array.from(rng.normals(O));
const up = Array.from(rng.normals(B * O)); // upstream weights, so every output's gradient differs

/** float64 Σ up ⊙ act(x W + b). */
function oracle(x: number[], W: number[], b: number[], relu: boolean): number {
  let s = 0;
  for (let r = 0; r < B; r++) for (let o = 0; o < O; o++) {
    let y = b[o];
    for (let i = 0; i < I; i++) y += x[r * I + i] * W[i * O + o];
    s += up[r * O + o] * (relu ? Math.max(y, 0) : y);
  }
  return s;
}

afterAll(async () => { await tf.setBackend("cpu"); });

describe.each(["cpu", "wasm"])("dense on %s", (backend) => {
  for (const activation of ["linear", "relu"] as const) {
    it(`dense(x, W, b, {activation: "${activation}"}) gradients in x, W and b match central differences of the float64 oracle`, async () => {
      await tf.setBackend(backend);
      const f = (x: tf.Tensor, W: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(dense(x as tf.Tensor2D, W as tf.Tensor2D, b as tf.Tensor1D, {activation}), tf.tensor2d(up, [B, O])));
      const grads = tf.grads(f)([tf.tensor2d(xs, [B, I]), tf.tensor2d(Ws, [I, O]), tf.tensor1d(bs)]);
      const got = await Promise.all(grads.map(async (g) => Array.from(await g.data())));
      const params = [xs, Ws, bs];
      const h = 1e-6;
      params.forEach((p, k) => p.forEach((_, e) => {
        const bump = (d: number) => params.map((q, j) => (j === k ? q.map((v, i) => (i === e ? v + d : v)) : q)) as [number[], number[], number[]];
        const fd = (oracle(...bump(h), activation === "relu") - oracle(...bump(-h), activation === "relu")) / (2 * h);
        expect(Math.abs(got[k][e] - fd)).toBeLessThan(1e-4);
      }));
    });
  }

  it('dense(x, W, b, {input: "data"}) has the same W and b gradients and computes no product for x', async () => {
    await tf.setBackend(backend);
    const x = tf.tensor2d(xs, [B, I]), W = tf.variable(tf.tensor2d(Ws, [I, O])), b = tf.variable(tf.tensor1d(bs));
    const loss = (input: "data" | "trained") => () => tf.sum(tf.mul(dense(x, W, b, {activation: "relu", input}), tf.tensor2d(up, [B, O]))) as tf.Scalar;
    const trained = tf.variableGrads(loss("trained"), [W, b]);
    const profile = await tf.profile(() => { const r = tf.variableGrads(loss("data"), [W, b]); tf.dispose([r.value, ...Object.values(r.grads)]); });
    expect(profile.kernels.filter((k) => k.name === "BatchMatMul").length).toBe(2); // x W forward, xᵀ g for W
    const data = tf.variableGrads(loss("data"), [W, b]);
    for (const v of [W, b]) expect(Array.from(await data.grads[v.name].data())).toEqual(Array.from(await trained.grads[v.name].data()));
    tf.dispose([x, W, b, trained.value, data.value, ...Object.values(trained.grads), ...Object.values(data.grads)]);
  });
});
