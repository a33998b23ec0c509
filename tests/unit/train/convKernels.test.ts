import * as tf from "@tensorflow/tfjs";
import "../../../src/train/nodeBackends.js";
import {beforeAll, describe, expect, it} from "vitest";
import {installConvKernels} from "../../../src/train/convKernels.js";
import {Rng} from "../../../src/math/rng.js";

// The oracle is the definition, summed in float64: y = Σ x·W + b, and for the scalar L = Σ r ⊙ y its gradients
// dx = Σ r·W, dW = Σ x·r, db = Σ r over the same index pairs. Each entry is checked to 1e-5 of the sum of the absolute
// values of its terms: float32 rounding of any summation order stays far below that, a wrong index or tap far above.
type Pad = "same" | "valid" | [[number, number], [number, number], [number, number], [number, number]];
interface Case {x: number[]; w: number[]; strides: number | [number, number]; pad: Pad}

const cases: Case[] = [
  {x: [2, 8, 6, 3], w: [3, 3, 3, 5], strides: 1, pad: "same"},
  {x: [2, 8, 6, 3], w: [3, 3, 3, 5], strides: 2, pad: "same"},
  {x: [3, 7, 9, 2], w: [3, 3, 2, 4], strides: 2, pad: "same"}, // odd sides
  {x: [2, 9, 7, 3], w: [3, 3, 3, 2], strides: 1, pad: "valid"},
  {x: [2, 9, 8, 3], w: [3, 3, 3, 2], strides: 2, pad: "valid"}, // the last row is never read
  {x: [2, 10, 10, 4], w: [5, 5, 4, 3], strides: 2, pad: "same"},
  {x: [2, 6, 6, 1], w: [1, 1, 1, 3], strides: 1, pad: "same"},
  {x: [2, 8, 8, 3], w: [2, 2, 3, 4], strides: 2, pad: "valid"},
  {x: [2, 9, 10, 2], w: [3, 2, 2, 3], strides: [2, 3], pad: "same"},
  {x: [1, 7, 7, 2], w: [3, 3, 2, 2], strides: 1, pad: [[0, 0], [2, 1], [0, 2], [0, 0]]},
  {x: [2, 8, 8, 3], w: [3, 3, 3, 2], strides: 3, pad: "same"},
  {x: [6, 32, 32, 1], w: [3, 3, 1, 8], strides: 2, pad: "same"}, // the codec's first layer, 1 channel in
  {x: [5, 32, 32, 4], w: [3, 3, 4, 1], strides: 1, pad: "same"}, // its last, 1 channel out: products of 2, 2 and 1 images
  {x: [33, 7, 7, 16], w: [3, 3, 16, 16], strides: 1, pad: "same"} // the VQ-VAE's 7×7 grid, in two products
];

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/** y, dx, dW, db of `c` in float64, each with the sums of |terms| that bound its rounding. */
function reference(c: Case, x: Float32Array, w: Float32Array, b: Float32Array, r: Float32Array) {
  const info = tf.backend_util.computeConv2DInfo(c.x as [number, number, number, number], c.w as [number, number, number, number], c.strides, 1, c.pad);
  const {batchSize: B, inHeight: H, inWidth: W, inChannels: C, outHeight: Ho, outWidth: Wo, outChannels: Co, strideHeight: sh, strideWidth: sw} = info;
  const [fh, fw] = c.w, {top, left} = info.padInfo;
  const make = (n: number) => ({value: new Float64Array(n), bound: new Float64Array(n)});
  const y = make(B * Ho * Wo * Co), dx = make(x.length), dw = make(w.length), db = make(Co);
  const add = (t: {value: Float64Array; bound: Float64Array}, i: number, v: number) => { t.value[i] += v; t.bound[i] += Math.abs(v); };
  for (let n = 0; n < B; n++) for (let i = 0; i < Ho; i++) for (let j = 0; j < Wo; j++) for (let o = 0; o < Co; o++) {
    const yi = ((n * Ho + i) * Wo + j) * Co + o;
    add(y, yi, b[o]);
    add(db, o, r[yi]);
    for (let di = 0; di < fh; di++) for (let dj = 0; dj < fw; dj++) {
      const u = i * sh + di - top, v = j * sw + dj - left;
      if (u < 0 || u >= H || v < 0 || v >= W) continue;
      for (let ch = 0; ch < C; ch++) {
        const xi = ((n * H + u) * W + v) * C + ch, wi = ((di * fw + dj) * C + ch) * Co + o;
        add(y, yi, x[xi] * w[wi]);
        add(dx, xi, r[yi] * w[wi]);
        add(dw, wi, x[xi] * r[yi]);
      }
    }
  }
  return {outShape: [B, Ho, Wo, Co], parts: [y, dx, dw, db]};
}

