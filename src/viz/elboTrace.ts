// elboTrace: the ELBO over the steps of a fit, against log p(x). The ELBO is a solid line with a dot at the latest
// step; log p(x) is a dashed rule; the gap between them at the latest step is a labelled bar, so the reader sees
// the bound close (or not). With a single record (no fit yet) it shows the ELBO and the gap as they are now.
// `el.update(records, {logEvidence})` redraws in place.
import * as Plot from "@observablehq/plot";
import {fmtNats, plural} from "./a11y.js";
import {defineChart, type ChartElement, type ChartOptions} from "./chart.js";
import {muted, okabeIto} from "./palette.js";
import * as check from "./validate.js";

/** The ELBO after `step` steps of the fit (step 0: before the first). */
export interface ElboRecord {
  step: number;
  elbo: number;
}

/** Options of `elboTrace`. */
export interface ElboTraceOptions extends ChartOptions {
  /** log p(x), drawn as a dashed rule: the value the ELBO can at best reach. Required. */
  logEvidence: number;
}

/** The element `elboTrace` returns. */
export type ElboTraceElement = ChartElement<readonly ElboRecord[], ElboTraceOptions>;

/** A gap in nats for labels and texts: 3 decimals, "3.1 × 10⁻⁷" below 0.001, "less than 10⁻⁹" below that. */
export function fmtGap(g: number): string {
  if (!Number.isFinite(g)) return String(g);
  if (Math.abs(g) >= 0.001) return g.toFixed(3);
  if (Math.abs(g) < 1e-9) return "less than 10⁻⁹";
  const [mant, exp] = g.toExponential(1).split("e");
  const sup = (t: string) => t.replace(/[-0-9]/g, (c) => "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"["-0123456789".indexOf(c)]);
  return `${mant} × 10${sup(String(Number(exp)))}`;
}

/** The text alternative: the ELBO now, where it started, log p(x) and the gap. */
export function describeTrace(records: readonly ElboRecord[], logEvidence: number): string {
  const last = records[records.length - 1], first = records[0];
  const gap = logEvidence - last.elbo;
  const head = records.length > 1
    ? `After ${plural(last.step, "step")} the ELBO is ${fmtNats(last.elbo)} nats, up from ${fmtNats(first.elbo)} at step ${first.step}.`
    : `The ELBO is ${fmtNats(last.elbo)} nats.`;
  return `${head} log p(x) is ${fmtNats(logEvidence)} nats, so the gap is ${fmtGap(gap)} nats.`;
}

function checkRecords(records: unknown): readonly ElboRecord[] {
  if (!Array.isArray(records) || records.length === 0) throw new Error(`invalid records: ${check.show(records)}; expected a non-empty array of {step, elbo}`);
  records.forEach((d, i) => {
    if (d == null || typeof d.step !== "number" || typeof d.elbo !== "number" || !Number.isFinite(d.elbo)) {
      throw new Error(`invalid records[${i}]: ${check.show(d)}; expected {step: number, elbo: finite number}`);
    }
  });
  return records;
}

function checkOptions(o: ElboTraceOptions): void {
  check.number("logEvidence", o.logEvidence);
  check.number("width", o.width, 100);
  check.number("height", o.height, 100);
  check.string("ariaLabel", o.ariaLabel);
}

function plot(records: readonly ElboRecord[], o: ElboTraceOptions): SVGSVGElement {
  const last = records[records.length - 1];
  const x1 = Math.max(10, last.step);
  const gapLabel = `gap ${fmtGap(o.logEvidence - last.elbo)}`;
  // The label sits beside the gap bar, or above the log p(x) rule once the bar is too short to hold it.
  let lo = o.logEvidence, hi = o.logEvidence;
  for (const d of records) { lo = Math.min(lo, d.elbo); hi = Math.max(hi, d.elbo); }
  const small = o.logEvidence - last.elbo < 0.12 * Math.max(hi - lo, 1e-9);
  const right = last.step > x1 / 2;
  return Plot.plot({
    width: o.width,
    height: o.height,
    marginLeft: 56,
    marginRight: 16,
    marginBottom: 36,
    style: {fontSize: "12px"},
    x: {label: "step of the fit", domain: [0, x1], labelAnchor: "right"},
    y: {label: "nats", grid: true, nice: true},
    marks: [
      Plot.ruleY([o.logEvidence], {stroke: okabeIto.vermillion, strokeWidth: 2, strokeDasharray: "7,3"}),
      Plot.ruleX([last], {x: "step", y1: "elbo", y2: () => o.logEvidence, stroke: muted, strokeWidth: 6, strokeOpacity: 0.5}),
      Plot.text([last], {
        x: "step", y: (d: ElboRecord) => (small ? Math.max(d.elbo, o.logEvidence) : (d.elbo + o.logEvidence) / 2), text: () => gapLabel,
        textAnchor: right ? "end" : "start", dx: right ? -8 : 8, dy: small ? -10 : 0, fill: "currentColor", stroke: "white", strokeWidth: 3, paintOrder: "stroke"
      }),
      Plot.line(records, {x: "step", y: "elbo", stroke: okabeIto.blue, strokeWidth: 2}),
      Plot.dot([last], {x: "step", y: "elbo", fill: okabeIto.blue, r: 4})
    ]
  }) as SVGSVGElement;
}

/** The ELBO over a fit's steps against log p(x). `elboTrace(records, {logEvidence})` → <figure>. */
export const elboTrace = defineChart<readonly ElboRecord[], ElboTraceOptions, "logEvidence">({
  name: "elbo-trace",
  defaults: {width: 560, height: 220, ariaLabel: "The ELBO over the steps of the fit, against log p(x)", caption: "", emptyText: "No fit yet"},
  check(records, o) {
    checkOptions(o);
    checkRecords(records);
  },
  legend: () => [
    {label: "ELBO", color: okabeIto.blue, swatch: "line"},
    {label: "log p(x)", color: okabeIto.vermillion, swatch: "line", dash: "7,3"},
    {label: "gap", color: muted, swatch: "square"}
  ],
  draw: plot,
  describe: (records, o) => describeTrace(records, o.logEvidence)
});
