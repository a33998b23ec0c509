// histogram: pre-binned draws (equal-width bins over [lo, hi]) as bars, with the exact and the running sample
// mean ± one standard deviation drawn above them, and the means as rules: solid for the exact value, dashed for the
// sample. Draws that fell outside [lo, hi] are counted in the corners. The bars are the share of draws per bin, so
// charts with different numbers of draws compare. `el.update(data)` redraws in place (cheap: at most a few hundred
// bins), which the estimator lab does a few times a second while it samples.
import * as Plot from "@observablehq/plot";
import {fmt} from "./a11y.js";
import {defineChart, type ChartElement, type ChartOptions} from "./chart.js";
import * as check from "./validate.js";

/** A mean and a standard deviation. */
export interface MeanSd {
  mean: number;
  sd: number;
}

/** What `histogram` draws. */
export interface HistogramData {
  /** Lower end of the first bin. */
  lo: number;
  /** Upper end of the last bin (> lo). */
  hi: number;
  /** Draws per bin; bin i covers [lo + i·w, lo + (i + 1)·w) with w = (hi − lo)/counts.length. */
  counts: ArrayLike<number>;
  /** Draws below lo. Default 0. */
  below?: number;
  /** Draws at or above hi. Default 0. */
  above?: number;
  /** The running sample mean and standard deviation (dashed rule, coloured interval). Default none. */
  sample?: MeanSd | null;
  /** The exact mean and standard deviation (solid rule, interval in the text colour). Default none. */
  exact?: MeanSd | null;
  /**
   * The value the draws should be centred on, when it is not `exact.mean` (a biased estimator): a dotted rule
   * labelled "true value". Default none.
   */
  truth?: number | null;
}

/** Options of `histogram`. */
export interface HistogramOptions extends ChartOptions {
  /** Fill of the bars and colour of the sample interval. Default Okabe–Ito blue. */
  color: string;
  /** x-axis label. Default "value". */
  xLabel: string;
  /** What the draws are, for the text alternative: "Score-function estimates of ∂J/∂μ". Default "Draws". */
  name: string;
  /** Decimals in the text alternative. Default 3. */
  decimals: number;
}

/** The element `histogram` returns: `update(data, options)` redraws it in place. */
export type HistogramElement = ChartElement<HistogramData, HistogramOptions>;

function checkData(d: HistogramData): void {
  if (d == null || typeof d !== "object") throw new Error(`invalid data: ${check.show(d)}; expected {lo, hi, counts}`);
  check.number("lo", d.lo);
  check.number("hi", d.hi);
  if (!(d.hi > d.lo)) throw new Error(`invalid hi: ${d.hi}; expected a number > lo (${d.lo})`);
  const counts = check.numbers("counts", d.counts);
  if (counts.length === 0) throw new Error("invalid counts: length 0; expected at least one bin");
  for (let i = 0; i < counts.length; i++) if (!(counts[i] >= 0)) throw new Error(`invalid counts[${i}]: ${counts[i]}; expected a count ≥ 0`);
  check.number("below", d.below ?? 0, 0);
  check.number("above", d.above ?? 0, 0);
  for (const key of ["sample", "exact"] as const) {
    const m = d[key];
    if (m != null && (typeof m.mean !== "number" || typeof m.sd !== "number")) {
      throw new Error(`invalid ${key}: ${check.show(m)}; expected {mean: number, sd: number} or null`);
    }
  }
}

function checkOptions(o: HistogramOptions): void {
  check.string("color", o.color);
  check.string("xLabel", o.xLabel);
  check.string("name", o.name);
  check.integer("decimals", o.decimals, 0, 10);
  check.number("width", o.width, 100);
  check.number("height", o.height, 80);
  check.string("ariaLabel", o.ariaLabel);
}

