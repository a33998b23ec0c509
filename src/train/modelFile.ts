// The model file: a trained model as ONE JSON file an instructor hands to students, who import it back into the
// same widget. It holds the model's name and config, the reader's settings (seed included), the backend and library
// versions it was trained with, the step, the last metrics, and the weights as base64 of little-endian float32.
//
// `decodeModelFile` is pure: it checks everything (size, JSON, format, version, model, config, settings, shapes,
// lengths, finiteness) before returning, so a bad file never half-replaces the current model. Its messages name the
// problem and what to do; the caller adds what stays ("The current model is unchanged.").
import {validateVaeConfig, vaeDefaults, vaeVariableNames, type VaeConfig} from "../models/vaeConfig.js";
import {settingDefaults, type Settings} from "./protocol.js";
import {settingsError} from "./settings.js";
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

export {base64ToFloat32, float32ToBase64} from "../data/base64.js";
import {base64ToFloat32, float32ToBase64} from "../data/base64.js";

// ---- what a model of a given config must hold

/** The variable names and shapes `createVae(config)` builds, in the order of `vaeVariableNames`. */
export function vaeVariableShapes(c: VaeConfig): {name: string; shape: number[]}[] {
  const {inputDim: d, hiddenDim: h, latentDim: k} = c;
  const shapes = [[d, h], [h], [h, k], [k], [h, k], [k], [k, h], [h], [h, d], [d]];
  return vaeVariableNames.map((name, i) => ({name, shape: shapes[i]}));
}

const variableShapes: Record<string, (c: VaeConfig) => {name: string; shape: number[]}[]> = {vae: vaeVariableShapes};
const configKeys = Object.keys(vaeDefaults) as (keyof VaeConfig)[];
const settingKeys = Object.keys(settingDefaults) as (keyof Settings)[];
/** Settings that are also part of the model's config: the two must agree. */
const sharedKeys = ["latentDim", "hiddenDim", "beta", "variational"] as const;

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
const fmtShape = (shape: number[]) => `[${shape.join(", ")}]`;
const isFiniteNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const isStep = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v) && v >= 0;

function consistencyError(config: VaeConfig, settings: Settings): string | null {
  for (const k of sharedKeys) if (config[k] !== settings[k]) return `settings.${k} is ${settings[k]} but model.config.${k} is ${config[k]}`;
  return null;
}

// ---- writing

function pickMetrics(m: ModelFile["metrics"] = {}): ModelFile["metrics"] {
  const out: ModelFile["metrics"] = {};
  for (const k of ["loss", "recon", "kl"] as const) if (isFiniteNumber(m[k])) out[k] = m[k];
  const h = m.heldOut;
  if (h !== undefined) {
    out.heldOut = h && isStep(h.step) && [h.loss, h.recon, h.kl].every(isFiniteNumber) ? {step: h.step, loss: h.loss, recon: h.recon, kl: h.kl} : null;
  }
  return out;
}

/** The model file of a trained model, as JSON text: readable metadata first, one line per weight array. */
export function encodeModelFile(input: ModelFileInput): string {
  const {model, checkpoint, backend, tfjsVersion} = input;
  const config = Object.fromEntries(configKeys.map((k) => [k, model.config[k]])) as unknown as VaeConfig;
  validateVaeConfig(config);
  const settings = Object.fromEntries(settingKeys.map((k) => [k, input.settings[k]])) as unknown as Settings;
  const missing = settingKeys.find((k) => settings[k] === undefined);
  const bad = missing ? `settings.${missing} is missing` : (settingsError(settings) ?? consistencyError(config, settings));
  if (bad) throw new Error(`cannot export the model: ${bad}`);
  if (!isStep(checkpoint.step)) throw new Error(`cannot export the model: invalid step ${checkpoint.step}`);
  if (checkpoint.weights.length !== model.variables.length) throw new Error(`cannot export the model: ${checkpoint.weights.length} weight arrays for ${model.variables.length} variables`);
  const names = model.name === "vae" ? vaeVariableNames : [];
  const variables = model.variables.map(({shape}, i) => {
    const w = checkpoint.weights[i];
    if (w.length !== size(shape)) throw new Error(`cannot export the model: weight array ${i} has ${w.length} numbers for shape ${fmtShape(shape)}`);
    const j = w.findIndex((v) => !Number.isFinite(v));
    if (j >= 0) throw new Error(`cannot export the model: it has NaN or infinite weights (variable ${names[i] ?? i}, number ${j}); it had diverged`);
    return {...(names[i] ? {name: names[i]} : {}), shape: [...shape], dtype: "float32" as const, data: float32ToBase64(w)};
  });
  const head: Omit<ModelFile, "variables"> = {
    format: MODEL_FILE_FORMAT,
    version: MODEL_FILE_VERSION,
    model: {name: model.name, config},
    settings: {...settings, pick: [settings.pick[0], settings.pick[1]]},
    backend,
    libraries: {tfjs: tfjsVersion, site: input.site ?? SITE},
    step: checkpoint.step,
    savedAt: (input.savedAt ?? new Date()).toISOString(),
    metrics: pickMetrics(input.metrics)
  };
  const text = JSON.stringify(head, null, 2); // ends with "\n}"
  return `${text.slice(0, -2)},\n  "variables": [\n${variables.map((v) => `    ${JSON.stringify(v)}`).join(",\n")}\n  ]\n}\n`;
}

