import * as tf from "@tensorflow/tfjs";
import "../../../src/train/nodeBackends.js";
import {afterAll, describe, expect, it} from "vitest";
import {Adam} from "../../../src/train/adam.js";
import {adamModule, hasAdamKernel} from "../../../src/train/wasmAdam.js";
import {Rng} from "../../../src/math/rng.js";

// Adam must compute, bit for bit, what tfjs's AdamOptimizer computes: on cpu with tensor operations, on wasm with the
// AdamUpdate kernel. Sizes that are not multiples of 4 exercise the kernel's scalar tail.
const shapes = [[13, 7], [8], [3], [40, 12]];

async function run(backend: string, ours: boolean, steps: number, lrAt: (t: number) => number): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const rng = new Rng(3, "adam");
  const vars = shapes.map((s, i) => tf.variable(tf.tensor(rng.uniforms(s.reduce((a, b) => a * b, 1), -1, 1), s), true, `adam-test-${backend}-${ours}-${i}`));
  const opt = ours ? new Adam(lrAt(0)) : tf.train.adam(lrAt(0));
  for (let t = 0; t < steps; t++) {
    if (ours) (opt as Adam).setLearningRate(lrAt(t));
    else (opt as unknown as {learningRate: number}).learningRate = lrAt(t);
    const grads = tf.tidy(() => Object.fromEntries(vars.map((v) => [v.name, tf.tensor(rng.uniforms(v.size, -2, 2), v.shape)])));
    if (ours) (opt as Adam).apply(vars, grads);
    else (opt as tf.AdamOptimizer).applyGradients(grads as unknown as Parameters<tf.AdamOptimizer["applyGradients"]>[0]);
    tf.dispose(Object.values(grads));
  }
  const out = await Promise.all(vars.map(async (v) => (await v.data()) as Float32Array));
  opt.dispose();
  tf.dispose(vars);
  return out;
}

afterAll(async () => { await tf.setBackend("cpu"); });

describe("Adam", () => {
  it("the AdamUpdate module is valid WebAssembly over plain and shared memory, and wasm has the kernel", async () => {
    expect(WebAssembly.validate(adamModule(false))).toBe(true);
    expect(WebAssembly.validate(adamModule(true))).toBe(true);
    await tf.setBackend("wasm");
    expect(hasAdamKernel()).toBe(true);
    await tf.setBackend("cpu");
    expect(hasAdamKernel()).toBe(false);
  });

  for (const backend of ["cpu", "wasm"]) {
    it(`equals tfjs's AdamOptimizer bit for bit on ${backend} over 25 steps, with learning-rate changes`, async () => {
      const lrAt = (t: number) => (t < 10 ? 1e-2 : t < 18 ? 3e-3 : 0.5);
      const [ours, theirs] = [await run(backend, true, 25, lrAt), await run(backend, false, 25, lrAt)];
      ours.forEach((w, i) => expect(Array.from(w)).toEqual(Array.from(theirs[i])));
      // and the weights did move
      const start = await run(backend, true, 0, lrAt);
      expect(Array.from(ours[0])).not.toEqual(Array.from(start[0]));
    });
  }

  it("reset() starts the moments again: the next update equals a new optimiser's first", async () => {
    await tf.setBackend("wasm");
    const v = tf.variable(tf.tensor1d([1, 2, 3, 4, 5]), true, "adam-reset");
    const g = tf.tensor1d([0.5, -1, 2, 0, 3]);
    const opt = new Adam(0.1);
    for (let t = 0; t < 3; t++) opt.apply([v], {[v.name]: g});
    opt.reset();
    v.assign(tf.tensor1d([1, 2, 3, 4, 5]));
    opt.apply([v], {[v.name]: g});
    const fresh = new Adam(0.1), u = tf.variable(tf.tensor1d([1, 2, 3, 4, 5]), true, "adam-fresh");
    fresh.apply([u], {[u.name]: g});
    expect(Array.from(await v.data())).toEqual(Array.from(await u.data()));
    tf.dispose([v, g, u]);
    opt.dispose();
    fresh.dispose();
  });

  it("leaves the tensor count flat across updates and resets, and dispose() leaves none of its own", async () => {
    for (const backend of ["cpu", "wasm"]) {
      await tf.setBackend(backend);
      const v = tf.variable(tf.randomNormal([9, 5]), true, `adam-mem-${backend}`), g = tf.randomNormal([9, 5]);
      const before = tf.memory().numTensors;
      const opt = new Adam(1e-3);
      opt.apply([v], {[v.name]: g});
      const held = tf.memory().numTensors;
      expect(held - before).toBe(2); // the two moments
      for (let t = 0; t < 30; t++) { opt.apply([v], {[v.name]: g}); if (t % 10 === 0) opt.reset(); }
      expect(tf.memory().numTensors).toBeLessThanOrEqual(held);
      opt.dispose();
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([v, g]);
    }
  });
});
