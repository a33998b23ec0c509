// A small VQ-VAE for MNIST: van den Oord, Vinyals & Kavukcuoglu, "Neural Discrete Representation Learning" (2017),
// with the codebook learnt by gradient (3) or by EMA (7)–(8), or replaced by FSQ (Mentzer et al. 2024, (9)–(10);
// here each FSQ dimension is standardised over the batch before the bound, see `quantize`).
// The 28×28 digit becomes a 7×7 grid of codes, one per 4×4 patch:
//   encoder  4×4 patches → linear (a 4×4 stride-4 convolution) → ReLU → 3×3 conv → ReLU → linear to D (or d for FSQ)
//   decoder  linear to H → ReLU → 3×3 conv → ReLU → linear to 16 logits per position → the 4×4 patches
// The 3×3 convolutions are convVae's conv3x3 (tf.conv2d; on wasm its gradients come from src/train/convKernels.ts). Loss, per
// image: −log p(x | z_q) (Bernoulli, summed over pixels) + Σ_positions [(3) + β·(4)] (with EMA or FSQ, only the
// terms that have a gradient). Tensors: x [B, 784]; codes [B·49, D] with row b·49 + (row·7 + col).
import * as tf from "@tensorflow/tfjs";
import {checkLevels, fsqIndicesToCodes, fsqSize} from "../math/fsq.js";
import type {Rng} from "../math/rng.js";
import {conv3x3} from "./convVae.js";
import {EmaCodebook, fsqQuantizeTf, vqQuantize} from "./vqQuantizer.js";
import {bernoulliNll} from "./bernoulli.js";

export interface VqVaeConfig {
  /** "gradient" or "ema": a learnt codebook of K vectors of D numbers; "fsq": the grid of `levels`. */
  quantizer: "gradient" | "ema" | "fsq";
  K: number;
  D: number;
  levels: number[];
  /** Feature channels of the hidden layers. */
  hidden: number;
  /** β of (4). */
  beta: number;
}

export const vqVaeDefaults: VqVaeConfig = {
  quantizer: "gradient",
  K: 64, // codes
  D: 8, // numbers per code
  levels: [4, 4, 4], // FSQ: 4·4·4 = 64 codes, as many as K
  hidden: 32,
  beta: 0.25 // van den Oord et al. 2017
};

export const GRID = 7, PATCH = 4, POSITIONS = GRID * GRID, PIXELS = 784;

export interface VqVaeLoss {
  loss: tf.Scalar;
  /** −log p(x | z_q) per image (nats). */
  recon: tf.Scalar;
  /** (3) and (4) (without β), summed over the 49 positions, per image. */
  codebook: tf.Scalar;
  commit: tf.Scalar;
  /** Encoder outputs [B·49, D or d] and their code indices [B·49]. */
  z: tf.Tensor2D;
  indices: tf.Tensor1D;
}

export class VqVae {
  readonly net: tf.Variable[];
  readonly codebook: tf.Variable | null;
  readonly ema: EmaCodebook | null;

  constructor(public config: Readonly<VqVaeConfig>, rng: Rng, emaDecay = 0.99) {
    const c = config, H = c.hidden, d = this.codeDim;
    if (c.quantizer === "fsq") checkLevels(c.levels);
    const glorot = (shape: number[], fanIn: number, fanOut: number) => {
      const a = Math.sqrt(6 / (fanIn + fanOut));
      return tf.variable(tf.tensor(rng.uniforms(shape.reduce((x, y) => x * y, 1), -a, a), shape));
    };
    const dense = (i: number, o: number) => [glorot([i, o], i, o), tf.variable(tf.zeros([o]))];
    const conv = (i: number, o: number) => [glorot([3, 3, i, o], 9 * i, 9 * o), tf.variable(tf.zeros([o]))];
    this.net = tf.tidy(() => [...dense(PATCH * PATCH, H), ...conv(H, H), ...dense(H, d), ...dense(d, H), ...conv(H, H), ...dense(H, PATCH * PATCH)]);
    this.codebook = c.quantizer === "fsq" ? null
      : tf.tidy(() => tf.variable(tf.tensor2d(rng.uniforms(c.K * c.D, -1 / c.K, 1 / c.K), [c.K, c.D]), c.quantizer === "gradient"));
    this.ema = c.quantizer === "ema" ? new EmaCodebook(this.codebook!, 1, emaDecay) : null;
  }

  /** Numbers per code: D, or the number of FSQ levels. */
  get codeDim(): number { return this.config.quantizer === "fsq" ? this.config.levels.length : this.config.D; }
  /** Codes in the (implied) codebook. */
  get codes(): number { return this.config.quantizer === "fsq" ? fsqSize(this.config.levels) : this.config.K; }
  /** What Adam trains. */
  get trainable(): tf.Variable[] { return this.config.quantizer === "gradient" ? [...this.net, this.codebook!] : this.net; }

  private dense(x: tf.Tensor2D, i: number): tf.Tensor2D {
    return tf.add(tf.matMul(x, this.net[i]), this.net[i + 1]) as tf.Tensor2D;
  }

