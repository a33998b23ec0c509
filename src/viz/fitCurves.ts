// fitCurves: one value per step for several runs (e.g. the objective of a fit with each gradient estimator), each
// run a line with its own colour AND dash, named in a legend, with a dot at its last point. A run may stop early
// (diverged): its note is said in the text alternative. `el.update(series)` redraws in place.
import * as Plot from "@observablehq/plot";
import {fmt, plural} from "./a11y.js";
import {defineChart, type ChartElement, type ChartOptions} from "./chart.js";
import * as check from "./validate.js";

/** One run. */
export interface CurveSeries {
  label: string;
  color: string;
  /** SVG stroke-dasharray; "none" for solid. */
  dash: string;
  points: readonly {step: number; value: number}[];
  /** Said after the run in the text alternative, e.g. "diverged at step 40". */
  note?: string;
}

/** Options of `fitCurves`. */
export interface FitCurvesOptions extends ChartOptions {
  /** y-axis label. Default "value". */
  yLabel: string;
  /** Decimals in the text alternative. Default 3. */
  decimals: number;
  /** y scale: "linear" or "log" (values ≤ 0 are then left out). Default "linear". */
  yType: "linear" | "log";
  /** Fixed y domain; null (the default): the data's, nice. */
  yDomain: [number, number] | null;
  /** x domain's upper end (steps), so the axis does not grow while runs are drawn; null (the default): the data's. */
  xMax: number | null;
}

/** The element `fitCurves` returns. */
export type FitCurvesElement = ChartElement<readonly CurveSeries[], FitCurvesOptions>;

function checkSeries(series: unknown): readonly CurveSeries[] {
  if (!Array.isArray(series) || series.length === 0) throw new Error(`invalid series: ${check.show(series)}; expected a non-empty array of {label, color, dash, points}`);
  series.forEach((s, i) => {
    if (s == null || typeof s.label !== "string" || typeof s.color !== "string" || typeof s.dash !== "string" || !Array.isArray(s.points)) {
      throw new Error(`invalid series[${i}]: ${check.show(s)}; expected {label, color, dash, points}`);
    }
  });
  return series;
}

function checkOptions(o: FitCurvesOptions): void {
  check.string("yLabel", o.yLabel);
  check.integer("decimals", o.decimals, 0, 10);
  check.oneOf("yType", o.yType, ["linear", "log"] as const);
  check.number("width", o.width, 100);
  check.number("height", o.height, 100);
  check.string("ariaLabel", o.ariaLabel);
  if (o.yDomain !== null && !(Array.isArray(o.yDomain) && o.yDomain.length === 2 && o.yDomain[1] > o.yDomain[0])) {
    throw new Error(`invalid yDomain: ${check.show(o.yDomain)}; expected [lo, hi] with hi > lo, or null`);
  }
  if (o.xMax !== null) check.number("xMax", o.xMax, 1);
}

/** The text alternative: each run's last value, its mean over the last quarter of its steps, and its note. */
export function describeCurves(series: readonly CurveSeries[], decimals = 3): string {
  return series
    .map((s) => {
      const p = s.points;
      if (p.length === 0) return `${s.label}: no steps yet.`;
      const last = p[p.length - 1];
      const tail = p.slice(Math.floor((3 * p.length) / 4));
      const mean = tail.reduce((a, b) => a + b.value, 0) / tail.length;
      return `${s.label}: ${fmt(last.value, decimals)} after ${plural(last.step, "step")}` +
        (p.length >= 8 ? `, mean ${fmt(mean, decimals)} over steps ${tail[0].step}–${last.step}` : "") +
        (s.note ? `; ${s.note}` : "") + ".";
    })
    .join(" ");
}

/** The positive values' range over every series. */
function extent(series: readonly CurveSeries[]): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (const s of series) for (const p of s.points) if (p.value > 0 && Number.isFinite(p.value)) {
    lo = Math.min(lo, p.value);
    hi = Math.max(hi, p.value);
  }
  return lo <= hi ? [lo, hi] : [1, 10];
}

/** The powers of ten within [lo, hi]. */
export function decades([lo, hi]: [number, number]): number[] {
  const out: number[] = [];
  for (let e = Math.ceil(Math.log10(lo) - 1e-9); e <= Math.floor(Math.log10(hi) + 1e-9); e++) out.push(+(10 ** e).toPrecision(1));
  return out;
}

function plot(series: readonly CurveSeries[], o: FitCurvesOptions): SVGSVGElement {
  let xMax = o.xMax ?? 10;
  for (const s of series) for (const p of s.points) xMax = Math.max(xMax, p.step);
  const marks: Plot.Markish[] = [];
  for (const s of series) {
    const pts = s.points.filter((p) => Number.isFinite(p.value) && (o.yType === "linear" || p.value > 0));
    marks.push(Plot.line(pts, {x: "step", y: "value", stroke: s.color, strokeWidth: 2, strokeDasharray: s.dash}));
    if (pts.length) marks.push(Plot.dot([pts[pts.length - 1]], {x: "step", y: "value", fill: s.color, r: 3.5}));
  }
  return Plot.plot({
    width: o.width,
    height: o.height,
    marginLeft: 56,
    marginBottom: 40,
    style: {fontSize: "12px"},
    x: {label: "step", domain: [0, xMax], labelAnchor: "right"},
    y: {
      label: o.yLabel, type: o.yType, grid: true,
      ...(o.yDomain ? {domain: o.yDomain, clamp: true} : {nice: true}),
      // A log axis gets one plain-number tick per decade (0.001, 0.01, …), not SI prefixes or minor ticks.
      ...(o.yType === "log" ? {ticks: decades(o.yDomain ?? extent(series)), tickFormat: "~g"} : {})
    },
    marks
  }) as SVGSVGElement;
}

/** Runs over steps as lines with a legend: `fitCurves(series, {yLabel: "objective"})` → <figure>. */
export const fitCurves = defineChart<readonly CurveSeries[], FitCurvesOptions>({
  name: "fit-curves",
  defaults: {yLabel: "value", decimals: 3, yType: "linear", yDomain: null, xMax: null, width: 640, height: 280, ariaLabel: "Value per step for each run", caption: "", emptyText: "No runs yet"},
  check(series, o) {
    checkOptions(o);
    checkSeries(series);
  },
  legend: (s) => s.map((d) => ({label: d.label, color: d.color, swatch: "line" as const, dash: d.dash})),
  draw: plot,
  describe: (s, o) => describeCurves(s, o.decimals)
});
