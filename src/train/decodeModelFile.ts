// Reading a model file: `decodeModelFile` checks everything (size, JSON, format, version, model, config, settings,
// shapes, lengths, finiteness) before returning, so a bad file never half-replaces the current model. Its messages
// name the problem and what to do; the caller adds what stays ("The current model is unchanged.").
import {validateVaeConfig, type VaeConfig} from "../models/vaeConfig.js";
import {base64ToFloat32} from "../data/base64.js";
import {settingsError, type Settings} from "./vaeSettings.js";
import type {Checkpoint} from "./trainer.js";
import {
  configKeys, consistencyError, fmtShape, isFiniteNumber, isStep, MODEL_FILE_FORMAT, MODEL_FILE_MAX_BYTES, MODEL_FILE_VERSION, settingKeys, size,
  variableShapes, type HeldOutMetrics, type ModelFile
} from "./modelFileFormat.js";

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
