// Messages between a page's trainer widget (main thread) and its training Session (in a Worker).
// Everything is plain data (structured-clone friendly).
import type {BackendChoice, BackendName, BackendReport} from "./backendNames.js";
import type {EvalRecord, StepRecord} from "./trainer.js";
import type {VaeConfig} from "../models/vaeConfig.js";

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

export type Status = "loading" | "ready" | "training" | "paused" | "error";

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

export type ToWorker =
  | {type: "init"; dataUrl: string; settings: Settings}
  | {type: "play"}
  | {type: "pause"}
  | {type: "step"}
  | {type: "reset"}
  | {type: "set"; settings: Partial<Settings>}
  | {type: "export"}
  | {type: "import"; data: ArrayBuffer; name: string};

export type FromWorker =
  | {type: "status"; status: Status; stopped?: "diverged" | "error" | "rebuilt"}
  | {type: "backend"; active: BackendName; report: BackendReport[]}
  | {type: "record"; record: StepRecord}
  | {type: "heldOut"; record: EvalRecord}
  | {type: "views"; views: Views}
  | {type: "settings"; settings: Settings}
  | {type: "thumbnails"; images: Float32Array; labels: number[]}
  | {type: "reset"}
  | {type: "exported"; text: string; name: string}
  | {type: "notice"; level: "info" | "warning" | "error"; text: string};

export type {VaeConfig};
