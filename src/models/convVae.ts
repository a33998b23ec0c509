// A small convolutional VAE for 32×32 images: the codec of latent diffusion in miniature. Kingma & Welling,
// "Auto-Encoding Variational Bayes" (ICLR 2014), with the layout of the SD autoencoder (Rombach et al. 2022, KL-f8):
// the latent is a (32/f)×(32/f) image with c channels, and the KL weight β is small. Equations, as in the chapter:
//   (1) loss        recon + β·kl, per example
//   (2) KL          ½ Σ_j (μ_j² + σ_j² − 1 − log σ_j²) over all (32/f)²·c latent numbers
//   (3) reparam     z = μ + σ ⊙ ε,  σ = exp(½ logVar)
//   (4) Bernoulli   −log p(x|z) = Σ_pixels softplus(l) − x·l,  l = decoder logits
//   (5) Gaussian    Σ_pixels (x − l)², the summed squared error: −log N(x; l, ½) up to a constant
//   (6) Laplace     Σ_pixels |x − l|, the summed absolute error: −log Laplace(x; l, 1) up to a constant
// For (5) and (6) the decoder's output l is the mean (median) itself, clipped to [0, 1] only when decoded for display:
// through a sigmoid, the squared error's gradient −2(x − σ(l))·σ(l)(1 − σ(l)) vanishes where σ(l) nears 0 or 1, and
// such a model (seed 0, f4c4, 300 steps) stayed at 11 dB where cross-entropy reached 22 dB.
// Encoder: log2 f stride-2 3×3 convolutions (ReLU), then 3×3 heads for μ and logVar. Decoder: a 3×3 convolution,
// log2 f × (nearest-neighbour ×2 upsampling, 3×3 convolution, ReLU), a 3×3 convolution to logits.
// Tensors are NHWC; a latent map [batch, s, s, c] flattens to [batch, s·s·c] with index (row·s + col)·c + channel.
import * as tf from "@tensorflow/tfjs";
import type {LossParts, Model} from "./model.js";
import type {Rng} from "../math/rng.js";
import {gaussianKlPerDim} from "./gaussianKl.js";
import {bernoulliNll} from "./bernoulli.js";

export interface ConvVaeConfig {
  f: 2 | 4 | 8;
  c: number;
  width: number;
  beta: number;
  likelihood: "bernoulli" | "gaussian" | "laplace";
}

export const convVaeDefaults: ConvVaeConfig = {
  f: 4, // downsampling: the 32×32 image becomes an 8×8 latent
  c: 4, // latent channels, as SD 1.x: 8·8·4 = 256 numbers for 1,024 pixels (4×)
  width: 16, // feature channels of every hidden convolution
  beta: 1e-3, // KL weight: small, as codecs use (SD's autoencoder: 1e-6); 1 is the ELBO
  likelihood: "bernoulli" // "gaussian": the summed squared error (5); "laplace": the summed absolute error (6)
};

export const SIDE = 32, INPUT_DIM = SIDE * SIDE; // padded MNIST: 32×32 = 1,024 pixels

function fail(name: string, v: unknown, expected: string): never {
  throw new Error(`invalid ${name}: ${v}; expected ${expected}`);
}

/** Defaults merged with `c` (undefined entries keep the default); throws a message naming any bad value. */
export function validateConvVaeConfig(c: Partial<ConvVaeConfig> = {}): ConvVaeConfig {
  const given = Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined));
  const o = {...convVaeDefaults, ...given} as ConvVaeConfig;
  if (o.f !== 2 && o.f !== 4 && o.f !== 8) fail("f", o.f, "2, 4 or 8");
  if (!Number.isInteger(o.c) || o.c < 1 || o.c > 16) fail("c", o.c, "an integer in [1, 16]");
  if (!Number.isInteger(o.width) || o.width < 1 || o.width > 128) fail("width", o.width, "an integer in [1, 128]");
  checkBeta(o.beta);
  if (o.likelihood !== "bernoulli" && o.likelihood !== "gaussian" && o.likelihood !== "laplace") fail("likelihood", o.likelihood, '"bernoulli", "gaussian" or "laplace"');
  return o;
}

function checkBeta(v: unknown): number {
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0 || v > 100) fail("beta", v, "a finite number in [0, 100]");
  return v;
}

/** Names and shapes of the variables, in the fixed order of `ConvVae.variables`; conv kernels are [3, 3, in, out]. */
export function convVaeVariables(c: ConvVaeConfig): {name: string; shape: number[]}[] {
  const n = Math.log2(c.f), w = c.width, out: {name: string; shape: number[]}[] = [];
  const conv = (name: string, i: number, o: number) => out.push({name: `${name}/W`, shape: [3, 3, i, o]}, {name: `${name}/b`, shape: [o]});
  for (let k = 1; k <= n; k++) conv(`enc/down${k}`, k === 1 ? 1 : w, w);
  conv("enc/mu", w, c.c); conv("enc/lv", w, c.c); conv("dec/in", c.c, w);
  for (let k = 1; k <= n; k++) conv(`dec/up${k}`, w, w);
  conv("dec/out", w, 1);
  return out;
}

