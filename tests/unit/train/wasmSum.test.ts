import * as tf from "@tensorflow/tfjs";
import "../../../src/train/nodeBackends.js";
import {beforeAll, describe, expect, it} from "vitest";
import {columnSumModule} from "../../../src/train/wasmSum.js";
import {Rng} from "../../../src/math/rng.js";

// The reference is tfjs-wasm's own Sum over the innermost axes of the transposed input: what tf.sum over leading axes
// computed before the column sum replaced it. The numbers must agree to the bit.
const rng = new Rng(5, "wasmSum");

beforeAll(async () => {
  await tf.setBackend("wasm");
  await tf.ready();
});

describe("Sum over leading axes on wasm", () => {
  it("the module is valid WebAssembly over plain and shared memory", () => {
    expect(WebAssembly.validate(columnSumModule(false))).toBe(true);
    expect(WebAssembly.validate(columnSumModule(true))).toBe(true);
  });

  const cases: {shape: number[]; axes: number[]; keepDims?: boolean}[] = [
    {shape: [128, 784], axes: [0]}, {shape: [128, 400], axes: [0]}, {shape: [128, 20], axes: [0]}, {shape: [7, 3], axes: [0]},
    {shape: [1, 9], axes: [0]}, {shape: [33, 1], axes: [0]}, {shape: [6, 5, 4], axes: [0, 1]}, {shape: [6, 5, 4], axes: [0]},
    {shape: [2, 3, 4, 5], axes: [0, 1, 2], keepDims: true}, {shape: [10, 6], axes: [0], keepDims: true}
  ];
  for (const {shape, axes, keepDims = false} of cases) {
    it(`sum([${shape}], axes ${axes}${keepDims ? ", keepDims" : ""}) equals tfjs's kernel to the bit`, async () => {
      const x = tf.tensor(rng.uniforms(shape.reduce((a, b) => a * b, 1), -3, 3), shape);
      const rest = shape.map((_, i) => i).filter((i) => !axes.includes(i));
      const s = tf.sum(x, axes, keepDims);
      const reference = tf.tidy(() => {
        const moved = tf.transpose(x, [...rest, ...axes]); // the reduced axes innermost: tfjs's own kernel
        const r = tf.sum(moved, axes.map((_, i) => rest.length + i));
        return keepDims ? r.reshape(s.shape) : r;
      });
      expect(s.shape).toEqual(reference.shape);
      expect(Array.from(await s.data())).toEqual(Array.from(await reference.data()));
      tf.dispose([x, s, reference]);
    });
  }

  it("other reductions, integers and empty inputs still work", async () => {
    const x = tf.tensor2d([[1, 2, 3], [4, 5, 6]]);
    expect(Array.from(await tf.sum(x, 1).data())).toEqual([6, 15]);
    expect(Array.from(await tf.sum(x).data())).toEqual([21]);
    expect(Array.from(await tf.sum(tf.tensor2d([[1, 2], [3, 4]], [2, 2], "int32"), 0).data())).toEqual([4, 6]);
    expect(Array.from(await tf.sum(tf.zeros([0, 3]), 0).data())).toEqual([0, 0, 0]);
    tf.dispose(x);
  });

  it("leaves no tensor and no backend buffer behind", () => {
    const x = tf.randomNormal([64, 30]), backend = tf.backend();
    tf.sum(x, 0).dispose();
    const tensors = tf.memory().numTensors, buffers = backend.numDataIds();
    for (let i = 0; i < 20; i++) tf.sum(x, 0).dispose();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backend.numDataIds()).toBe(buffers);
    x.dispose();
  });
});
