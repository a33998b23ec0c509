import * as tf from "@tensorflow/tfjs";
import "../../../src/train/nodeBackends.js";
import {beforeAll, describe, expect, it} from "vitest";
import {softplusModule} from "../../../src/train/wasmSoftplus.js";

// The reference is softplus in float64, max(x, 0) + log1p(e^−|x|), at the float32 input; errors in float32 ulps of
// the exact value.
const exact = (v: number) => Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
function ulp(v: number): number {
  const f = new Float32Array([Math.abs(v)]), bits = new Int32Array(f.buffer), low = f[0];
  bits[0]++;
  return f[0] - low;
}

async function softplus(values: number[]): Promise<Float32Array> {
  const x = tf.tensor1d(values), y = tf.softplus(x);
  const out = (await y.data()) as Float32Array;
  tf.dispose([x, y]);
  return out;
}

beforeAll(async () => {
  await tf.setBackend("wasm");
  await tf.ready();
});

describe("softplus on wasm", () => {
  it("the module is valid WebAssembly over plain and shared memory", () => {
    expect(WebAssembly.validate(softplusModule(false))).toBe(true);
    expect(WebAssembly.validate(softplusModule(true))).toBe(true);
  });

  it("is within 3 float32 ulps of the exact value on [−87, 120] (every 0.001, and the edges of the range reduction)", async () => {
    const xs: number[] = [];
    for (let i = -87_000; i <= 120_000; i++) xs.push(i / 1000);
    xs.push(1e-30, -1e-30, 1e-7, -1e-7, 0.5 * Math.LN2, -0.5 * Math.LN2, 88.7, -86.9, 16.635532, -16.635532);
    const got = await softplus(xs);
    let worst = 0;
    xs.forEach((v, i) => (worst = Math.max(worst, Math.abs(got[i] - exact(Math.fround(v))) / ulp(exact(Math.fround(v))))));
    expect(worst).toBeLessThanOrEqual(3);
  });

  it("keeps the limits: +∞ → +∞, −∞ and x < −87 → below 2·10⁻³⁸, NaN → NaN, −0 → ln 2", async () => {
    const got = await softplus([Infinity, -Infinity, -1000, -88, NaN, -0, 1e30, -1e30]);
    expect(got[0]).toBe(Infinity);
    for (const i of [1, 2, 3, 7]) {
      expect(got[i]).toBeGreaterThanOrEqual(0);
      expect(got[i]).toBeLessThan(2e-38);
    }
    expect(got[4]).toBeNaN();
    expect(got[5]).toBe(Math.fround(Math.LN2));
    expect(got[6]).toBe(Math.fround(1e30));
  });

  it("gives every element of any length its value (blocks of 4, the last one overlapping), and short inputs too", async () => {
    for (const n of [1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 100, 101]) {
      const xs = Array.from({length: n}, (_, i) => (i * 7.3) % 11 - 5);
      const got = await softplus(xs);
      xs.forEach((v, i) => expect(Math.abs(got[i] - exact(Math.fround(v)))).toBeLessThanOrEqual(3 * ulp(exact(Math.fround(v)))));
    }
  });

  it("leaves no tensor and no backend buffer behind; its gradient is tfjs's (σ(x)·dy)", async () => {
    const x = tf.randomNormal([64, 30]), backend = tf.backend();
    tf.softplus(x).dispose();
    const tensors = tf.memory().numTensors, buffers = backend.numDataIds();
    for (let i = 0; i < 20; i++) tf.softplus(x).dispose();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backend.numDataIds()).toBe(buffers);
    const g = tf.grad((t: tf.Tensor) => tf.sum(tf.softplus(t)))(x), s = tf.sigmoid(x);
    expect(Array.from(await g.data())).toEqual(Array.from(await s.data()));
    tf.dispose([x, g, s]);
  });
});