/**
 * A 3×3 convolution with TF "same" padding: tf.conv2d(x, w, stride, "same") + b. x [B, H, W, C] (H, W even when
 * stride is 2), w [3, 3, C, C'], b [C'] → [B, H/stride, W/stride, C']. tfjs 4.22's wasm backend has no
 * Conv2DBackpropFilter kernel of its own; src/train/convKernels.ts gives it one (installFastKernels, run by Node's and
 * the page's backends), so `auto` takes tf.conv2d wherever the kernel exists. Without it (`im2col`, or `auto` on a
 * wasm backend without the installed kernels) the convolution is a sum of 9 matMuls of shifted slices, whose
 * gradients every backend has, several times slower.
 */
export function conv3x3(x: tf.Tensor4D, w: tf.Tensor4D, b: tf.Tensor1D, stride: 1 | 2, method: "auto" | "conv2d" | "im2col" = "auto"): tf.Tensor4D {
  const native = method === "conv2d" || (method === "auto" && tf.getKernel("Conv2DBackpropFilter", tf.getBackend()) !== undefined);
  return tf.tidy(() => {
    if (native) return tf.add(tf.conv2d(x, w, stride, "same"), b) as tf.Tensor4D;
    const [B, H, W, C] = x.shape, Ho = H / stride, Wo = W / stride, Co = w.shape[3];
    // TF pads (Ho − 1)·s + 3 − H in total: 1 each side for s = 1; 0 before, 1 after for s = 2 (a 2nd row is never read).
    const before = stride === 1 ? 1 : 0;
    const p = tf.pad(x, [[0, 0], [before, 2 - before], [before, 2 - before], [0, 0]]); // [B, H+2, W+2, C]
    const w2 = tf.reshape(w, [9 * C, Co]); // rows (di·3 + dj)·C + c
    const terms: tf.Tensor[] = [];
    for (let di = 0; di < 3; di++) {
      for (let dj = 0; dj < 3; dj++) {
        let s: tf.Tensor = tf.slice(p, [0, di, dj, 0], [B, H, W, C]); // [B, H, W, C]
        // every 2nd row and column: [B·Ho, 2 (row parity), Wo, 2·C (column parity, channel)] → parity 0 of both
        if (stride === 2) s = tf.slice(tf.reshape(s, [B * Ho, 2, Wo, 2 * C]), [0, 0, 0, 0], [B * Ho, 1, Wo, C]);
        const wk = tf.slice(w2, [(di * 3 + dj) * C, 0], [C, Co]); // [C, C'] = w[di, dj]
        terms.push(tf.matMul(tf.reshape(s, [B * Ho * Wo, C]), wk)); // [B·Ho·Wo, C']
      }
    }
    return tf.reshape(tf.add(tf.addN(terms), b), [B, Ho, Wo, Co]) as tf.Tensor4D;
  });
}

/**
 * Nearest-neighbour ×2 upsampling, [B, h, w, C] → [B, 2h, 2w, C], by concat and reshape only. Not
 * tf.image.resizeNearestNeighbor: its cpu gradient in tfjs 4.22 reads dy at the input's batch stride, wrong for
 * batch > 1 (ResizeNearestNeighborGrad.js, `batchOffset = b * imagesStrides[0]` used for dy).
 */
export function upsample2(x: tf.Tensor4D): tf.Tensor4D {
  const [B, h, w, C] = x.shape;
  return tf.tidy(() => {
    const cols = tf.reshape(tf.concat([x, x], 3), [B, h, 2 * w, C]); // column 2j + q ← j
    return tf.reshape(tf.concat([cols, cols], 2), [B, 2 * h, 2 * w, C]) as tf.Tensor4D; // row 2i + r ← i
  });
}

export class ConvVae implements Model<ConvVaeConfig> {
  readonly name = "convVae";
  readonly variables: tf.Variable[];
  private cfg: ConvVaeConfig;

  /** Use `createConvVae`; `variables` must follow `convVaeVariables(config)`. */
  constructor(config: ConvVaeConfig, variables: tf.Variable[]) {
    this.cfg = config;
    this.variables = variables;
  }

  get config(): Readonly<ConvVaeConfig> { return this.cfg; }
  get inputDim(): number { return INPUT_DIM; }
  /** Side of the latent map, 32/f. */
  get latentSide(): number { return SIDE / this.cfg.f; }
  get latentDim(): number { return this.latentSide ** 2 * this.cfg.c; }

  private layer(i: number, x: tf.Tensor4D, stride: 1 | 2 = 1): tf.Tensor4D {
    return conv3x3(x, this.variables[2 * i] as tf.Tensor4D, this.variables[2 * i + 1] as tf.Tensor1D, stride);
  }

