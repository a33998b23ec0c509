// The ELBO explorer of the chapter "The ELBO": the reader sets the observed x, the model and q = N(m, v), and sees
// log p(x), the ELBO and the gap as numbers inside the chapter's equations (5)–(9), q drawn against the posterior,
// and the ELBO against log p(x). "Fit q" runs the natural-gradient ascent of src/math/elboAscent.ts live, a few steps
// per animation frame (never more than ~12 ms of steps in one frame), until the ELBO stops rising.
//   model "linear":    z ~ N(0, 1), x | z ~ N(w z, s²): every number in closed form (src/math/linearGaussian.ts)
//   model "nonlinear": x | z ~ N(f(z), s²): log p(x) and the posterior on a grid (src/math/gridPosterior.ts), the
//                      ELBO by Gauss–Hermite quadrature
// The element has `.value` (the settings) and fires bubbling `input` events, so Framework's view() works on it.
// The settings live in the page's address too (`urlPrefix` tells two explorers apart), so a link reproduces them, and
// "Share or embed" gives a link, an iframe of docs/embed/elbo-explorer.md and a module snippet of docs/embed/elbo-explorer.js.
import katex from "katex";
import {ascentStep} from "../math/elboAscent.js";
import {decoders, logNormal} from "../math/latentModel.js";
import {densityPlot, type DensityCurve, type DensityPlotElement} from "../viz/densityPlot.js";
import {elboTrace, fmtGap, type ElboRecord, type ElboTraceElement} from "../viz/elboTrace.js";
import {muted, okabeIto} from "../viz/palette.js";
import {selectField, sliderField, type SliderField} from "./elboControls.js";
import {equationsTex} from "./elboEquations.js";
import {linspace, plotDomain, plotPoints} from "./elboPlotGrid.js";
import {addressBase, elboAddress, elboNumbers, ranges, settingsSchema, type DecoderName, type ElboNumbers, type ElboSettings} from "./elboSettings.js";
import {ensureElboStyle} from "./elboStyle.js";
import {sharePanel} from "./runtime/sharePanel.js";
import {diffFrom, toParams} from "./runtime/urlCodec.js";
import {addressNotice, siteRootOfModule} from "./runtime/urlSync.js";


export interface ElboExplorerOptions extends Partial<ElboSettings> {
  /** Starting settings (as an object, like the module snippet's); they override the settings given beside it. The
   * model's defaults fill in the rest, and the page address overrides them all. */
  state?: Partial<ElboSettings>;
  /** Accessible name of the widget. */
  label?: string;
  /** Read the settings from the page address and write changes back, so a link reproduces them (default true). */
  syncUrl?: boolean;
  /** Prefix of this widget's parameters in the address, for a page with several widgets (e.g. "nl."); default none. */
  urlPrefix?: string;
  /** The site's root URL, for the embed snippets. Default: the site that serves this module. */
  siteRoot?: string;
  /** Step size of the ascent. Default 0.1. */
  lr?: number;
  /** Ascent steps per animation frame. Default 3. */
  stepsPerFrame?: number;
  /** The fit stops after this many steps. Default 3000. */
  maxSteps?: number;
}

export interface ElboExplorerElement extends HTMLElement {
  /** The current settings. */
  readonly value: ElboSettings;
  /** The numbers shown now. */
  readonly numbers: ElboNumbers;
  /** True while "Fit q" runs. */
  readonly fitting: boolean;
  /** Starts or stops the fit, as the button does. */
  fit(): void;
  stop(): void;
  dispose(): void;
}

/** The explorer's model, starting settings (the page address over `state` over the other options over the model's
 * defaults) and address sync. */
export function explorerAddress({state, syncUrl, urlPrefix, model, decoder, x, w, s, m, v}: ElboExplorerOptions = {}) {
  return elboAddress({model, decoder, x, w, s, m, v, ...state}, {syncUrl, prefix: urlPrefix});
}

