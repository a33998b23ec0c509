// densityPlot: one-dimensional densities over z drawn on one chart, e.g. q(z | x) against the true posterior p(z | x)
// and the prior p(z). Each curve has its own colour AND dash (and optionally a fill), named in a legend. The text
// alternative states each curve's mean, standard deviation and peaks, computed from the drawn values.
// `el.update(z, curves)` redraws in place.
import * as Plot from "@observablehq/plot";
import {figureShell, fmt, plotImage} from "./a11y.js";
import {legend} from "./legend.js";
import * as check from "./validate.js";

/** One density, evaluated on the chart's grid z. */
export interface DensityCurve {
  /** Name in the legend and the text alternative, e.g. "q(z | x)". */
  label: string;
  /** Density values at each grid point (same length as z). */
  density: ArrayLike<number>;
  /** Stroke colour (colour-blind safe: see palette.ts). */
  color: string;
  /** SVG stroke-dasharray; "none" for solid. Default "none". */
  dash?: string;
  /** Fill the area under the curve, lightly. Default false. */
  fill?: boolean;
  /** Stroke width. Default 2. */
  strokeWidth?: number;
}

/** Options of `densityPlot`. */
export interface DensityPlotOptions {
  /** Width in pixels. Default 560. */
  width?: number;
  /** Height in pixels. Default 260. */
  height?: number;
  /** Label of the x axis. Default "z". */
  xLabel?: string;
  /** Accessible name. Default "Densities over z". */
  ariaLabel?: string;
  /** Visible caption (figcaption). Default none. */
  caption?: string;
}

const defaults = {width: 560, height: 260, xLabel: "z", ariaLabel: "Densities over z", caption: ""};

/** The element `densityPlot` returns. */
export interface DensityPlotElement extends HTMLElement {
  /** Redraws with new curves (and changed options), keeping the element. */
  update(z: ArrayLike<number>, curves: readonly DensityCurve[], options?: DensityPlotOptions): void;
}

/** Mean, standard deviation and local maxima (≥ 5 % of the highest) of a density sampled on an even grid. */
export function densitySummary(z: ArrayLike<number>, p: ArrayLike<number>): {mean: number; sd: number; peaks: number[]; mass: number} {
  const n = z.length;
  let mass = 0, m1 = 0, m2 = 0, top = 0;
  for (let i = 0; i < n; i++) {
    const c = i === 0 || i === n - 1 ? 0.5 : 1;
    const dz = n > 1 ? (z[n - 1] - z[0]) / (n - 1) : 0;
    mass += c * dz * p[i];
    m1 += c * dz * p[i] * z[i];
    m2 += c * dz * p[i] * z[i] * z[i];
    if (p[i] > top) top = p[i];
  }
  const mean = m1 / mass;
  const peaks: number[] = [];
  for (let i = 0; i < n; i++) {
    const left = i > 0 ? p[i - 1] : -Infinity, right = i < n - 1 ? p[i + 1] : -Infinity;
    if (p[i] >= left && p[i] > right && p[i] >= 0.05 * top && top > 0) peaks.push(z[i]);
  }
  return {mean, sd: Math.sqrt(Math.max(0, m2 / mass - mean * mean)), peaks, mass};
}

/** The text alternative: each curve's mean, sd and peaks on the drawn range. */
export function describeDensities(z: ArrayLike<number>, curves: readonly DensityCurve[]): string {
  const range = `z from ${fmt(z[0], 1)} to ${fmt(z[z.length - 1], 1)}`;
  const parts = curves.map((c) => {
    const s = densitySummary(z, c.density);
    const peaks = s.peaks.length === 1 ? `one peak at ${fmt(s.peaks[0])}` : s.peaks.length === 0 ? "no peak" : `${s.peaks.length} peaks, at ${s.peaks.map((v) => fmt(v)).join(" and ")}`;
    const cut = s.mass < 0.99 ? ` (${Math.round(s.mass * 100)} % of it lies in the drawn range)` : "";
    return `${c.label}: mean ${fmt(s.mean)}, standard deviation ${fmt(s.sd)}, ${peaks}${cut}.`;
  });
  return `Densities over ${range}. ${parts.join(" ")}`;
}

