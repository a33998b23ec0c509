// lossChart: the training loss and its two parts (reconstruction and KL, in nats per digit) over training steps,
// with optional held-out points. Each series has its own colour AND dash (or symbol), named in a legend.
// Long runs are thinned to `maxPoints` per line so a redraw stays cheap; `el.update(records)` redraws in place.
import * as Plot from "@observablehq/plot";
import {fmtNats, plural} from "./a11y.js";
import {defineChart, type ChartElement, type ChartOptions} from "./chart.js";
import type {LegendItem} from "./legend.js";
import {seriesColors, seriesDash} from "./palette.js";
import * as check from "./validate.js";

/** One training record, as the trainer yields it. */
export interface LossRecord {
  step: number;
  /** The minimised objective, recon + β·kl (nats per digit). */
  loss: number;
  recon: number;
  kl: number;
}

/** One held-out evaluation. */
export interface HeldOutRecord {
  step: number;
  loss: number;
}

/** Options of `lossChart`. */
export interface LossChartOptions extends ChartOptions {
  /** Held-out losses, drawn as diamonds. Default none. */
  heldOut: readonly HeldOutRecord[];
  /** y scale: "linear" or "log" (non-positive values are then dropped). Default "linear". */
  yType: "linear" | "log";
  /** Most points per line: longer runs are thinned evenly, always keeping the first and last. Default 1000. */
  maxPoints: number;
  /** The y axis label: the unit of the losses. Default "nats per digit". */
  yLabel: string;
}

const defaults: LossChartOptions = {
  heldOut: [],
  width: 640,
  height: 280,
  yType: "linear",
  maxPoints: 1000,
  ariaLabel: "Training loss per step: total, reconstruction and KL",
  caption: "",
  emptyText: "No steps yet",
  yLabel: "nats per digit"
};

/** The element `lossChart` returns: `update(records, {heldOut})` redraws it in place. */
export type LossChartElement = ChartElement<readonly LossRecord[], LossChartOptions>;

/** At most `max` records, evenly spaced, always keeping the first and the last. */
export function thinRecords<T>(records: readonly T[], max: number): readonly T[] {
  const n = records.length;
  if (n <= max) return records;
  const stride = Math.ceil((n - 1) / (max - 1));
  const out: T[] = [];
  for (let i = 0; i < n - 1; i += stride) out.push(records[i]);
  out.push(records[n - 1]);
  return out;
}

function checkRecords(records: unknown): readonly LossRecord[] {
  if (!Array.isArray(records)) throw new Error(`invalid records: ${check.show(records)}; expected an array of {step, loss, recon, kl}`);
  for (let i = 0; i < records.length; i++) {
    const d = records[i];
    if (d == null || typeof d !== "object") throw new Error(`invalid records[${i}]: ${check.show(d)}; expected {step, loss, recon, kl}`);
    if (typeof d.step !== "number" || !Number.isFinite(d.step)) throw new Error(`invalid records[${i}].step: ${check.show(d.step)}; expected a finite number`);
    for (const k of ["loss", "recon", "kl"] as const) {
      if (typeof d[k] !== "number") throw new Error(`invalid records[${i}].${k}: ${check.show(d[k])}; expected a number (NaN leaves a gap)`);
    }
  }
  return records;
}

function checkOptions(o: LossChartOptions): void {
  check.number("width", o.width, 100);
  check.number("height", o.height, 100);
  check.oneOf("yType", o.yType, ["linear", "log"] as const);
  check.integer("maxPoints", o.maxPoints, 2);
  check.string("ariaLabel", o.ariaLabel);
  check.string("emptyText", o.emptyText);
  if (!Array.isArray(o.heldOut)) throw new Error(`invalid heldOut: ${check.show(o.heldOut)}; expected an array of {step, loss}`);
  o.heldOut.forEach((d, i) => {
    if (d == null || typeof d.step !== "number" || typeof d.loss !== "number") {
      throw new Error(`invalid heldOut[${i}]: ${check.show(d)}; expected {step: number, loss: number}`);
    }
  });
}

/** The text alternative: where the loss is now, where it started, its lowest, and the last held-out value. */
export function describeLoss(records: readonly LossRecord[], heldOut: readonly HeldOutRecord[], emptyText: string): string {
  if (records.length === 0) return `${emptyText}.`;
  const last = records[records.length - 1];
  const first = records[0];
  const parts = [
    `Loss after ${plural(last.step, "step")}: ${fmtNats(last.loss)} nats (reconstruction ${fmtNats(last.recon)}, KL ${fmtNats(last.kl)}).`
  ];
  if (records.length > 1) {
    let best = first;
    for (const d of records) if (d.loss < best.loss) best = d;
    parts.push(`It started at ${fmtNats(first.loss)} nats at step ${first.step}; the lowest was ${fmtNats(best.loss)} at step ${best.step}.`);
  }
  if (heldOut.length > 0) {
    const h = heldOut[heldOut.length - 1];
    parts.push(`Held-out loss at step ${h.step}: ${fmtNats(h.loss)} nats.`);
  }
  return parts.join(" ");
}

function plot(records: readonly LossRecord[], o: LossChartOptions): SVGSVGElement {
  const data = thinRecords(records, o.maxPoints);
  const last = [records[records.length - 1]];
  let x0 = Math.min(0, records[0].step);
  let x1 = records[records.length - 1].step;
  for (const d of o.heldOut) x1 = Math.max(x1, d.step);
  x1 = Math.max(x1, x0 + 10); // a few steps still get whole-number ticks
  const series = (key: "loss" | "recon" | "kl", strokeWidth: number) => [
    Plot.line(data, {x: "step", y: key, stroke: seriesColors[key], strokeWidth, strokeDasharray: seriesDash[key]}),
    Plot.dot(last, {x: "step", y: key, fill: seriesColors[key], r: 3})
  ];
  const svg = Plot.plot({
    width: o.width,
    height: o.height,
    marginLeft: 56,
    marginBottom: 40,
    style: {fontSize: "12px"},
    x: {label: "step", domain: [x0, x1], labelAnchor: "right"},
    y: {label: o.yLabel, type: o.yType, grid: true, nice: true, zero: o.yType === "linear"},
    marks: [
      ...series("kl", 2),
      ...series("recon", 2),
      ...series("loss", 2.5),
      Plot.dot(o.heldOut, {x: "step", y: "loss", symbol: "diamond2", fill: seriesColors.heldOut, stroke: "white", r: 5})
    ]
  }) as SVGSVGElement;
  return svg;
}

const items: LegendItem[] = [
  {label: "loss (total)", color: seriesColors.loss, swatch: "line", dash: seriesDash.loss},
  {label: "reconstruction", color: seriesColors.recon, swatch: "line", dash: seriesDash.recon},
  {label: "KL", color: seriesColors.kl, swatch: "line", dash: seriesDash.kl}
];

/**
 * Training loss, reconstruction and KL over steps (nats per digit), with held-out points as diamonds.
 * `lossChart(records, {heldOut})` → <figure>; `el.update(records, {heldOut})` redraws it in place.
 */
export const lossChart = defineChart<readonly LossRecord[], LossChartOptions>({
  name: "loss-chart",
  defaults,
  check(records, o) {
    checkRecords(records);
    checkOptions(o);
  },
  isEmpty: (records) => records.length === 0,
  legend: (_, o) => (o.heldOut.length > 0 ? [...items, {label: "held-out loss", color: seriesColors.heldOut, swatch: "diamond"}] : items),
  draw: plot,
  describe: (records, o) => describeLoss(records, o.heldOut, o.emptyText)
});
