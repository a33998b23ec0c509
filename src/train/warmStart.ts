// A warm start: a precomputed training run (metrics and views) that a chapter shows, labelled as such, before the
// reader trains. scripts/warmstart.ts makes it with the Session in Node from a seed; the reader's own run replaces it.
// The file is compact JSON: numbers rounded to 3 decimals, history stored by column, images as base64 of bytes
// round(255·v). Plain data and tf-free, so it loads in a page, a Worker or Node (atob/btoa, no Buffer).
import {settingDefaults, type Settings, type Views} from "./vaeSettings.js";
import type {EvalRecord, StepRecord} from "./trainer.js";

export const WARM_START_FORMAT = "vae-textbook-warmstart";
export const WARM_START_VERSION = 2;

/** Settings that decide the model and its training numbers: a warm start stands for a run only if these match. */
export const warmStartKeys = ["latentDim", "hiddenDim", "beta", "variational", "lr", "batchSize", "seed"] as const;

export interface WarmStart {
  /** The settings of the run (its `backend` is the one it ran on). */
  settings: Settings;
  /** Training steps taken. */
  steps: number;
  /** The tfjs backend that ran it, e.g. "wasm". */
  backend: string;
  /** The command that made it, from the project root. */
  createdWith: string;
  /** When it was made (ISO 8601). */
  created: string;
  /** The tfjs version that made it. */
  tfjs: string;
  /** Every step record, 1 … steps (`time` is the script's wall clock, ms). */
  history: StepRecord[];
  /** Held-out −ELBO at step 0 and every `evalEvery` steps. */
  heldOut: EvalRecord[];
  /** The views after the last step. */
  views: Views;
}

/** The history, one array per StepRecord field (numbers rounded as in `HISTORY_DECIMALS`). */
type HistoryColumns = {[K in keyof StepRecord]: number[]};

/** What the JSON file holds. */
export interface WarmStartFile {
  format: typeof WARM_START_FORMAT;
  version: typeof WARM_START_VERSION;
  createdWith: string;
  created: string;
  backend: string;
  tfjs: string;
  settings: Settings;
  steps: number;
  history: HistoryColumns;
  heldOut: EvalRecord[];
  views: Omit<Views, "originals" | "reconstructions" | "samples" | "interpolation" | "grid"> & {
    originals: string;
    reconstructions: string;
    samples: string;
    interpolation: string;
    grid: string | null;
  };
}

const PIXELS = 784;
/** Decimals kept per history column; null keeps the number as it is (lr 3e-4 must not round to 0). */
const HISTORY_DECIMALS: {[K in keyof StepRecord]: number | null} = {step: 0, time: 0, loss: 3, recon: 3, kl: 3, gradNorm: 3, lr: null, beta: null};
const HISTORY_KEYS = Object.keys(HISTORY_DECIMALS) as (keyof StepRecord)[];

const round = (v: number, decimals = 3) => { const f = 10 ** decimals; return Math.round(v * f) / f; };

/** Images in [0, 1] → base64 of bytes round(255·v). */
export function encodeImages(images: Float32Array): string {
  const bytes = new Uint8Array(images.length);
  for (let i = 0; i < images.length; i++) bytes[i] = Math.round(255 * Math.min(1, Math.max(0, images[i])));
  let s = "";
  for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return btoa(s);
}

/** base64 of bytes → images in [0, 1]. */
export function decodeImages(base64: string): Float32Array {
  const s = atob(base64);
  const out = new Float32Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) / 255;
  return out;
}

/** The JSON-ready file of a run (numbers rounded to 3 decimals, images as bytes). */
export function encodeWarmStart(ws: WarmStart): WarmStartFile {
  const history = Object.fromEntries(HISTORY_KEYS.map((k) => {
    const d = HISTORY_DECIMALS[k];
    return [k, ws.history.map((r) => (d === null ? r[k] : round(r[k], d)))];
  })) as HistoryColumns;
  const v = ws.views;
  return {
    format: WARM_START_FORMAT,
    version: WARM_START_VERSION,
    createdWith: ws.createdWith,
    created: ws.created,
    backend: ws.backend,
    tfjs: ws.tfjs,
    settings: ws.settings,
    steps: ws.steps,
    history,
    heldOut: ws.heldOut.map((r) => ({step: r.step, time: Math.round(r.time), loss: round(r.loss), recon: round(r.recon), kl: round(r.kl), klPerDim: r.klPerDim.map((k) => round(k)),
      activeUnits: r.activeUnits, unitVariance: r.unitVariance.map((u) => round(u, 5))})),
    views: {
      ...v,
      originals: encodeImages(v.originals),
      reconstructions: encodeImages(v.reconstructions),
      samples: encodeImages(v.samples),
      interpolation: encodeImages(v.interpolation),
      interpolationT: v.interpolationT.map((t) => round(t)),
      scatter: v.scatter && v.scatter.map((p) => ({x: round(p.x), y: round(p.y), label: p.label})),
      grid: v.grid && encodeImages(v.grid)
    }
  };
}