export function elboExplorer(options: ElboExplorerOptions = {}): ElboExplorerElement {
  ensureElboStyle();
  const {label, lr = 0.1, stepsPerFrame = 3, maxSteps = 3000, siteRoot} = options;
  const {model, initial, sync} = explorerAddress(options);
  let state: ElboSettings = {...initial};
  const linear = model === "linear";
  const r = ranges[model];
  const title = label ?? (linear ? "ELBO explorer: the linear-Gaussian model" : "ELBO explorer: a non-linear decoder");

  const root = document.createElement("section") as unknown as ElboExplorerElement;
  root.className = "elbo-widget elbo-explorer";
  root.setAttribute("aria-label", title);

  // Controls. Any change by the reader stops a running fit and starts a new trace.
  const change = (patch: Partial<ElboSettings>) => {
    stop(false);
    state = {...state, ...patch};
    trace = null;
    status.textContent = "";
    changed();
  };
  const fields: Record<"x" | "w" | "s" | "m" | "v", SliderField> = {
    x: sliderField({label: "x, the observed value", min: r.x[0], max: r.x[1], step: 0.05, value: state.x}, (x) => change({x})),
    w: sliderField({label: "w, decoder weight", min: r.w[0], max: r.w[1], step: 0.05, value: state.w}, (w) => change({w})),
    s: sliderField({label: "s, decoder noise sd", min: r.s[0], max: r.s[1], step: 0.05, value: state.s}, (s) => change({s})),
    m: sliderField({label: "m, mean of q", min: ranges.m[0], max: ranges.m[1], step: 0.01, value: state.m}, (m) => change({m})),
    v: sliderField({label: "v, variance of q", min: ranges.v[0], max: ranges.v[1], step: 0, log: true, digits: 3, value: state.v}, (v) => change({v}))
  };
  const modelSet = document.createElement("fieldset");
  modelSet.append(Object.assign(document.createElement("legend"), {textContent: linear ? "The model: z ~ N(0, 1), x | z ~ N(w z, s²)" : "The model: z ~ N(0, 1), x | z ~ N(f(z), s²)"}));
  if (!linear) {
    const choices = (Object.keys(decoders) as DecoderName[]).map((k) => ({value: k, label: decoders[k].label}));
    modelSet.append(selectField("f(z), the decoder", choices, state.decoder, (d) => change({decoder: d as DecoderName})));
  }
  modelSet.append(fields.x, ...(linear ? [fields.w] : []), fields.s);
  const qSet = document.createElement("fieldset");
  qSet.append(Object.assign(document.createElement("legend"), {textContent: "The approximation: q(z | x) = N(m, v)"}), fields.m, fields.v);
  const controls = document.createElement("div");
  controls.className = "elbo-controls";
  controls.append(modelSet, qSet);

  // The button's name says what it will do ("Fit q", then "Stop"), so it is not also a pressed/unpressed toggle.
  const fitButton = Object.assign(document.createElement("button"), {type: "button", className: "elbo-primary", textContent: "Fit q"});
  const resetButton = Object.assign(document.createElement("button"), {type: "button", textContent: "Reset"});
  const status = Object.assign(document.createElement("span"), {className: "elbo-status"});
  status.setAttribute("role", "status");
  const bar = document.createElement("div");
  bar.className = "elbo-bar";
  bar.append(fitButton, resetButton, status);

  const equations = document.createElement("div");
  equations.className = "elbo-equations";
  // Scrolls sideways on a narrow screen, so it takes focus (keyboard users can scroll it) and has a name.
  equations.tabIndex = 0;
  equations.setAttribute("role", "group");
  equations.setAttribute("aria-label", "The equations with the current numbers");
  const views = document.createElement("div");
  views.className = "elbo-views";
  // The link is to this page: this widget's parameters (prefixed) and the page's others. The snippets are for the bare
  // embed, which starts from the model's defaults, without this page's options or prefix: `embedQuery` is the iframe's.
  // A widget without an address of its own (syncUrl false: a module on another site) links with the embed's query.
  const embedQuery = () => toParams(state, addressBase(model), settingsSchema(model));
  const shareOptions = {
    query: () => (options.syncUrl ?? true ? sync.query(state) : embedQuery()),
    embedQuery,
    diff: () => diffFrom(state, addressBase(model)),
    siteRoot: siteRoot ?? siteRootOfModule(),
    name: "elbo-explorer", exportName: "elboExplorer", title
  };
  const share = sharePanel(shareOptions);
  const notice = Object.assign(document.createElement("p"), {className: "elbo-notice", textContent: addressNotice(sync.notes)});
  notice.setAttribute("role", "status");
  notice.hidden = sync.notes.length === 0;
  root.append(notice, controls, bar, equations, views, share);

  let numbers = elboNumbers(state);
  let trace: ElboRecord[] | null = null;
  let density: DensityPlotElement | null = null, traceView: ElboTraceElement | null = null;
  let frame = 0, fitFrame = 0, fitting = false, steps = 0;
  // Chart width follows the widget's (two charts side by side from 800 px), measured without forcing a layout.
  let width = 560;
  const resize = typeof ResizeObserver === "function" ? new ResizeObserver(([entry]) => {
    const w = entry.contentRect.width;
    const next = Math.round(Math.max(280, w >= 800 ? (w - 24) / 2 : Math.min(w, 640)));
    if (w > 0 && next !== width) { width = next; schedule(); }
  }) : null;
  resize?.observe(views);

  const curves = (z: Float64Array): DensityCurve[] => [
    {label: "prior p(z)", color: muted, dash: "2,3", strokeWidth: 1.5, density: z.map((t) => Math.exp(logNormal(t, 0, 1)))},
    {label: "q(z | x)", color: okabeIto.blue, fill: true, density: z.map((t) => Math.exp(logNormal(t, state.m, state.v)))},
    {label: "posterior p(z | x)", color: okabeIto.vermillion, dash: "7,3", strokeWidth: 2.5, density: z.map((t) => Math.exp(numbers.logPosterior(t)))}
  ];

  const render = () => {
    frame = 0;
    katex.render(equationsTex(state, numbers), equations, {displayMode: true, output: "htmlAndMathml", throwOnError: false, strict: "ignore"});
    const domain = plotDomain(state, numbers);
    const z = linspace(domain[0], domain[1], plotPoints(state, numbers, domain));
    const plotOptions = {width, ariaLabel: `q(z | x) against the posterior p(z | x) and the prior${linear ? "" : `, decoder ${decoders[state.decoder].label}`}`};
    if (density) density.update(z, curves(z), plotOptions); else views.append((density = densityPlot(z, curves(z), plotOptions)));
    const records = trace ?? [{step: 0, elbo: numbers.elbo}];
    if (traceView) traceView.update(records, {logEvidence: numbers.logEvidence, width}); else views.append((traceView = elboTrace(records, {logEvidence: numbers.logEvidence, width, height: 200})));
  };
  const schedule = () => { if (!frame) frame = requestAnimationFrame(render); };
  /** New numbers for the new state; drawn in the next frame, or now when already inside one (`now`). */
  const changed = (now = false) => {
    numbers = elboNumbers(state);
    if (now) { if (frame) cancelAnimationFrame(frame); render(); } else schedule();
    sync.write(state);
    share.refresh();
    root.dispatchEvent(new Event("input", {bubbles: true}));
  };

  const finish = (why: "converged" | "limit") => {
    stop(false);
    const g = fmtGap(numbers.gap);
    status.textContent = why === "limit"
      ? `Stopped after ${steps} steps; the gap is ${g} nats.`
      : linear
        ? `Fitted in ${steps} steps: the gap is ${g} nats, so q has met the posterior.`
        : `Fitted in ${steps} steps: this is the best Gaussian q from where it started, and it leaves a gap of ${g} nats.`;
  };
  const step = () => {
    fitFrame = 0;
    const t0 = performance.now();
    let q = {mean: state.m, variance: state.v};
    let parts = {elbo: numbers.elbo, recon: numbers.recon, kl: numbers.kl};
    let done: "converged" | "limit" | null = null;
    for (let i = 0; i < stepsPerFrame && performance.now() - t0 < 12; i++) {
      const next = ascentStep(numbers.model, q, {lr}, parts);
      if (next.converged || next.stepSize === 0) { done = "converged"; break; }
      q = next.q; parts = next.parts; steps++;
      (trace ??= [{step: 0, elbo: numbers.elbo}]).push({step: steps, elbo: parts.elbo});
      if (steps >= maxSteps) { done = "limit"; break; }
    }
    state = {...state, m: q.mean, v: q.variance};
    fields.m.set(q.mean);
    fields.v.set(q.variance);
    changed(true);
    if (done) finish(done); else fitFrame = requestAnimationFrame(step);
  };
  const start = () => {
    if (fitting) return;
    fitting = true;
    steps = trace ? trace[trace.length - 1].step : 0;
    trace ??= [{step: 0, elbo: numbers.elbo}];
    fitButton.textContent = "Stop";
    fitButton.classList.add("elbo-running");
    status.textContent = "Fitting q: natural-gradient steps on the ELBO…";
    fitFrame = requestAnimationFrame(step);
  };
  function stop(say = true) {
    if (fitFrame) cancelAnimationFrame(fitFrame);
    fitFrame = 0;
    if (!fitting) return;
    fitting = false;
    fitButton.textContent = "Fit q";
    fitButton.classList.remove("elbo-running");
    if (say) status.textContent = `Stopped after ${steps} steps; the gap is ${fmtGap(numbers.gap)} nats.`;
  }
  fitButton.addEventListener("click", () => (fitting ? stop() : start()));
  resetButton.addEventListener("click", () => {
    stop(false);
    state = {...initial};
    for (const k of ["x", "w", "s", "m", "v"] as const) fields[k].set(state[k]);
    const select = modelSet.querySelector("select");
    if (select) select.value = state.decoder;
    trace = null;
    status.textContent = "Back to the starting values.";
    changed();
  });

  render();
  return Object.defineProperties(Object.assign(root, {fit: () => (fitting ? stop() : start()), stop: () => stop(), dispose: () => { stop(false); sync.dispose(); resize?.disconnect(); if (frame) cancelAnimationFrame(frame); frame = 0; }}), {
    value: {get: () => ({...state})},
    numbers: {get: () => numbers},
    fitting: {get: () => fitting}
  });
}
