// The importance-weighted bound of the chapter "The ELBO": for a fixed q and model (the reader's, passed in with
// `update(settings)`), IWAE_K from K = 1 to 1000 by seeded Monte Carlo, its spread, and where log p(x) and the ELBO
// are. The reader moves K (a log-scale slider over `kSteps`) and the seed. All estimates share one run of
// `iwaeEstimates` (200 × 1000 draws, ~10–30 ms), computed in its own task, at most every 200 ms while q changes.
import katex from "katex";
import {iwaeEstimates, kSteps, type IwaeResult} from "../math/iwae.js";
import {decoders} from "../math/latentModel.js";
import {fmt} from "../viz/a11y.js";
import {iwaeChart, type IwaeChartElement} from "../viz/iwaeChart.js";
import {elboNumbers, linearDefaults, type ElboNumbers, type ElboSettings} from "./elboSettings.js";
import {ensureElboStyle} from "./elboStyle.js";
import {texNumber} from "./elboExplorer.js";

export interface IwaeExplorerOptions extends Partial<ElboSettings> {
  /** The seed of every draw. Default 1. */
  seed?: number;
  /** Monte Carlo repetitions per K. Default 200. */
  repetitions?: number;
  /** The K shown first (one of `kSteps`). Default 10. */
  k?: number;
  /** Accessible name of the widget. */
  label?: string;
}

export interface IwaeExplorerElement extends HTMLElement {
  /** The reader's K and seed. */
  readonly value: {k: number; seed: number};
  /** The latest estimates (null before the first run). */
  readonly result: IwaeResult | null;
  /** New model or q: the estimates are redrawn from the same seed. */
  update(settings: Partial<ElboSettings>): void;
  dispose(): void;
}

let uid = 0;

export function iwaeExplorer(options: IwaeExplorerOptions = {}): IwaeExplorerElement {
  ensureElboStyle();
  const {seed: seed0 = 1, repetitions = 200, k: k0 = 10, label = "The importance-weighted bound IWAE_K", ...given} = options;
  let settings: ElboSettings = {...linearDefaults};
  for (const [key, v] of Object.entries(given)) if (v !== undefined) (settings as unknown as Record<string, unknown>)[key] = v;
  let seed = seed0;
  let kIndex = Math.max(0, kSteps.indexOf(k0));
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
  root.append(controls, setting, equations, note, views);

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
    root.dispatchEvent(new Event("input", {bubbles: true}));
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
    root.dispatchEvent(new Event("input", {bubbles: true}));
  });

  run();
  return Object.defineProperties(Object.assign(root, {
    update(next: Partial<ElboSettings>) {
      settings = {...settings, ...next};
      schedule();
    },
    dispose() { if (timer) clearTimeout(timer); timer = 0; resize?.disconnect(); }
  }), {
    value: {get: () => ({k: kSteps[kIndex], seed})},
    result: {get: () => result}
  });
}
