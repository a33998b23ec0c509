// layerNorms: one non-negative number per named item (e.g. the gradient norm of each layer of a network) as
// horizontal bars on a log scale, labelled with the item names and their values. The bars share one colour; the
// names and values are written beside them, and the text alternative lists them all. `el.update(items)` redraws.
import * as Plot from "@observablehq/plot";
import {defineChart, type ChartElement, type ChartOptions} from "./chart.js";
import {okabeIto} from "./palette.js";
import * as check from "./validate.js";

/** One bar. */
export interface NormItem {
  name: string;
  value: number;
}

/** Options of `layerNorms`. */
export interface LayerNormsOptions extends ChartOptions {
  /** x-axis label. Default "norm (log scale)". */
  xLabel: string;
  /** Bar colour. Default Okabe–Ito blue. */
  color: string;
}

/** The element `layerNorms` returns. */
export type LayerNormsElement = ChartElement<readonly NormItem[], LayerNormsOptions>;

/** 3 significant digits, exponent form outside [0.001, 10⁵). */
export function fmtNorm(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(2).replace("-", "−");
  return (+v.toPrecision(3)).toString().replace("-", "−");
}

/** The text alternative: every item with its value, in order. */
export function describeNorms(items: readonly NormItem[], ariaLabel: string): string {
  return `${ariaLabel}: ${items.map((d) => `${d.name} ${fmtNorm(d.value)}`).join("; ")}.`;
}

function checkItems(items: unknown): readonly NormItem[] {
  if (!Array.isArray(items) || items.length === 0) throw new Error(`invalid items: ${check.show(items)}; expected a non-empty array of {name, value}`);
  items.forEach((d, i) => {
    if (d == null || typeof d.name !== "string" || typeof d.value !== "number" || !(d.value >= 0)) {
      throw new Error(`invalid items[${i}]: ${check.show(d)}; expected {name: string, value: number ≥ 0}`);
    }
  });
  return items;
}

function plot(items: readonly NormItem[], o: LayerNormsOptions): SVGSVGElement {
  const positive = items.map((d) => d.value).filter((v) => v > 0);
  const lo = positive.length ? Math.min(...positive) : 1e-3;
  const hi = positive.length ? Math.max(...positive) : 1;
  const floor = lo / 3;
  const data = items.map((d) => ({...d, shown: Math.max(d.value, floor), text: fmtNorm(d.value)}));
  return Plot.plot({
    width: o.width,
    height: 34 + 28 * items.length,
    marginLeft: 170,
    marginRight: 64,
    marginBottom: 34,
    style: {fontSize: "12px", overflow: "visible"},
    x: {type: "log", domain: [floor, hi * 1.5], label: o.xLabel, labelAnchor: "center", ticks: 4},
    y: {domain: items.map((d) => d.name), label: null},
    marks: [
      Plot.barX(data, {y: "name", x1: floor, x2: "shown", fill: o.color}),
      Plot.text(data, {y: "name", x: "shown", text: "text", textAnchor: "start", dx: 5, fill: "currentColor"})
    ]
  }) as SVGSVGElement;
}

/** Named non-negative values as log-scale bars: `layerNorms([{name: "decoder output", value: 12.3}, …])` → <figure>. */
export const layerNorms = defineChart<readonly NormItem[], LayerNormsOptions>({
  name: "layer-norms",
  // the drawing is one bar a row: its height follows from the items (height sizes only the empty state)
  defaults: {xLabel: "norm (log scale)", color: okabeIto.blue, width: 560, height: 120, ariaLabel: "Norm per layer", caption: "", emptyText: "Nothing to show"},
  check(items, o) {
    check.number("width", o.width, 200);
    checkItems(items);
    check.string("xLabel", o.xLabel);
    check.string("color", o.color);
  },
  draw: plot,
  describe: (items, o) => describeNorms(items, o.ariaLabel)
});