/** Total draws in `d`, inside and outside the axis. */
export function histogramTotal(d: HistogramData): number {
  let n = (d.below ?? 0) + (d.above ?? 0);
  for (let i = 0; i < d.counts.length; i++) n += d.counts[i];
  return n;
}

/** The text alternative: how many draws, the sample and exact mean and spread, the tallest bin, the overflow. */
export function describeHistogram(d: HistogramData, name = "Draws", decimals = 3): string {
  const n = histogramTotal(d);
  if (n === 0) return `${name}: no draws yet.`;
  const f = (v: number) => fmt(v, decimals);
  const parts = [`${name}: ${n.toLocaleString("en")} ${n === 1 ? "draw" : "draws"}.`];
  const {sample, exact} = d;
  if (sample) {
    parts.push(`Sample mean ${f(sample.mean)}${exact ? ` (exact ${f(exact.mean)})` : ""}; sample standard deviation ${f(sample.sd)}${exact ? ` (exact ${f(exact.sd)})` : ""}.`);
  } else if (exact) {
    parts.push(`Exact mean ${f(exact.mean)}, exact standard deviation ${f(exact.sd)}.`);
  }
  const w = (d.hi - d.lo) / d.counts.length;
  let top = 0;
  for (let i = 1; i < d.counts.length; i++) if (d.counts[i] > d.counts[top]) top = i;
  parts.push(
    `The axis runs from ${f(d.lo)} to ${f(d.hi)}; the tallest bar, ${f(d.lo + top * w)} to ${f(d.lo + (top + 1) * w)}, ` +
      `holds ${fmt((100 * d.counts[top]) / n, 1)}% of the draws.`
  );
  const out = (d.below ?? 0) + (d.above ?? 0);
  if (out > 0) parts.push(`${(d.below ?? 0).toLocaleString("en")} fell below the axis and ${(d.above ?? 0).toLocaleString("en")} above it.`);
  if (biased(d)) parts.push(`The true value is ${f(d.truth!)}: these draws are biased.`);
  return parts.join(" ");
}

/** Whether `d.truth` is given and differs from the exact mean. */
function biased(d: HistogramData): boolean {
  return d.truth != null && Number.isFinite(d.truth) && (!d.exact || Math.abs(d.truth - d.exact.mean) > 1e-9 * Math.max(1, Math.abs(d.truth)));
}

interface Bin {
  x1: number;
  x2: number;
  share: number;
}

