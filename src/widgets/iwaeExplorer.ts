// The importance-weighted bound of the chapter "The ELBO": for a fixed q and model (the reader's, passed in with
// `update(settings)`), IWAE_K from K = 1 to 1000 by seeded Monte Carlo, its spread, and where log p(x) and the ELBO
// are. The reader moves K (a log-scale slider over `kSteps`) and the seed. All estimates share one run of
// `iwaeEstimates` (200 × 1000 draws, ~10–30 ms), computed in its own task, at most every 200 ms while q changes.
// K, the seed (and, unless another widget's parameters carry them, the model and q) live in the page's address, and
// "Share or embed" gives a link, an iframe of docs/embed/iwae-explorer.md and a module snippet of its .js.
import katex from "katex";
import {iwaeEstimates, kSteps, type IwaeResult} from "../math/iwae.js";
import {decoders} from "../math/latentModel.js";
import {fmt} from "../viz/a11y.js";
import {iwaeChart, type IwaeChartElement} from "../viz/iwaeChart.js";
import {texNumber} from "./elboEquations.js";
import {addressBase, elboAddress, elboNumbers, settingsSchema, type ElboNumbers, type ElboSettings} from "./elboSettings.js";
import {ensureElboStyle} from "./elboStyle.js";
import {sharePanel} from "./runtime/sharePanel.js";
import {diffFrom, toParams, type Schema} from "./runtime/urlCodec.js";
import {addressNotice, siteRootOfModule} from "./runtime/urlSync.js";

/** Everything a link can set: the model and q, K and the seed. */
export interface IwaeState extends ElboSettings {
  k: number;
  seed: number;
}

export const iwaeDefaults = {k: 10, seed: 1};

/** The estimator's settings in a page address: K (the nearest of `kSteps` is used) and the seed. */
export const estimatorSchema: Schema<typeof iwaeDefaults> = {
  k: {kind: "number", min: 1, max: kSteps[kSteps.length - 1], integer: true},
  seed: {kind: "number", min: 0, max: 2147483647, integer: true}
};

/** What a page address may set: the model and q (within the ranges of the explorer's sliders), K and the seed. */
export const iwaeSchema = (model: ElboSettings["model"]): Schema<Partial<IwaeState>> => ({...settingsSchema(model), ...estimatorSchema});

/** The index of the K in `kSteps` nearest to `k` on a log scale. */
export function nearestK(k: number): number {
  let best = 0;
  for (let i = 1; i < kSteps.length; i++) if (Math.abs(Math.log(kSteps[i] / k)) < Math.abs(Math.log(kSteps[best] / k))) best = i;
  return best;
}

export interface IwaeExplorerOptions extends Partial<ElboSettings> {
  /** The seed of every draw. Default 1. */
  seed?: number;
  /** Monte Carlo repetitions per K. Default 200. */
  repetitions?: number;
  /** The K shown first (one of `kSteps`; another is moved to the nearest). Default 10. */
  k?: number;
  /** Starting state (as an object, like the module snippet's); it overrides the options beside it, and the page
   * address overrides it. */
  state?: Partial<IwaeState>;
  /** Accessible name of the widget. */
  label?: string;
  /** Read the state from the page address and write changes back, so a link reproduces it (default true). */
  syncUrl?: boolean;
  /** Prefix of this widget's parameters in the address, for a page with several widgets (e.g. "iwae."). */
  urlPrefix?: string;
  /** Whether the address carries the model and q too (default true); false when they follow another widget, whose
   * own parameters carry them. */
  settingsInUrl?: boolean;
  /** The site's root URL, for the embed snippets. Default: the site that serves this module. */
  siteRoot?: string;
}

export interface IwaeExplorerElement extends HTMLElement {
  /** The reader's K and seed. */
  readonly value: {k: number; seed: number};
  /** Everything a link can set: the model and q, K and the seed. */
  readonly state: IwaeState;
  /** The latest estimates (null before the first run). */
  readonly result: IwaeResult | null;
  /** New model or q: the estimates are redrawn from the same seed. */
  update(settings: Partial<ElboSettings>): void;
  dispose(): void;
}

let uid = 0;

/** The widget's starting state (the page address over `state` over the other options over the defaults; K moved to
 * the nearest of `kSteps`), the notes about the address, and its address sync. */
