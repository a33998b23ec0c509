// klBars: the KL divergence of each latent dimension (nats, averaged over a batch) as bars. Dimensions below
// `inactiveBelow` carry (almost) no information about the input: they are "inactive" (collapsed to the prior).
// Inactive dimensions are grey AND marked with a cross, so colour is not the only cue; a dashed rule marks the
// threshold. Dimensions are numbered from 1, as z₁…z_d in the text (option `indexBase`).
import * as Plot from "@observablehq/plot";
import {fmtNats, plural} from "./a11y.js";
import {defineChart, type ChartElement, type ChartOptions} from "./chart.js";
import {muted, okabeIto} from "./palette.js";
import * as check from "./validate.js";

/** Options of `klBars`. */
export interface KlBarsOptions extends ChartOptions {
  /** A dimension with KL below this many nats is inactive. Default 0.01. */
  inactiveBelow: number;
  /** Number of the first dimension in labels and text: 1 (z₁, as in the equations) or 0 (array index). Default 1. */
  indexBase: 0 | 1;
  /** y scale: "linear" or "sqrt" (shows small KLs and the threshold better). Default "linear". */
  yType: "linear" | "sqrt";
}

/** The element `klBars` returns: `update(klPerDim, options)` redraws it in place. */
export type KlBarsElement = ChartElement<ArrayLike<number>, KlBarsOptions>;

interface Bar {
  dim: number;
  kl: number;
  active: boolean;
}

function checkOptions(o: KlBarsOptions): void {
  check.number("inactiveBelow", o.inactiveBelow, 0);
  if (o.indexBase !== 0 && o.indexBase !== 1) throw new Error(`invalid indexBase: ${check.show(o.indexBase)}; expected 0 or 1`);
  check.oneOf("yType", o.yType, ["linear", "sqrt"] as const);
  check.number("width", o.width, 100);
  check.number("height", o.height, 100);
  check.string("ariaLabel", o.ariaLabel);
}

function checkData(kl: unknown): ArrayLike<number> {
  const a = check.numbers("klPerDim", kl);
  if (a.length === 0) throw new Error("invalid klPerDim: length 0; expected at least one latent dimension");
  return a;
}

/** The text alternative: how many dimensions are active, which, the largest, and the total. */
export function describeKl(kl: ArrayLike<number>, inactiveBelow: number, indexBase: 0 | 1 = 1): string {
  const d = kl.length;
  const active: number[] = [];
  let best = 0;
  let total = 0;
  for (let i = 0; i < d; i++) {
    if (kl[i] >= inactiveBelow) active.push(i + indexBase);
    if (kl[i] > kl[best] || Number.isNaN(kl[best])) best = i;
    total += kl[i];
  }
  const threshold = `${fmtNats(inactiveBelow)} nats`;
  const head =
    active.length === 0
      ? `None of the ${d} latent dimensions is active: all have KL below ${threshold}.`
      : `${active.length} of ${plural(d, "latent dimension")} ${active.length === 1 ? "is" : "are"} active (KL ≥ ${threshold})` +
        (active.length < d ? `: ${active.length === 1 ? "dimension" : "dimensions"} ${active.join(", ")}.` : ".");
  return `${head} The largest is dimension ${best + indexBase} with ${fmtNats(kl[best])} nats; the total KL is ${fmtNats(total)} nats.`;
}

function plot(bars: Bar[], o: KlBarsOptions): SVGSVGElement {
  const d = bars.length;
  const max = Math.max(o.inactiveBelow * 2, ...bars.map((b) => (Number.isFinite(b.kl) ? b.kl : 0)));
  const plotWidth = o.width - 56 - 20;
  const every = Math.max(1, Math.ceil((d * 28) / plotWidth)); // at least ~28px between tick labels
  const ticks = bars.filter((b, i) => i % every === 0 || i === d - 1).map((b) => b.dim);
  const inactive = bars.filter((b) => !b.active);
  const crossR = Math.max(1.5, Math.min(4, (plotWidth / d) * 0.3)); // crosses do not run into their neighbours
  return Plot.plot({
    width: o.width,
    height: o.height,
    marginLeft: 56,
    marginRight: 20,
    marginBottom: 40,
    style: {fontSize: "12px"},
    x: {type: "band", label: "latent dimension", labelAnchor: "center", domain: bars.map((b) => b.dim), ticks, padding: 0.2},
    y: {label: "KL (nats)", type: o.yType, domain: [0, max], nice: true, grid: true},
    marks: [
      Plot.barY(bars, {x: "dim", y: "kl", fill: (b: Bar) => (b.active ? okabeIto.blue : muted)}),
      Plot.dot(inactive, {x: "dim", y: 0, symbol: "times", stroke: muted, strokeWidth: 2, r: crossR, dy: -(crossR + 4)}),
      Plot.ruleY([o.inactiveBelow], {stroke: okabeIto.vermillion, strokeDasharray: "5,3", strokeWidth: 1.5}),
      Plot.ruleY([0])
    ]
  }) as SVGSVGElement;
}

/**
 * KL per latent dimension as bars, with the inactivity threshold as a dashed rule and inactive dimensions grey and
 * crossed. `klBars(klPerDim, {inactiveBelow: 0.01})` → <figure>; `el.update(klPerDim)` redraws in place.
 */
export const klBars = defineChart<ArrayLike<number>, KlBarsOptions>({
  name: "kl-bars",
  defaults: {inactiveBelow: 0.01, indexBase: 1, yType: "linear", width: 640, height: 240, ariaLabel: "KL divergence per latent dimension", caption: "", emptyText: "No latent dimensions"},
  check(kl, o) {
    checkOptions(o);
    checkData(kl);
  },
  legend: (_, o) => [
    {label: "active", color: okabeIto.blue, swatch: "square"},
    {label: `inactive (KL < ${fmtNats(o.inactiveBelow)} nats)`, color: muted, swatch: "cross"},
    {label: "threshold", color: okabeIto.vermillion, swatch: "line", dash: "5,3"}
  ],
  draw: (kl, o) => plot(Array.from(kl, (v, i) => ({dim: i + o.indexBase, kl: v, active: v >= o.inactiveBelow})), o),
  describe: (kl, o) => describeKl(kl, o.inactiveBelow, o.indexBase)
});
