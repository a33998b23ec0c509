// The estimator lab's table: each estimator's mean and variance of the draws (± one standard error) against the exact
// values, and its exact variance as a multiple of the pathwise one.
import {estimatorNames, type EstimatorName} from "../math/estimators.js";
import {fmt} from "../viz/a11y.js";
import {estimatorStyles} from "../viz/estimatorColors.js";
import type {EstimatorDraws, Param} from "./estimatorDraws.js";
import {el} from "./reparamStyle.js";

/** How a component is written: "∂J/∂μ" or "∂J/∂σ". */
export const paramText = {mu: "∂J/∂μ", sigma: "∂J/∂σ"} as const;

const shortLabel: Record<EstimatorName, string> = {score: "score function", baseline: "score + baseline", pathwise: "pathwise"};

/** An estimate as shown: 3 decimals, 2 from 10, none from 1000. */
export const fmtEstimate = (v: number) => (Math.abs(v) >= 1000 ? fmt(v, 0) : Math.abs(v) >= 10 ? fmt(v, 2) : fmt(v, 3));

/** Fills `table` with the draws of component p so far against the exact values. */
export function renderEstimatorTable(table: HTMLTableElement, draws: EstimatorDraws, p: Param): void {
  const {n, exact} = draws;
  const num = fmtEstimate;
  const head = el("tr", {}, ...["estimator", "mean of draws", "exact mean", "variance of draws", "exact variance", "÷ pathwise"].map((t) => el("th", {scope: "col", textContent: t})));
  const rows = estimatorNames.map((e) => {
    const m = draws.moments[e][p];
    const st = estimatorStyles[e];
    const sw = el("span", {className: "rp-swatch"});
    sw.style.borderTopColor = st.color;
    sw.style.borderTopStyle = st.dash === "none" ? "solid" : "dashed";
    sw.setAttribute("aria-hidden", "true");
    const ev = exact.variance[e][p];
    const ratio = ev / exact.variance.pathwise[p];
    const biased = e === "pathwise" && !exact.fn.differentiable;
    return el("tr", {},
      el("th", {scope: "row"}, sw, shortLabel[e]),
      el("td", {textContent: n >= 2 ? `${num(m.mean)} ± ${num(m.meanStandardError)}` : "–"}),
      el("td", {textContent: `${num(exact.mean[e][p])}${biased ? " (biased)" : ""}`}),
      el("td", {textContent: n >= 2 ? `${num(m.variance)} ± ${num(m.varianceStandardError)}` : "–"}),
      el("td", {textContent: num(ev)}),
      el("td", {textContent: e === "pathwise" ? "1" : !exact.fn.differentiable ? "– (pathwise biased)" : Number.isFinite(ratio) ? `${num(ratio)}` : "∞"}));
  });
  const methods = [...new Set(estimatorNames.map((e) => exact.variance[e].method))].join(" and ");
  table.replaceChildren(
    el("caption", {textContent: `${paramText[p]} from ${n.toLocaleString("en")} draws (± one standard error) against the exact values (${methods}). ` +
      `True ${paramText[p]} = ${num(exact.grad[p])}. The last column is the exact variance divided by the pathwise one.`}),
    el("thead", {}, head), el("tbody", {}, ...rows));
}
