// The VAE trainer's state in the page URL, so that a link reproduces a setup: ?seed=3&latentDim=2&show=loss,map.
// The rules live in the schema; reading and writing are the shared urlCodec.
import {BACKENDS} from "../../train/backendNames.js";
import {settingDefaults, type Settings} from "../../train/vaeSettings.js";
import {parseParams, toParams, type Schema} from "./urlCodec.js";

export const viewNames = ["loss", "kl", "recon", "samples", "interp", "map"] as const;
export type ViewName = (typeof viewNames)[number];

/** Everything a link can set: the training settings and which views are shown. */
export interface WidgetState extends Settings {
  show: ViewName[];
}

export const stateDefaults: WidgetState = {...settingDefaults, show: [...viewNames]};

export const stateSchema: Schema<WidgetState> = {
  latentDim: {kind: "number", min: 1, max: 64, integer: true},
  hiddenDim: {kind: "number", min: 1, max: 2048, integer: true},
  beta: {kind: "number", min: 0, max: 100},
  lr: {kind: "number", min: 1e-6, max: 1},
  batchSize: {kind: "number", min: 1, max: 1024, integer: true},
  seed: {kind: "number", min: 0, max: 2147483647, integer: true},
  backend: {kind: "enum", values: ["auto", ...BACKENDS]},
  speed: {kind: "number", min: 0, max: 1000},
  variational: {kind: "boolean"},
  pick: {kind: "pair", min: 0, max: 99},
  show: {kind: "list", values: viewNames}
};

/** The state a URL's query asks for (only the keys it sets), and a message per value dropped or clamped. */
export function parseState(search: string, prefix = ""): {state: Partial<WidgetState>; notes: string[]} {
  return parseParams(search, stateSchema, prefix);
}

/** The query string for `state`: only values that differ from `defaults` (the page's own setup), so links stay short. */
export function stateToSearch(state: WidgetState, prefix = "", keep: URLSearchParams = new URLSearchParams(), defaults: WidgetState = stateDefaults): string {
  return toParams(state, defaults, stateSchema, prefix, keep);
}
