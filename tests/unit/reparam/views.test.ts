// @vitest-environment jsdom
import {describe, expect, test} from "vitest";
import {computeGraph, computeGraphDescription} from "../../../src/viz/computeGraph.js";
import {estimatorStyles} from "../../../src/viz/estimatorColors.js";
import {decades, describeCurves, fitCurves} from "../../../src/viz/fitCurves.js";
import {describeHistogram, histogram, histogramTotal, type HistogramData} from "../../../src/viz/histogram.js";
import {describeNorms, fmtNorm, layerNorms} from "../../../src/viz/layerNorms.js";
import {describedText, stableMarkup} from "../viz/helpers.js";

const data: HistogramData = {
  lo: -2, hi: 2, counts: [1, 4, 10, 5], below: 2, above: 3,
  sample: {mean: 0.12, sd: 0.9}, exact: {mean: 0, sd: 1}
};

describe("histogram", () => {
  test("histogram(data) renders the same SVG as before", async () => {
    await expect(stableMarkup(histogram(data, {name: "Pathwise estimates", color: estimatorStyles.pathwise.color}))).toMatchFileSnapshot("__snapshots__/histogram.html");
  });

  test("histogram(data) is one image named and described with its numbers", () => {
    const svg = histogram(data, {name: "Pathwise estimates of ∂J/∂μ"}).querySelector("svg[role=img]")!;
    expect(svg.getAttribute("aria-label")).toBe("Pathwise estimates of ∂J/∂μ");
    expect(describedText(svg)).toBe(
      "Pathwise estimates of ∂J/∂μ: 25 draws. Sample mean 0.120 (exact 0.000); sample standard deviation 0.900 (exact 1.000). " +
        "The axis runs from −2.000 to 2.000; the tallest bar, 0.000 to 1.000, holds 40.0% of the draws. 2 fell below the axis and 3 above it."
    );
  });

  test("histogram draws one bar per bin and counts the overflow in the corners", () => {
    const el = histogram(data);
    expect(el.querySelectorAll("svg[role=img] rect")).toHaveLength(4);
    expect(el.textContent).toContain("◂ 2");
    expect(el.textContent).toContain("3 ▸");
    expect(histogramTotal(data)).toBe(25);
  });

  test("histogram(…).update(data) redraws in place", () => {
    const el = histogram(data);
    el.update({...data, counts: [0, 0, 0, 0, 1, 1], below: 0, above: 0});
    expect(el.querySelectorAll("svg[role=img] rect")).toHaveLength(6);
    expect(describeHistogram({lo: 0, hi: 1, counts: [0]})).toBe("Draws: no draws yet.");
  });

  test("histogram(data) with a truth away from the exact mean marks it and calls the draws biased", () => {
    const biased = {lo: -1, hi: 1, counts: [0, 10], exact: {mean: 0, sd: 0}, sample: {mean: 0, sd: 0}, truth: 0.5};
    const el = histogram(biased, {name: "Pathwise estimates"});
    expect(el.querySelector("svg[role=img]")!.textContent).toContain("true value");
    expect(describeHistogram(biased, "Pathwise estimates")).toContain("The true value is 0.500: these draws are biased.");
    expect(histogram({...biased, truth: 0}).querySelector("svg[role=img]")!.textContent).not.toContain("true value");
  });

  test("histogram rejects bad data, naming the value", () => {
    expect(() => histogram({...data, hi: -3})).toThrow("invalid hi: -3; expected a number > lo (-2)");
    expect(() => histogram({...data, counts: [1, -1]})).toThrow("invalid counts[1]: -1");
    expect(() => histogram({...data, sample: {mean: "a"} as never})).toThrow("invalid sample");
  });
});

describe("computeGraph", () => {
  test("computeGraph() renders the same SVG as before", async () => {
    await expect(stableMarkup(computeGraph())).toMatchFileSnapshot("__snapshots__/computeGraph.html");
  });

  test("computeGraph() is one image with a name and a text alternative that walks both graphs", () => {
    const svg = computeGraph().querySelector("svg[role=img]")!;
    expect(svg.getAttribute("aria-label")).toBe("Computation graph of the VAE loss, sampled directly and reparameterised");
    expect(describedText(svg)).toBe(computeGraphDescription);
    expect(computeGraphDescription).toContain("blocked");
    expect(computeGraphDescription).toContain("∂z/∂σ = ε");
  });

  test("computeGraph() marks the blocked edge with crosses and the word, and ε as a random (dashed) node", () => {
    const el = computeGraph();
    const text = el.textContent!;
    expect(text).toContain("✕ blocked");
    expect(text).toContain("ε ~ N(0, I)");
    expect(text).toContain("z ~ N(μ, σ²)");
    expect(el.querySelectorAll("ellipse[stroke-dasharray]").length).toBe(3); // z sampled, ε, and the legend's swatch
  });
});

describe("fitCurves", () => {
  const series = [
    {label: "exact gradient", color: "currentColor", dash: "none", points: Array.from({length: 12}, (_, i) => ({step: i, value: 1 / (i + 1)}))},
    {label: "score function", color: "#D55E00", dash: "2,3", points: [{step: 0, value: 1}, {step: 1, value: 0.8}], note: "diverged at step 2"}
  ];

  test("fitCurves(series) draws one line per run, with a legend and a text alternative of the last values", () => {
    const el = fitCurves(series, {yLabel: "L − L*"});
    expect(el.querySelectorAll("svg[role=img] [stroke-dasharray='2,3']").length).toBe(1);
    expect(el.querySelector(".vae-viz-legend")!.textContent).toBe("exact gradientscore function");
    expect(describedText(el.querySelector("svg[role=img]")!)).toBe(describeCurves(series));
    expect(describeCurves(series)).toBe(
      "exact gradient: 0.083 after 11 steps, mean 0.091 over steps 9–11. score function: 0.800 after 1 step; diverged at step 2."
    );
  });

  test("fitCurves with yType log leaves out values ≤ 0 and ticks at the decades", () => {
    expect(decades([1e-4, 0.5])).toEqual([1e-4, 1e-3, 1e-2, 1e-1]);
    const el = fitCurves([{...series[0], points: [{step: 0, value: 0}, {step: 1, value: 0.1}, {step: 2, value: 0.01}]}], {yType: "log", yDomain: [1e-3, 1]});
    expect(el.querySelector("svg[role=img]")!.textContent).toContain("0.0010.010.11");
    expect(() => fitCurves(series, {yType: "sqrt" as never})).toThrow('invalid yType: "sqrt"');
  });
});

describe("layerNorms", () => {
  test("layerNorms(items) draws one bar per item and says every value", () => {
    const items = [{name: "decoder output", value: 80.6}, {name: "encoder μ head", value: 0.0004}];
    const el = layerNorms(items, {ariaLabel: "Gradient norm per layer"});
    expect(el.querySelectorAll("svg[role=img] rect")).toHaveLength(2);
    expect(describedText(el.querySelector("svg[role=img]")!)).toBe(describeNorms(items, "Gradient norm per layer"));
    expect(describeNorms(items, "Gradient norm per layer")).toBe("Gradient norm per layer: decoder output 80.6; encoder μ head 4.00e−4.");
    expect([fmtNorm(123456), fmtNorm(0.25), fmtNorm(0)]).toEqual(["1.23e+5", "0.25", "0"]);
    expect(() => layerNorms([{name: "x", value: -1}])).toThrow("invalid items[0]");
  });
});