/** y = conv2d(x, W) + b and the gradients of Σ r ⊙ y w.r.t. x, W and b, on the current backend. */
async function computed(c: Case, x: Float32Array, w: Float32Array, b: Float32Array, r: Float32Array, outShape: number[]): Promise<Float32Array[]> {
  const ts = tf.tidy(() => {
    const f = (xs: tf.Tensor, ws: tf.Tensor, bs: tf.Tensor) => tf.add(tf.conv2d(xs as tf.Tensor4D, ws as tf.Tensor4D, c.strides, c.pad), bs);
    const inputs = [tf.tensor(x, c.x), tf.tensor(w, c.w), tf.tensor1d(b)];
    const rt = tf.tensor(r, outShape);
    return [f(inputs[0], inputs[1], inputs[2]), ...tf.grads((xs: tf.Tensor, ws: tf.Tensor, bs: tf.Tensor) => tf.sum(tf.mul(f(xs, ws, bs), rt)))(inputs)];
  });
  const out = await Promise.all(ts.map(async (t) => (await t.data()) as Float32Array));
  tf.dispose(ts);
  return out;
}

beforeAll(async () => {
  await tf.setBackend("wasm");
  await tf.ready();
});

describe("installConvKernels", () => {
  it("installConvKernels('wasm') has given wasm a Conv2DBackpropFilter kernel, and a second call installs nothing", () => {
    expect(tf.getKernel("Conv2DBackpropFilter", "wasm")).toBeDefined();
    expect(installConvKernels("wasm")).toEqual([]);
  });

  const rng = new Rng(11, "convKernels");
  for (const c of cases) {
    it(`conv2d(x ${c.x}, W ${c.w}, strides ${c.strides}, ${JSON.stringify(c.pad)}) + b: y, dx, dW, db on wasm equal the float64 sums`, async () => {
      const x = Float32Array.from(rng.normals(size(c.x))), w = Float32Array.from(rng.normals(size(c.w))), b = Float32Array.from(rng.normals(c.w[3]));
      const info = tf.backend_util.computeConv2DInfo(c.x as [number, number, number, number], c.w as [number, number, number, number], c.strides, 1, c.pad);
      const r = Float32Array.from(rng.normals(size(info.outShape)));
      const ref = reference(c, x, w, b, r);
      const got = await computed(c, x, w, b, r, ref.outShape);
      ["y", "dx", "dW", "db"].forEach((name, k) => {
        const {value, bound} = ref.parts[k];
        expect(got[k].length, name).toBe(value.length);
        let worst = 0;
        value.forEach((v, i) => (worst = Math.max(worst, Math.abs(got[k][i] - v) / (bound[i] + 1e-30))));
        expect(worst, `${name}: worst error / Σ|terms|`).toBeLessThan(1e-5);
      });
    });
  }

  it("the convolution gradients leave no tensor, no backend buffer and no heap growth behind", () => {
    const rng2 = new Rng(12, "leaks");
    const x = tf.tensor4d(rng2.normals(12 * 16 * 16 * 8), [12, 16, 16, 8]), w = tf.tensor4d(rng2.normals(9 * 8 * 8), [3, 3, 8, 8]);
    const narrow = tf.tensor4d(rng2.normals(9 * 8 * 2), [3, 3, 8, 2]); // fewer channels out: dW cut from dy
    const backend = tf.backend() as tf.KernelBackend & {wasm: {HEAPU8: Uint8Array}};
    const step = () => {
      for (const [s, k] of [[1, w], [2, w], [1, narrow]] as const) {
        tf.dispose(tf.grads((a: tf.Tensor, f: tf.Tensor) => tf.sum(tf.square(tf.conv2d(a as tf.Tensor4D, f as tf.Tensor4D, s, "same"))))([x, k]));
      }
    };
    step(); step();
    const tensors = tf.memory().numTensors, buffers = backend.numDataIds(), heap = backend.wasm.HEAPU8.length;
    for (let i = 0; i < 30; i++) step();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backend.numDataIds()).toBe(buffers);
    expect(backend.wasm.HEAPU8.length).toBe(heap);
    tf.dispose([x, w, narrow]);
  });
});
