// codeUsage: how a codebook is used, as a sorted histogram: one bar per code, from the most used to the least, with
// a dashed rule at the share every code would have under uniform use (1/K). A healthy codebook is a long, gently
// falling row of bars; collapse is a few tall bars and a long empty tail (dead codes). `el.update(counts)` redraws.
import * as Plot from "@observablehq/plot";
import {perplexity, sortedUsage} from "../math/vq.js";
import {fmt} from "./a11y.js";
import {defineChart, type ChartElement, type ChartOptions} from "./chart.js";
import {okabeIto} from "./palette.js";
import * as check from "./validate.js";

export interface CodeUsageOptions extends ChartOptions {
  /** What was counted, for the text: "held-out code positions". */
  what: string;
}

export type CodeUsageElement = ChartElement<ArrayLike<number>, CodeUsageOptions>;

/** The text alternative: perplexity, codes used, the top code's share and the unused codes. */
export function describeUsage(counts: ArrayLike<number>, what = "code positions"): string {
  const K = counts.length, sorted = sortedUsage(counts);
  const total = sorted.reduce((a, b) => a + b, 0);
  if (total === 0) return `No ${what} counted yet over ${K} codes.`;
  const used = sorted.filter((c) => c > 0).length;
  const top5 = sorted.slice(0, 5).reduce((a, b) => a + b, 0);
  return `${total.toLocaleString("en")} ${what} over ${K} codes: ${used} used, ${K - used} never used. ` +
    `Perplexity ${fmt(perplexity(counts), 1)} of ${K}. The most used code takes ${fmt((100 * sorted[0]) / total, 1)}%, the top five ${fmt((100 * top5) / total, 1)}%.`;
}

function plot(counts: ArrayLike<number>, o: CodeUsageOptions): SVGSVGElement {
  const sorted = sortedUsage(counts), K = sorted.length;
  const total = sorted.reduce((a, b) => a + b, 0) || 1;
  const bars = Array.from(sorted, (c, r) => ({rank: r + 1, share: c / total}));
  return Plot.plot({
    width: o.width, height: o.height, marginLeft: 48, marginBottom: 34, style: {fontSize: "12px"},
    x: {label: "code, by rank of use", domain: [0.5, K + 0.5], ticks: Math.min(8, K)},
    y: {label: "share", tickFormat: "%", grid: true, ticks: 4},
    marks: [
      Plot.rectY(bars, {x1: (d) => d.rank - 0.5, x2: (d) => d.rank + 0.5, y: "share", fill: okabeIto.blue, inset: K > 100 ? 0 : 0.5}),
      Plot.ruleY([1 / K], {stroke: "currentColor", strokeDasharray: "5,3"}),
      Plot.text([1 / K], {y: (v: number) => v, frameAnchor: "right", text: () => "uniform 1/K", dy: -7, textAnchor: "end", fill: "currentColor"}),
      Plot.ruleY([0])
    ]
  }) as SVGSVGElement;
}

/** A codebook's usage counts as a sorted histogram. `codeUsage(counts)` → <figure>; `.update(counts)` redraws. */
export const codeUsage = defineChart<ArrayLike<number>, CodeUsageOptions>({
  name: "code-usage",
  defaults: {
    width: 400, height: 180, what: "code positions", ariaLabel: "Codebook usage, sorted from most to least used", caption: "",
    emptyText: "No codes used yet: the bars appear once the model has encoded something."
  },
  check(counts, o) {
    const v = check.numbers("counts", counts);
    if (v.length === 0) throw new Error("invalid counts: length 0; expected one count per code");
    check.number("width", o.width, 100);
    check.number("height", o.height, 80);
    check.string("what", o.what);
  },
  isEmpty: (counts) => Array.prototype.every.call(counts, (c: number) => c === 0),
  draw: plot,
  describe: (counts, o) => describeUsage(counts, o.what)
});
