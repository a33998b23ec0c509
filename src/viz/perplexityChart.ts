// perplexityChart: codebook health over training, for one run or several side by side: the perplexity of each
// batch's codes (5) on top and the number of dead codes (8) below, one line per run, told apart by colour and dash.
// `el.update(series)` redraws.
import * as Plot from "@observablehq/plot";
import {figureShell, fmt, plotImage} from "./a11y.js";
import {legend} from "./legend.js";
import {okabeIto} from "./palette.js";
import * as check from "./validate.js";

export interface HealthRecord {
  step: number;
  perplexity: number;
  dead: number;
}

export interface HealthSeries {
  name: string;
  records: readonly HealthRecord[];
}

export interface PerplexityChartOptions {
  width?: number;
  /** Height of each of the two panels. Default 150. */
  height?: number;
  /** Codes in the codebook, drawn as the ceiling of the perplexity. Default none. */
  codes?: number | null;
  ariaLabel?: string;
  caption?: string;
}

const defaults = {width: 420, height: 150, codes: null as number | null, ariaLabel: "Perplexity and dead codes over the training steps", caption: ""};
const colors = [okabeIto.blue, okabeIto.vermillion, okabeIto.bluishGreen, okabeIto.reddishPurple];
const dashes = ["none", "7,3", "2,2", "9,3,2,3"];

export interface PerplexityChartElement extends HTMLElement {
  update(series: readonly HealthSeries[]): void;
  /** The same redraw in two parts, the perplexity panel then the dead codes and the text, for a caller that gives each its own frame. */
  updateParts(series: readonly HealthSeries[]): [() => void, () => void];
}

/** Every `k`-th record and the last, so a long run draws at most ~400 points. */
function thin(records: readonly HealthRecord[]): HealthRecord[] {
  const k = Math.max(1, Math.ceil(records.length / 400));
  return records.filter((_, i) => i % k === 0 || i === records.length - 1);
}

/** The text alternative: each run's latest perplexity (mean of the last 10 batches) and dead codes. */
export function describeHealth(series: readonly HealthSeries[]): string {
  const parts = series.map(({name, records}) => {
    if (records.length === 0) return `${name}: not trained yet.`;
    const last = records.slice(-10), r = records[records.length - 1];
    const p = last.reduce((s, d) => s + d.perplexity, 0) / last.length;
    return `${name}: after ${r.step} steps, perplexity ${fmt(p, 1)} (mean of the last ${last.length} batches), ${r.dead} dead codes.`;
  });
  return parts.join(" ");
}

function panel(series: readonly HealthSeries[], key: "perplexity" | "dead", o: typeof defaults, bottom: boolean): SVGSVGElement {
  const marks: Plot.Markish[] = [Plot.ruleY([0])];
  if (key === "perplexity" && o.codes) marks.push(Plot.ruleY([o.codes], {stroke: "currentColor", strokeOpacity: 0.5, strokeDasharray: "1,3"}));
  series.forEach(({records}, i) => marks.push(Plot.line(thin(records), {x: "step", y: key, stroke: colors[i % 4], strokeDasharray: dashes[i % 4], strokeWidth: 1.8})));
  return Plot.plot({
    width: o.width, height: o.height, marginLeft: 48, marginBottom: bottom ? 34 : 20, style: {fontSize: "12px"},
    x: {label: bottom ? "step" : null, tickFormat: bottom ? undefined : () => ""},
    y: key === "perplexity"
      ? {label: "perplexity", grid: true, ticks: 4, domain: o.codes ? [0, o.codes * 1.05] : undefined}
      : {label: "dead codes", grid: true, ticks: 4, tickFormat: "d", domain: [0, Math.max(4, ...series.flatMap((d) => d.records.map((r) => r.dead)))]},
    marks
  }) as SVGSVGElement;
}

/** Perplexity and dead codes of one or more runs. `perplexityChart([{name, records}])` → <figure>; `.update(series)`. */
export function perplexityChart(series: readonly HealthSeries[], options: PerplexityChartOptions = {}): PerplexityChartElement {
  const o = check.withDefaults(defaults, options);
  check.number("width", o.width, 100);
  check.number("height", o.height, 60);
  const shell = figureShell("perplexity-chart", check.string("caption", o.caption));
  if (series.length > 1) shell.body.before(legend(series.map((s, i) => ({label: s.name, color: colors[i % 4], swatch: "line" as const, dash: dashes[i % 4] === "none" ? undefined : dashes[i % 4]}))));
  const box = document.createElement("div");
  box.setAttribute("role", "img");
  box.setAttribute("aria-label", o.ariaLabel);
  const slots = [document.createElement("div"), document.createElement("div")];
  box.append(...slots);
  shell.body.append(box);
  const drawPanel = (next: readonly HealthSeries[], key: "perplexity" | "dead") => {
    const svg = panel(next, key, o, key === "dead");
    plotImage(svg, ""); svg.removeAttribute("role"); svg.removeAttribute("aria-label"); svg.setAttribute("aria-hidden", "true");
    slots[key === "dead" ? 1 : 0].replaceChildren(svg);
  };
  const parts = (next: readonly HealthSeries[]): [() => void, () => void] => {
    if (!Array.isArray(next)) throw new Error(`invalid series: ${check.show(next)}; expected an array of {name, records}`);
    return [() => drawPanel(next, "perplexity"), () => { drawPanel(next, "dead"); shell.describe(describeHealth(next), box); }];
  };
  const render = (next: readonly HealthSeries[]) => { for (const part of parts(next)) part(); };
  render(series);
  return Object.assign(shell.figure, {update: render, updateParts: parts});
}
