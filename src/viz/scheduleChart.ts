// scheduleChart: the KL weight β of one or more schedules over the planned training steps (from
// ../math/klSchedules.ts sampleSchedule, which keeps every drop of a cyclical schedule sharp), with an optional
// rule at the step each run has reached. Free bits is not a schedule of β: a run with free bits is drawn at β = 1
// and its label says so.
import * as Plot from "@observablehq/plot";
import {fmt} from "./a11y.js";
import {defineChart, type ChartOptions} from "./chart.js";
import {runStyles} from "./runCompareChart.js";
import * as check from "./validate.js";

export interface ScheduleSeries {
  label: string;
  points: readonly {step: number; beta: number}[];
}

export interface ScheduleChartOptions extends ChartOptions {
  /** The step the runs have reached: a vertical rule; null for none. */
  currentStep: number | null;
}

/** The text alternative: each schedule's β at a few steps. */
export function describeSchedules(series: readonly ScheduleSeries[]): string {
  return series.map((s) => {
    const pts = s.points, n = pts.length;
    const at = [0, Math.floor(n / 4), Math.floor(n / 2), Math.floor((3 * n) / 4), n - 1].filter((v, i, a) => v >= 0 && a.indexOf(v) === i);
    return `${s.label}: ${at.map((i) => `β(${pts[i].step}) = ${fmt(pts[i].beta, 2)}`).join(", ")}`;
  }).join(". ") + ".";
}

export const scheduleChart = defineChart<readonly ScheduleSeries[], ScheduleChartOptions>({
  name: "schedule-chart",
  defaults: {currentStep: null, width: 640, height: 180, ariaLabel: "KL weight β over training steps", caption: "", emptyText: "No schedule"},
  check(s, o) {
    if (!Array.isArray(s) || s.length === 0 || s.length > runStyles.length) throw new Error(`invalid series: ${check.show(s)}; expected 1 to ${runStyles.length} schedules`);
    s.forEach((r, i) => { if (!Array.isArray(r.points) || r.points.length < 2) throw new Error(`invalid series[${i}].points: expected at least two {step, beta}`); });
    if (o.currentStep !== null) check.number("currentStep", o.currentStep, 0);
  },
  legend: (s) => s.map((r, i) => ({label: r.label, color: runStyles[i].color, swatch: "line" as const, dash: runStyles[i].dash})),
  draw(s, o) {
    const top = Math.max(1, ...s.flatMap((r) => r.points.map((p: {beta: number}) => p.beta)));
    return Plot.plot({
      width: o.width, height: o.height, marginLeft: 44, marginBottom: 36, style: {fontSize: "12px"},
      x: {label: "training step", labelAnchor: "center"},
      y: {label: "β", domain: [0, top * 1.05], grid: true},
      marks: [
        // Run 1 drawn last: its dashed line stays visible where the schedules coincide (β = 1 for both).
        ...s.map((r, i) => Plot.line(r.points, {x: "step", y: "beta", stroke: runStyles[i].color, strokeWidth: 2, strokeDasharray: runStyles[i].dash})).reverse(),
        ...(o.currentStep != null ? [Plot.ruleX([o.currentStep], {stroke: "currentColor", strokeOpacity: 0.6})] : []),
        Plot.ruleY([0])
      ]
    }) as SVGSVGElement;
  },
  describe: (s, o) => describeSchedules(s) + (o.currentStep != null ? ` The runs are at step ${o.currentStep}.` : "")
});