class WarmStartError extends Error {
  constructor(what: string) {
    super(`invalid warm start file: ${what}`);
    this.name = "WarmStartError";
  }
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const show = (v: unknown) => (v === undefined ? "missing" : JSON.stringify(v)?.slice(0, 60));

function field(o: Obj, path: string, key: string): unknown {
  if (!(key in o) || o[key] === undefined) throw new WarmStartError(`${path}${key} is missing`);
  return o[key];
}
function obj(o: Obj, path: string, key: string): Obj {
  const v = field(o, path, key);
  if (!isObj(v)) throw new WarmStartError(`${path}${key} is ${show(v)}; expected an object`);
  return v;
}
function num(o: Obj, path: string, key: string, {integer = false, min = -Infinity} = {}): number {
  const v = field(o, path, key);
  if (typeof v !== "number" || !Number.isFinite(v) || (integer && !Number.isInteger(v)) || v < min)
    throw new WarmStartError(`${path}${key} is ${show(v)}; expected ${integer ? "an integer" : "a number"}${min > -Infinity ? ` ≥ ${min}` : ""}`);
  return v;
}
function str(o: Obj, path: string, key: string): string {
  const v = field(o, path, key);
  if (typeof v !== "string") throw new WarmStartError(`${path}${key} is ${show(v)}; expected a string`);
  return v;
}
function nums(o: Obj, path: string, key: string, length?: number): number[] {
  const v = field(o, path, key);
  if (!Array.isArray(v) || !v.every((x) => typeof x === "number" && Number.isFinite(x)))
    throw new WarmStartError(`${path}${key} is ${show(v)}; expected an array of numbers`);
  if (length !== undefined && v.length !== length) throw new WarmStartError(`${path}${key} has ${v.length} numbers; expected ${length}`);
  return v as number[];
}
/** Base64 image bytes; `length` pixels, or (undefined) a positive whole number of 28×28 images. */
function images(o: Obj, path: string, key: string, length?: number): Float32Array {
  const v = field(o, path, key);
  let out: Float32Array;
  try {
    if (typeof v !== "string") throw new Error();
    out = decodeImages(v);
  } catch {
    throw new WarmStartError(`${path}${key} is ${show(v)}; expected base64 image bytes`);
  }
  if (length === undefined ? out.length === 0 || out.length % PIXELS !== 0 : out.length !== length)
    throw new WarmStartError(`${path}${key} has ${out.length} pixels; expected ${length ?? `a positive multiple of ${PIXELS}`}`);
  return out;
}

/** Settings every version-1 file has; a setting added later (e.g. `variational`) takes its default when missing. */
const REQUIRED_SETTINGS: readonly string[] = ["latentDim", "hiddenDim", "beta", "lr", "batchSize", "seed"];

function decodeSettings(o: Obj): Settings {
  const out: Record<string, unknown> = {...settingDefaults};
  for (const [key, fallback] of Object.entries(settingDefaults)) {
    if (!(key in o) && !REQUIRED_SETTINGS.includes(key)) continue;
    const v = field(o, "settings.", key);
    const ok = Array.isArray(fallback) ? Array.isArray(v) && v.length === fallback.length && v.every(Number.isInteger)
      : typeof fallback === "number" ? typeof v === "number" && Number.isFinite(v) && v >= 0
      : typeof v === typeof fallback;
    if (!ok) throw new WarmStartError(`settings.${key} is ${show(v)}; expected ${Array.isArray(fallback) ? `${fallback.length} integers` : typeof fallback === "number" ? "a number ≥ 0" : `a ${typeof fallback}`}`);
    out[key] = v;
  }
  for (const key of ["latentDim", "hiddenDim", "batchSize"] as const) num(o, "settings.", key, {integer: true, min: 1});
  num(o, "settings.", "seed", {integer: true, min: 0});
  return out as unknown as Settings;
}

function decodeEval(o: unknown, i: number, latentDim: number): EvalRecord {
  const p = `heldOut[${i}].`;
  if (!isObj(o)) throw new WarmStartError(`heldOut[${i}] is ${show(o)}; expected an object`);
  return {step: num(o, p, "step", {integer: true, min: 0}), time: num(o, p, "time"), loss: num(o, p, "loss"), recon: num(o, p, "recon"), kl: num(o, p, "kl"), klPerDim: nums(o, p, "klPerDim", latentDim),
    activeUnits: num(o, p, "activeUnits", {integer: true, min: 0}), unitVariance: nums(o, p, "unitVariance", latentDim)};
}

function decodeViews(o: Obj, latentDim: number): Views {
  const p = "views.";
  const shownIndices = nums(o, p, "shownIndices");
  const interpolationT = nums(o, p, "interpolationT");
  const gridSize = num(o, p, "gridSize", {integer: true, min: 0});
  const scatter = field(o, p, "scatter");
  if (scatter !== null && !(Array.isArray(scatter) && scatter.every((q) => isObj(q) && typeof q.x === "number" && typeof q.y === "number" && Number.isInteger(q.label))))
    throw new WarmStartError(`views.scatter is ${show(scatter)}; expected null or an array of {x, y, label}`);
  const grid = field(o, p, "grid");
  if (latentDim === 2 && grid === null) throw new WarmStartError("views.grid is null; a 2-d latent needs the decoded grid");
  return {
    step: num(o, p, "step", {integer: true, min: 0}),
    shownIndices,
    originals: images(o, p, "originals", shownIndices.length * PIXELS),
    reconstructions: images(o, p, "reconstructions", shownIndices.length * PIXELS),
    samples: images(o, p, "samples"),
    interpolation: images(o, p, "interpolation", interpolationT.length * PIXELS),
    interpolationT,
    scatter: scatter as Views["scatter"],
    grid: grid === null ? null : images(o, p, "grid", gridSize * gridSize * PIXELS),
    gridSize,
    gridExtent: num(o, p, "gridExtent", {min: 0})
  };
}

/** Checks and decodes a warm start file (parsed JSON); throws `invalid warm start file: …` naming the bad field. */
export function decodeWarmStart(json: unknown): WarmStart {
  if (!isObj(json)) throw new WarmStartError(`expected a JSON object, got ${show(json)}`);
  if (json.format !== WARM_START_FORMAT) throw new WarmStartError(`format is ${show(json.format)}; expected "${WARM_START_FORMAT}"`);
  if (json.version !== WARM_START_VERSION) throw new WarmStartError(`version is ${show(json.version)}; this code reads version ${WARM_START_VERSION}`);
  const settings = decodeSettings(obj(json, "", "settings"));
  const steps = num(json, "", "steps", {integer: true, min: 0});
  const h = obj(json, "", "history");
  const columns = Object.fromEntries(HISTORY_KEYS.map((k) => [k, nums(h, "history.", k, steps)])) as HistoryColumns;
  const history = Array.from({length: steps}, (_, i) => Object.fromEntries(HISTORY_KEYS.map((k) => [k, columns[k][i]])) as unknown as StepRecord);
  history.forEach((r, i) => { if (r.step !== i + 1) throw new WarmStartError(`history.step[${i}] is ${r.step}; expected ${i + 1}`); });
  const heldOutRaw = field(json, "", "heldOut");
  if (!Array.isArray(heldOutRaw) || heldOutRaw.length === 0) throw new WarmStartError(`heldOut is ${show(heldOutRaw)}; expected a non-empty array`);
  const views = decodeViews(obj(json, "", "views"), settings.latentDim);
  if (views.step !== steps) throw new WarmStartError(`views.step is ${views.step}; expected the last step, ${steps}`);
  return {
    settings,
    steps,
    backend: str(json, "", "backend"),
    createdWith: str(json, "", "createdWith"),
    created: str(json, "", "created"),
    tfjs: str(json, "", "tfjs"),
    history,
    heldOut: heldOutRaw.map((r, i) => decodeEval(r, i, settings.latentDim)),
    views
  };
}

/** True when the model-relevant settings (`warmStartKeys`) equal the warm start's: its numbers stand for this run. */
export function matchesWarmStart(ws: WarmStart, settings: Settings): boolean {
  return warmStartKeys.every((k) => ws.settings[k] === settings[k]);
}
