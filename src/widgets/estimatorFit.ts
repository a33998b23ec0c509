// The fit comparison of the chapter "The reparameterisation trick": q = N(μ, σ²) is fitted by SGD to minimise
// E_q[f(z)] + KL(q ‖ N(0, 1)) four times from the same start and the same seed — with the exact gradient (the
// reference) and with each estimator (src/math/gaussianFit.ts) — and the exact objective is plotted per step.
// Pure JavaScript; the runs advance in slices of at most ~8 ms per animation frame.
import {estimatorNames} from "../math/estimators.js";
import {fitDefaults, fitMethods, GaussianFit, type FitConfig, type FitMethod} from "../math/gaussianFit.js";
import {testFunction, testFunctionNames, type TestFunctionName} from "../math/testFunctions.js";
import {fmt} from "../viz/a11y.js";
import {estimatorStyles} from "../viz/estimatorColors.js";
import {fitCurves, type CurveSeries, type FitCurvesElement} from "../viz/fitCurves.js";
import {addressNoticeElement, fitSchema, fitSettingDefaults, reparamAddress, reparamShare, type FitSettings} from "./reparamAddress.js";
import {el, ensureReparamStyle, field, numberInput, tableWrap} from "./reparamStyle.js";

export interface EstimatorFitOptions extends Partial<FitConfig> {
  /** The function f. Default "square". */
  fn?: TestFunctionName;
  /** Steepness k of sigmoid(kz). Default 4. */
  k?: number;
  /** Steps per run. Default 300. */
  steps?: number;
  /** Accessible name of the widget. Default "Fitting q with each estimator". */
  label?: string;
  /** Starting settings as an object (the module snippet's); they override the settings given beside them, and the
   * page address overrides both. */
  state?: Partial<FitSettings>;
  /** Read the settings from the page address and write changes back, so a link reproduces them. Default true. */
  syncUrl?: boolean;
  /** Prefix of this widget's parameters in the address, for a page with several widgets (e.g. "fit."). Default none. */
  urlPrefix?: string;
  /** The site's root URL, for the embed snippets. Default: the site that serves this module. */
  siteRoot?: string;
}

export interface EstimatorFitElement extends HTMLElement {
  /** The current settings (what a link carries). */
  readonly value: FitSettings;
  /** The runs, exact first. */
  readonly runs: readonly GaussianFit[];
  /** Resolves when every run has taken all its steps. */
  finished(): Promise<void>;
  dispose(): void;
}

const fnOptions: Record<TestFunctionName, string> = {
  square: "z²",
  sin: "sin z",
  sigmoid: "sigmoid(kz)",
  step: "step 1[z > 0]"
};