  private conv(h: tf.Tensor2D, i: number): tf.Tensor2D {
    const B = h.shape[0] / POSITIONS, H = this.config.hidden;
    const y = conv3x3(tf.reshape(h, [B, GRID, GRID, H]), this.net[i] as tf.Tensor4D, this.net[i + 1] as tf.Tensor1D, 1); // [B, 7, 7, H]
    return tf.reshape(y, [B * POSITIONS, H]);
  }

  /** Encoder outputs z_e: [B·49, D or d]. */
  encode(x: tf.Tensor2D): tf.Tensor2D {
    const B = x.shape[0];
    return tf.tidy(() => {
      const patches = tf.reshape(tf.transpose(tf.reshape(x, [B, GRID, PATCH, GRID, PATCH]), [0, 1, 3, 2, 4]), [B * POSITIONS, PATCH * PATCH]); // [B·49, 16]
      const h = tf.relu(this.conv(tf.relu(this.dense(patches as tf.Tensor2D, 0)) as tf.Tensor2D, 2)) as tf.Tensor2D; // [B·49, H]
      return this.dense(h, 4); // [B·49, D]
    });
  }

  /** Decoder logits [B, 784] from (quantised) codes [B·49, D or d]. */
  logits(zq: tf.Tensor2D): tf.Tensor2D {
    const B = zq.shape[0] / POSITIONS;
    return tf.tidy(() => {
      const h = tf.relu(this.conv(tf.relu(this.dense(zq, 6)) as tf.Tensor2D, 8)) as tf.Tensor2D; // [B·49, H]
      const l = this.dense(h, 10); // [B·49, 16]
      return tf.reshape(tf.transpose(tf.reshape(l, [B, GRID, GRID, PATCH, PATCH]), [0, 1, 3, 2, 4]), [B, PIXELS]) as tf.Tensor2D;
    });
  }

  /** Quantised codes (straight-through) and their indices, from encoder outputs z [N, D or d]. */
  quantize(z: tf.Tensor2D): {zq: tf.Tensor2D; indices: tf.Tensor1D; codebookLoss: tf.Scalar; commitLoss: tf.Scalar} {
    if (this.codebook) return vqQuantize(z, this.codebook as tf.Tensor2D);
    const levels = this.config.levels;
    return tf.tidy(() => {
      // Each dimension standardised over the batch's B·49 vectors before the bound (9): our addition, not the paper's.
      // Without it this small encoder's outputs grow within 50 steps until tanh saturates and whole dimensions
      // sit on one level for good (4 of 64 codes used).
      const {mean, variance} = tf.moments(z, 0, true); // [1, d] each
      const zq = fsqQuantizeTf(tf.div(tf.sub(z, mean), tf.sqrt(tf.add(variance, 1e-5))) as tf.Tensor2D, levels); // [N, d]
      const width = levels.map((L) => Math.floor(L / 2));
      let basis = 1;
      const weights = levels.map((L) => { const w = basis; basis *= L; return w; });
      const digits = tf.round(tf.add(tf.mul(zq, tf.tensor2d(width, [1, width.length])), tf.tensor2d(width, [1, width.length]))); // [N, d]
      const indices = tf.cast(tf.reshape(tf.matMul(digits, tf.tensor2d(weights, [weights.length, 1])), [-1]), "int32") as tf.Tensor1D; // (11)
      return {zq, indices, codebookLoss: tf.scalar(0), commitLoss: tf.scalar(0)};
    });
  }

  lossParts(x: tf.Tensor2D): VqVaeLoss {
    return tf.tidy(() => {
      const z = this.encode(x);
      const q = this.quantize(z);
      const l = this.logits(q.zq);
      const recon = tf.mean(bernoulliNll(x, l)) as tf.Scalar; // Bernoulli −log p(x | z_q)
      const codebook = tf.mul(q.codebookLoss, POSITIONS) as tf.Scalar, commit = tf.mul(q.commitLoss, POSITIONS) as tf.Scalar;
      let loss: tf.Tensor = recon;
      if (this.config.quantizer !== "fsq") loss = tf.add(loss, tf.mul(commit, this.config.beta)); // (4)
      if (this.config.quantizer === "gradient") loss = tf.add(loss, codebook); // (3)
      return {loss: loss as tf.Scalar, recon, codebook, commit, z, indices: q.indices};
    });
  }

  /** Pixel probabilities [B, 784] of the images whose 7×7 code grids are `grids` [B·49] (code indices). */
  decodeIndices(grids: Int32Array): tf.Tensor2D {
    return tf.tidy(() => {
      const zq = this.codebook ? tf.gather(this.codebook, tf.tensor1d(grids, "int32")) as tf.Tensor2D // [B·49, D]
        : tf.tensor2d(Float32Array.from(fsqIndicesToCodes(grids, this.config.levels)), [grids.length, this.codeDim]); // [B·49, d]
      return tf.sigmoid(this.logits(zq));
    });
  }

  setBeta(beta: number): void {
    this.config = {...this.config, beta};
  }

  dispose(): void {
    tf.dispose(this.net);
    this.ema?.dispose();
    this.codebook?.dispose();
  }
}
