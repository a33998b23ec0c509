// The quantisers of the VQ-VAE, in tfjs: van den Oord et al., "Neural Discrete Representation Learning" (2017),
// and Mentzer et al., "Finite Scalar Quantization" (2024). Equations, as in the chapter (08-vq-vae.md):
//   (1) k(z) = argmin_k ‖z − e_k‖²,   z_q = e_{k(z)}
//   (2) straight-through   z_q^st = z + sg[e_k − z]: the value of e_k, the gradient of z
//   (3) codebook loss      ‖sg[z] − e_k‖²        (moves the codes; unused with the EMA update)
//   (4) commitment loss    β‖z − sg[e_k]‖²       (keeps the encoder near its codes), β = 0.25
//   (7), (8) the EMA update of the codebook, as in src/math/vq.ts
//   (9), (10) FSQ: bound, round with a straight-through gradient, normalise, as in src/math/fsq.ts
// tfjs 4.22 has no stop_gradient: `stopGradient` is an identity whose gradient is zero (tf.customGrad).
// Shapes: z is [N, D] (N vectors: batch × positions), the codebook [K, D].
import * as tf from "@tensorflow/tfjs";
import {fsqConstants} from "../math/fsq.js";

/** sg[x]: the value of x, no gradient. */
export const stopGradient = tf.customGrad(((x: tf.Tensor) => ({
  value: tf.clone(x),
  gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy)
})) as unknown as Parameters<typeof tf.customGrad>[0]) as (x: tf.Tensor) => tf.Tensor;

/** (1) Nearest code of each row of z: int32 [N]. */
export function nearestCodeIndices(z: tf.Tensor2D, codebook: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const zz = tf.sum(tf.square(z), 1, true); // [N, 1]
    const ee = tf.reshape(tf.sum(tf.square(codebook), 1), [1, -1]); // [1, K]
    const d = tf.add(tf.sub(zz, tf.mul(2, tf.matMul(z, codebook, false, true))), ee); // [N, K] squared distances
    return tf.argMin(d, 1) as tf.Tensor1D; // [N]
  });
}

/** What `vqQuantize` returns: every tensor is new (dispose them). */
export interface Quantized {
  /** (2) z_q with the straight-through gradient: [N, D]. */
  zq: tf.Tensor2D;
  /** (1) the code of each row: int32 [N]. */
  indices: tf.Tensor1D;
  /** (3) mean over rows of ‖sg[z] − e_k‖², a scalar. */
  codebookLoss: tf.Scalar;
  /** (4) mean over rows of ‖z − sg[e_k]‖² (without β), a scalar. */
  commitLoss: tf.Scalar;
}

/** (1)–(4) Quantises z [N, D] with codebook [K, D]. */
export function vqQuantize(z: tf.Tensor2D, codebook: tf.Tensor2D): Quantized {
  return tf.tidy(() => {
    const indices = nearestCodeIndices(stopGradient(z) as tf.Tensor2D, codebook);
    // e_k as a one-hot product, not tf.gather: gather's gradient needs UnsortedSegmentSum, which wasm lacks.
    const e = tf.matMul(tf.oneHot(indices, codebook.shape[0]).toFloat(), codebook) as tf.Tensor2D; // [N, D]
    const zq = tf.add(z, stopGradient(tf.sub(e, z))) as tf.Tensor2D; // (2)
    const codebookLoss = tf.mean(tf.sum(tf.square(tf.sub(stopGradient(z), e)), 1)) as tf.Scalar; // (3)
    const commitLoss = tf.mean(tf.sum(tf.square(tf.sub(z, stopGradient(e))), 1)) as tf.Scalar; // (4)
    return {zq, indices, codebookLoss, commitLoss};
  });
}

/**
 * (9), (10) FSQ of z [N, d] with `levels` (d = levels.length): the normalised codes in [−1, 1], with the rounding's
 * gradient passed straight through; the bound's tanh keeps its own gradient.
 */