/**
 * A file name that says what the file holds: `vae-mnist-z20-seed0-step600.json`, with `h…` (hidden size) and `beta…`
 * when not the default, and `ae` for the plain autoencoder (variational: false).
 */
export function modelFileName(file: ModelFile): string {
  const {name, config} = file.model;
  const parts = [name.replace(/[^A-Za-z0-9_-]+/g, "_") || "model", "mnist", `z${config.latentDim}`];
  if (config.hiddenDim !== vaeDefaults.hiddenDim) parts.push(`h${config.hiddenDim}`);
  if (config.beta !== vaeDefaults.beta) parts.push(`beta${config.beta}`);
  if (!config.variational) parts.push("ae");
  parts.push(`seed${file.settings.seed}`, `step${file.step}`);
  return `${parts.join("-")}.json`;
}

// ---- reading

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
/** Own fields only: whatever an object's prototype holds (or a `__proto__` key in the JSON) is never read. */
const field = (o: Json, k: string): unknown => (Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined);
const show = (v: unknown): string => { const s = JSON.stringify(v) ?? String(v); return s.length > 60 ? `${s.slice(0, 57)}…` : s; };
const clip = (s: string, n = 60) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function fmtBytes(b: number): string {
  if (b >= 1e6) return `${b >= 1e7 ? Math.round(b / 1e6) : Math.round(b / 1e5) / 10} MB`;
  if (b >= 1e3) return `${b >= 1e4 ? Math.round(b / 1e3) : Math.round(b / 1e2) / 10} kB`;
  return `${b} bytes`;
}

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) { n += 4; i++; }
    else n += 3;
  }
  return n;
}

const NOT_OURS = "This file is not a model file of this site:";
const damaged = (detail: string) => new Error(`This model file is damaged or incomplete: ${detail}. Export the model again, or ask for a new copy of the file.`);
const cut = (detail: string) => new Error(`This model file is cut short or damaged: ${detail}. Download or export it again.`);

/**
 * Reads and checks a model file; returns it with the weights as a `Checkpoint` for `Trainer.load`. Pure: throws an
 * Error naming the problem (and what to do) for any file this widget cannot use, before anything is applied.
 * `expect.name` is the widget's model ("vae"); `expect.inputDim`, if given, the size of its inputs (784).
 */
