// The MNIST VQ-VAE lab's settings, tf-free (the page imports this; the Worker builds the lab from it).
// See src/labs/vqMnist.ts and src/models/vqVae.ts.
import {defineLab} from "../train/settingsSchema.js";
import {parseLevels} from "../math/fsq.js";

export interface VqMnistSettings {
  seed: number;
  /** "gradient" or "ema" codebook, or "fsq". */
  quantizer: "gradient" | "ema" | "fsq";
  /** Codebook size and code length (gradient and EMA). */
  K: number;
  D: number;
  /** FSQ levels, as text: "4, 4, 4" (64 codes), "8, 5, 5, 5" (1,000). */
  levels: string;
  /** Re-seed dead codes every `resetEvery` steps (gradient and EMA). */
  reset: boolean;
  beta: number;
  lr: number;
  /** Which of the shown held-out digits the code grid is drawn for (0–15). */
  image: number;
}

export const vqMnistDefaults: VqMnistSettings = {
  seed: 0,
  quantizer: "gradient",
  K: 64,
  D: 8,
  levels: "4, 4, 4",
  reset: false,
  beta: 0.25,
  lr: 0.002,
  image: 0
};

/** Batch, reset period, usage tracker (6), EMA decay, and the sizes of the held-out and prior-fitting sets. */
export const vqMnistFixed = {
  batch: 64, hidden: 16, codebookLrFactor: 10, resetEvery: 25, usageDecay: 0.99, threshold: 0.03, emaDecay: 0.99,
  shown: 16, heldOut: 256, priorImages: 1024, priorEvery: 100, priorLambda: 10, samples: 8
};

/** FSQ levels as text: their product, the number of codes, at most 4096. Throws a message naming what is wrong. */
function fsqCodes(levels: string): number {
  const size = parseLevels(levels).reduce((a, b) => a * b, 1);
  if (size > 4096) throw new Error(`invalid levels: ${JSON.stringify(levels)} make ${size} codes; expected at most 4096`);
  return size;
}

export const vqMnistSpec = defineLab<VqMnistSettings>({
  name: "the MNIST VQ-VAE",
  defaults: vqMnistDefaults,
  schema: {
    quantizer: {kind: "choice", values: ["gradient", "ema", "fsq"], names: {gradient: "VQ, gradient codebook", ema: "VQ, EMA codebook", fsq: "FSQ (no codebook)"}, label: "Quantiser", rebuild: true},
    reset: {kind: "boolean", label: "Re-seed dead codes every 25 steps", hint: "VQ only."},
    K: {kind: "number", min: 2, max: 512, integer: true, label: "Codes K (VQ)", rebuild: true},
    D: {kind: "number", min: 1, max: 64, integer: true, label: "Code length D (VQ)", rebuild: true},
    levels: {kind: "text", maxLength: 40, parse: fsqCodes, label: "FSQ levels", hint: "e.g. 4, 4, 4 (64 codes) or 8, 5, 5, 5 (1,000)", rebuild: true},
    beta: {kind: "number", min: 0, max: 10, label: "Commitment β"},
    lr: {kind: "number", min: 0, max: 0.05, aboveMin: true, log: true, label: "Learning rate"},
    seed: {kind: "number", min: 0, max: 1e9, integer: true, label: "Seed", rebuild: true},
    image: {kind: "number", min: 0, max: vqMnistFixed.shown - 1, integer: true, label: "Digit shown"}
  }
});