  encode(x: tf.Tensor2D): {mu: tf.Tensor2D; logVar: tf.Tensor2D} {
    const n = Math.log2(this.cfg.f), B = x.shape[0], k = this.latentDim;
    return tf.tidy(() => {
      let h = tf.reshape(x, [B, SIDE, SIDE, 1]) as tf.Tensor4D; // [B, 32, 32, 1]
      for (let i = 0; i < n; i++) h = tf.relu(this.layer(i, h, 2)); // [B, 32/2^(i+1), 32/2^(i+1), width]
      const mu = tf.reshape(this.layer(n, h), [B, k]) as tf.Tensor2D; // [B, s, s, c] → [B, s·s·c]
      const logVar = tf.reshape(this.layer(n + 1, h), [B, k]) as tf.Tensor2D; // [B, s·s·c]
      return {mu, logVar};
    });
  }

  /** Decoder outputs l: [batch, 1024]; logits of pixel probabilities σ(l) (Bernoulli), or the pixels' mean (Gaussian, Laplace). */
  logits(z: tf.Tensor2D): tf.Tensor2D {
    const n = Math.log2(this.cfg.f), B = z.shape[0], s = this.latentSide;
    return tf.tidy(() => {
      let h = tf.relu(this.layer(n + 2, tf.reshape(z, [B, s, s, this.cfg.c]) as tf.Tensor4D)); // [B, s, s, width]
      for (let i = 0; i < n; i++) {
        h = tf.relu(this.layer(n + 3 + i, upsample2(h))); // [B, 2·side, 2·side, width]
      }
      return tf.reshape(this.layer(2 * n + 3, h), [B, INPUT_DIM]) as tf.Tensor2D; // [B, 32, 32, 1] → [B, 1024]
    });
  }

  /** Decoded pixels [batch, 1024]: σ(l) for the Bernoulli decoder, l clipped to [0, 1] for (5) and (6). */
  decode(z: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => (this.cfg.likelihood === "bernoulli" ? tf.sigmoid(this.logits(z)) : tf.clipByValue(this.logits(z), 0, 1))); // [batch, 1024]
  }

  lossParts(x: tf.Tensor2D, eps: tf.Tensor2D): LossParts {
    return tf.tidy(() => {
      const {mu, logVar} = this.encode(x); // each [batch, latentDim]
      // (3) z = μ + σ ⊙ ε
      const z = tf.add(mu, tf.mul(tf.exp(tf.mul(logVar, 0.5)), eps)) as tf.Tensor2D; // [batch, latentDim]
      const l = this.logits(z); // [batch, 1024]
      const perExample = this.cfg.likelihood === "bernoulli"
        ? bernoulliNll(x, l) // (4) Σ softplus(l) − x·l
        : tf.sum(this.cfg.likelihood === "gaussian"
          ? tf.square(tf.sub(x, l)) // (5) (x − l)²
          : tf.abs(tf.sub(x, l)), 1); // (6) |x − l|
      const recon = tf.mean(perExample) as tf.Scalar; // []
      // (2) KL_j = ½(μ_j² + e^logVar_j − 1 − logVar_j), averaged over the batch
      const klPerDim = gaussianKlPerDim(mu, logVar); // [latentDim]
      const kl = tf.sum(klPerDim) as tf.Scalar; // []
      const loss = tf.add(recon, tf.mul(kl, this.cfg.beta)) as tf.Scalar; // (1)
      return {loss, recon, kl, klPerDim};
    });
  }

  setBeta(beta: number): void {
    this.cfg = {...this.cfg, beta: checkBeta(beta)};
  }

  dispose(): void {
    for (const v of this.variables) v.dispose();
  }
}

/** Number of trainable parameters of a ConvVae with config `c`. */
export function convVaeParameterCount(c: ConvVaeConfig): number {
  return convVaeVariables(c).reduce((s, v) => s + v.shape.reduce((a, b) => a * b, 1), 0);
}

/**
 * A ConvVae with kernels drawn from `rng` in JavaScript (same seed ⇒ same weights on every backend), Glorot uniform
 * with fan-in 9·in and fan-out 9·out (limit √(6 / (fanIn + fanOut))); biases 0.
 */
export function createConvVae(config: Partial<ConvVaeConfig>, rng: Rng): ConvVae {
  const c = validateConvVaeConfig(config);
  const vars = tf.tidy(() => convVaeVariables(c).map(({shape}) => {
    if (shape.length === 1) return tf.variable(tf.zeros(shape));
    const limit = Math.sqrt(6 / (9 * shape[2] + 9 * shape[3]));
    return tf.variable(tf.tensor4d(rng.uniforms(shape.reduce((a, b) => a * b, 1), -limit, limit), shape as [number, number, number, number]));
  }));
  return new ConvVae(c, vars);
}
