// The 2-d VQ toy's settings, tf-free (the page imports this; the Worker builds the lab from it): data, codebook
// size and start, how the codebook learns, and whether dead codes are re-seeded. See src/labs/vqToy.ts.
import type {LabSpec} from "../train/lab.js";

export interface VqToySettings {
  /** Seed of the data, the weights and the batches. */
  seed: number;
  /** "blobs": eight Gaussians on a circle; "rings": two noisy concentric rings. */
  data: "blobs" | "rings";
  /** Codebook size K. */
  K: number;
  /** Where the codes start: "corner" (a tight cluster off to one side, so most die), "data" (at data points), "uniform". */
  init: "corner" | "data" | "uniform";
  /** "identity": z = x and x̂ = z_q, only the codebook learns; "mlp": small residual MLPs learn too. */
  encoder: "identity" | "mlp";
  /** "gradient": the codebook loss (3) moves the codes; "ema": the moving averages (7)–(8). */
  update: "gradient" | "ema";
  /** Re-seed dead codes at encoder outputs every `resetEvery` steps (Jukebox). */
  reset: boolean;
  /** Commitment weight β of (4). */
  beta: number;
  /** Adam's learning rate (encoder, decoder and, with "gradient", the codebook). */
  lr: number;
}

export const vqToyDefaults: VqToySettings = {
  seed: 0,
  data: "blobs",
  K: 24, // codes: three per blob if all live
  init: "corner",
  encoder: "identity",
  update: "gradient",
  reset: false,
  beta: 0.25, // van den Oord et al. 2017
  lr: 0.01
};

/** Batch size, steps between resets, and the usage tracker's decay and threshold (6). */
export const vqToyFixed = {batch: 128, points: 2048, resetEvery: 20, usageDecay: 0.97, threshold: 0.03, emaDecay: 0.95, hidden: 16};

const oneOf = (name: string, v: unknown, values: readonly string[]) =>
  values.includes(v as string) ? null : `invalid ${name}: ${JSON.stringify(v)}; expected ${values.map((s) => `"${s}"`).join(" or ")}`;

export function checkVqToy(s: VqToySettings): string | null {
  if (!Number.isInteger(s.seed) || s.seed < 0 || s.seed > 1e9) return `invalid seed: ${s.seed}; expected an integer in [0, 1000000000]`;
  if (!Number.isInteger(s.K) || s.K < 2 || s.K > 64) return `invalid K: ${s.K}; expected an integer in [2, 64]`;
  if (typeof s.beta !== "number" || !(s.beta >= 0 && s.beta <= 10)) return `invalid beta: ${s.beta}; expected a number in [0, 10]`;
  if (typeof s.lr !== "number" || !(s.lr > 0 && s.lr <= 0.5)) return `invalid lr: ${s.lr}; expected a number in (0, 0.5]`;
  if (typeof s.reset !== "boolean") return `invalid reset: ${s.reset}; expected true or false`;
  return oneOf("data", s.data, ["blobs", "rings"]) ?? oneOf("init", s.init, ["corner", "data", "uniform"]) ?? oneOf("update", s.update, ["gradient", "ema"]) ?? oneOf("encoder", s.encoder, ["identity", "mlp"]);
}

export const vqToySpec: LabSpec<VqToySettings> = {
  name: "the VQ toy",
  defaults: vqToyDefaults,
  check: checkVqToy,
  resetKeys: ["seed", "data", "K", "init", "update", "encoder"],
  viewsEveryMs: 100 // the Voronoi animation: 10 frames a second; its views are a few hundred points
};
