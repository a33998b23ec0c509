// The VQ toy's model: 2-d data, a 2-d code. The encoder and decoder are the identity ("identity": the codebook alone
// learns, and the picture is about the codes) or near-identity residual MLPs, z = x + W₂ tanh(W₁x + b₁) + b₂
// ("mlp": the encoder can also move its outputs toward the codes); either way data, encoder outputs and codes share
// one plane. The quantiser between them is that of the chapter, (1)–(4) and (7)–(8) (src/models/vqQuantizer.ts).
import * as tf from "@tensorflow/tfjs";
import type {Rng} from "../math/rng.js";
import {EmaCodebook, vqQuantize} from "./vqQuantizer.js";

export interface VqToyLoss {
  loss: tf.Scalar;
  /** Mean ‖x − x̂‖². */
  recon: tf.Scalar;
  /** (3), mean over points. */
  codebook: tf.Scalar;
  /** (4) without β, mean over points. */
  commit: tf.Scalar;
  /** Encoder outputs [n, 2] and their codes [n]. */
  z: tf.Tensor2D;
  indices: tf.Tensor1D;
}

export class VqToyModel {
  readonly net: tf.Variable[]; // enc W1 [2,H], b1 [H], W2 [H,2], b2 [2]; dec the same
  readonly codebook: tf.Variable; // [K, 2]
  readonly ema: EmaCodebook | null;

  constructor(codes: Float32Array, K: number, hidden: number, update: "gradient" | "ema", emaDecay: number, rng: Rng, encoder: "identity" | "mlp" = "mlp") {
    const layer = (i: number, o: number, scale: number) => tf.tidy(() => [
      tf.variable(tf.tensor2d(rng.uniforms(i * o, -scale, scale), [i, o])), tf.variable(tf.zeros([o]))
    ]);
    const a = Math.sqrt(6 / (2 + hidden));
    this.net = encoder === "identity" ? [] : [...layer(2, hidden, a), ...layer(hidden, 2, 0.1 * a), ...layer(2, hidden, a), ...layer(hidden, 2, 0.1 * a)];
    this.codebook = tf.tidy(() => tf.variable(tf.tensor2d(codes, [K, 2]), update === "gradient"));
    this.ema = update === "ema" ? new EmaCodebook(this.codebook, 1, emaDecay) : null;
  }

  /** The variables Adam trains: the nets, and the codebook when it learns by gradient. */
  get trainable(): tf.Variable[] {
    return this.ema ? this.net : [...this.net, this.codebook];
  }

  private mlp(x: tf.Tensor2D, at: number): tf.Tensor2D {
    if (this.net.length === 0) return tf.clone(x);
    const [W1, b1, W2, b2] = this.net.slice(at, at + 4);
    return tf.tidy(() => tf.add(x, tf.add(tf.matMul(tf.tanh(tf.add(tf.matMul(x, W1), b1)), W2), b2)) as tf.Tensor2D);
  }

  encode(x: tf.Tensor2D): tf.Tensor2D { return this.mlp(x, 0); }
  decode(q: tf.Tensor2D): tf.Tensor2D { return this.mlp(q, 4); }

  /** recon + (3) (gradient update only) + β·(4), all means over the points of x [n, 2]. */
  lossParts(x: tf.Tensor2D, beta: number): VqToyLoss {
    return tf.tidy(() => {
      const z = this.encode(x);
      const {zq, indices, codebookLoss, commitLoss} = vqQuantize(z, this.codebook as tf.Tensor2D);
      const recon = tf.mean(tf.sum(tf.square(tf.sub(x, this.decode(zq))), 1)) as tf.Scalar; // [n, 2] → []
      let loss = tf.add(recon, tf.mul(commitLoss, beta));
      if (!this.ema) loss = tf.add(loss, codebookLoss);
      return {loss: loss as tf.Scalar, recon, codebook: codebookLoss, commit: commitLoss, z, indices};
    });
  }

  dispose(): void {
    tf.dispose(this.net);
    this.ema?.dispose();
    this.codebook.dispose();
  }
}
