// rateDistortion: finished codec runs as points, compression (pixels per latent number, log₂ axis) against a quality
// (PSNR in dB, or SSIM). Colour AND symbol encode the downsampling f; reference runs are hollow, the reader's filled;
// runs with the same f, loss and β are joined in order of compression, so the cost of fewer channels reads as a slope.
// Each point is labelled "f4c4". `el.update(points)` redraws in place.
import * as Plot from "@observablehq/plot";
import {fmt} from "./a11y.js";
import {defineChart, type ChartElement, type ChartOptions} from "./chart.js";
import {okabeIto} from "./palette.js";
import * as check from "./validate.js";

/** One finished run. */
export interface RatePoint {
  f: number;
  c: number;
  /** Pixels per latent number: 1024 / ((32/f)²·c) for the 32×32 digits. */
  compression: number;
  psnr: number;
  ssim: number;
  /** Reconstruction loss and KL weight, for the label when they are not the default. */
  loss?: string;
  beta?: number;
  /** true: a precomputed reference run (hollow); false: the reader's (filled). */
  reference?: boolean;
}

export interface RateDistortionOptions extends ChartOptions {
  /** Which quality is on the y-axis. Default "psnr". */
  metric: "psnr" | "ssim";
}

/** Colour and Plot symbol of each downsampling factor. */
export const fStyles: Readonly<Record<number, {color: string; symbol: string; swatch: "dot" | "square" | "diamond"}>> = {
  2: {color: okabeIto.blue, symbol: "circle", swatch: "dot"},
  4: {color: okabeIto.vermillion, symbol: "square", swatch: "square"},
  8: {color: okabeIto.bluishGreen, symbol: "diamond", swatch: "diamond"}
};

const metricText = {psnr: {axis: "PSNR (dB) ↑", name: "PSNR", unit: " dB", digits: 1}, ssim: {axis: "SSIM ↑", name: "SSIM", unit: "", digits: 3}};

/** "f4c4", with the loss and β when they differ from cross-entropy and 0.001. */
export function pointLabel(p: RatePoint): string {
  const extra = [p.loss && p.loss !== "bernoulli" ? ({gaussian: "MSE", laplace: "L1"} as Record<string, string>)[p.loss] ?? p.loss : "",
    p.beta !== undefined && p.beta !== 1e-3 ? `β=${p.beta}` : ""].filter(Boolean);
  return `f${p.f}c${p.c}${extra.length ? ` ${extra.join(" ")}` : ""}`;
}

function checkPoints(points: unknown): readonly RatePoint[] {
  if (!Array.isArray(points)) throw new Error(`invalid points: ${check.show(points)}; expected an array of {f, c, compression, psnr, ssim}`);
  points.forEach((p, i) => {
    if (p == null || typeof p !== "object") throw new Error(`invalid points[${i}]: ${check.show(p)}; expected {f, c, compression, psnr, ssim}`);
    if (!fStyles[p.f]) throw new Error(`invalid points[${i}].f: ${check.show(p.f)}; expected 2, 4 or 8`);
    for (const k of ["c", "compression", "psnr", "ssim"]) {
      if (typeof p[k] !== "number" || !Number.isFinite(p[k])) throw new Error(`invalid points[${i}].${k}: ${check.show(p[k])}; expected a finite number`);
    }
  });
  return points;
}

/** The text alternative: every point with its numbers, best first. */
export function describeRateDistortion(points: readonly RatePoint[], metric: "psnr" | "ssim"): string {
  const m = metricText[metric];
  if (points.length === 0) return "No finished runs yet.";
  const sorted = [...points].sort((a, b) => b[metric] - a[metric]);
  const items = sorted.map((p) => `${pointLabel(p)}${p.reference ? " (reference)" : ""}: ${fmt(p.compression, p.compression < 1 ? 2 : 0)} pixels per number, ${m.name} ${fmt(p[metric], m.digits)}${m.unit}`);
  return `${m.name} against compression for ${points.length} run${points.length === 1 ? "" : "s"}, highest first: ${items.join("; ")}.`;
}

