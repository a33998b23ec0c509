import * as tf from "@tensorflow/tfjs";
import "../../../src/train/nodeBackends.js";
import {beforeAll, describe, expect, it} from "vitest";
import {gemmFits, gemmModule} from "../../../src/train/wasmGemm.js";
import {simdProduct} from "../../../src/train/gemmKernel.js";
import type {WasmBackend} from "../../../src/train/wasmBackend.js";
import {Rng} from "../../../src/math/rng.js";

// The reference is the definition, summed in float64: Σ_k op(A)[i,k]·op(B)[k,j].
const rng = new Rng(11, "wasmGemm");

function reference(a: Float32Array, aShape: number[], b: Float32Array, bShape: number[], tA: boolean, tB: boolean): Float64Array {
  const [a0, a1] = aShape.slice(-2), [b0, b1] = bShape.slice(-2);
  const [m, k] = tA ? [a1, a0] : [a0, a1], n = tB ? b0 : b1;
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let q = 0; q < k; q++) s += a[tA ? q * m + i : i * k + q] * b[tB ? j * k + q : q * n + j];
    out[i * n + j] = s;
  }
  return out;
}

function worstError(actual: ArrayLike<number>, expected: Float64Array): number {
  let worst = 0;
  expected.forEach((e, i) => (worst = Math.max(worst, Math.abs(actual[i] - e) / (1 + Math.abs(e)))));
  return worst;
}

beforeAll(async () => {
  await tf.setBackend("wasm");
  await tf.ready();
});

describe("gemmModule", () => {
  it("is valid WebAssembly for plain and transposed A, over plain and shared memory", () => {
    for (const transposeA of [false, true]) for (const shared of [false, true]) {
      expect(WebAssembly.validate(gemmModule({k: 33, n: 16, transposeA}, shared))).toBe(true);
    }
  });

  it("takes whole blocks of 4 rows and 4 columns only", () => {
    expect(gemmFits({m: 128, k: 784, n: 400, transposeA: false})).toBe(true);
    expect(gemmFits({m: 128, k: 400, n: 20, transposeA: false})).toBe(true);
    expect(gemmFits({m: 126, k: 784, n: 400, transposeA: false})).toBe(false);
    expect(gemmFits({m: 128, k: 400, n: 10, transposeA: false})).toBe(false);
    expect(() => gemmModule({k: 5, n: 10, transposeA: false}, false)).toThrow(/4 columns/);
  });
});

describe("simdProduct on wasm", () => {
  const shapes: {m: number; k: number; n: number; batch?: boolean}[] = [
    {m: 4, k: 1, n: 8}, {m: 12, k: 33, n: 16}, {m: 20, k: 7, n: 24}, {m: 8, k: 50, n: 40, batch: true}, {m: 128, k: 784, n: 400},
    {m: 8, k: 9, n: 4}, {m: 16, k: 21, n: 20}, {m: 400, k: 128, n: 20} // a last panel of 4 columns
  ];
  for (const {m, k, n, batch} of shapes) for (const tA of [false, true]) for (const tB of [false, true]) {
    it(`${m}×${k}·${k}×${n}${batch ? " (batch of 1)" : ""}, transposeA=${tA}, transposeB=${tB}: the SIMD path is taken and equals the float64 sum`, async () => {
      const aShape = [...(batch ? [1] : []), ...(tA ? [k, m] : [m, k])], bShape = [...(batch ? [1] : []), ...(tB ? [n, k] : [k, n])];
      const a = rng.uniforms(m * k, -1, 1), b = rng.uniforms(k * n, -1, 1);
      const x = tf.tensor(a, aShape), y = tf.tensor(b, bShape);
      const direct = simdProduct(x as never, y as never, tA, tB, tf.backend() as unknown as WasmBackend);
      expect(direct).not.toBeNull();
      expect(direct!.shape).toEqual([...(batch ? [1] : []), m, n]);
      tf.backend().disposeData(direct!.dataId as tf.DataId);
      const product = tf.matMul(x, y, tA, tB); // through the installed kernel
      expect(worstError(await product.data(), reference(a, aShape, b, bShape, tA, tB))).toBeLessThan(2e-6 * Math.sqrt(k));
      tf.dispose([x, y, product]);
    });
  }

  it("leaves shapes outside whole blocks, real batches and integers to the backend's own product (null)", () => {
    const backend = tf.backend() as unknown as WasmBackend;
    const cases: [number[], number[]][] = [[[6, 5], [5, 8]], [[4, 5], [5, 10]], [[2, 4, 5], [2, 5, 8]]];
    for (const [s, t] of cases) {
      const x = tf.ones(s), y = tf.ones(t);
      expect(simdProduct(x as never, y as never, false, false, backend)).toBeNull();
      tf.dispose([x, y]);
    }
    const i = tf.ones([4, 5], "int32"), j = tf.ones([5, 8], "int32");
    expect(simdProduct(i as never, j as never, false, false, backend)).toBeNull();
    tf.dispose([i, j]);
  });

  it("a product of a matrix with itself (xᵀx) reads one buffer twice", async () => {
    const v = rng.uniforms(16 * 12, -1, 1), x = tf.tensor2d(v, [16, 12]);
    const p = tf.matMul(x, x, true, false);
    expect(worstError(await p.data(), reference(v, [16, 12], v, [16, 12], true, false))).toBeLessThan(1e-5);
    tf.dispose([x, p]);
  });

  it("leaves no tensor and no backend buffer behind, with transposed operands", () => {
    const a = tf.randomNormal([64, 32]), b = tf.randomNormal([40, 32]), c = tf.randomNormal([64, 16]);
    const backend = tf.backend();
    const step = () => tf.dispose([tf.matMul(a, b, false, true), tf.matMul(a, c, true, false), tf.matMul(a, a, true, false)]);
    step();
    const tensors = tf.memory().numTensors, buffers = backend.numDataIds();
    for (let i = 0; i < 20; i++) step();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backend.numDataIds()).toBe(buffers);
    tf.dispose([a, b, c]);
  });
});
