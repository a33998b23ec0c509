// spectrumKl: the linear VAE against its closed form (Lucas et al. 2019). Left, the data's covariance spectrum,
// largest eigenvalue first, with the observation variance σ² as a dashed rule: a direction whose bar does not rise
// above it collapses (grey, crossed). Right, per rank, the KL the closed form predicts, ½ max(0, log(λ/σ²)) (hollow
// diamonds), and the trained model's per-dimension KLs sorted the same way (bars). Two charts, one figure, one text.
import * as Plot from "@observablehq/plot";
import {figureShell, fmt, fmtNats, plotImage} from "./a11y.js";
import {legend} from "./legend.js";
import {muted, okabeIto} from "./palette.js";
import * as check from "./validate.js";

export interface SpectrumKlData {
  eigenvalues: ArrayLike<number>;
  sigma2: number;
  /** Predicted KL per direction, in the order of `eigenvalues`. */
  predictedKl: ArrayLike<number>;
  /** The trained model's KL per latent (any order; drawn sorted), or null before any training. */
  trainedKl: ArrayLike<number> | null;
}

export interface SpectrumKlOptions {
  /** Width of each of the two charts. Default 320. */
  width?: number;
  height?: number;
  ariaLabel?: string;
  caption?: string;
}

const defaults = {width: 320, height: 230, ariaLabel: "Data spectrum against σ², and predicted against trained KL per dimension", caption: ""};

export interface SpectrumKlElement extends HTMLElement {
  update(data: SpectrumKlData, options?: SpectrumKlOptions): void;
}

const desc = (a: ArrayLike<number>) => Array.from(a).sort((x, y) => y - x);

function checkData(d: SpectrumKlData): void {
  const ev = check.numbers("eigenvalues", d?.eigenvalues);
  if (ev.length < 1) throw new Error("invalid eigenvalues: length 0; expected at least one");
  check.number("sigma2", d.sigma2, 0, true);
  check.numbers("predictedKl", d.predictedKl, ev.length);
  if (d.trainedKl !== null) check.numbers("trainedKl", d.trainedKl);
}

/** The text alternative: which directions survive, the predicted KLs, and the trained ones. */
export function describeSpectrumKl(d: SpectrumKlData): string {
  const ev = desc(d.eigenvalues), pred = desc(d.predictedKl);
  const survive = ev.filter((v) => v > d.sigma2).length;
  const head = `σ² = ${fmt(d.sigma2, 2)}. Eigenvalues ${ev.map((v) => fmt(v, 2)).join(", ")}: ${survive} above σ² survive, ${ev.length - survive} collapse.`;
  const p = ` Predicted KL per dimension, largest first: ${pred.map(fmtNats).join(", ")} nats.`;
    // A trained KL below 0.0005 nats is zero as far as the text goes (the optimiser leaves ~1e-9 on collapsed latents).
  const trained = (v: number) => (v < 5e-4 ? "0.00" : fmtNats(v));
  const t = d.trainedKl === null ? " The model has not been trained yet." : ` Trained: ${desc(d.trainedKl).map(trained).join(", ")} nats.`;
  return head + p + t;
}

function spectrumPlot(d: SpectrumKlData, o: typeof defaults): SVGSVGElement {
  const bars = desc(d.eigenvalues).map((v, i) => ({rank: i + 1, v, lives: v > d.sigma2}));
  const top = Math.max(d.sigma2, ...bars.map((b) => b.v)) * 1.08;
  return Plot.plot({
    width: o.width, height: o.height, marginLeft: 44, marginBottom: 42, style: {fontSize: "12px"},
    x: {type: "band", label: "direction (by eigenvalue)", labelAnchor: "center", padding: 0.25, tickPadding: 9}, // as the KL chart beside it
    y: {label: "eigenvalue λ", domain: [0, top], grid: true},
    marks: [
      Plot.barY(bars, {x: "rank", y: "v", fill: (b: {lives: boolean}) => (b.lives ? okabeIto.blue : muted)}),
      Plot.dot(bars.filter((b) => !b.lives), {x: "rank", y: "v", symbol: "times", stroke: muted, strokeWidth: 2, r: 4, dy: -9}),
      Plot.ruleY([d.sigma2], {stroke: okabeIto.vermillion, strokeDasharray: "5,3", strokeWidth: 2}),
      Plot.text([`σ² = ${fmt(d.sigma2, 2)}`], {frameAnchor: "top-right", dy: 2, fill: "currentColor"}),
      Plot.ruleY([0])
    ]
  }) as SVGSVGElement;
}

function klPlot(d: SpectrumKlData, o: typeof defaults): SVGSVGElement {
  const pred = desc(d.predictedKl).map((v, i) => ({rank: i + 1, v}));
  const trained = d.trainedKl === null ? [] : desc(d.trainedKl).map((v, i) => ({rank: i + 1, v: Math.max(0, v)}));
  const top = Math.max(0.1, ...pred.map((p) => p.v), ...trained.map((t) => t.v)) * 1.1;
  return Plot.plot({
    width: o.width, height: o.height, marginLeft: 44, marginBottom: 42, style: {fontSize: "12px"},
    // tickPadding: the diamonds of collapsed latents sit on the axis, and would cover the tick labels
    x: {type: "band", label: "latent, by KL", labelAnchor: "center", padding: 0.25, domain: pred.map((p) => p.rank), tickPadding: 9},
    y: {label: "KL (nats)", domain: [0, top], grid: true},
    marks: [
      Plot.barY(trained, {x: "rank", y: "v", fill: okabeIto.skyBlue, stroke: okabeIto.blue}),
      Plot.dot(pred, {x: "rank", y: "v", symbol: "diamond", r: 6, stroke: "currentColor", strokeWidth: 2, fill: "none"}),
      Plot.ruleY([0])
    ]
  }) as SVGSVGElement;
}

export function spectrumKl(data: SpectrumKlData, options: SpectrumKlOptions = {}): SpectrumKlElement {
  let o = check.withDefaults(defaults, options);
  const shell = figureShell("spectrum-kl", check.string("caption", o.caption));
  shell.body.before(legend([
    {label: "survives (λ > σ²)", color: okabeIto.blue, swatch: "square"},
    {label: "collapses (λ ≤ σ²)", color: muted, swatch: "cross"},
    {label: "σ²", color: okabeIto.vermillion, swatch: "line", dash: "5,3"},
    {label: "predicted KL", color: "none", stroke: "currentColor", swatch: "diamond"},
    {label: "trained KL", color: okabeIto.skyBlue, stroke: okabeIto.blue, swatch: "square"}
  ]));
  shell.body.setAttribute("style", "display:flex;flex-wrap:wrap;gap:8px 16px");
  function render(d: SpectrumKlData): void {
    checkData(d);
    const a = spectrumPlot(d, o), b = klPlot(d, o);
    plotImage(a, `Data spectrum with σ² = ${fmt(d.sigma2, 2)}`);
    plotImage(b, "Predicted and trained KL per latent dimension");
    shell.body.replaceChildren(a, b);
    shell.describe(describeSpectrumKl(d), a);
    b.setAttribute("aria-describedby", shell.description.id);
  }
  render(data);
  return Object.assign(shell.figure, {
    update(next: SpectrumKlData, changed: SpectrumKlOptions = {}) {
      o = check.withDefaults(o, changed);
      render(next);
    }
  });
}