export function estimatorFit(options: EstimatorFitOptions = {}): EstimatorFitElement {
  ensureReparamStyle();
  // The settings: the defaults, then the page's options, then the page address (clamped; notes for the reader).
  const {initial, sync} = reparamAddress(fitSchema, fitSettingDefaults, options);
  const s: FitSettings & {baselineDecay: number} = {...initial, baselineDecay: options.baselineDecay ?? fitDefaults.baselineDecay};
  const title = options.label ?? "Fitting q with each estimator";
  const root = el("section", {className: "rp-box rp-fit"}) as unknown as EstimatorFitElement;
  root.setAttribute("aria-label", title);

  let runs: GaussianFit[] = [];
  let frame = 0;
  let lastDraw = 0;
  let done: () => void = () => {};
  let whenDone = Promise.resolve();
  let disposed = false;

  const fnSelect = el("select");
  for (const name of testFunctionNames) fnSelect.append(new Option(fnOptions[name], name));
  fnSelect.value = s.fn;
  fnSelect.addEventListener("change", () => set({fn: fnSelect.value as TestFunctionName}));
  const kField = field("Steepness k", numberInput(s.k, 0.25, 50, "any", (v) => set({k: v})), "0.25–50.");
  const lrSelect = el("select");
  const rates = [0.01, 0.02, 0.05, 0.1, 0.2];
  for (const lr of rates.includes(s.lr) ? rates : [...rates, s.lr].sort((a, b) => a - b)) lrSelect.append(new Option(String(lr), String(lr)));
  lrSelect.value = String(s.lr);
  lrSelect.addEventListener("change", () => set({lr: Number(lrSelect.value)}));
  const controls = el("form", {className: "rp-controls"});
  controls.setAttribute("aria-label", "Fit settings");
  controls.addEventListener("submit", (e) => e.preventDefault());
  controls.append(
    field("Function f", fnSelect),
    kField,
    field("Start μ₀", numberInput(s.mu0, -3, 3, "any", (v) => set({mu0: v})), "−3 to 3."),
    field("Start σ₀", numberInput(s.sigma0, 0.1, 3, "any", (v) => set({sigma0: v})), "0.1 to 3."),
    field("Learning rate", lrSelect, "Plain SGD on μ and log σ."),
    field("Draws per step S", numberInput(s.samples, 1, 100, "1", (v) => set({samples: v})), "1–100."),
    field("Steps", numberInput(s.steps, 10, 2000, "1", (v) => set({steps: v})), "10–2000."),
    field("Seed", numberInput(s.seed, 0, 2147483647, "1", (v) => set({seed: v})), "Same ε for every method.")
  );
  const runButton = el("button", {type: "button", className: "rp-primary", textContent: "Run again"});
  const live = el("span", {className: "rp-status"});
  live.setAttribute("role", "status");
  const bar = el("div", {className: "rp-bar"}, runButton, live);
  const table = el("table");
  const chartHolder = el("div");
  const notice = addressNoticeElement(sync.notes);
  const settings = (): FitSettings => {
    const {baselineDecay: _, ...rest} = s;
    return rest;
  };
  const share = reparamShare({schema: fitSchema, defaults: fitSettingDefaults, sync, syncUrl: options.syncUrl, state: settings, siteRoot: options.siteRoot,
    name: "estimator-fit", exportName: "estimatorFit", title});
  root.append(notice, controls, bar, chartHolder, tableWrap(table, "Where each run ended"), share);
  let chart: FitCurvesElement | null = null;

  runButton.addEventListener("click", () => start());

  function set(change: Partial<FitSettings>): void {
    Object.assign(s, change);
    start();
    sync.write(settings());
    share.refresh();
  }

  /** L*: the lowest objective of the exact-gradient run. */
  const best = () => Math.min(...runs[0].records.map((d) => d.objective));
  const FLOOR = 1e-4; // excesses below this are drawn on the axis

  function series(): CurveSeries[] {
    const lStar = best();
    return runs.map((r) => ({
      label: estimatorStyles[r.method].label,
      color: estimatorStyles[r.method].color,
      dash: estimatorStyles[r.method].dash,
      points: r.records.map((d) => ({step: d.step, value: Math.max(FLOOR, d.objective - lStar)})),
      note: r.diverged !== null ? `diverged at step ${r.diverged}` : undefined
    }));
  }

  function yDomain(): [number, number] {
    // From the floor to above the start of the exact run (already complete), room for the noisy runs.
    const start = runs[0].records[0].objective - best();
    return [FLOOR, Math.max(10 * FLOOR, 2 * start)];
  }

  function renderTable(): void {
    const head = el("tr", {}, ...["method", "final μ", "final σ", "mean L, last quarter", "mean L − L*", "note"].map((t) => el("th", {scope: "col", textContent: t})));
    const rows = runs.map((r) => {
      const last = r.records[r.records.length - 1];
      const tail = r.records.slice(Math.floor((3 * r.records.length) / 4));
      const mean = tail.reduce((a, b) => a + b.objective, 0) / tail.length;
      const st = estimatorStyles[r.method];
      const sw = el("span", {className: "rp-swatch"});
      sw.style.borderTopColor = st.color;
      sw.style.borderTopStyle = st.dash === "none" ? "solid" : "dashed";
      sw.setAttribute("aria-hidden", "true");
      return el("tr", {}, el("th", {scope: "row"}, sw, st.label), el("td", {textContent: fmt(last.mu, 3)}), el("td", {textContent: fmt(last.sigma, 3)}),
        el("td", {textContent: fmt(mean, 4)}), el("td", {textContent: fmt(mean - best(), 4)}), el("td", {textContent: r.diverged !== null ? `diverged at step ${r.diverged}` : `${last.step} steps`}));
    });
    table.replaceChildren(el("caption", {textContent: `Where each run ended (f = ${runs[0].fn.label}, seed ${s.seed}, learning rate ${s.lr}, S = ${s.samples}); L* = ${fmt(best(), 4)}.`}),
      el("thead", {}, head), el("tbody", {}, ...rows));
  }

  function render(): void {
    const opts = {
      yLabel: "L − L* (log scale)",
      yType: "log" as const,
      decimals: 4,
      yDomain: yDomain(),
      xMax: s.steps,
      ariaLabel: `Excess objective per step of the fit with each gradient estimator, f = ${runs[0].fn.label}`,
      caption: `How far each run is above L* = ${fmt(best(), 4)}, the lowest objective of the exact-gradient run, after each step. ` +
        `Values beyond the axis are drawn at its edge.`
    };
    if (!chart) {
      chart = fitCurves(series(), {...opts, width: 720, height: 300});
      chartHolder.append(chart);
    } else chart.update(series(), opts);
    renderTable();
  }

  function start(): void {
    cancelAnimationFrame(frame);
    kField.hidden = s.fn !== "sigmoid";
    const fn = testFunction(s.fn, {k: s.k});
    const config: FitConfig = {mu0: s.mu0, sigma0: s.sigma0, lr: s.lr, samples: s.samples, baselineDecay: s.baselineDecay, seed: s.seed};
    runs = fitMethods.map((m: FitMethod) => new GaussianFit(m, fn, config));
    whenDone = new Promise((resolve) => (done = resolve));
    live.textContent = `Running ${estimatorNames.length} estimators for ${s.steps} steps…`;
    frame = requestAnimationFrame(tick);
  }

  /** Steps `list` within the frame's budget; true while any has steps left. */
  function advance(list: GaussianFit[], t0: number): boolean {
    let left = true;
    while (performance.now() - t0 < 8 && left) {
      left = false;
      for (const r of list) {
        if (r.diverged === null && r.records[r.records.length - 1].step < s.steps) {
          r.step();
          left = true;
        }
      }
    }
    return left;
  }

  function tick(now: number): void {
    if (disposed) return;
    const t0 = performance.now();
    const exact = runs[0];
    if (exact.diverged === null && exact.records[exact.records.length - 1].step < s.steps) {
      // The reference first, whole: it fixes the axis.
      if (!advance([exact], t0)) {
        render();
        lastDraw = now;
      }
      frame = requestAnimationFrame(tick);
      return;
    }
    const left = advance(runs.slice(1), t0);
    if (!left) {
      render();
      const div = runs.filter((r) => r.diverged !== null).map((r) => estimatorStyles[r.method].label);
      live.textContent = `Done: ${s.steps} steps each${div.length ? `; diverged: ${div.join(", ")}` : ""}.`;
      done();
      return;
    }
    if (now - lastDraw > 100) {
      render();
      lastDraw = now;
    }
    frame = requestAnimationFrame(tick);
  }

  start();
  Object.defineProperty(root, "runs", {get: () => runs});
  Object.defineProperty(root, "value", {get: settings});
  return Object.assign(root, {
    finished: () => whenDone,
    dispose() {
      disposed = true;
      cancelAnimationFrame(frame);
      sync.dispose();
    }
  });
}