export function decodeModelFile(text: string | ArrayBuffer | Uint8Array, expect: {name: string; maxBytes?: number; inputDim?: number}): {file: ModelFile; checkpoint: Checkpoint} {
  const maxBytes = expect.maxBytes ?? MODEL_FILE_MAX_BYTES;
  const bytes = typeof text === "string" ? utf8Length(text) : text.byteLength;
  if (bytes === 0) throw new Error("The file is empty (0 bytes): a model file of this site is a .json file saved by this widget.");
  if (bytes > maxBytes) throw new Error(`The file is ${fmtBytes(bytes)}; a model file of this site is at most ${fmtBytes(maxBytes)}.`);
  let s = typeof text === "string" ? text : new TextDecoder("utf-8").decode(text); // drops a UTF-8 BOM
  if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
  if (s.trim() === "") throw new Error(`The file is empty (${bytes} bytes of white space): a model file of this site is a .json file saved by this widget.`);

  let json: unknown;
  try {
    json = JSON.parse(s);
  } catch (e) {
    const why = clip((e as Error).message.replace(/[\u0000-\u001f\u007f-\u009f\s]+/g, " "), 120); // a binary file's bytes appear in it
    if (s.trimStart().startsWith("{") && s.includes(`"${MODEL_FILE_FORMAT}"`)) throw cut(`it is not complete JSON (${why})`);
    throw new Error(`${NOT_OURS} it is not JSON (${why}).`);
  }
  if (!isObject(json)) throw new Error(`${NOT_OURS} it holds JSON ${Array.isArray(json) ? "an array" : show(json)}, not an object with "format": "${MODEL_FILE_FORMAT}".`);

  const format = field(json, "format");
  if (format !== MODEL_FILE_FORMAT) {
    if (field(json, "modelTopology") !== undefined || field(json, "weightsManifest") !== undefined)
      throw new Error(`${NOT_OURS} it looks like a TensorFlow.js model.json; this widget imports only the files it exports itself.`);
    if (format === undefined) throw new Error(`${NOT_OURS} its JSON has no "format" field (a model file of this site says "${MODEL_FILE_FORMAT}").`);
    throw new Error(`${NOT_OURS} its format is ${show(format)}, not "${MODEL_FILE_FORMAT}".`);
  }
  const version = field(json, "version");
  if (typeof version !== "number" || !Number.isInteger(version) || version < 1) throw damaged(`its version is ${show(version)}; expected ${MODEL_FILE_VERSION}`);
  if (version > MODEL_FILE_VERSION)
    throw new Error(`This model file is version ${version}, made by a newer version of this site; this page reads version ${MODEL_FILE_VERSION}. Reload the page to get the newest site, or export the model again from the site that made it.`);

  // The model: its name, then its config.
  const model = field(json, "model");
  const name = isObject(model) ? field(model, "name") : undefined;
  if (typeof name !== "string") throw damaged(`model.name is ${isObject(model) ? "missing" : "missing (no model)"}`);
  if (name !== expect.name) throw new Error(`This file holds a "${clip(name)}" model; this widget trains a "${expect.name}".`);
  const shapesOf = variableShapes[name];
  if (!shapesOf) throw new Error(`decodeModelFile: this site has no model called "${expect.name}"`);
  const rawConfig = field(model as Json, "config");
  if (!isObject(rawConfig)) throw damaged("model.config is missing");
  const picked: Json = {};
  for (const k of configKeys) {
    const v = field(rawConfig, k);
    if (v === undefined) throw damaged(`model.config.${k} is missing`);
    picked[k] = v;
  }
  let config: VaeConfig;
  try { config = validateVaeConfig(picked as Partial<VaeConfig>); } catch (e) { throw new Error(`The model in this file has an invalid configuration: ${(e as Error).message}.`); }
  if (expect.inputDim !== undefined && config.inputDim !== expect.inputDim)
    throw new Error(`This file's model reads inputs of ${config.inputDim} numbers; this widget's images have ${expect.inputDim} pixels.`);

  // The settings: every one present, valid, and agreeing with the config.
  const rawSettings = field(json, "settings");
  if (!isObject(rawSettings)) throw damaged("settings are missing");
  const settings = {} as Settings;
  for (const k of settingKeys) {
    const v = field(rawSettings, k);
    if (v === undefined) throw damaged(`settings.${k} is missing`);
    (settings as unknown as Json)[k] = v;
  }
  const badSettings = settingsError(settings);
  if (badSettings) throw new Error(`The settings in this file are invalid: ${badSettings}.`);
  settings.pick = [settings.pick[0], settings.pick[1]];
  const mismatch = consistencyError(config, settings);
  if (mismatch) throw damaged(mismatch);

  // Provenance and metrics.
  const backend = field(json, "backend");
  if (typeof backend !== "string") throw damaged("backend is missing");
  const libs = field(json, "libraries");
  const tfjs = isObject(libs) ? field(libs, "tfjs") : undefined, site = isObject(libs) ? field(libs, "site") : undefined;
  if (typeof tfjs !== "string" || typeof site !== "string") throw damaged("libraries.tfjs or libraries.site is missing");
  const step = field(json, "step");
  if (!isStep(step)) throw damaged(`its step is ${show(step)}; expected a whole number ≥ 0`);
  const savedAt = field(json, "savedAt");
  if (typeof savedAt !== "string" || Number.isNaN(Date.parse(savedAt))) throw damaged(`savedAt is ${show(savedAt)}; expected an ISO date`);
  const metrics = readMetrics(field(json, "metrics"));

  // The weights: as many arrays as the model has variables, each of the shape `createVae(config)` builds.
  const expected = shapesOf(config);
  const vars = field(json, "variables");
  if (!Array.isArray(vars)) throw damaged("variables are missing");
  const arch = `${config.inputDim}-${config.hiddenDim}-${config.latentDim}`;
  if (vars.length !== expected.length)
    throw new Error(`The weights in this file do not match its configuration: it has ${vars.length} weight arrays; a "${name}" (${arch}) has ${expected.length}. Export the model again.`);
  const variables: ModelFile["variables"] = [];
  const weights: Float32Array[] = [];
  expected.forEach(({name: vname, shape}, i) => {
    const v: unknown = vars[i];
    const which = `variable ${i + 1} of ${expected.length} (${vname}`;
    const label = `${which}, shape ${fmtShape(shape)})`;
    if (!isObject(v)) throw damaged(`${label} is missing`);
    const vshape = field(v, "shape");
    if (!Array.isArray(vshape) || vshape.length !== shape.length || vshape.some((n, j) => n !== shape[j]))
      throw new Error(`The weights in this file do not match its configuration: ${which}) has shape ${show(vshape)}; a "${name}" (${arch}) needs ${fmtShape(shape)}. Export the model again.`);
    const dtype = field(v, "dtype");
    if (dtype !== "float32") throw damaged(`${label} has dtype ${show(dtype)}; expected "float32"`);
    const data = field(v, "data");
    if (typeof data !== "string") throw damaged(`${label} has no data`);
    const n = size(shape), chars = 4 * Math.ceil((n * 4) / 3);
    if (data.length !== chars) throw cut(`${label} holds ${Math.floor((data.length * 3) / 16)} numbers; it needs ${n}`);
    let w: Float32Array;
    try { w = base64ToFloat32(data); } catch { throw cut(`the data of ${label} is not valid base64`); }
    if (w.length !== n) throw cut(`${label} holds ${w.length} numbers; it needs ${n}`);
    const bad = w.findIndex((x) => !Number.isFinite(x));
    if (bad >= 0) throw new Error(`This model file contains NaN or infinite weights (${label}, number ${bad}): the run that saved it had diverged. Export a model that trains normally.`);
    variables.push({name: vname, shape: [...shape], dtype: "float32", data});
    weights.push(w);
  });

  const file: ModelFile = {
    format: MODEL_FILE_FORMAT, version: MODEL_FILE_VERSION, model: {name, config}, settings, backend,
    libraries: {tfjs, site}, step, savedAt, metrics, variables
  };
  return {file, checkpoint: {step, weights}};
}

function readMetrics(m: unknown): ModelFile["metrics"] {
  if (m === undefined) return {};
  if (!isObject(m)) throw damaged(`metrics is ${show(m)}; expected an object`);
  const out: ModelFile["metrics"] = {};
  for (const k of ["loss", "recon", "kl"] as const) {
    const v = field(m, k);
    if (v === undefined) continue;
    if (!isFiniteNumber(v)) throw damaged(`metrics.${k} is ${show(v)}; expected a finite number`);
    out[k] = v;
  }
  const h = field(m, "heldOut");
  if (h === undefined) return out;
  if (h === null) { out.heldOut = null; return out; }
  const held = isObject(h) ? {step: field(h, "step"), loss: field(h, "loss"), recon: field(h, "recon"), kl: field(h, "kl")} : null;
  if (!held || !isStep(held.step) || ![held.loss, held.recon, held.kl].every(isFiniteNumber))
    throw damaged(`metrics.heldOut is ${show(h)}; expected {step, loss, recon, kl} as numbers`);
  out.heldOut = held as HeldOutMetrics;
  return out;
}
