// The estimator lab of the chapter "The reparameterisation trick": draws ε₁, ε₂, … from a seed and, for each, the
// three per-draw estimates of ∇J(μ, σ), J = E_{z~N(μ,σ²)}[f(z)] (src/math/estimators.ts, equations (1)–(3)), and
// shows them as live histograms with their running mean and variance against the exact values.
// All three estimators use the same draws. The baseline is the running mean of f over the EARLIER draws (started at
// f(μ), a number, not a draw), so each estimate stays unbiased; its exact variance is given for b = E_q[f], the value
// that running mean converges to. Sampling runs in batches of at most ~8 ms per animation frame.
import {estimatorNames, estimatorMean, estimatorVariance, exactExpectation, exactGradient, sampleGradient, type EstimatorName, type Grad} from "../math/estimators.js";
import {RunningMoments} from "../math/runningMoments.js";
import {testFunction, testFunctionNames, type TestFunction, type TestFunctionName} from "../math/testFunctions.js";
import {Rng} from "../train/rng.js";
import {fmt} from "../viz/a11y.js";
import {estimatorStyles} from "../viz/estimatorColors.js";
import {histogram, type HistogramData, type HistogramElement} from "../viz/histogram.js";
import {addressNoticeElement, labDefaults, labSchema, reparamAddress, reparamShare, type LabSettings} from "./reparamAddress.js";
import {el, ensureReparamStyle, field, numberInput, reparamId, slider, tableWrap} from "./reparamStyle.js";

export type Param = "mu" | "sigma";

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

const paramText = {mu: "∂J/∂μ", sigma: "∂J/∂σ"} as const;

const shortLabel: Record<EstimatorName, string> = {score: "score function", baseline: "score + baseline", pathwise: "pathwise"};

