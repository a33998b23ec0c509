// runCompareChart: one metric of several runs over training steps (active units, −ELBO, …), one line per run, each
// with its own colour AND dash, named in a legend. Long runs are thinned to `maxPoints` per line.
import * as Plot from "@observablehq/plot";
import {fmt} from "./a11y.js";
import {defineChart, type ChartElement, type ChartOptions} from "./chart.js";
import {thinRecords} from "./lossChart.js";
import {okabeIto} from "./palette.js";
import * as check from "./validate.js";

export interface RunSeries {
  label: string;
  points: readonly {step: number; value: number}[];
}

/** Colour and dash of the i-th run, shared by every chart that compares runs (the schedule chart too). */
export const runStyles = [
  {color: okabeIto.vermillion, dash: "6,3"},
  {color: okabeIto.blue, dash: "none"},
  {color: okabeIto.bluishGreen, dash: "2,2"}
] as const;

export interface RunCompareOptions extends ChartOptions {
  /** y-axis label. Default "value". */
  yLabel: string;
  /** Decimals of the values in the text alternative. Default 2. */
  decimals: number;
  /** y domain; default (null) from the data. Lines outside it are clipped. */
  yDomain: [number, number] | null;
  /** x domain (steps); default (null) from the data. Charts of runs compared side by side share it. */
  xDomain: [number, number] | null;
  /** Draw steps (for counts) instead of straight segments. Default false. */
  stepCurve: boolean;
  maxPoints: number;
}

const defaults: RunCompareOptions = {
  yLabel: "value",
  decimals: 2,
  yDomain: null,
  xDomain: null,
  stepCurve: false,
  width: 640,
  height: 220,
  maxPoints: 600,
  ariaLabel: "A metric of each run over training steps",
  caption: "",
  emptyText: "No steps yet"
};

export type RunCompareElement = ChartElement<readonly RunSeries[], RunCompareOptions>;

/** The text alternative: each run's first and last value, and at which step. */
export function describeRuns(series: readonly RunSeries[], yLabel: string, decimals: number, emptyText: string): string {
  const parts = series.filter((s) => s.points.length > 0).map((s) => {
    const a = s.points[0], b = s.points[s.points.length - 1];
    return `${s.label}: ${fmt(a.value, decimals)} at step ${a.step}, ${fmt(b.value, decimals)} at step ${b.step}`;
  });
  return parts.length === 0 ? `${emptyText}.` : `${yLabel}. ${parts.join("; ")}.`;
}

function checkSeries(series: unknown): readonly RunSeries[] {
  if (!Array.isArray(series) || series.length > runStyles.length) throw new Error(`invalid series: ${check.show(series)}; expected an array of up to ${runStyles.length} {label, points}`);
  series.forEach((s, i) => {
    check.string(`series[${i}].label`, s?.label);
    if (!Array.isArray(s.points)) throw new Error(`invalid series[${i}].points: ${check.show(s.points)}; expected an array of {step, value}`);
  });
  return series;
}

function checkOptions(o: RunCompareOptions): void {
  check.string("yLabel", o.yLabel);
  check.integer("decimals", o.decimals, 0, 10);
  check.boolean("stepCurve", o.stepCurve);
  check.integer("maxPoints", o.maxPoints, 2);
  for (const k of ["xDomain", "yDomain"] as const) {
    const d = o[k];
    if (d !== null && !(Array.isArray(d) && d.length === 2 && d.every(Number.isFinite) && d[0] < d[1])) throw new Error(`invalid ${k}: ${check.show(d)}; expected [low, high] or null`);
  }
}

export const runCompareChart = defineChart<readonly RunSeries[], RunCompareOptions>({
  name: "run-compare",
  defaults,
  check(s, o) {
    checkSeries(s);
    checkOptions(o);
  },
  isEmpty: (s) => s.every((r) => r.points.length === 0),
  legend: (s) => s.map((r, i) => ({label: r.label, color: runStyles[i].color, swatch: "line" as const, dash: runStyles[i].dash})),
  draw(s, o) {
    const data = s.flatMap((r, i) => thinRecords(r.points, o.maxPoints).map((p) => ({...p, run: i})));
    return Plot.plot({
      width: o.width, height: o.height, marginLeft: 52, marginBottom: 36, style: {fontSize: "12px"},
      x: {label: "training step", labelAnchor: "center", ...(o.xDomain ? {domain: o.xDomain} : {})},
      y: {label: o.yLabel, grid: true, ...(o.yDomain ? {domain: o.yDomain} : {})},
      // Run 1 drawn last: its dashed line stays visible where the runs coincide (e.g. 8 active units each).
      marks: s.map((_, i) => i).reverse().map((i) => Plot.line(data.filter((d) => d.run === i), {
        x: "step", y: "value", stroke: runStyles[i].color, strokeWidth: 2, strokeDasharray: runStyles[i].dash, curve: o.stepCurve ? "step-after" : "linear",
        clip: true // a yDomain narrower than the data cuts the lines at the frame
      }))
    }) as SVGSVGElement;
  },
  describe: (s, o) => describeRuns(s, o.yLabel, o.decimals, o.emptyText)
});
