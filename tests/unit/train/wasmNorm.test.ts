import * as tf from "@tensorflow/tfjs";
import "../../../src/train/nodeBackends.js";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {sumOfSquares, sumOfSquaresModule} from "../../../src/train/wasmNorm.js";
import {Rng} from "../../../src/math/rng.js";

// The reference is the float64 sum of the float32 numbers' squares. The kernel sums in float32 (four lanes, then the
// rest), so it is not exact: it must be at least as close as tfjs's own square-then-sum (closer, as it turns out).
const rng = new Rng(9, "wasmNorm");

beforeAll(async () => {
  await tf.setBackend("wasm");
  await tf.ready();
});
afterAll(async () => { await tf.setBackend("cpu"); });

describe("sumOfSquares on wasm", () => {
  it("the module is valid WebAssembly over plain and shared memory", () => {
    expect(WebAssembly.validate(sumOfSquaresModule(false))).toBe(true);
    expect(WebAssembly.validate(sumOfSquaresModule(true))).toBe(true);
  });

  const sets: number[][][] = [[[784, 400], [400], [400, 20], [20]], [[1]], [[3]], [[4]], [[5], [0], [17]], [[2, 3, 7]], [[128, 784]]];
  for (const shapes of sets) {
    it(`sumOfSquares of ${shapes.map((s) => `[${s}]`).join(", ")} is the float64 sum as closely as tfjs's ops get, in one kernel`, async () => {
      const tensors = shapes.map((s) => tf.tensor(rng.uniforms(s.reduce((a, b) => a * b, 1), -3, 3), s));
      const expected = (await Promise.all(tensors.map((t) => t.data()))).reduce((s, d) => s + Array.from(d).reduce((a, v) => a + v * v, 0), 0);
      const ops = tf.tidy(() => tf.addN(tensors.map((t) => tf.sum(tf.square(t)))));
      const opsError = Math.abs((await ops.data())[0] - expected);
      ops.dispose();
      const before = tf.memory().numTensors;
      const profile = await tf.profile(async () => {
        const total = sumOfSquares(tensors);
        expect(Math.abs((await total.data())[0] - expected)).toBeLessThanOrEqual(Math.max(opsError, 2e-7 * expected));
        total.dispose();
      });
      expect(profile.kernels.map((k) => k.name)).toEqual(["SumOfSquares"]);
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose(tensors);
    });
  }

  it("sumOfSquares([]) is 0, and a NaN or ∞ anywhere makes the total non-finite (the NaN guard reads it)", async () => {
    const none = sumOfSquares([]);
    expect((await none.data())[0]).toBe(0);
    for (const bad of [NaN, Infinity]) {
      const t = [tf.tensor1d([1, 2, 3, 4, 5, 6]), tf.tensor1d([0, bad, 1, 2, 3])];
      const s = sumOfSquares(t);
      expect(Number.isFinite((await s.data())[0])).toBe(false);
      tf.dispose([...t, s]);
    }
    none.dispose();
  });

  it("on cpu it is tfjs's own sum of squares", async () => {
    await tf.setBackend("cpu");
    const t = [tf.tensor2d([[1, 2], [3, 4]]), tf.tensor1d([0.5])];
    const s = sumOfSquares(t);
    expect((await s.data())[0]).toBe(30.25);
    tf.dispose([...t, s]);
    await tf.setBackend("wasm");
  });
});
