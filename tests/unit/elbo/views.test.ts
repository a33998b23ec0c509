// @vitest-environment jsdom
// The chapter's views: accessible names, text alternatives that state the numbers, in-place updates, early errors.
import {describe, expect, test} from "vitest";
import {summarize} from "../../../src/math/iwae.js";
import {densityPlot, densitySummary, describeDensities} from "../../../src/viz/densityPlot.js";
import {elboTrace, fmtGap} from "../../../src/viz/elboTrace.js";
import {iwaeChart, iwaeYDomain} from "../../../src/viz/iwaeChart.js";
import {okabeIto} from "../../../src/viz/palette.js";
import {describedText} from "../viz/helpers.js";

const z = Float64Array.from({length: 801}, (_, i) => -8 + (16 * i) / 800);
const normal = (m: number, v: number) => z.map((t) => Math.exp(-((t - m) ** 2) / (2 * v)) / Math.sqrt(2 * Math.PI * v));
const twoModes = z.map((t, i) => 0.5 * normal(-2, 0.25)[i] + 0.5 * normal(2, 0.25)[i]);

describe("densityPlot", () => {
  test("densitySummary(z, N(1, 0.25)) has mean 1, sd 0.5 and one peak at 1", () => {
    const s = densitySummary(z, normal(1, 0.25));
    expect(s.mean).toBeCloseTo(1, 6);
    expect(s.sd).toBeCloseTo(0.5, 6);
    expect(s.peaks).toEqual([1]);
    expect(s.mass).toBeCloseTo(1, 6);
  });

  test("densityPlot(z, curves) is one named image whose text states each curve's mean, sd and peaks", () => {
    const el = densityPlot(z, [
      {label: "q(z | x)", color: okabeIto.blue, density: normal(1, 0.25), fill: true},
      {label: "posterior p(z | x)", color: okabeIto.vermillion, dash: "7,3", density: twoModes}
    ], {ariaLabel: "q against the posterior"});
    const svg = el.querySelector("svg[role=img]")!;
    expect(svg.getAttribute("aria-label")).toBe("q against the posterior");
    expect(describedText(svg)).toBe(
      "Densities over z from −8.0 to 8.0. q(z | x): mean 1.00, standard deviation 0.50, one peak at 1.00. " +
        "posterior p(z | x): mean 0.00, standard deviation 2.06, 2 peaks, at −2.00 and 2.00."
    );
    expect(el.querySelector(".vae-viz-legend")!.textContent).toBe("q(z | x)posterior p(z | x)");
    // No inner element keeps an aria-label of its own (axe: aria-label on an element without a role).
    expect(svg.querySelectorAll("[aria-label]")).toHaveLength(0);
  });

  test("densityPlot(z, curves).update(z, next) redraws in place", () => {
    const el = densityPlot(z, [{label: "q", color: okabeIto.blue, density: normal(0, 1)}]);
    el.update(z, [{label: "q", color: okabeIto.blue, density: normal(3, 1)}]);
    expect(el.querySelectorAll("svg[role=img]")).toHaveLength(1);
    expect(describedText(el.querySelector("svg[role=img]")!)).toContain("q: mean 3.00");
  });

  test("describeDensities says how much of a curve lies outside the drawn range", () => {
    expect(describeDensities(z, [{label: "q", color: "#000", density: normal(8, 1)}])).toContain("(50 % of it lies in the drawn range)");
  });

  test("densityPlot(bad input) names the bad value", () => {
    expect(() => densityPlot(z, [])).toThrow("invalid curves: []; expected a non-empty array of {label, density, color}");
    expect(() => densityPlot(z, [{label: "q", color: "#000", density: [1, 2]}])).toThrow("invalid curves[0].density: length 2; expected length 801");
    expect(() => densityPlot([0], [{label: "q", color: "#000", density: [1]}])).toThrow("invalid z: length 1");
  });
});

describe("elboTrace", () => {
  test("fmtGap(g) reads well from whole nats down to rounding noise", () => {
    expect([fmtGap(2.00523), fmtGap(0.0012), fmtGap(3.14e-7), fmtGap(4e-13), fmtGap(-2e-16)]).toEqual(["2.005", "0.001", "3.1 × 10⁻⁷", "less than 10⁻⁹", "less than 10⁻⁹"]);
  });

  test("elboTrace(records, {logEvidence}) states the ELBO, where it started, log p(x) and the gap", () => {
    const el = elboTrace([{step: 0, elbo: -3.879}, {step: 1, elbo: -2.5}, {step: 2, elbo: -1.9}], {logEvidence: -1.873});
    const svg = el.querySelector("svg[role=img]")!;
    expect(svg.getAttribute("aria-label")).toBe("The ELBO over the steps of the fit, against log p(x)");
    expect(describedText(svg)).toBe("After 2 steps the ELBO is −1.90 nats, up from −3.88 at step 0. log p(x) is −1.87 nats, so the gap is 0.027 nats.");
    el.update([{step: 0, elbo: -3.879}], {logEvidence: -1.873});
    expect(describedText(el.querySelector("svg[role=img]")!)).toBe("The ELBO is −3.88 nats. log p(x) is −1.87 nats, so the gap is 2.006 nats.");
  });

  test("elboTrace(bad input) names the bad value", () => {
    expect(() => elboTrace([], {logEvidence: 0})).toThrow("invalid records: []; expected a non-empty array of {step, elbo}");
    // required: a call without it does not compile; at run time (from plain JavaScript) it is named
    expect(() => (elboTrace as (r: unknown) => unknown)([{step: 0, elbo: 1}])).toThrow("invalid logEvidence: undefined; expected a finite number");
  });
});

describe("iwaeChart", () => {
  const summaries = [summarize(1, [-6, -4, -3, -2.5, -2]), summarize(10, [-2.2, -2, -1.95, -1.9, -1.88]), summarize(100, [-1.9, -1.88, -1.875, -1.874, -1.87])];

  test("iwaeChart(summaries, {logEvidence, elbo, k}) states both ends, the references and the chosen K", () => {
    const el = iwaeChart(summaries, {logEvidence: -1.873, elbo: -3.879, k: 10, repetitions: 5});
    const svg = el.querySelector("svg[role=img]")!;
    expect(svg.getAttribute("aria-label")).toBe("The importance-weighted bound IWAE_K against K, with log p(x) and the ELBO");
    expect(describedText(svg)).toBe(
      "Mean of 5 Monte Carlo estimates of IWAE_K for K from 1 to 100: −3.50 nats at K = 1 and −1.88 at K = 100. " +
        "log p(x) is −1.87 nats and the ELBO −3.88. At K = 10: mean −1.99, standard deviation 0.13, 10 to 90 % of the estimates between −2.12 and −1.89."
    );
  });

  test("iwaeYDomain keeps a flat curve at least 0.5 nats tall", () => {
    const flat = [summarize(1, [-1.873, -1.873]), summarize(10, [-1.873, -1.873])];
    const [lo, hi] = iwaeYDomain(flat, {logEvidence: -1.873, elbo: -1.873}, flat[0]);
    expect(hi - lo).toBeCloseTo(0.5, 12);
    expect((hi + lo) / 2).toBeCloseTo(-1.873, 12);
  });

  test("iwaeChart(bad input) names the bad value", () => {
    expect(() => iwaeChart([], {logEvidence: 0, elbo: 0})).toThrow("invalid summaries: []");
    expect(() => iwaeChart(summaries, {elbo: 0} as never)).toThrow("invalid logEvidence: undefined; expected a finite number"); // required
  });
});
