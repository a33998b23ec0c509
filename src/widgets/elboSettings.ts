// What the ELBO chapter's widgets share: the settings a reader controls (the model and q), their ranges, and the
// numbers they imply, exact for the linear-Gaussian model and by quadrature for a non-linear decoder.
import {elboByQuadrature} from "../math/elboAscent.js";
import {gridPosterior, klToGrid, type GridPosterior} from "../math/gridPosterior.js";
import {decoderModel, decoders, logNormal, type LatentModel, type Normal} from "../math/latentModel.js";
import {elboParts, gap as exactGap, linearGaussianModel, logEvidence, posterior} from "../math/linearGaussian.js";
import {parseParams, type Schema} from "./runtime/urlCodec.js";
import {urlSync, type UrlSync} from "./runtime/urlSync.js";

/** "linear": z ~ N(0, 1), x | z ~ N(w z, s²), everything in closed form. "nonlinear": x | z ~ N(f(z), s²), on a grid. */
export type ModelKind = "linear" | "nonlinear";
export type DecoderName = keyof typeof decoders;

/** The reader's settings: the observed x, the model (w for the linear model, a decoder for the non-linear one), q = N(m, v). */
export interface ElboSettings {
  model: ModelKind;
  /** The non-linear decoder f (ignored by the linear model). */
  decoder: DecoderName;
  x: number;
  /** Weight of the linear decoder (ignored by the non-linear model). */
  w: number;
  s: number;
  /** Mean of q. */
  m: number;
  /** Variance of q. */
  v: number;
}

export const linearDefaults: ElboSettings = {model: "linear", decoder: "square", x: 1.5, w: 1, s: 0.7, m: 0, v: 1};
export const nonlinearDefaults: ElboSettings = {model: "nonlinear", decoder: "square", x: 2, w: 1, s: 0.5, m: 0.5, v: 0.2};

export const modelKinds: readonly ModelKind[] = ["linear", "nonlinear"];

/** The settings a widget for `model` starts from: that model's defaults, with `given` (a page's options) applied when
 * they are for the same model (a linear model's x, w, s need not suit a non-linear one). */
export function startingSettings(model: ModelKind, given: Partial<ElboSettings> = {}): ElboSettings {
  const start = {...(model === "nonlinear" ? nonlinearDefaults : linearDefaults)};
  if ((given.model ?? "linear") === model) for (const [k, v] of Object.entries(given)) if (v !== undefined) (start as unknown as Record<string, unknown>)[k] = v;
  return {...start, model};
}

/** Slider ranges. The linear ranges keep the posterior mean within ±5 and its variance above 0.0099. */
export const ranges = {
  linear: {x: [-3, 3], w: [-3, 3], s: [0.3, 3]},
  nonlinear: {x: [-3, 4], w: [-3, 3], s: [0.2, 2]},
  m: [-6, 6],
  v: [0.001, 4]
} as const;

const between = ([min, max]: readonly [number, number]) => ({kind: "number", min, max}) as const;

/** What a page address may set for `model`: each number within its slider's range, the model and decoder by name.
 * A key the model ignores (w for the non-linear model, the decoder for the linear one) is not read. */
export function settingsSchema(model: ModelKind): Schema<Partial<ElboSettings>> {
  const r = ranges[model], q = {m: between(ranges.m), v: between(ranges.v)};
  const kind = {kind: "enum", values: modelKinds} as const;
  return model === "linear"
    ? {model: kind, x: between(r.x), w: between(r.w), s: between(r.s), ...q}
    : {model: kind, decoder: {kind: "enum", values: Object.keys(decoders)}, x: between(r.x), s: between(r.s), ...q};
}

/** The model a page address names for the widget with `prefix`, if it names a known one. */
export function addressModel(search: string, prefix = ""): ModelKind | undefined {
  return parseParams(search, {model: {kind: "enum", values: modelKinds}}, prefix).state.model as ModelKind | undefined;
}

/** What the address is written against, for a widget showing `model` on a page that asks for `given` (a chapter's
 * options; none on an embed page): what the widget shows when the address sets nothing, except that a model other
 * than the page's is always named in it (so the page's settings are not applied to another model). */
export function addressBase(model: ModelKind, given: Partial<ElboSettings> = {}): ElboSettings {
  return {...startingSettings(model, given), model: given.model ?? "linear"};
}

export interface AddressOptions<E> {
  /** The widget's own settings beside the model and q (e.g. K and the seed), their values on this page, and schema. */
  extra?: E;
  extraSchema?: Schema<Partial<E>>;
  /** Read the address and write changes back. Default true. */
  syncUrl?: boolean;
  prefix?: string;
  /** Whether the address carries the model and q (default true). */
  settingsInUrl?: boolean;
}

