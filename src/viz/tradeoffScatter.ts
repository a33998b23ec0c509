// tradeoffScatter: what β buys and what it costs. One point per finished run: reconstruction (nats per image, lower
// is better) across, disentanglement (MIG, higher is better) up, each labelled with its β; β-VAE runs are circles,
// β-TCVAE runs squares (shape, not only colour). The run in progress can be shown as an open ring, and reference
// runs (computed beforehand with the same code) as hollow marks, so the reader's own runs stand out.
import * as Plot from "@observablehq/plot";
import {fmt, fmtNats} from "./a11y.js";
import {defineChart, type ChartElement, type ChartOptions} from "./chart.js";
import {okabeIto} from "./palette.js";
import * as check from "./validate.js";

/** One finished run. */
export interface TradeoffPoint {
  beta: number;
  objective: "beta-vae" | "beta-tcvae";
  recon: number;
  mig: number;
  run?: number;
  /** Steps the run trained for, quoted in the text alternative when given. */
  steps?: number;
}

/** Options of `tradeoffScatter`. */
export interface TradeoffScatterOptions extends ChartOptions {
  /** Runs computed beforehand, drawn hollow. Default none. */
  reference: readonly TradeoffPoint[];
  /** The run in progress, drawn as an open ring; null for none. Default null. */
  current: TradeoffPoint | null;
  /** A dashed rule at the estimator's ceiling (MIG of the true factors); null for none. Default null. */
  ceiling: number | null;
}

const defaults: TradeoffScatterOptions = {
  reference: [],
  current: null,
  ceiling: null,
  width: 560,
  height: 300,
  ariaLabel: "Reconstruction against disentanglement (MIG), one point per finished run",
  caption: "",
  emptyText: "No finished run yet: each run adds a point when it reaches its last step."
};

const colors = {"beta-vae": okabeIto.blue, "beta-tcvae": okabeIto.vermillion} as const;
const names = {"beta-vae": "β-VAE", "beta-tcvae": "β-TCVAE"} as const;

export type TradeoffScatterElement = ChartElement<readonly TradeoffPoint[], TradeoffScatterOptions>;

function checkPoints(points: unknown): readonly TradeoffPoint[] {
  if (!Array.isArray(points)) throw new Error(`invalid points: ${check.show(points)}; expected an array of {beta, objective, recon, mig}`);
  points.forEach((p, i) => {
    if (p == null || !(p.objective in colors)) throw new Error(`invalid points[${i}].objective: ${check.show(p?.objective)}; expected "beta-vae" or "beta-tcvae"`);
    for (const k of ["beta", "recon", "mig"]) check.number(`points[${i}].${k}`, p[k]);
  });
  return points;
}

const after = (p: TradeoffPoint) => (p.steps ? ` after ${p.steps} steps` : "");

/** The text alternative: every run's β, reconstruction and MIG, and which run disentangles most. */
export function describeTradeoff(points: readonly TradeoffPoint[], current: TradeoffPoint | null): string {
  const now = current ? ` The run in progress (${names[current.objective]}, β = ${fmt(current.beta, 2)}) is at reconstruction ${fmtNats(current.recon)} nats, MIG ${fmt(current.mig, 3)}.` : "";
  if (!points.length) return `No finished run yet.${now}`;
  const list = points.map((p) => `${names[p.objective]} β = ${fmt(p.beta, 2)}${after(p)}: reconstruction ${fmtNats(p.recon)} nats, MIG ${fmt(p.mig, 3)}`);
  const best = points.reduce((a, b) => (b.mig > a.mig ? b : a));
  return `${points.length} finished ${points.length === 1 ? "run" : "runs"}: ${list.join("; ")}. The highest MIG is ${fmt(best.mig, 3)} at β = ${fmt(best.beta, 2)} (${names[best.objective]}).${now}`;
}

function describeReference(ref: readonly TradeoffPoint[]): string {
  if (!ref.length) return "";
  return ` Reference runs computed beforehand: ${ref.map((p) => `${names[p.objective]} β = ${fmt(p.beta, 2)}${after(p)}: reconstruction ${fmtNats(p.recon)} nats, MIG ${fmt(p.mig, 3)}`).join("; ")}.`;
}