interface Exact {
  fn: TestFunction;
  J: number;
  grad: Grad & {method: string};
  mean: Record<EstimatorName, Grad>;
  variance: Record<EstimatorName, Grad & {method: string}>;
}

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

  // State of the draws.
  let rng = new Rng(s.seed, "lab");
  let n = 0;
  let fRunning = new RunningMoments();
  let baseline = 0;
  const draws = {} as Record<EstimatorName, {mu: Float64Array; sigma: Float64Array}>;
  const moments = {} as Record<EstimatorName, Record<Param, RunningMoments>>;
  for (const e of estimatorNames) {
    draws[e] = {mu: new Float64Array(maxDraws), sigma: new Float64Array(maxDraws)};
    moments[e] = {mu: new RunningMoments(), sigma: new RunningMoments()};
  }
  let exact: Exact;
  let running = false;
  let frame = 0;
  let lastDraw = 0;
  let disposed = false;

  function computeExact(): Exact {
    const fn = testFunction(s.fn, {k: s.k});
    const J = exactExpectation(fn, s.mu, s.sigma);
    const mean = {} as Exact["mean"], variance = {} as Exact["variance"];
    for (const e of estimatorNames) {
      mean[e] = estimatorMean(e, fn, s.mu, s.sigma);
      variance[e] = estimatorVariance(e, fn, s.mu, s.sigma, J); // the baseline's limit: b = E_q[f] = J
    }
    return {fn, J, grad: exactGradient(fn, s.mu, s.sigma), mean, variance};
  }

  function reset(): void {
    rng = new Rng(s.seed, "lab");
    n = 0;
    fRunning = new RunningMoments();
    exact = computeExact();
    baseline = exact.fn.f(s.mu);
    for (const e of estimatorNames) for (const p of ["mu", "sigma"] as const) moments[e][p].reset();
  }

  function drawMore(count: number): number {
    const {fn} = exact;
    const end = Math.min(maxDraws, n + count);
    for (; n < end; n++) {
      const eps = rng.normal();
      for (const e of estimatorNames) {
        const g = sampleGradient(e, fn, s.mu, s.sigma, eps, baseline);
        draws[e].mu[n] = g.mu;
        draws[e].sigma[n] = g.sigma;
        moments[e].mu.push(g.mu);
        moments[e].sigma.push(g.sigma);
      }
      fRunning.push(fn.f(s.mu + s.sigma * eps));
      baseline = fRunning.mean; // for the next draw
    }
    return n;
  }

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
    reset();
    drawMore(options.initialDraws ?? 1000);
    render(true);
    saved();
  }

  runButton.addEventListener("click", () => (running ? stop("Paused.") : start()));
  resetButton.addEventListener("click", () => {
    reset();
    render(true);
    live.textContent = "Restarted: no draws yet.";
  });

  function start(): void {
    if (n >= maxDraws) {
      reset();
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
    live.textContent = `${message} ${n.toLocaleString("en")} draws.`;
  }

  function tick(now: number): void {
    if (!running || disposed) return;
    if (!root.isConnected && n > 0) return stop("Paused (off the page).");
    const t0 = performance.now();
    for (let done = 0; done < s.perFrame && n < maxDraws && performance.now() - t0 < 8; done += 50) drawMore(Math.min(50, s.perFrame - done));
    if (n >= maxDraws) return stop(`Done: reached the limit of ${maxDraws.toLocaleString("en")} draws.`);
    if (now - lastDraw > 50) {
      render(false);
      lastDraw = now;
    }
    frame = requestAnimationFrame(tick);
  }

  // ---- Drawing.
  function axis(e: EstimatorName, p: Param): [number, number] {
    const span = (x: EstimatorName): [number, number] => {
      const m = exact.mean[x][p], t = exact.grad[p], sd = Math.sqrt(exact.variance[x][p]);
      return [Math.min(m, t) - 4 * sd, Math.max(m, t) + 4 * sd];
    };
    let [lo, hi] = span(e);
    if (s.sameAxis) for (const x of estimatorNames) {
      const [a, b] = span(x);
      lo = Math.min(lo, a);
      hi = Math.max(hi, b);
    }
    if (!(hi - lo > 1e-9)) {
      const c = (lo + hi) / 2, w = Math.max(0.5, Math.abs(c) * 0.5);
      return [c - w, c + w];
    }
    const pad = 0.05 * (hi - lo); // so that a mean or a point mass at the end still falls inside
    return [lo - pad, hi + pad];
  }

  function bin(e: EstimatorName, p: Param): HistogramData {
    const [lo, hi] = axis(e, p);
    const counts = new Float64Array(binCount);
    let below = 0, above = 0;
    const a = draws[e][p], w = (hi - lo) / binCount;
    for (let i = 0; i < n; i++) {
      const v = a[i];
      if (v < lo) below++;
      else if (v >= hi) above++;
      else counts[Math.min(binCount - 1, Math.floor((v - lo) / w))]++;
    }
    const m = moments[e][p];
    return {
      lo, hi, counts, below, above,
      sample: n >= 2 ? {mean: m.mean, sd: Math.sqrt(m.variance)} : null,
      exact: {mean: exact.mean[e][p], sd: Math.sqrt(exact.variance[e][p])},
      truth: exact.grad[p]
    };
  }

  const num = (v: number) => (Math.abs(v) >= 1000 ? fmt(v, 0) : Math.abs(v) >= 10 ? fmt(v, 2) : fmt(v, 3));

  function renderTable(p: Param): void {
    const head = el("tr", {}, ...["estimator", "mean of draws", "exact mean", "variance of draws", "exact variance", "÷ pathwise"].map((t) => el("th", {scope: "col", textContent: t})));
    const rows = estimatorNames.map((e) => {
      const m = moments[e][p];
      const st = estimatorStyles[e];
      const sw = el("span", {className: "rp-swatch"});
      sw.style.borderTopColor = st.color;
      sw.style.borderTopStyle = st.dash === "none" ? "solid" : "dashed";
      sw.setAttribute("aria-hidden", "true");
      const ev = exact.variance[e][p];
      const ratio = ev / exact.variance.pathwise[p];
      const biased = e === "pathwise" && !exact.fn.differentiable;
      return el("tr", {},
        el("th", {scope: "row"}, sw, shortLabel[e]),
        el("td", {textContent: n >= 2 ? `${num(m.mean)} ± ${num(m.meanStandardError)}` : "–"}),
        el("td", {textContent: `${num(exact.mean[e][p])}${biased ? " (biased)" : ""}`}),
        el("td", {textContent: n >= 2 ? `${num(m.variance)} ± ${num(m.varianceStandardError)}` : "–"}),
        el("td", {textContent: num(ev)}),
        el("td", {textContent: e === "pathwise" ? "1" : !exact.fn.differentiable ? "– (pathwise biased)" : Number.isFinite(ratio) ? `${num(ratio)}` : "∞"}));
    });
    const methods = [...new Set(estimatorNames.map((e) => exact.variance[e].method))].join(" and ");
    table.replaceChildren(
      el("caption", {textContent: `${paramText[p]} from ${n.toLocaleString("en")} draws (± one standard error) against the exact values (${methods}). ` +
        `True ${paramText[p]} = ${num(exact.grad[p])}. The last column is the exact variance divided by the pathwise one.`}),
      el("thead", {}, head), el("tbody", {}, ...rows));
  }

  let next = 0; // while drawing, one histogram is redrawn per call, in turn, to keep each frame short

  function render(full: boolean): void {
    const p = s.param;
    status.textContent = `${n.toLocaleString("en")} of ${maxDraws.toLocaleString("en")} draws · seed ${s.seed}`;
    if (full) {
      const {fn, J, grad} = exact;
      const how = grad.method === "closed form" ? "closed form" : "by quadrature; there is no closed form";
      formula.textContent = `f(z) = ${fn.label}, z ~ N(${fmt(s.mu, 2)}, ${fmt(s.sigma, 2)}²): J = E[f(z)] = ${num(J)}, ` +
        `∂J/∂μ = ${num(grad.mu)}, ∂J/∂σ = ${num(grad.sigma)} (${how}). The baseline b is the running mean of f over earlier draws` +
        (n > 0 ? `, now ${num(baseline)}.` : ".") +
        (fn.differentiable ? "" : " f′ = 0 wherever it exists, so the pathwise estimator always says 0: it is biased.");
    }
    renderTable(p);
    const which = full ? estimatorNames : [estimatorNames[next++ % estimatorNames.length]];
    for (const e of which) {
      const data = bin(e, p);
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

  reset();
  kField.hidden = s.fn !== "sigmoid";
  drawMore(options.initialDraws ?? 1000);
  render(true);

  Object.defineProperty(root, "draws", {get: () => n});
  Object.defineProperty(root, "value", {get: () => ({...s})});
  return Object.assign(root, {
    moments: (e: EstimatorName, p: Param = s.param) => moments[e][p],
    drawMore(count: number) {
      const total = drawMore(count);
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
