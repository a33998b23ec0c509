// The 2-d VQ toy's settings, tf-free (the page imports this; the Worker builds the lab from it): data, codebook
// size and start, how the codebook learns, and whether dead codes are re-seeded. See src/labs/vqToy.ts.
import {defineLab} from "../train/settingsSchema.js";

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

export const vqToySpec = defineLab<VqToySettings>({
  name: "the VQ toy",
  defaults: vqToyDefaults,
  schema: {
    update: {kind: "choice", values: ["gradient", "ema"], names: {gradient: "gradient: codebook loss (3)", ema: "EMA of assigned vectors (7)–(8)"}, label: "Codebook update", rebuild: true},
    reset: {kind: "boolean", label: "Re-seed dead codes every 20 steps", hint: "Takes effect at once."},
    init: {kind: "choice", values: ["corner", "data", "uniform"], names: {corner: "in a corner (most die)", data: "at data points", uniform: "uniform on the square"}, label: "Codes start", rebuild: true},
    encoder: {kind: "choice", values: ["identity", "mlp"], names: {identity: "identity (only codes learn)", mlp: "small residual MLPs"}, label: "Encoder and decoder", rebuild: true},
    data: {kind: "choice", values: ["blobs", "rings"], names: {blobs: "eight blobs", rings: "two rings"}, label: "Data", rebuild: true},
    K: {kind: "number", min: 2, max: 64, integer: true, label: "Codes K", rebuild: true},
    seed: {kind: "number", min: 0, max: 1e9, integer: true, label: "Seed", rebuild: true},
    beta: {kind: "number", min: 0, max: 10, label: "Commitment β"},
    lr: {kind: "number", min: 0, max: 0.5, aboveMin: true, log: true, label: "Learning rate"}
  },
  viewsEveryMs: 100 // the Voronoi animation: 10 frames a second; its views are a few hundred points
});
