// What the widgets of the chapter "The reparameterisation trick" keep in the page address, through the shared machinery
// (urlCodec's schemas, urlSync, sharePanel): the estimator lab's and the fit comparison's settings, and the step
// walkthrough's seed and digit. Each widget reads its own parameters (a prefix tells them apart on one page), writes
// the reader's changes back, shows what it could not use as a text note, and offers "Share or embed this setup".
import {fitDefaults} from "../math/gaussianFit.js";
import {testFunctionNames, type TestFunctionName} from "../math/testFunctions.js";
import {sharePanel, type SharePanel} from "./runtime/sharePanel.js";
import {diffFrom, toParams, type Schema} from "./runtime/urlCodec.js";
import {addressNotice, siteRootOfModule, urlSync, type UrlSync} from "./runtime/urlSync.js";

const SEED = {kind: "number", min: 0, max: 2147483647, integer: true} as const;
const FN = {kind: "enum", values: testFunctionNames} as const;
const K = {kind: "number", min: 0.25, max: 50} as const;

/** The estimator lab's settings: f (and k of sigmoid(kz)), q = N(μ, σ²), the gradient shown, the seed, the view. */
export interface LabSettings {
  fn: TestFunctionName;
  k: number;
  mu: number;
  sigma: number;
  param: "mu" | "sigma";
  seed: number;
  /** The three histograms share one x-axis. */
  sameAxis: boolean;
  /** Draws per animation frame while drawing. */
  perFrame: number;
}

export const labDefaults: LabSettings = {fn: "square", k: 4, mu: 1, sigma: 0.5, param: "mu", seed: 1, sameAxis: true, perFrame: 200};

/** What an address may set for the lab: each number within its control's range. */
export const labSchema: Schema<LabSettings> = {
  fn: FN, k: K,
  mu: {kind: "number", min: -2, max: 2},
  sigma: {kind: "number", min: 0.1, max: 2},
  param: {kind: "enum", values: ["mu", "sigma"]},
  seed: SEED,
  sameAxis: {kind: "boolean"},
  perFrame: {kind: "number", min: 1, max: 5000, integer: true}
};

/** The fit comparison's settings: f (and k), the start (μ₀, σ₀), SGD's learning rate, draws per step, steps, seed. */
export interface FitSettings {
  fn: TestFunctionName;
  k: number;
  mu0: number;
  sigma0: number;
  lr: number;
  samples: number;
  steps: number;
  seed: number;
}

export const fitSettingDefaults: FitSettings = {fn: "square", k: 4, mu0: fitDefaults.mu0, sigma0: fitDefaults.sigma0, lr: fitDefaults.lr, samples: fitDefaults.samples, steps: 300, seed: fitDefaults.seed};

export const fitSchema: Schema<FitSettings> = {
  fn: FN, k: K,
  mu0: {kind: "number", min: -3, max: 3},
  sigma0: {kind: "number", min: 0.1, max: 3},
  lr: {kind: "number", min: 0.001, max: 1},
  samples: {kind: "number", min: 1, max: 100, integer: true},
  steps: {kind: "number", min: 10, max: 2000, integer: true},
  seed: SEED
};

/** The step walkthrough's settings: the seed of the weights and of ε, and the digit (an index into the held-out set). */
export interface StepSettings {
  seed: number;
  index: number;
}

export const stepDefaults: StepSettings = {seed: 1, index: 0};

/** The walkthrough's schema for `count` digits. */
export const stepSchema = (count: number): Schema<StepSettings> => ({seed: SEED, index: {kind: "number", min: 0, max: Math.max(0, count - 1), integer: true}});

/** Only the keys of `schema` from `given`, without undefined values. */
function pick<S>(schema: Schema<S>, given: object): Partial<S> {
  const out: Partial<S> = {};
  for (const key of Object.keys(schema) as (keyof S & string)[]) {
    const v = (given as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = v as S[typeof key];
  }
  return out;
}

export interface AddressOptions<S> {
  /** Starting settings as an object (the module snippet's); they override the options given beside them. */
  state?: Partial<S>;
  /** Read the address and write changes back (default true). */
  syncUrl?: boolean;
  /** Prefix of the widget's parameters in the address (e.g. "lab."). */
  urlPrefix?: string;
}

/** A widget's settings on its page: `defaults`, then the page's `options` (and their `state`), then the address. */
export function reparamAddress<S>(schema: Schema<S>, defaults: S, options: AddressOptions<S> & object): {initial: S; sync: UrlSync<S>} {
  const base = {...defaults, ...pick(schema, options), ...pick(schema, options.state ?? {})};
  const sync = urlSync<S>({schema: schema as Schema<Partial<S>>, base, prefix: options.urlPrefix ?? "", syncUrl: options.syncUrl ?? true});
  return {initial: {...sync.initial}, sync};
}

/** The notes about the address, as text in a role="status" line (hidden when there are none). */
export function addressNoticeElement(notes: readonly string[]): HTMLParagraphElement {
  const p = document.createElement("p");
  p.className = "rp-notice";
  p.setAttribute("role", "status");
  p.textContent = addressNotice(notes);
  p.hidden = notes.length === 0;
  return p;
}

export interface ReparamShare<S> {
  schema: Schema<S>;
  defaults: S;
  sync: UrlSync<S>;
  syncUrl?: boolean;
  state: () => S;
  siteRoot?: string;
  /** docs/embed/NAME.md and .js, and the export's name. */
  name: string;
  exportName: string;
  title: string;
}

/** "Share or embed this setup": a link to this page (the widget's prefixed parameters, the page's others kept), or to
 * the bare embed when the widget has no address of its own; an iframe and a module snippet of the bare embed, which
 * starts from `defaults` without a prefix. */
export function reparamShare<S>({schema, defaults, sync, syncUrl = true, state, siteRoot, name, exportName, title}: ReparamShare<S>): SharePanel {
  const embedQuery = () => toParams(state(), defaults, schema);
  return sharePanel({
    query: () => (syncUrl ? sync.query(state()) : embedQuery()),
    embedQuery,
    link: syncUrl ? undefined : () => null,
    diff: () => diffFrom(state(), defaults),
    siteRoot: siteRoot ?? siteRootOfModule(),
    name, exportName, title
  });
}
