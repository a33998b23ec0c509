import * as tf from "@tensorflow/tfjs";
import "../../../src/train/nodeBackends.js";
import {beforeAll, describe, expect, it} from "vitest";
import {installFastKernels} from "../../../src/train/fastKernels.js";
import {Rng} from "../../../src/math/rng.js";

// The reference is the cpu backend, whose matMul is tfjs's own (fastKernels changes only wasm).
const rng = new Rng(7, "fastKernels");
const random = (shape: number[]) => ({shape, values: rng.uniforms(shape.reduce((a, b) => a * b, 1), -1, 1)});
type Case = {a: number[]; b: number[]; transposeA: boolean; transposeB: boolean};
const cases: Case[] = [];
for (const transposeA of [false, true]) for (const transposeB of [false, true]) {
  cases.push({a: transposeA ? [33, 17] : [17, 33], b: transposeB ? [9, 33] : [33, 9], transposeA, transposeB});
  cases.push({a: transposeA ? [3, 12, 5] : [3, 5, 12], b: transposeB ? [3, 7, 12] : [3, 12, 7], transposeA, transposeB});
}

async function on(backend: string, f: () => tf.Tensor): Promise<Float32Array> {
  await tf.setBackend(backend);
  const t = f();
  const out = (await t.data()) as Float32Array;
  t.dispose();
  return out;
}

function expectClose(actual: Float32Array, expected: Float32Array, tol = 1e-5): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  expected.forEach((e, i) => (worst = Math.max(worst, Math.abs(actual[i] - e) / (1 + Math.abs(e)))));
  expect(worst).toBeLessThan(tol);
}

beforeAll(async () => {
  await tf.setBackend("wasm");
  await tf.ready();
});

describe("installFastKernels", () => {
  it("installFastKernels() has replaced the wasm matMul kernels, and a second call replaces nothing", () => {
    expect(tf.getKernel("BatchMatMul", "wasm")).toBeDefined();
    expect(installFastKernels()).toEqual([]);
  });

  for (const c of cases) {
    it(`matMul(${c.a}, ${c.b}, transposeA=${c.transposeA}, transposeB=${c.transposeB}) on wasm equals cpu`, async () => {
      const a = random(c.a), b = random(c.b);
      const f = () => tf.matMul(tf.tensor(a.values, a.shape), tf.tensor(b.values, b.shape), c.transposeA, c.transposeB);
      expectClose(await on("wasm", () => tf.tidy(f)), await on("cpu", () => tf.tidy(f)));
    });
  }

  it("fused matMul with bias and relu, transposed operands, on wasm equals cpu", async () => {
    const a = random([20, 16]), b = random([24, 20]), bias = random([24]);
    const f = () => tf.fused.matMul({a: tf.tensor2d(a.values, [20, 16]), b: tf.tensor2d(b.values, [24, 20]), transposeA: true, transposeB: true,
      bias: tf.tensor1d(bias.values), activation: "relu"});
    expectClose(await on("wasm", () => tf.tidy(f)), await on("cpu", () => tf.tidy(f)));
  });

  it("a dense layer's gradients on wasm equal cpu's (dx = dy·Wᵀ, dW = xᵀ·dy)", async () => {
    const x = random([32, 50]), w = random([50, 40]), v = random([40, 10]);
    const grads = (backend: string) => on(backend, () => tf.tidy(() => {
      const {grads: [gx, gw, gv]} = tf.valueAndGrads((xs: tf.Tensor, ws: tf.Tensor, vs: tf.Tensor) =>
        tf.sum(tf.square(tf.matMul(tf.relu(tf.matMul(xs as tf.Tensor2D, ws as tf.Tensor2D)), vs as tf.Tensor2D))) as tf.Scalar)(
        [tf.tensor2d(x.values, [32, 50]), tf.tensor2d(w.values, [50, 40]), tf.tensor2d(v.values, [40, 10])]);
      return tf.concat([gx.flatten(), gw.flatten(), gv.flatten()]);
    }));
    expectClose(await grads("wasm"), await grads("cpu"), 1e-4);
  });

  it("the transposed products leave no tensor and no backend buffer behind", async () => {
    await tf.setBackend("wasm");
    const a = tf.tensor2d(random([64, 30]).values, [64, 30]), b = tf.tensor2d(random([40, 30]).values, [40, 30]);
    const c = tf.tensor2d(random([64, 20]).values, [64, 20]);
    const backend = tf.backend();
    tf.matMul(a, b, false, true).dispose();
    const tensors = tf.memory().numTensors, buffers = backend.numDataIds();
    for (let i = 0; i < 20; i++) { tf.matMul(a, b, false, true).dispose(); tf.matMul(a, c, true, false).dispose(); }
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backend.numDataIds()).toBe(buffers);
    tf.dispose([a, b, c]);
  });
});

