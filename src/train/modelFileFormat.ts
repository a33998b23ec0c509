// The model file's format: what the one JSON file holds (see modelFile.ts), its name and version, the variables a model
// of a given config must hold, and the checks that encodeModelFile and decodeModelFile share.
import {vaeDefaults, vaeVariableNames, type VaeConfig} from "../models/vaeConfig.js";
import {settingDefaults, type Settings} from "./vaeSettings.js";
import type {Checkpoint} from "./trainer.js";

export const MODEL_FILE_FORMAT = "vae-textbook-model";
export const MODEL_FILE_VERSION = 1;
/** Largest file `decodeModelFile` reads unless told otherwise: 20 MB (the default 784-400-20 VAE is about 3.5 MB). */
export const MODEL_FILE_MAX_BYTES = 20_000_000;

export interface HeldOutMetrics {step: number; loss: number; recon: number; kl: number}

export interface ModelFile {
  format: typeof MODEL_FILE_FORMAT;
  version: 1;
  model: {name: string; config: VaeConfig};
  settings: Settings;
  /** The tfjs backend the model was trained on (informational: weights are float32 on every backend). */
  backend: string;
  libraries: {tfjs: string; site: string};
  step: number;
  /** ISO 8601 time of the export. */
  savedAt: string;
  /** The last training step's loss parts and the last held-out evaluation; non-finite values are left out. */
  metrics: {loss?: number; recon?: number; kl?: number; heldOut?: HeldOutMetrics | null};
  /** In the order of `model.variables` (for the VAE, `vaeVariableNames`); `name` is for a human reading the file. */
  variables: {name?: string; shape: number[]; dtype: "float32"; data: string}[];
}

export interface ModelFileInput {
  model: {name: string; config: VaeConfig; variables: {shape: number[]}[]};
  checkpoint: Checkpoint;
  settings: Settings;
  backend: string;
  metrics: ModelFile["metrics"];
  tfjsVersion: string;
  /** Written as `libraries.site`; defaults to `SITE`. */
  site?: string;
  /** Export time; defaults to now. */
  savedAt?: Date;
}

/** What `libraries.site` says by default. */
export const SITE = `vae-textbook (model file v${MODEL_FILE_VERSION})`;

// ---- what a model of a given config must hold

/** The variable names and shapes `createVae(config)` builds, in the order of `vaeVariableNames`. */
export function vaeVariableShapes(c: VaeConfig): {name: string; shape: number[]}[] {
  const {inputDim: d, hiddenDim: h, latentDim: k} = c;
  const shapes = [[d, h], [h], [h, k], [k], [h, k], [k], [k, h], [h], [h, d], [d]];
  return vaeVariableNames.map((name, i) => ({name, shape: shapes[i]}));
}

/** The variable shapes of each model a file may hold, by `model.name`. */
export const variableShapes: Record<string, (c: VaeConfig) => {name: string; shape: number[]}[]> = {vae: vaeVariableShapes};
/** The config fields a file holds, in the order written. */
export const configKeys = Object.keys(vaeDefaults) as (keyof VaeConfig)[];
/** The settings a file holds, in the order written. */
export const settingKeys = Object.keys(settingDefaults) as (keyof Settings)[];
/** Settings that are also part of the model's config: the two must agree. */
const sharedKeys = ["latentDim", "hiddenDim", "beta", "variational"] as const;

export const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
export const fmtShape = (shape: number[]) => `[${shape.join(", ")}]`;
export const isFiniteNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
export const isStep = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v) && v >= 0;

/** Why the settings disagree with the config they were trained with, or null. */
export function consistencyError(config: VaeConfig, settings: Settings): string | null {
  for (const k of sharedKeys) if (config[k] !== settings[k]) return `settings.${k} is ${settings[k]} but model.config.${k} is ${config[k]}`;
  return null;
}