function plot(points: readonly RatePoint[], o: RateDistortionOptions): SVGSVGElement {
  const m = metricText[o.metric];
  const data = points.map((p) => ({...p, label: pointLabel(p), group: `${p.f}|${p.loss ?? ""}|${p.beta ?? ""}|${p.reference ? 1 : 0}`}));
  const lines = lineGroups(data.filter((d) => d.reference));
  // Fixed axes (1/8× to 128×; PSNR from 5 dB, SSIM 0 to 1), widened only by points outside, so charts compare.
  const xs = data.map((d) => d.compression), ys = data.map((d) => d[o.metric]);
  const x0 = Math.min(1 / 8, ...xs.map((v) => v / 1.5)), x1 = Math.max(128, ...xs.map((v) => v * 1.5));
  const yDomain = o.metric === "ssim" ? [Math.min(0, ...ys), 1] : [Math.min(5, ...ys) , Math.max(35, ...ys.map((v) => v + 2))];
  return Plot.plot({
    width: o.width, height: o.height, marginLeft: 52, marginBottom: 40, marginRight: 40, style: {fontSize: "12px"},
    x: {type: "log", base: 2, label: "pixels per latent number (compression) →", domain: [x0, x1], ticks: [1 / 4, 1, 4, 16, 64], tickFormat: (v: number) => (v >= 1 ? `${v}×` : `1/${1 / v}`)},
    y: {label: m.axis, grid: true, domain: yDomain},
    marks: [
      ...lines.map((g) => Plot.line(g, {x: "compression", y: o.metric, stroke: fStyles[g[0].f].color, strokeOpacity: 0.5, strokeDasharray: "4,3"})),
      Plot.dot(data, {x: "compression", y: o.metric, symbol: (d: RatePoint) => fStyles[d.f].symbol, stroke: (d: RatePoint) => fStyles[d.f].color,
        fill: (d: RatePoint) => (d.reference ? "none" : fStyles[d.f].color), strokeWidth: 2, r: 5}),
      Plot.text(data, {x: "compression", y: o.metric, text: "label", dy: -11, fontSize: 11, fill: "currentColor"})
    ]
  }) as SVGSVGElement;
}

/** Reference points grouped by f, loss and β, each sorted by compression (the dashed lines). */
function lineGroups<T extends RatePoint & {group: string}>(data: T[]): T[][] {
  const by = new Map<string, T[]>();
  for (const d of data) by.set(d.group, [...(by.get(d.group) ?? []), d]);
  return [...by.values()].filter((g) => g.length > 1).map((g) => g.sort((a, b) => a.compression - b.compression));
}

export type RateDistortionElement = ChartElement<readonly RatePoint[], RateDistortionOptions>;

/** `rateDistortion(points, {metric: "ssim"})` → <figure> with the chart, a legend and a text alternative. */
export const rateDistortion = defineChart<readonly RatePoint[], RateDistortionOptions>({
  name: "rate-distortion",
  defaults: {metric: "psnr", width: 520, height: 300, caption: "", emptyText: "No finished runs yet", ariaLabel: "Rate–distortion"},
  check(pts, o) {
    check.oneOf("metric", o.metric, ["psnr", "ssim"] as const);
    checkPoints(pts);
  },
  isEmpty: (pts) => pts.length === 0,
  legend: () => [
    ...[2, 4, 8].map((f) => ({label: `f = ${f}`, color: fStyles[f].color, swatch: fStyles[f].swatch})),
    {label: "hollow: reference run, filled: yours", color: "transparent", stroke: "currentColor", swatch: "dot" as const}
  ],
  draw: plot,
  label: (_, o) => `Rate–distortion: ${metricText[o.metric].name} against compression`,
  describe: (pts, o) => describeRateDistortion(pts, o.metric)
});
