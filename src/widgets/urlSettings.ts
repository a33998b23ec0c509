// Settings from a page's URL (?seed=3&backend=wasm&latentDim=2): parsed as numbers or names, never evaluated;
// anything invalid is dropped with a message that says so.
import {isBackendChoice} from "../train/backends.js";
import {settingDefaults, type Settings} from "../train/protocol.js";
import {settingsError} from "../train/session.js";

const numeric = ["latentDim", "hiddenDim", "beta", "lr", "batchSize", "seed", "speed"] as const;

export function urlSettings(search: string): {settings: Partial<Settings>; errors: string[]} {
  const params = new URLSearchParams(search);
  const settings: Partial<Settings> = {};
  const errors: string[] = [];
  for (const key of numeric) {
    const raw = params.get(key);
    if (raw === null) continue;
    const v = raw.trim() === "" ? NaN : Number(raw);
    const error = Number.isFinite(v) ? settingsError({...settingDefaults, [key]: v}) : `invalid ${key}: not a number`;
    if (error) errors.push(`URL parameter ${key} ignored (${error.slice(0, 120)})`); else settings[key] = v;
  }
  const backend = params.get("backend");
  if (backend !== null) {
    if (isBackendChoice(backend)) settings.backend = backend;
    else errors.push(`URL parameter backend ignored: expected auto, webgpu, webgl, wasm or cpu`);
  }
  return {settings, errors};
}
