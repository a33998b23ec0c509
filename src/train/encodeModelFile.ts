// Writing a model file: a trained model, its settings and provenance as the JSON text of modelFileFormat.ts, and the
// file name that says what it holds.
import {validateVaeConfig, vaeDefaults, vaeVariableNames, type VaeConfig} from "../models/vaeConfig.js";
import {float32ToBase64} from "../data/base64.js";
import {settingsError, type Settings} from "./vaeSettings.js";
import {
  configKeys, consistencyError, fmtShape, isFiniteNumber, isStep, MODEL_FILE_FORMAT, MODEL_FILE_VERSION, settingKeys, SITE, size,
  type ModelFile, type ModelFileInput
} from "./modelFileFormat.js";

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
