// The MNIST VQ-VAE lab's settings, tf-free (the page imports this; the Worker builds the lab from it).
// See src/labs/vqMnist.ts and src/models/vqVae.ts.
import type {LabSpec} from "../train/lab.js";
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

export function checkVqMnist(s: VqMnistSettings): string | null {
  if (!Number.isInteger(s.seed) || s.seed < 0 || s.seed > 1e9) return `invalid seed: ${s.seed}; expected an integer in [0, 1000000000]`;
  if (!["gradient", "ema", "fsq"].includes(s.quantizer)) return `invalid quantizer: ${JSON.stringify(s.quantizer)}; expected "gradient", "ema" or "fsq"`;
  if (!Number.isInteger(s.K) || s.K < 2 || s.K > 512) return `invalid K: ${s.K}; expected an integer in [2, 512]`;
  if (!Number.isInteger(s.D) || s.D < 1 || s.D > 64) return `invalid D: ${s.D}; expected an integer in [1, 64]`;
  let size = 0;
  try { size = parseLevels(s.levels).reduce((a, b) => a * b, 1); } catch (e) { return (e as Error).message; }
  if (size > 4096) return `invalid levels: ${JSON.stringify(s.levels)} make ${size} codes; expected at most 4096`;
  if (typeof s.reset !== "boolean") return `invalid reset: ${s.reset}; expected true or false`;
  if (typeof s.beta !== "number" || !(s.beta >= 0 && s.beta <= 10)) return `invalid beta: ${s.beta}; expected a number in [0, 10]`;
  if (typeof s.lr !== "number" || !(s.lr > 0 && s.lr <= 0.05)) return `invalid lr: ${s.lr}; expected a number in (0, 0.05]`;
  if (!Number.isInteger(s.image) || s.image < 0 || s.image >= vqMnistFixed.shown) return `invalid image: ${s.image}; expected an integer in [0, ${vqMnistFixed.shown - 1}]`;
  return null;
}

export const vqMnistSpec: LabSpec<VqMnistSettings> = {
  name: "the MNIST VQ-VAE",
  defaults: vqMnistDefaults,
  check: checkVqMnist,
  resetKeys: ["seed", "quantizer", "K", "D", "levels"]
};
