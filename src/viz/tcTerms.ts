// tcTerms: the KL term split three ways over training (Chen et al. 2018, eq. 2): index-code mutual information,
// total correlation and dimension-wise KL, each a batch estimate per step, with the closed-form KL for reference.
// Each series has its own colour and dash; long runs are thinned; `el.update(records)` redraws in place.
import * as Plot from "@observablehq/plot";
import {figureShell, fmtNats, plotImage} from "./a11y.js";
import {legend} from "./legend.js";
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

export interface TcTermsOptions {
  /** Steps averaged in the drawn lines (the batch estimates are noisy). Default 10. */
  smooth?: number;
  maxPoints?: number;
  width?: number;
  height?: number;
  ariaLabel?: string;
  caption?: string;
  emptyText?: string;
}

const defaults = {smooth: 10, maxPoints: 400, width: 560, height: 260, ariaLabel: "The KL term split into index-code MI, total correlation and dimension-wise KL, over training steps", caption: "", emptyText: "No steps yet"};

const series = [
  {key: "mi", label: "index-code MI", color: okabeIto.blue, dash: "none"},
  {key: "tc", label: "total correlation", color: okabeIto.vermillion, dash: "7,3"},
  {key: "dwKl", label: "dimension-wise KL", color: okabeIto.bluishGreen, dash: "2,2"},
  {key: "kl", label: "KL (closed form)", color: "currentColor", dash: "1,4"}
] as const;

export interface TcTermsElement extends HTMLElement {
  update(records: readonly TcRecord[], options?: TcTermsOptions): void;
}

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

export function tcTerms(records: readonly TcRecord[], options: TcTermsOptions = {}): TcTermsElement {
  let o = check.withDefaults(defaults, options);
  const shell = figureShell("tc-terms", check.string("caption", o.caption));
  shell.body.before(legend(series.map((s) => ({label: s.label, color: s.color, swatch: "line" as const, dash: s.dash}))));

  function render(rs: readonly TcRecord[]): void {
    check.integer("smooth", o.smooth, 1);
    check.integer("maxPoints", o.maxPoints, 2);
    if (!Array.isArray(rs)) throw new Error(`invalid records: ${check.show(rs)}; expected an array of {step, mi, tc, dwKl, kl}`);
    const sm = smoothTerms(rs, o.smooth);
    let chart: Element;
    if (!sm.length) {
      chart = document.createElement("p");
      chart.textContent = o.emptyText;
      chart.setAttribute("style", `margin:0;max-width:${o.width}px;height:${o.height / 2}px;display:flex;align-items:center;justify-content:center;border:1px dashed currentColor`);
    } else {
      const data = thinRecords(sm, o.maxPoints);
      chart = Plot.plot({
        width: o.width, height: o.height, marginLeft: 50, marginBottom: 40, style: {fontSize: "12px"},
        x: {label: "step", labelAnchor: "right"},
        y: {label: "nats per image", grid: true, nice: true},
        marks: [
          Plot.ruleY([0]),
          ...series.map((s) => Plot.line(data, {x: "step", y: s.key, stroke: s.color, strokeWidth: 2, strokeDasharray: s.dash}))
        ]
      });
      plotImage(chart, o.ariaLabel);
    }
    shell.body.replaceChildren(chart);
    shell.describe(describeTc(sm, o.smooth), chart);
  }

  render(records);
  return Object.assign(shell.figure, {
    update(next: readonly TcRecord[], changed: TcTermsOptions = {}) {
      o = check.withDefaults(o, changed);
      render(next);
    }
  });
}