function checkData(z: unknown, curves: unknown): void {
  const zz = check.numbers("z", z);
  if (zz.length < 2) throw new Error(`invalid z: length ${zz.length}; expected at least 2 grid points`);
  if (!Array.isArray(curves) || curves.length === 0) throw new Error(`invalid curves: ${check.show(curves)}; expected a non-empty array of {label, density, color}`);
  curves.forEach((c, i) => {
    if (c == null || typeof c !== "object") throw new Error(`invalid curves[${i}]: ${check.show(c)}; expected {label, density, color}`);
    check.string(`curves[${i}].label`, c.label);
    check.string(`curves[${i}].color`, c.color);
    check.numbers(`curves[${i}].density`, c.density, zz.length);
  });
}

function checkOptions(o: typeof defaults): void {
  check.number("width", o.width, 100);
  check.number("height", o.height, 100);
  check.string("xLabel", o.xLabel);
  check.string("ariaLabel", o.ariaLabel);
}

function plot(z: ArrayLike<number>, curves: readonly DensityCurve[], o: typeof defaults): SVGSVGElement {
  const marks: Plot.Markish[] = [];
  for (const c of curves) {
    const data = Array.from(z, (zi, i) => ({z: zi, p: c.density[i]}));
    if (c.fill) marks.push(Plot.areaY(data, {x: "z", y: "p", fill: c.color, fillOpacity: 0.15}));
    marks.push(Plot.line(data, {x: "z", y: "p", stroke: c.color, strokeWidth: c.strokeWidth ?? 2, strokeDasharray: c.dash ?? "none"}));
  }
  return Plot.plot({
    width: o.width,
    height: o.height,
    marginLeft: 48,
    marginBottom: 36,
    style: {fontSize: "12px"},
    x: {label: o.xLabel, domain: [z[0], z[z.length - 1]], labelAnchor: "right"},
    y: {label: "density", grid: true, nice: true, zero: true},
    marks: [...marks, Plot.ruleY([0])]
  }) as SVGSVGElement;
}

/**
 * Densities over z on one chart, with a legend and a text alternative.
 * `densityPlot(z, [{label, density, color, dash, fill}])` → <figure>; `el.update(z, curves)` redraws in place.
 */
export function densityPlot(z: ArrayLike<number>, curves: readonly DensityCurve[], options: DensityPlotOptions = {}): DensityPlotElement {
  let o = check.withDefaults(defaults, options);
  checkOptions(o);
  checkData(z, curves);
  const shell = figureShell("density-plot", check.string("caption", o.caption));
  let legendKey = "";

  function render(zz: ArrayLike<number>, cs: readonly DensityCurve[]): void {
    const key = cs.map((c) => `${c.label}|${c.color}|${c.dash}|${c.fill}`).join(";");
    if (key !== legendKey) {
      shell.figure.querySelector(".vae-viz-legend")?.remove();
      shell.body.before(legend(cs.map((c) => ({label: c.label, color: c.color, swatch: "line" as const, dash: c.dash ?? "none"}))));
      legendKey = key;
    }
    const svg = plot(zz, cs, o);
    plotImage(svg, o.ariaLabel);
    shell.body.replaceChildren(svg);
    shell.describe(describeDensities(zz, cs), svg);
  }

  render(z, curves);
  return Object.assign(shell.figure, {
    update(nextZ: ArrayLike<number>, next: readonly DensityCurve[], changed: DensityPlotOptions = {}) {
      const o2 = check.withDefaults(o, changed);
      checkOptions(o2);
      checkData(nextZ, next);
      o = o2;
      render(nextZ, next);
    }
  });
}
