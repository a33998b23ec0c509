// The settings and views of chapter 1's MNIST VAE (the lab of src/labs/vaeMnist.ts), without TensorFlow.js: the
// page's main thread, the Worker, model files and warm starts all read them. Everything is plain data.
import {validateVaeConfig} from "../models/vaeConfig.js";
import {BACKENDS, isBackendChoice, type BackendChoice} from "./backendNames.js";
import {validateTrainOptions} from "./trainOptions.js";

/** What a reader can set. Model settings need a reset; the rest apply at once. */
export interface Settings {
  latentDim: number;
  hiddenDim: number;
  beta: number;
  lr: number;
  batchSize: number;
  seed: number;
  backend: BackendChoice;
  /** Target steps per second; 0 = as fast as the backend goes. */
  speed: number;
  /** false: train the plain autoencoder of the same shape instead of the VAE. */
  variational: boolean;
  /** Held-out indices of the two ends of the latent interpolation. */
  pick: [number, number];
}

export const settingDefaults: Settings = {
  latentDim: 20, hiddenDim: 400, beta: 1, lr: 1e-3, batchSize: 128, seed: 0, backend: "auto", speed: 0, variational: true, pick: [3, 2]
};

/** Settings whose change rebuilds the model (and so resets training). */
export const resetKeys = ["latentDim", "hiddenDim", "batchSize", "seed", "variational"] as const;

export interface Views {
  step: number;
  /** Held-out digits shown, their indices, and their reconstructions (decoded posterior means), 784 floats each. */
  shownIndices: number[];
  originals: Float32Array;
  reconstructions: Float32Array;
  /** Decodes of fixed draws z ~ N(0, I). */
  samples: Float32Array;
  /** Decodes along z(t) = (1 − t)·μ(a) + t·μ(b). */
  interpolation: Float32Array;
  interpolationT: number[];
  /** With a 2-d latent: the posterior means of held-out digits, and decodes over a grid of z. */
  scatter: {x: number; y: number; label: number}[] | null;
  grid: Float32Array | null;
  gridSize: number;
  gridExtent: number;
}

/** Held-out digits offered as interpolation ends (and sent as thumbnails). */
export const THUMBS = 100;

/** Checks a partial settings object; returns a message for the first bad value, or null. */
export function settingsError(s: Partial<Settings>): string | null {
  try {
    validateVaeConfig({latentDim: s.latentDim, hiddenDim: s.hiddenDim, beta: s.beta, variational: s.variational});
    validateTrainOptions({seed: s.seed, batchSize: s.batchSize, lr: s.lr});
  } catch (e) {
    return (e as Error).message;
  }
  if (s.backend !== undefined && !isBackendChoice(s.backend)) return `invalid backend: ${String(s.backend)}; expected auto, ${BACKENDS.join(", ")}`;
  if (s.speed !== undefined && !(s.speed >= 0 && s.speed <= 1000)) return `invalid speed: ${s.speed}; expected steps per second in [0, 1000]`;
  if (s.pick !== undefined && !(Array.isArray(s.pick) && s.pick.length === 2 && s.pick.every((i) => Number.isInteger(i) && i >= 0 && i < THUMBS)))
    return `invalid pick: ${JSON.stringify(s.pick)}; expected two held-out indices in [0, ${THUMBS - 1}]`;
  return null;
}