/** An ELBO widget's state on its page, for the page's options `given`: the model (the address may name another than
 * the page's), the state it starts in (the address over `given` over the model's defaults) and its address sync. */
export function elboAddress<E extends object = {}>(given: Partial<ElboSettings>, {extra = {} as E, extraSchema = {} as Schema<Partial<E>>, syncUrl = true, prefix = "", settingsInUrl = true}: AddressOptions<E> = {}): {model: ModelKind; initial: ElboSettings & E; sync: UrlSync<ElboSettings & E>} {
  const pageModel = given.model ?? "linear";
  const model = syncUrl && settingsInUrl ? addressModel(location.search, prefix) ?? pageModel : pageModel;
  const schema = {...(settingsInUrl ? settingsSchema(model) : {}), ...extraSchema} as Schema<Partial<ElboSettings & E>>;
  const sync = urlSync<ElboSettings & E>({schema, base: {...addressBase(model, given), ...extra}, prefix, syncUrl});
  return {model, initial: {...sync.initial, model}, sync};
}

/** The numbers one setting implies. */
export interface ElboNumbers {
  /** (6) log p(x), or (1) on a grid. */
  logEvidence: number;
  /** (8) the ELBO of q and its parts, or (4) by quadrature. */
  elbo: number;
  recon: number;
  kl: number;
  /** log p(x) − ELBO. */
  gap: number;
  /** (5), (9) KL(q ‖ p(z | x)) computed directly: closed form (linear) or on the grid (non-linear; NaN when q reaches
   * past the grid's ends, m ± 6√v outside [−10, 10]). */
  klToPosterior: number;
  /** Posterior mean and variance (exact, or the grid's moments). */
  posterior: Normal;
  /** Posterior modes (the mean for the linear model). */
  modes: number[];
  /** Where the posterior is worth drawing: mean ± 4 sd (linear), or where it is ≥ 0.1 % of its peak (grid). */
  range: [number, number];
  /** The narrowest feature of the posterior: its sd (linear), or the smallest curvature sd of its modes (grid). */
  scale: number;
  /** log p(z | x) at any z. */
  logPosterior(z: number): number;
  /** The model as log p(x | z), for the ascent and IWAE. */
  model: LatentModel;
}

let cache: {key: string; grid: GridPosterior} | null = null;

function grid(s: ElboSettings, model: LatentModel): GridPosterior {
  const key = `${s.decoder}|${s.x}|${s.s}`;
  if (cache?.key !== key) cache = {key, grid: gridPosterior(model)};
  return cache.grid;
}

/** The smallest sd of a Gaussian with the same curvature as log p(z | x) at one of its modes. */
function modeScale(g: GridPosterior): number {
  const h = 1e-3;
  let scale = Math.sqrt(g.variance);
  for (const z of g.modes) {
    const c = -(g.logDensityAt(z + h) - 2 * g.logDensityAt(z) + g.logDensityAt(z - h)) / (h * h);
    if (c > 0) scale = Math.min(scale, 1 / Math.sqrt(c));
  }
  return scale;
}

/** Everything the widgets show for settings `s`. */
export function elboNumbers(s: ElboSettings): ElboNumbers {
  const q = {mean: s.m, variance: s.v};
  if (s.model === "linear") {
    const p = {w: s.w, s: s.s};
    const parts = elboParts(s.x, p, q), post = posterior(s.x, p), lp = logEvidence(s.x, p);
    return {
      logEvidence: lp, ...parts, gap: lp - parts.elbo, klToPosterior: exactGap(s.x, p, q), posterior: post, modes: [post.mean],
      range: [post.mean - 4 * Math.sqrt(post.variance), post.mean + 4 * Math.sqrt(post.variance)], scale: Math.sqrt(post.variance),
      logPosterior: (z) => logNormal(z, post.mean, post.variance), model: linearGaussianModel(s.x, p)
    };
  }
  const decoder = decoders[s.decoder];
  if (!decoder) throw new Error(`invalid decoder: ${s.decoder}; expected one of ${Object.keys(decoders).join(", ")}`);
  const model = decoderModel(decoder, s.x, s.s);
  const g = grid(s, model);
  const parts = elboByQuadrature(model, q);
  return {
    logEvidence: g.logEvidence, ...parts, gap: g.logEvidence - parts.elbo,
    klToPosterior: s.m - 6 * Math.sqrt(s.v) >= g.z[0] && s.m + 6 * Math.sqrt(s.v) <= g.z[g.z.length - 1] ? klToGrid(q, g) : NaN,
    posterior: {mean: g.mean, variance: g.variance}, modes: g.modes, range: g.range, scale: modeScale(g), logPosterior: g.logDensityAt, model
  };
}
