// The estimator lab of the chapter "The reparameterisation trick": draws ε₁, ε₂, … from a seed and, for each, the
// three per-draw estimates of ∇J(μ, σ), J = E_{z~N(μ,σ²)}[f(z)] (src/math/estimators.ts, equations (1)–(3)), and
// shows them as live histograms with their running mean and variance against the exact values.
// The draws, their moments and the exact values are in estimatorDraws.ts, the table in estimatorTable.ts; this file
// holds the controls, the drawing loop and the charts. Sampling runs in batches of at most ~8 ms per animation frame.
import {estimatorNames, type EstimatorName} from "../math/estimators.js";
import type {RunningMoments} from "../math/runningMoments.js";
import {testFunctionNames, type TestFunctionName} from "../math/testFunctions.js";
import {fmt} from "../viz/a11y.js";
import {estimatorStyles} from "../viz/estimatorColors.js";
import {histogram, type HistogramElement} from "../viz/histogram.js";
import {EstimatorDraws, type Param} from "./estimatorDraws.js";
import {fmtEstimate as num, paramText, renderEstimatorTable} from "./estimatorTable.js";
import {addressNoticeElement, labDefaults, labSchema, reparamAddress, reparamShare, type LabSettings} from "./reparamAddress.js";
import {el, ensureReparamStyle, field, numberInput, reparamId, slider, tableWrap} from "./reparamStyle.js";

export type {Param} from "./estimatorDraws.js";

export interface EstimatorLabOptions {
  /** The function f. Default "square". */
  fn?: TestFunctionName;
  /** Steepness k of sigmoid(kz). Default 4. */
  k?: number;
  /** Mean and standard deviation of q. Defaults 1 and 0.5. */
  mu?: number;
  sigma?: number;
  /** Which gradient component to show: ∂J/∂μ or ∂J/∂σ. Default "mu". */
  param?: Param;
  /** Seed of the draws ε (stream "lab"). Default 1. */
  seed?: number;
  /** Stop after this many draws. Default 100,000. */
  maxDraws?: number;
  /** Draws made at once when the lab is built, so the histograms are not empty. Default 1,000. */
  initialDraws?: number;
  /** Draws per animation frame while drawing (each frame also stops after ~8 ms). Default 200. */
  perFrame?: number;
  /** Bins per histogram. Default 48. */
  bins?: number;
  /** Accessible name of the widget. Default "Gradient estimator lab". */
  label?: string;
  /** The three histograms share one x-axis. Default true. */
  sameAxis?: boolean;
  /** Starting settings as an object (the module snippet's); they override the settings given beside them, and the
   * page address overrides both. */
  state?: Partial<LabSettings>;
  /** Read the settings from the page address and write changes back, so a link reproduces them. Default true. */
  syncUrl?: boolean;
  /** Prefix of this widget's parameters in the address, for a page with several widgets (e.g. "lab."). Default none. */
  urlPrefix?: string;
  /** The site's root URL, for the embed snippets. Default: the site that serves this module. */
  siteRoot?: string;
}

export interface EstimatorLabElement extends HTMLElement {
  /** The current settings (what a link carries). */
  readonly value: LabSettings;
  /** Draws so far. */
  readonly draws: number;
  /** The running moments of each estimator's draws for the shown component. */
  moments(estimator: EstimatorName, param?: Param): RunningMoments;
  /** Draws `n` more at once (tests and the page); returns the total. */
  drawMore(n: number): number;
  dispose(): void;
}

const fnText: Record<TestFunctionName, string> = {
  square: "z² (closed forms for everything)",
  sin: "sin z",
  sigmoid: "sigmoid(kz), a smooth step",
  step: "step 1[z > 0] (not differentiable)"
};