export function fsqQuantizeTf(z: tf.Tensor2D, levels: readonly number[]): tf.Tensor2D {
  const {half, offset, shift, width} = fsqConstants(levels);
  return tf.tidy(() => {
    const row = (v: number[]) => tf.tensor2d(v, [1, v.length]);
    const bounded = tf.sub(tf.mul(tf.tanh(tf.add(z, row(shift))), row(half)), row(offset)); // (9) [N, d]
    const rounded = tf.add(bounded, stopGradient(tf.sub(tf.round(bounded), bounded))); // (10) round, straight-through
    return tf.div(rounded, row(width)) as tf.Tensor2D; // (10) normalise to [−1, 1]
  });
}

/** The variables of an EMA codebook: smoothed counts N [K] and sums m [K, D], and the codebook they imply. */
export class EmaCodebook {
  readonly counts: tf.Variable;
  readonly sums: tf.Variable;

  /** Starts as if each row of `codebook` had been seen `count` times; `codebook` itself is assigned by `step`. */
  constructor(readonly codebook: tf.Variable, count = 1, readonly decay = 0.99, readonly eps = 1e-5) {
    if (!(decay >= 0 && decay < 1)) throw new Error(`invalid decay: ${decay}; expected a number in [0, 1)`);
    const K = codebook.shape[0];
    this.counts = tf.tidy(() => tf.variable(tf.fill([K], count), false));
    this.sums = tf.tidy(() => tf.variable(tf.mul(codebook, count), false));
  }

  /** (7), (8) One update from z [N, D] and its codes [N]; assigns counts, sums and the codebook. */
  step(z: tf.Tensor2D, indices: tf.Tensor1D): void {
    const K = this.codebook.shape[0], g = this.decay;
    tf.tidy(() => {
      const onehot = tf.oneHot(tf.cast(indices, "int32") as tf.Tensor1D, K).toFloat(); // [N, K]
      const n = tf.sum(onehot, 0); // [K]
      const s = tf.matMul(onehot, z, true, false); // [K, D]: Σ of the rows assigned to each code
      const counts = tf.add(tf.mul(this.counts, g), tf.mul(n, 1 - g)); // (7)
      const sums = tf.add(tf.mul(this.sums, g), tf.mul(s, 1 - g)); // (7)
      const total = tf.sum(counts);
      const smoothed = tf.mul(tf.div(tf.add(counts, this.eps), tf.add(total, K * this.eps)), total); // (8) [K]
      this.counts.assign(counts);
      this.sums.assign(sums);
      this.codebook.assign(tf.div(sums, tf.reshape(smoothed, [K, 1]))); // (8)
    });
  }

  /** Re-seeds codes `codes` at `vectors` [codes.length · D], as if each had been seen `count` times. */
  reseed(codes: readonly number[], vectors: Float32Array, count: number): Promise<void> {
    return reseedRows([this.codebook, this.sums, this.counts], codes, vectors, count);
  }

  dispose(): void {
    this.counts.dispose();
    this.sums.dispose();
  }
}

/**
 * Writes `vectors` into rows `codes` of the codebook (first variable); for an EMA codebook also the sums
 * (vectors · count) and the counts (count). Reads the variables with `await data()`.
 */
export async function reseedRows(vars: tf.Variable[], codes: readonly number[], vectors: Float32Array, count = 1): Promise<void> {
  if (codes.length === 0) return;
  const [codebook, sums, counts] = vars;
  const D = codebook.shape[1]!;
  if (vectors.length !== codes.length * D) throw new Error(`invalid vectors: length ${vectors.length}; expected ${codes.length}·${D}`);
  const write = async (v: tf.Variable, rowValue: (i: number, j: number) => number, width: number) => {
    const a = (await v.data()) as Float32Array;
    const b = Float32Array.from(a);
    codes.forEach((k, i) => { for (let j = 0; j < width; j++) b[k * width + j] = rowValue(i, j); });
    tf.tidy(() => v.assign(tf.tensor(b, v.shape)));
  };
  await write(codebook, (i, j) => vectors[i * D + j], D);
  if (sums) await write(sums, (i, j) => vectors[i * D + j] * count, D);
  if (counts) await write(counts, () => count, 1);
}
