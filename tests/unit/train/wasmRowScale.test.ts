import * as tf from "@tensorflow/tfjs";
import "../../../src/train/nodeBackends.js";
import {beforeAll, describe, expect, it} from "vitest";
import {rowBlock} from "../../../src/train/wasmRowScale.js";
import {Rng} from "../../../src/math/rng.js";

// The reference is the same product on the cpu backend (each output one float32 product): equal to the bit.
const rng = new Rng(8, "wasmRowScale");

beforeAll(async () => {
  await tf.setBackend("wasm");
  await tf.ready();
});

/** `f` on the backend `name`, its result as numbers with the shape. */
async function on(name: string, f: () => tf.Tensor): Promise<{shape: number[]; values: number[]}> {
  const before = tf.getBackend();
  await tf.setBackend(name);
  const t = f();
  const result = {shape: t.shape, values: Array.from(await t.data())};
  t.dispose();
  await tf.setBackend(before);
  return result;
}

/** How many entries differ (a count keeps a failure's report short where a diff of 100,000 numbers would not). */
function differing(a: number[], b: number[]): number {
  return a.length === b.length ? a.filter((v, i) => !Object.is(v, b[i])).length : Math.max(a.length, b.length);
}

describe("rowBlock", () => {
  it("is the block a scale multiplies, or 0 where the shapes are not rows and ones", () => {
    expect(rowBlock([128, 1], [128, 784])).toBe(784);
    expect(rowBlock([1], [5, 3])).toBe(15);
    expect(rowBlock([], [4, 4])).toBe(16);
    expect(rowBlock([2, 3, 1], [2, 3, 5])).toBe(5);
    expect(rowBlock([2, 1, 1], [2, 3, 5])).toBe(15);
    expect(rowBlock([1, 784], [128, 784])).toBe(0); // a row vector: columns, not rows
    expect(rowBlock([128, 2], [128, 784])).toBe(0);
    expect(rowBlock([1, 128, 1], [128, 784])).toBe(0);
  });
});

describe("Multiply on wasm", () => {
  const cases: [number[], number[]][] = [
    [[128, 1], [128, 784]], [[128, 784], [128, 1]], [[1], [5, 3]], [[], [4, 4]], [[2, 3, 1], [2, 3, 5]], [[1, 784], [128, 784]],
    [[6, 7], [6, 7]], [[3, 1], [3, 0]]
  ];
  for (const [sa, sb] of cases) {
    it(`[${sa}] · [${sb}] equals the cpu backend's product to the bit`, async () => {
      const a = rng.uniforms(sa.reduce((p, q) => p * q, 1), -3, 3), b = rng.uniforms(sb.reduce((p, q) => p * q, 1), -3, 3);
      const f = () => tf.mul(tf.tensor(a, sa), tf.tensor(b, sb));
      const wasm = await on("wasm", () => tf.tidy(f)), cpu = await on("cpu", () => tf.tidy(f));
      expect(wasm.shape).toEqual(cpu.shape);
      expect(differing(wasm.values, cpu.values)).toBe(0);
    });
  }

  it("leaves int32 products to tfjs", async () => {
    const f = () => tf.mul(tf.tensor([2], [1], "int32"), tf.tensor([1, 2, 3], [3], "int32"));
    expect(await on("wasm", () => tf.tidy(f))).toEqual({shape: [3], values: [2, 4, 6]});
  });

  it("gives the gradient of a sum over rows as the cpu backend does", async () => {
    const x = rng.uniforms(12 * 20, -1, 1), w = rng.uniforms(12, -1, 1);
    const f = () => tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.sum(tf.square(v), 1), tf.tensor(w))))(tf.tensor(x, [12, 20]));
    expect(await on("wasm", () => tf.tidy(f))).toEqual(await on("cpu", () => tf.tidy(f)));
  });
});
