// A widget's state in the page URL, so that a link reproduces a setup: ?seed=3&latentDim=2&show=loss,map.
// Values are parsed as numbers or known names and never evaluated or inserted as HTML. Out-of-range numbers are
// clamped and anything unreadable is dropped; each case gives a message for the reader.
import {BACKENDS, isBackendChoice} from "../train/backends.js";
import {settingDefaults, type Settings} from "../train/protocol.js";

export const viewNames = ["loss", "kl", "recon", "samples", "interp", "map"] as const;
export type ViewName = (typeof viewNames)[number];

/** Everything a link can set: the training settings and which views are shown. */
export interface WidgetState extends Settings {
  show: ViewName[];
}

export const stateDefaults: WidgetState = {...settingDefaults, show: [...viewNames]};

/** [key, lowest, highest, integer?] of each numeric setting. */
const ranges: [keyof Settings, number, number, boolean][] = [
  ["latentDim", 1, 64, true],
  ["hiddenDim", 1, 2048, true],
  ["beta", 0, 100, false],
  ["lr", 1e-6, 1, false],
  ["batchSize", 1, 1024, true],
  ["seed", 0, 2147483647, true],
  ["speed", 0, 1000, false]
];

const MAX_VALUE_LENGTH = 64;
/** A value shown back to the reader in a message: short, and only as text. */
const quote = (raw: string) => JSON.stringify(raw.length > 24 ? `${raw.slice(0, 24)}…` : raw);

/** The state a URL's query asks for (only the keys it sets), and a message per value dropped or clamped. */
export function parseState(search: string, prefix = ""): {state: Partial<WidgetState>; notes: string[]} {
  let params: URLSearchParams;
  try { params = new URLSearchParams(search); } catch { return {state: {}, notes: ["The page address could not be read; using the defaults."]}; }
  const state: Partial<WidgetState> = {};
  const notes: string[] = [];
  const get = (key: string) => {
    const raw = params.get(prefix + key);
    if (raw !== null && raw.length > MAX_VALUE_LENGTH) { notes.push(`Link setting ${key} is too long; ignored.`); return null; }
    return raw;
  };
  for (const [key, lo, hi, integer] of ranges) {
    const raw = get(key);
    if (raw === null) continue;
    const v = raw.trim() === "" ? NaN : Number(raw);
    if (!Number.isFinite(v)) { notes.push(`Link setting ${key}=${quote(raw)} is not a number; ignored.`); continue; }
    const clamped = Math.min(hi, Math.max(lo, integer ? Math.round(v) : v));
    if (clamped !== v) notes.push(`Link setting ${key}=${quote(raw)} is outside ${lo}–${hi}${integer ? " (whole numbers)" : ""}; using ${clamped}.`);
    (state as Record<string, number>)[key] = clamped;
  }
  const backend = get("backend");
  if (backend !== null) {
    if (isBackendChoice(backend)) state.backend = backend;
    else notes.push(`Link setting backend=${quote(backend)} is not one of auto, ${BACKENDS.join(", ")}; ignored.`);
  }
  const variational = get("variational");
  if (variational !== null) {
    if (variational === "true" || variational === "false") state.variational = variational === "true";
    else notes.push(`Link setting variational=${quote(variational)} should be true or false; ignored.`);
  }
  const pick = get("pick");
  if (pick !== null) {
    const ends = pick.split(",").map((s) => (s.trim() === "" ? NaN : Number(s)));
    if (ends.length === 2 && ends.every(Number.isFinite)) {
      const fixed = ends.map((i) => Math.min(99, Math.max(0, Math.round(i)))) as [number, number];
      if (fixed.some((i, k) => i !== ends[k])) notes.push(`Link setting pick=${quote(pick)} must name held-out digits 0–99; using ${fixed.join(",")}.`);
      state.pick = fixed;
    } else notes.push(`Link setting pick=${quote(pick)} should be two digit indices like 3,2; ignored.`);
  }
  const show = get("show");
  if (show !== null) {
    const names = show.split(",").map((s) => s.trim()).filter(Boolean);
    const known = names.filter((n): n is ViewName => (viewNames as readonly string[]).includes(n));
    if (known.length < names.length) notes.push(`Link setting show: unknown view names ignored (known: ${viewNames.join(", ")}).`);
    state.show = viewNames.filter((n) => known.includes(n));
  }
  return {state, notes};
}

/** The query string for `state`: only values that differ from the defaults, so links stay short. */
export function stateToSearch(state: WidgetState, prefix = "", keep: URLSearchParams = new URLSearchParams()): string {
  const params = new URLSearchParams(keep);
  for (const key of Object.keys(stateDefaults) as (keyof WidgetState)[]) {
    const v = state[key], d = stateDefaults[key];
    const text = Array.isArray(v) ? v.join(",") : String(v);
    if (text === (Array.isArray(d) ? d.join(",") : String(d))) params.delete(prefix + key);
    else params.set(prefix + key, text);
  }
  const s = params.toString();
  return s ? `?${s}` : "";
}