export function iwaeAddress({state, syncUrl, urlPrefix, settingsInUrl, k = iwaeDefaults.k, seed = iwaeDefaults.seed, model, decoder, x, w, s, m, v}: IwaeExplorerOptions = {}) {
  const {k: givenK = k, seed: givenSeed = seed, ...given} = {model, decoder, x, w, s, m, v, ...state};
  const extra = {k: givenK, seed: givenSeed};
  const {initial, sync} = elboAddress(given, {extra, extraSchema: estimatorSchema, syncUrl, prefix: urlPrefix, settingsInUrl});
  const near = kSteps[nearestK(initial.k)];
  const notes = [...sync.notes];
  if (near !== initial.k && initial.k !== extra.k) notes.push(`Link setting k=${initial.k} is not one of the K shown; using ${near}.`);
  return {state: {...initial, k: near}, notes, sync};
}

export function iwaeExplorer(options: IwaeExplorerOptions = {}): IwaeExplorerElement {
  ensureElboStyle();
  const {repetitions = 200, label = "The importance-weighted bound IWAE_K", siteRoot} = options;
  const {sync, state: {k: k0, seed: seed0, ...settings0}, notes} = iwaeAddress(options);
  let settings: ElboSettings = settings0, seed = seed0, kIndex = kSteps.indexOf(k0);
  const id = `elbo-iwae-${++uid}`;

  const root = document.createElement("section") as unknown as IwaeExplorerElement;
  root.className = "elbo-widget elbo-iwae";
  root.setAttribute("aria-label", label);

  const kField = document.createElement("div");
  kField.className = "elbo-field";
  const kLabel = Object.assign(document.createElement("label"), {htmlFor: `${id}-k`, textContent: "K, samples per estimate (log scale)"});
  const kRange = Object.assign(document.createElement("input"), {type: "range", id: `${id}-k`, min: "0", max: String(kSteps.length - 1), step: "1", value: String(kIndex)});
  const kOut = document.createElement("output");
  kOut.htmlFor.add(kRange.id);
  kField.append(kLabel, kRange, kOut);
  const seedField = document.createElement("div");
  seedField.className = "elbo-field";
  const seedLabel = Object.assign(document.createElement("label"), {htmlFor: `${id}-seed`, textContent: "Seed of the draws"});
  const seedBox = Object.assign(document.createElement("input"), {type: "number", id: `${id}-seed`, min: "0", max: "2147483647", step: "1", value: String(seed)});
  const seedNote = Object.assign(document.createElement("small"), {id: `${id}-seed-note`});
  seedNote.setAttribute("aria-live", "polite");
  seedBox.setAttribute("aria-describedby", seedNote.id);
  seedField.append(seedLabel, seedBox, seedNote);
  seedBox.style.gridColumn = "2 / -1";
  seedBox.style.maxWidth = "12rem";
  const controls = document.createElement("div");
  controls.className = "elbo-controls";
  const set = document.createElement("fieldset");
  set.append(Object.assign(document.createElement("legend"), {textContent: "The estimator"}), kField, seedField);
  controls.append(set);
  const setting = Object.assign(document.createElement("p"), {className: "elbo-note"});
  const equations = Object.assign(document.createElement("div"), {className: "elbo-equations"});
  // Scrolls sideways on a narrow screen, so it takes focus (keyboard users can scroll it) and has a name.
  equations.tabIndex = 0;
  equations.setAttribute("role", "group");
  equations.setAttribute("aria-label", "Equation (10) with the current numbers");
  const note = Object.assign(document.createElement("p"), {className: "elbo-note"});
  const views = Object.assign(document.createElement("div"), {className: "elbo-views"});
  const state = (): IwaeState => ({...settings, k: kSteps[kIndex], seed});
  // The link is to this page: this widget's parameters (prefixed) and the page's others. The snippets are for the bare
  // embed, which starts from the defaults and needs the model and q too: `embedQuery` is the iframe's. A widget
  // without an address of its own (syncUrl false: a module on another site) links with the embed's query.
  const embedBase = (): IwaeState => ({...addressBase(settings.model), ...iwaeDefaults});
  const embedQuery = () => toParams(state(), embedBase(), iwaeSchema(settings.model));
  const shareOptions = {
    query: () => (options.syncUrl ?? true ? sync.query(state()) : embedQuery()),
    embedQuery,
    diff: () => diffFrom(state(), embedBase()),
    siteRoot: siteRoot ?? siteRootOfModule(),
    name: "iwae-explorer", exportName: "iwaeExplorer", title: label
  };
  const share = sharePanel(shareOptions);
  const notice = Object.assign(document.createElement("p"), {className: "elbo-notice", textContent: addressNotice(notes)});
  notice.setAttribute("role", "status");
  notice.hidden = notes.length === 0;
  root.append(notice, controls, setting, equations, note, views, share);
  /** The state changed: into the address (soon) and the snippets; `input` for Framework's view(). */
  const changed = (event = true) => {
    sync.write(state());
    share.refresh();
    if (event) root.dispatchEvent(new Event("input", {bubbles: true}));
  };

  let numbers: ElboNumbers = elboNumbers(settings);
  let result: IwaeResult | null = null;
  let chart: IwaeChartElement | null = null;
  let timer: ReturnType<typeof setTimeout> | 0 = 0, lastRun = -Infinity;
  let width = 640;
  const resize = typeof ResizeObserver === "function" ? new ResizeObserver(([entry]) => {
    const next = Math.round(Math.max(280, Math.min(760, entry.contentRect.width)));
    if (entry.contentRect.width > 0 && next !== width) { width = next; draw(); }
  }) : null;
  resize?.observe(views);

  const draw = () => {
    const k = kSteps[kIndex];
    kOut.textContent = `K = ${k}`;
    kRange.setAttribute("aria-valuetext", `K = ${k}`);
    const model = settings.model === "linear" ? `x = ${fmt(settings.x)}, w = ${fmt(settings.w)}, s = ${fmt(settings.s)}` : `x = ${fmt(settings.x)}, s = ${fmt(settings.s)}, decoder ${decoders[settings.decoder].label}`;
    setting.textContent = `q = N(${fmt(settings.m, 2)}, ${fmt(settings.v, settings.v < 0.1 ? 4 : 3)}) with ${model}; ${repetitions} estimates per K, seed ${seed}.`;
    if (!result) return;
    const j = result.ks.indexOf(k), s = result.summaries[j];
    // Counted only when above by more than the rounding of the numbers shown: with q at (or within 1e-6 of) the
    // posterior every estimate is log p(x) up to a few 1e-8 nats either way.
    let above = 0;
    for (const e of result.estimates[j]) if (e > numbers.logEvidence + 5e-4) above++;
    katex.render(
      "\\begin{aligned}" +
        `\\mathrm{IWAE}_{${k}} &= \\mathbb{E}\\Big[\\log \\frac{1}{${k}} \\sum_{k=1}^{${k}} \\frac{p(x, z_k)}{q(z_k)}\\Big] \\approx ${texNumber(s.mean)} \\pm ${texNumber(s.sd)} && (10) \\\\` +
        `\\log p(x) &= ${texNumber(numbers.logEvidence)}, \\qquad \\text{ELBO} = \\mathrm{IWAE}_1 = ${texNumber(numbers.elbo)}` +
        "\\end{aligned}",
      equations, {displayMode: true, output: "htmlAndMathml", throwOnError: false, strict: "ignore"}
    );
    note.textContent =
      `At K = ${k}: mean ${fmt(s.mean, 3)} (standard error ${fmt(s.se, 3)}), standard deviation ${fmt(s.sd, 3)}; ` +
      `10 to 90 % of the estimates between ${fmt(s.q10, 3)} and ${fmt(s.q90, 3)}. ` +
      `${above} of the ${repetitions} estimates lie more than 0.0005 nats above log p(x) = ${fmt(numbers.logEvidence, 3)}` +
      (above > 0 ? ": a single estimate can, their expectation cannot." : ".");
    const opts = {logEvidence: numbers.logEvidence, elbo: numbers.elbo, k, repetitions, width};
    if (chart) chart.update(result.summaries, opts); else views.append((chart = iwaeChart(result.summaries, opts)));
  };

  const run = () => {
    timer = 0;
    lastRun = performance.now();
    numbers = elboNumbers(settings);
    result = iwaeEstimates(numbers.model, {mean: settings.m, variance: settings.v}, {seed, repetitions});
    draw();
  };
  /** Runs soon, in its own task, and not more often than every 200 ms. */
  const schedule = () => {
    if (timer) return;
    timer = setTimeout(run, Math.max(0, 200 - (performance.now() - lastRun)));
  };

  kRange.addEventListener("input", () => {
    kIndex = Number(kRange.value);
    draw();
    changed();
  });
  seedBox.addEventListener("change", () => {
    const v = Number(seedBox.value);
    if (!Number.isInteger(v) || v < 0 || v > 2147483647) {
      seedBox.setAttribute("aria-invalid", "true");
      seedNote.textContent = `“${seedBox.value}” is not a seed (an integer from 0 to 2147483647); kept ${seed}.`;
      seedBox.value = String(seed);
      return;
    }
    seedBox.removeAttribute("aria-invalid");
    seedNote.textContent = "";
    seed = v;
    run();
    changed();
  });

  run();
  return Object.defineProperties(Object.assign(root, {
    update(next: Partial<ElboSettings>) {
      settings = {...settings, ...next};
      schedule();
      changed(false);
    },
    dispose() { if (timer) clearTimeout(timer); timer = 0; sync.dispose(); resize?.disconnect(); }
  }), {
    value: {get: () => ({k: kSteps[kIndex], seed})},
    state: {get: state},
    result: {get: () => result}
  });
}
