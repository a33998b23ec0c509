// iwaeChart: the importance-weighted bound IWAE_K against K (log scale), as the mean of its Monte Carlo estimates
// (line) with the 10–90 % band of the estimates, and the two references: log p(x) (dashed rule, the limit) and the
// ELBO (dotted rule, K = 1). The reader's K is marked by a vertical rule and a bar of ± one standard deviation.
// `el.update(summaries, {logEvidence, elbo, k})` redraws in place.
import * as Plot from "@observablehq/plot";
import type {IwaeSummary} from "../math/iwae.js";
import {fmtNats} from "./a11y.js";
import {defineChart, type ChartElement, type ChartOptions} from "./chart.js";
import {muted, okabeIto} from "./palette.js";
import * as check from "./validate.js";

/** Options of `iwaeChart`. */
export interface IwaeChartOptions extends ChartOptions {
  /** log p(x), the limit of IWAE_K. Required. */
  logEvidence: number;
  /** The ELBO in closed form (IWAE_1's expectation). Required. */
  elbo: number;
  /** The K to mark (one of the summaries' k); null (the default) for the first. */
  k: number | null;
  /** Monte Carlo repetitions behind each summary, for the text. Default 200. */
  repetitions: number;
}

/** The element `iwaeChart` returns. */
export type IwaeChartElement = ChartElement<readonly IwaeSummary[], IwaeChartOptions>;

const color = okabeIto.bluishGreen;

/** The text alternative: the curve's ends, the references and the marked K. */
export function describeIwae(summaries: readonly IwaeSummary[], o: {logEvidence: number; elbo: number; k: number; repetitions: number}): string {
  const first = summaries[0], last = summaries[summaries.length - 1];
  const at = summaries.find((s) => s.k === o.k) ?? first;
  return (
    `Mean of ${o.repetitions} Monte Carlo estimates of IWAE_K for K from ${first.k} to ${last.k}: ` +
    `${fmtNats(first.mean)} nats at K = ${first.k} and ${fmtNats(last.mean)} at K = ${last.k}. ` +
    `log p(x) is ${fmtNats(o.logEvidence)} nats and the ELBO ${fmtNats(o.elbo)}. ` +
    `At K = ${at.k}: mean ${fmtNats(at.mean)}, standard deviation ${fmtNats(at.sd)}, ` +
    `10 to 90 % of the estimates between ${fmtNats(at.q10)} and ${fmtNats(at.q90)}.`
  );
}

function checkSummaries(s: unknown): readonly IwaeSummary[] {
  if (!Array.isArray(s) || s.length === 0) throw new Error(`invalid summaries: ${check.show(s)}; expected a non-empty array of {k, mean, sd, q10, q90}`);
  s.forEach((d, i) => {
    for (const key of ["k", "mean", "sd", "q10", "q90"] as const) {
      if (d == null || typeof d[key] !== "number" || !Number.isFinite(d[key])) throw new Error(`invalid summaries[${i}].${key}: ${check.show(d?.[key])}; expected a finite number`);
    }
    if (d.k < 1) throw new Error(`invalid summaries[${i}].k: ${d.k}; expected K ≥ 1`);
  });
  return s;
}

function checkOptions(o: IwaeChartOptions): void {
  check.number("logEvidence", o.logEvidence);
  check.number("elbo", o.elbo);
  check.integer("repetitions", o.repetitions, 1);
  check.number("width", o.width, 100);
  check.number("height", o.height, 100);
  check.string("ariaLabel", o.ariaLabel);
}

/** The y range: the band, both references and ± 1 sd at the chosen K, at least 0.5 nats tall (a flat curve is flat). */
export function iwaeYDomain(summaries: readonly IwaeSummary[], o: {logEvidence: number; elbo: number}, at: IwaeSummary): [number, number] {
  let lo = Math.min(o.logEvidence, o.elbo, at.mean - at.sd), hi = Math.max(o.logEvidence, o.elbo, at.mean + at.sd);
  for (const s of summaries) { lo = Math.min(lo, s.q10); hi = Math.max(hi, s.q90); }
  const pad = Math.max(0, 0.5 - (hi - lo)) / 2;
  return [lo - pad, hi + pad];
}

function plot(summaries: readonly IwaeSummary[], o: IwaeChartOptions, at: IwaeSummary): SVGSVGElement {
  const kMax = summaries[summaries.length - 1].k;
  return Plot.plot({
    width: o.width,
    height: o.height,
    marginLeft: 56,
    marginRight: 20,
    marginBottom: 38,
    style: {fontSize: "12px"},
    x: {type: "log", label: "K (samples per estimate)", domain: [summaries[0].k, Math.max(kMax, summaries[0].k * 10)], labelAnchor: "right", tickFormat: ","},
    y: {label: "nats", grid: true, nice: true, domain: iwaeYDomain(summaries, o, at)},
    marks: [
      Plot.areaY(summaries, {x: "k", y1: "q10", y2: "q90", fill: color, fillOpacity: 0.18}),
      Plot.ruleY([o.elbo], {stroke: okabeIto.blue, strokeWidth: 2, strokeDasharray: "2,3"}),
      Plot.ruleY([o.logEvidence], {stroke: okabeIto.vermillion, strokeWidth: 2, strokeDasharray: "7,3"}),
      Plot.line(summaries, {x: "k", y: "mean", stroke: color, strokeWidth: 2.5}),
      Plot.ruleX([at], {x: "k", stroke: muted, strokeWidth: 1}),
      Plot.ruleX([at], {x: "k", y1: (d: IwaeSummary) => d.mean - d.sd, y2: (d: IwaeSummary) => d.mean + d.sd, stroke: "currentColor", strokeWidth: 2}),
      Plot.dot([at], {x: "k", y: "mean", fill: color, stroke: "currentColor", r: 5})
    ]
  }) as SVGSVGElement;
}

/**
 * IWAE_K against K with its Monte Carlo spread, log p(x) and the ELBO.
 * `iwaeChart(summaries, {logEvidence, elbo, k})` → <figure>; `el.update(summaries, {k})` redraws in place.
 */
const marked = (s: readonly IwaeSummary[], o: IwaeChartOptions) => s.find((d) => d.k === o.k) ?? s[0];

export const iwaeChart = defineChart<readonly IwaeSummary[], IwaeChartOptions, "logEvidence" | "elbo">({
  name: "iwae-chart",
  defaults: {k: null, repetitions: 200, width: 640, height: 280, caption: "", emptyText: "No estimates yet",
    ariaLabel: "The importance-weighted bound IWAE_K against K, with log p(x) and the ELBO"},
  check(s, o) {
    checkOptions(o);
    checkSummaries(s);
  },
  legend: () => [
    {label: "IWAE_K, mean of the estimates", color, swatch: "line"},
    {label: "10–90 % of the estimates", color, swatch: "square"},
    {label: "± 1 sd at the chosen K", color: "currentColor", swatch: "line"},
    {label: "log p(x)", color: okabeIto.vermillion, swatch: "line", dash: "7,3"},
    {label: "ELBO", color: okabeIto.blue, swatch: "line", dash: "2,3"}
  ],
  draw: (s, o) => plot(s, o, marked(s, o)),
  describe: (s, o) => describeIwae(s, {...o, k: marked(s, o).k})
});