function plot(points: readonly TradeoffPoint[], o: TradeoffScatterOptions): SVGSVGElement {
  const all = [...points, ...o.reference, ...(o.current ? [o.current] : [])];
  // The y range fits the points (MIG of short runs is small); the ceiling is drawn only when it falls inside.
  const top = Math.min(1, Math.max(0.1, 1.25 * Math.max(...all.map((p) => p.mig))));
  const ceilingInside = o.ceiling != null && o.ceiling <= top;
  const lo = Math.min(...all.map((p) => p.recon)), hi = Math.max(...all.map((p) => p.recon));
  const pad = Math.max((hi - lo) * 0.15, 2); // one point, or points close together, still get a readable axis
  const label = (p: TradeoffPoint) => `β=${+p.beta.toFixed(2)}`;
  return Plot.plot({
    width: o.width,
    height: o.height,
    marginLeft: 50,
    marginRight: 40,
    marginBottom: 40,
    style: {fontSize: "12px"},
    x: {label: "reconstruction −log p(x|z), nats per image (lower is better)", labelAnchor: "center", domain: [lo - pad, hi + pad], nice: true, grid: true},
    y: {label: "MIG (higher is more disentangled)", domain: [0, top], grid: true},
    marks: [
      ceilingInside ? Plot.ruleY([o.ceiling], {stroke: "currentColor", strokeOpacity: 0.6, strokeDasharray: "4,3"}) : null,
      ceilingInside ? Plot.text([o.ceiling], {y: (d: number) => d, frameAnchor: "left", dy: -7, dx: 4, text: () => "ceiling of the estimator", fill: "currentColor", fontSize: 11}) : null,
      !ceilingInside && o.ceiling != null ? Plot.text([`The estimator's ceiling, MIG ${fmt(o.ceiling, 2)}, is above this range.`], {frameAnchor: "top-right", dy: 4, dx: -4, fill: "currentColor", fontSize: 11}) : null,
      Plot.dot(o.reference, {x: "recon", y: "mig", r: 5, symbol: (p: TradeoffPoint) => (p.objective === "beta-vae" ? "circle" : "square"),
        fill: "none", stroke: (p: TradeoffPoint) => colors[p.objective], strokeWidth: 1.5}),
      Plot.text(o.reference, {x: "recon", y: "mig", text: label, dx: 8, textAnchor: "start", fill: "currentColor", fillOpacity: 0.75}),
      Plot.dot(points, {x: "recon", y: "mig", r: 5.5, symbol: (p: TradeoffPoint) => (p.objective === "beta-vae" ? "circle" : "square"),
        fill: (p: TradeoffPoint) => colors[p.objective], stroke: "white", strokeWidth: 1}),
      Plot.text(points, {x: "recon", y: "mig", text: label, dx: 9, textAnchor: "start", fill: "currentColor"}),
      o.current ? Plot.dot([o.current], {x: "recon", y: "mig", r: 7, stroke: "currentColor", strokeWidth: 1.5, strokeDasharray: "2,2", fill: "none"}) : null,
      o.current ? Plot.text([o.current], {x: "recon", y: "mig", text: (p: TradeoffPoint) => `now, ${label(p)}`, dx: -10, dy: 12, textAnchor: "end", fill: "currentColor"}) : null
    ]
  }) as SVGSVGElement;
}

/** `tradeoffScatter(points, {current, ceiling})` → <figure>; `el.update(points, options)` redraws in place. */
export const tradeoffScatter = defineChart<readonly TradeoffPoint[], TradeoffScatterOptions>({
  name: "tradeoff-scatter",
  defaults,
  check(ps, o) {
    checkPoints(ps);
    checkPoints(o.reference);
    if (o.current) checkPoints([o.current]);
    if (o.ceiling !== null) check.number("ceiling", o.ceiling);
    check.number("width", o.width, 100);
    check.number("height", o.height, 100);
  },
  isEmpty: (ps, o) => !ps.length && !o.current && !o.reference.length,
  // the legend lists reference runs only while some are drawn
  legend: (_, o) => [
    {label: "β-VAE run", color: colors["beta-vae"], swatch: "dot"},
    {label: "β-TCVAE run", color: colors["beta-tcvae"], swatch: "square"},
    {label: "run in progress (open ring)", color: "currentColor", swatch: "line", dash: "2,2"},
    ...(o.reference.length > 0 ? [{label: "reference run, computed beforehand (hollow)", color: "none", stroke: "currentColor", swatch: "dot" as const}] : [])
  ],
  draw: plot,
  describe: (ps, o) => describeTradeoff(ps, o.current) + describeReference(o.reference)
});