describe("Slice, SplitV, Concat and Identity on wasm", () => {
  const slices: {shape: number[]; begin: number[]; size: number[]}[] = [
    {shape: [7], begin: [2], size: [4]},
    {shape: [5, 6], begin: [1, 2], size: [3, 3]},
    {shape: [5, 6], begin: [2, 0], size: [2, 6]}, // whole rows: one run
    {shape: [3, 4, 5], begin: [0, 1, 2], size: [3, 2, -1]},
    {shape: [2, 6, 5, 3], begin: [1, 1, 0, 0], size: [1, 4, 5, 3]},
    {shape: [2, 6, 5, 3], begin: [0, 2, 1, 1], size: [2, 3, 3, 2]},
    {shape: [2, 3, 2, 4, 3], begin: [1, 0, 1, 1, 0], size: [1, 3, 1, 2, 3]},
    {shape: [2, 3, 2, 2, 3, 2], begin: [0, 1, 0, 1, 1, 0], size: [2, 2, 2, 1, 2, 2]},
    {shape: [4, 70, 3], begin: [1, 2, 0], size: [2, 30, 3]}, // runs of 90: copied with set
    {shape: [4, 3], begin: [1, 0], size: [0, 3]} // empty
  ];
  for (const c of slices) {
    for (const dtype of ["float32", "int32", "bool"] as const) {
      it(`slice(${dtype} [${c.shape}], [${c.begin}], [${c.size}]) on wasm equals cpu`, async () => {
        const n = c.shape.reduce((a, b) => a * b, 1), values = Array.from({length: n}, (_, i) => (dtype === "bool" ? i % 3 === 0 : dtype === "int32" ? i * 7 - 20 : i * 0.5 - 3));
        const f = () => tf.slice(tf.tensor(values as number[], c.shape, dtype), c.begin, c.size);
        const [w, cpu] = [await on("wasm", () => tf.tidy(f)), await on("cpu", () => tf.tidy(f))];
        expect(Array.from(w)).toEqual(Array.from(cpu));
      });
    }
  }

  it("slice of a string tensor on wasm still works (tfjs's own kernel)", async () => {
    await tf.setBackend("wasm");
    const t = tf.tensor(["a", "b", "c", "d"], [2, 2], "string"), s = tf.slice(t, [1, 0], [1, 2]);
    expect(await s.data()).toEqual(["c", "d"]);
    tf.dispose([t, s]);
  });

  it("split(x, [1, 3, 2], axis) on wasm equals cpu for every axis", async () => {
    const x = random([6, 6, 6]);
    for (const axis of [0, 1, 2]) {
      const f = () => tf.concat(tf.split(tf.tensor(x.values, x.shape), [1, 3, 2], axis).map((t) => t.flatten()));
      expect(Array.from(await on("wasm", () => tf.tidy(f)))).toEqual(Array.from(await on("cpu", () => tf.tidy(f))));
    }
  });

  for (const dtype of ["float32", "int32", "bool"] as const) {
    it(`concat of ${dtype} tensors on wasm equals cpu for every axis, short and long runs, with an empty part`, async () => {
      for (const shape of [[3, 4, 5], [2, 3, 40]]) {
        const n = shape.reduce((a, b) => a * b, 1);
        const values = (k: number) => Array.from({length: n}, (_, i) => (dtype === "bool" ? Number((i + k) % 3 === 0) : dtype === "int32" ? i * 3 - k : i * 0.25 - k));
        for (const axis of [0, 1, 2]) {
          const empty = shape.map((d, i) => (i === axis ? 0 : d));
          const f = () => tf.concat([tf.tensor(values(0), shape, dtype), tf.zeros(empty, dtype), tf.tensor(values(1), shape, dtype), tf.tensor(values(2), shape, dtype)], axis);
          const [w, cpu] = [await on("wasm", () => tf.tidy(f)), await on("cpu", () => tf.tidy(f))];
          expect(Array.from(w)).toEqual(Array.from(cpu));
        }
      }
    });
  }

  it("tf.clone on wasm shares the buffer, which outlives the original", async () => {
    await tf.setBackend("wasm");
    const backend = tf.backend(), x = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    const buffers = backend.numDataIds();
    const y = tf.clone(x);
    expect(backend.numDataIds()).toBe(buffers);
    x.dispose();
    expect(Array.from(await y.data())).toEqual([1, 2, 3, 4]);
    y.dispose();
    expect(backend.numDataIds()).toBe(buffers - 1);
  });

  it("slices, splits, concats and clones leave no tensor and no backend buffer behind", async () => {
    await tf.setBackend("wasm");
    const x = tf.tensor3d(random([8, 9, 10]).values, [8, 9, 10]), backend = tf.backend();
    const step = () => tf.dispose([tf.slice(x, [1, 2, 3], [5, 5, 5]), ...tf.split(x, 3, 1), tf.concat([x, x], 2), tf.clone(x)]);
    step();
    const tensors = tf.memory().numTensors, buffers = backend.numDataIds();
    for (let i = 0; i < 10; i++) step();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backend.numDataIds()).toBe(buffers);
    x.dispose();
  });
});
