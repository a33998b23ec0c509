// tcTerms: the KL term split three ways over training (Chen et al. 2018, eq. 2): index-code mutual information,
// total correlation and dimension-wise KL, each a batch estimate per step, with the closed-form KL for reference.
// Each series has its own colour and dash; long runs are thinned; `el.update(records)` redraws in place.
import * as Plot from "@observablehq/plot";
import {fmtNats} from "./a11y.js";
import {defineChart, type ChartElement, type ChartOptions} from "./chart.js";
import {thinRecords} from "./lossChart.js";
import {okabeIto} from "./palette.js";
import * as check from "./validate.js";

/** One step's terms, nats per image. */
export interface TcRecord {
  step: number;
  mi: number;
  tc: number;
  dwKl: number;
  kl: number;
}

export interface TcTermsOptions extends ChartOptions {
  /** Steps averaged in the drawn lines (the batch estimates are noisy). Default 10. */
  smooth: number;
  maxPoints: number;
}

const defaults: TcTermsOptions = {smooth: 10, maxPoints: 400, width: 560, height: 260, ariaLabel: "The KL term split into index-code MI, total correlation and dimension-wise KL, over training steps", caption: "", emptyText: "No steps yet"};

const series = [
  {key: "mi", label: "index-code MI", color: okabeIto.blue, dash: "none"},
  {key: "tc", label: "total correlation", color: okabeIto.vermillion, dash: "7,3"},
  {key: "dwKl", label: "dimension-wise KL", color: okabeIto.bluishGreen, dash: "2,2"},
  {key: "kl", label: "KL (closed form)", color: "currentColor", dash: "1,4"}
] as const;

export type TcTermsElement = ChartElement<readonly TcRecord[], TcTermsOptions>;

/** Trailing means over `w` steps of each term. */
export function smoothTerms(records: readonly TcRecord[], w: number): TcRecord[] {
  const out: TcRecord[] = [];
  const sums = {mi: 0, tc: 0, dwKl: 0, kl: 0};
  records.forEach((r, i) => {
    for (const k of ["mi", "tc", "dwKl", "kl"] as const) {
      sums[k] += r[k];
      if (i >= w) sums[k] -= records[i - w][k];
    }
    const n = Math.min(i + 1, w);
    out.push({step: r.step, mi: sums.mi / n, tc: sums.tc / n, dwKl: sums.dwKl / n, kl: sums.kl / n});
  });
  return out;
}

/** The text alternative: the latest smoothed values and what they add up to. */
export function describeTc(smoothed: readonly TcRecord[], w: number): string {
  if (!smoothed.length) return "No steps yet.";
  const r = smoothed[smoothed.length - 1];
  return `At step ${r.step}, averaged over the last ${w} steps: index-code MI ${fmtNats(r.mi)} nats, total correlation ${fmtNats(r.tc)}, ` +
    `dimension-wise KL ${fmtNats(r.dwKl)}; together ${fmtNats(r.mi + r.tc + r.dwKl)}, against the closed-form KL ${fmtNats(r.kl)}.`;
}

export const tcTerms = defineChart<readonly TcRecord[], TcTermsOptions>({
  name: "tc-terms",
  defaults,
  check(rs, o) {
    check.integer("smooth", o.smooth, 1);
    check.integer("maxPoints", o.maxPoints, 2);
    if (!Array.isArray(rs)) throw new Error(`invalid records: ${check.show(rs)}; expected an array of {step, mi, tc, dwKl, kl}`);
  },
  isEmpty: (rs) => rs.length === 0,
  legend: () => series.map((s) => ({label: s.label, color: s.color, swatch: "line" as const, dash: s.dash})),
  draw(rs, o) {
    const data = thinRecords(smoothTerms(rs, o.smooth), o.maxPoints);
    return Plot.plot({
      width: o.width, height: o.height, marginLeft: 50, marginBottom: 40, style: {fontSize: "12px"},
      x: {label: "step", labelAnchor: "right"},
      y: {label: "nats per image", grid: true, nice: true},
      marks: [
        Plot.ruleY([0]),
        ...series.map((s) => Plot.line(data, {x: "step", y: s.key, stroke: s.color, strokeWidth: 2, strokeDasharray: s.dash}))
      ]
    }) as SVGSVGElement;
  },
  describe: (rs, o) => describeTc(smoothTerms(rs, o.smooth), o.smooth)
});