function plot(d: HistogramData, o: HistogramOptions): SVGSVGElement {
  const n = histogramTotal(d);
  const k = d.counts.length;
  const w = (d.hi - d.lo) / k;
  const bins: Bin[] = Array.from(d.counts, (c, i) => ({x1: d.lo + i * w, x2: d.lo + (i + 1) * w, share: n ? c / n : 0}));
  const top = Math.max(0.05, ...bins.map((b) => b.share));
  const yExact = top * 1.36, ySample = top * 1.16;
  const inside = (v: number) => v >= d.lo && v <= d.hi;
  const clamp = (v: number) => Math.max(d.lo, Math.min(d.hi, v));
  const interval = (m: MeanSd | null | undefined, y: number) =>
    m && Number.isFinite(m.mean) && Number.isFinite(m.sd) ? [{x1: clamp(m.mean - m.sd), x2: clamp(m.mean + m.sd), mean: m.mean, y}] : [];
  const exact = interval(d.exact, yExact);
  const sample = interval(d.sample, ySample);
  // Each interval's label sits beside it, on whichever side has more room.
  const label = (m: typeof exact, text: string) => {
    const right = m.filter((v) => v.x2 - d.lo <= 0.62 * (d.hi - d.lo));
    const left = m.filter((v) => v.x2 - d.lo > 0.62 * (d.hi - d.lo));
    return [
      Plot.text(right, {x: "x2", y: "y", text: () => text, textAnchor: "start", dx: 6, fill: "currentColor"}),
      Plot.text(left, {x: "x1", y: "y", text: () => text, textAnchor: "end", dx: -6, fill: "currentColor"})
    ];
  };
  const marks: Plot.Markish[] = [
    Plot.rectY(bins, {x1: "x1", x2: "x2", y: "share", fill: o.color, insetLeft: 0.5, insetRight: 0.5}),
    Plot.ruleY([0]),
    // The exact mean: a solid rule; the sample mean: a dashed rule.
    Plot.ruleX(exact.filter((m) => inside(m.mean)), {x: "mean", y1: 0, y2: yExact, stroke: "currentColor", strokeWidth: 1.5}),
    Plot.ruleX(sample.filter((m) => inside(m.mean)), {x: "mean", y1: 0, y2: ySample, stroke: "currentColor", strokeWidth: 1.5, strokeDasharray: "4,3"}),
    // mean ± sd: exact in the text colour, the sample in the bars' colour, each with its label.
    Plot.link(exact, {x1: "x1", x2: "x2", y1: "y", y2: "y", stroke: "currentColor", strokeWidth: 3}),
    Plot.dot(exact.filter((m) => inside(m.mean)), {x: "mean", y: "y", fill: "currentColor", r: 3.5}),
    Plot.link(sample, {x1: "x1", x2: "x2", y1: "y", y2: "y", stroke: o.color, strokeWidth: 3}),
    Plot.dot(sample.filter((m) => inside(m.mean)), {x: "mean", y: "y", fill: o.color, stroke: "white", r: 3.5}),
    label(exact, "exact ± sd"),
    label(sample, "sample ± sd")
  ];
  if (biased(d) && inside(d.truth!)) {
    marks.push(
      Plot.ruleX([d.truth!], {y1: 0, y2: top * 1.05, stroke: "currentColor", strokeWidth: 2, strokeDasharray: "1,3"}),
      // The label sits beside the rule, half-way up, on the side with more room.
      Plot.text([d.truth!], {
        x: (v: number) => v, y: top * 0.55, text: () => "true value", fill: "currentColor",
        ...(d.truth! > (d.lo + d.hi) / 2 ? {textAnchor: "end", dx: -5} : {textAnchor: "start", dx: 5})
      })
    );
  }
  if (d.below) marks.push(Plot.text([`◂ ${d.below.toLocaleString("en")}`], {frameAnchor: "bottom-left", dy: -4, dx: 2, textAnchor: "start", fill: "currentColor"}));
  if (d.above) marks.push(Plot.text([`${d.above.toLocaleString("en")} ▸`], {frameAnchor: "bottom-right", dy: -4, dx: -2, textAnchor: "end", fill: "currentColor"}));
  return Plot.plot({
    width: o.width,
    height: o.height,
    marginLeft: 44,
    marginRight: 16,
    marginTop: 24,
    marginBottom: 36,
    style: {fontSize: "12px", overflow: "visible"},
    x: {domain: [d.lo, d.hi], label: o.xLabel, labelAnchor: "center", ticks: 5},
    y: {domain: [0, top * 1.46], label: "share of draws", ticks: 3, tickFormat: "%", grid: true},
    marks
  }) as SVGSVGElement;
}

/**
 * Pre-binned draws as bars with exact and sample mean ± sd above them.
 * `histogram({lo, hi, counts, sample, exact}, {name, color})` → <figure>; `el.update(data)` redraws in place.
 */
export const histogram = defineChart<HistogramData, HistogramOptions>({
  name: "histogram",
  // the accessible name is `ariaLabel`, or `name` when that is empty
  defaults: {color: "#0072B2", xLabel: "value", name: "Draws", decimals: 3, width: 340, height: 200, ariaLabel: "", caption: "", emptyText: "No draws yet"},
  check(d, o) {
    checkOptions(o);
    checkData(d);
  },
  draw: plot,
  label: (_, o) => o.ariaLabel || o.name,
  describe: (d, o) => describeHistogram(d, o.name, o.decimals)
});