export function estimatorLab(options: EstimatorLabOptions = {}): EstimatorLabElement {
  ensureReparamStyle();
  // The settings: the defaults, then the page's options, then the page address (clamped; notes for the reader).
  const {initial, sync} = reparamAddress(labSchema, labDefaults, options);
  const s: LabSettings = {...initial};
  const maxDraws = options.maxDraws ?? 100_000;
  const binCount = options.bins ?? 48;
  const title = options.label ?? "Gradient estimator lab";
  const root = el("section", {className: "rp-box rp-lab"}) as unknown as EstimatorLabElement;
  root.setAttribute("aria-label", title);

  // The draws (estimatorDraws.ts) and the drawing loop.
  const d = new EstimatorDraws(s, maxDraws);
  let running = false;
  let frame = 0;
  let lastDraw = 0;
  let disposed = false;

  // ---- Controls.
  const fnSelect = el("select");
  for (const name of testFunctionNames) fnSelect.append(new Option(`f(z) = ${fnText[name]}`, name));
  fnSelect.value = s.fn;
  const kInput = numberInput(s.k, 0.25, 50, "any", (v) => change({k: v}));
  const kField = field("Steepness k", kInput, "0.25–50; large k approaches the step.");
  const muSlider = slider("μ", s.mu, -2, 2, 0.05, (v) => fmt(v, 2), (v) => change({mu: v}));
  const sigmaSlider = slider("σ", s.sigma, 0.1, 2, 0.05, (v) => fmt(v, 2), (v) => change({sigma: v}));
  const seedInput = numberInput(s.seed, 0, 2147483647, "1", (v) => change({seed: v}));
  const radioName = reparamId();
  const paramSet = el("fieldset");
  paramSet.append(el("legend", {textContent: "Gradient with respect to"}));
  for (const p of ["mu", "sigma"] as const) {
    const input = el("input", {type: "radio", name: radioName, value: p, checked: p === s.param});
    const label = el("label", {}, input, ` ${p === "mu" ? "μ" : "σ"}`);
    input.addEventListener("change", () => {
      if (input.checked) {
        s.param = p;
        render(true);
        saved();
      }
    });
    paramSet.append(label);
  }
  const axisBox = el("input", {type: "checkbox", checked: s.sameAxis});
  axisBox.id = reparamId();
  axisBox.addEventListener("change", () => {
    s.sameAxis = axisBox.checked;
    render(true);
    saved();
  });
  const axisField = el("div", {className: "rp-field rp-check"}, axisBox, el("label", {htmlFor: axisBox.id, textContent: "Same x-axis for all three"}));
  fnSelect.addEventListener("change", () => change({fn: fnSelect.value as TestFunctionName}));
  const speed = el("select");
  for (const v of [20, 200, 2000]) speed.append(new Option(`${v.toLocaleString("en")} draws per frame`, String(v)));
  if (![20, 200, 2000].includes(s.perFrame)) speed.append(new Option(`${s.perFrame.toLocaleString("en")} draws per frame`, String(s.perFrame)));
  speed.value = String(s.perFrame);
  speed.addEventListener("change", () => {
    s.perFrame = Number(speed.value);
    saved();
  });
  const controls = el("form", {className: "rp-controls"});
  controls.setAttribute("aria-label", "Estimator settings");
  controls.addEventListener("submit", (e) => e.preventDefault());
  controls.append(field("Function", fnSelect), kField, muSlider, sigmaSlider, paramSet, field("Seed", seedInput, "Sets every ε."), field("Speed", speed), axisField);

  const runButton = el("button", {type: "button", className: "rp-primary", textContent: "Draw"});
  runButton.setAttribute("aria-pressed", "false");
  const resetButton = el("button", {type: "button", textContent: "Restart"});
  const status = el("span", {className: "rp-status"});
  const live = el("span", {className: "rp-status"});
  live.setAttribute("role", "status");
  const bar = el("div", {className: "rp-bar"}, runButton, resetButton, status, live);

  const formula = el("p", {className: "rp-note"});
  const table = el("table");
  const grid = el("div", {className: "rp-stack"});
  const charts = {} as Record<EstimatorName, HistogramElement>;
  const notice = addressNoticeElement(sync.notes);
  const share = reparamShare({schema: labSchema, defaults: labDefaults, sync, syncUrl: options.syncUrl, state: () => ({...s}), siteRoot: options.siteRoot,
    name: "estimator-lab", exportName: "estimatorLab", title});
  root.append(notice, controls, bar, formula, tableWrap(table, "Estimates against exact values"), grid, share);

  /** The settings changed: into the address (soon) and the share panel's snippets. */
  function saved(): void {
    sync.write({...s});
    share.refresh();
  }

  function change(c: Partial<LabSettings>): void {
    Object.assign(s, c);
    kField.hidden = s.fn !== "sigmoid";
    d.reset();
    d.drawMore(options.initialDraws ?? 1000);
    render(true);
    // The old "Paused. N draws." would name draws of the previous settings.
    if (!running) live.textContent = `New settings: started again with ${d.n.toLocaleString("en")} draws.`;
    saved();
  }

  runButton.addEventListener("click", () => (running ? stop("Paused.") : start()));
  resetButton.addEventListener("click", () => {
    d.reset();
    render(true);
    live.textContent = "Restarted: no draws yet.";
  });

  function start(): void {
    if (d.n >= maxDraws) {
      d.reset();
    }
    running = true;
    runButton.textContent = "Pause";
    runButton.setAttribute("aria-pressed", "true");
    live.textContent = "Drawing…";
    lastDraw = 0;
    frame = requestAnimationFrame(tick);
  }

  function stop(message: string): void {
    running = false;
    cancelAnimationFrame(frame);
    runButton.textContent = "Draw";
    runButton.setAttribute("aria-pressed", "false");
    render(true);
    live.textContent = `${message} ${d.n.toLocaleString("en")} draws.`;
  }

  function tick(now: number): void {
    if (!running || disposed) return;
    if (!root.isConnected && d.n > 0) return stop("Paused (off the page).");
    const t0 = performance.now();
    for (let done = 0; done < s.perFrame && d.n < maxDraws && performance.now() - t0 < 8; done += 50) d.drawMore(Math.min(50, s.perFrame - done));
    if (d.n >= maxDraws) return stop(`Done: reached the limit of ${maxDraws.toLocaleString("en")} draws.`);
    if (now - lastDraw > 50) {
      render(false);
      lastDraw = now;
    }
    frame = requestAnimationFrame(tick);
  }

  // ---- Drawing.
  let next = 0; // while drawing, one histogram is redrawn per call, in turn, to keep each frame short

  function render(full: boolean): void {
    const p = s.param;
    status.textContent = `${d.n.toLocaleString("en")} of ${maxDraws.toLocaleString("en")} draws · seed ${s.seed}`;
    if (full) {
      const {fn, J, grad} = d.exact;
      const how = grad.method === "closed form" ? "closed form" : "by quadrature; there is no closed form";
      formula.textContent = `f(z) = ${fn.label}, z ~ N(${fmt(s.mu, 2)}, ${fmt(s.sigma, 2)}²): J = E[f(z)] = ${num(J)}, ` +
        `∂J/∂μ = ${num(grad.mu)}, ∂J/∂σ = ${num(grad.sigma)} (${how}). The baseline b is the running mean of f over earlier draws` +
        (d.n > 0 ? `, now ${num(d.baseline)}.` : ".") +
        (fn.differentiable ? "" : " f′ = 0 wherever it exists, so the pathwise estimator always says 0: it is biased.");
    }
    renderEstimatorTable(table, d, p);
    const which = full ? estimatorNames : [estimatorNames[next++ % estimatorNames.length]];
    for (const e of which) {
      const data = d.histogram(e, p, binCount, s.sameAxis);
      const opts = {
        name: `${estimatorStyles[e].label} estimates of ${paramText[p]}`,
        color: estimatorStyles[e].color,
        xLabel: `estimate of ${paramText[p]}`,
        caption: estimatorStyles[e].label
      };
      if (!charts[e]) {
        charts[e] = histogram(data, {...opts, width: 660, height: 180});
        grid.append(charts[e]);
      } else charts[e].update(data, opts);
    }
  }

  kField.hidden = s.fn !== "sigmoid";
  d.drawMore(options.initialDraws ?? 1000);
  render(true);

  Object.defineProperty(root, "draws", {get: () => d.n});
  Object.defineProperty(root, "value", {get: () => ({...s})});
  return Object.assign(root, {
    moments: (e: EstimatorName, p: Param = s.param) => d.moments[e][p],
    drawMore(count: number) {
      const total = d.drawMore(count);
      render(true);
      return total;
    },
    dispose() {
      disposed = true;
      running = false;
      cancelAnimationFrame(frame);
      sync.dispose();
    }
  });
}
