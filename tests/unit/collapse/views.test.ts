// @vitest-environment jsdom
import {describe, expect, test, vi} from "vitest";
import {binRows, heatmapCells, klHeatmap} from "../../../src/viz/klHeatmap.js";
import {runCompareChart} from "../../../src/viz/runCompareChart.js";
import {scheduleChart} from "../../../src/viz/scheduleChart.js";
import {spectrumKl} from "../../../src/viz/spectrumKl.js";
import {sampleSchedule} from "../../../src/math/klSchedules.js";
import {pcaCollapsePrediction} from "../../../src/math/linearVae.js";
import {muted, okabeIto} from "../../../src/viz/palette.js";
import {describedText, noCanvasContext} from "../viz/helpers.js";

const rows = Array.from({length: 10}, (_, t) => ({step: t + 1, kl: [1 - t / 10, 0.5, t === 9 ? 0 : 0.001]}));

describe("klHeatmap", () => {
  test("binRows(rows, bins) averages consecutive steps", () => {
    const b = binRows(rows, 5);
    expect(b).toHaveLength(5);
    expect(b[0]).toEqual({from: 1, to: 2, kl: [0.95, 0.5, 0.001]});
    expect(b[4].kl[2]).toBeCloseTo(0.0005, 12);
  });

  /** A 2-d context that records the rectangles filled since the last clear. */
  function recordingRects() {
    const rects: {x: number; y: number; width: number; height: number; fill: string}[] = [];
    const ctx = {fillStyle: "", setTransform() {}, clearRect() { rects.length = 0; },
      fillRect(x: number, y: number, width: number, height: number) { rects.push({x, y, width, height, fill: ctx.fillStyle}); }};
    vi.spyOn(HTMLCanvasElement.prototype, "getContext").mockImplementation(() => ctx as never);
    return rects;
  }

  test("klHeatmap(rows) paints one cell per bin and dimension on its canvas and says which dimensions end collapsed", () => {
    const rects = recordingRects();
    const el = klHeatmap(rows, {bins: 5});
    const svg = el.querySelector("svg[role=img]")!;
    expect(svg.getAttribute("aria-label")).toBe("KL per latent dimension over training steps");
    expect(el.querySelector("canvas")!.getAttribute("aria-hidden")).toBe("true");
    expect(rects).toHaveLength(15);
    expect(rects).toEqual(heatmapCells(binRows(rows, 5), {bins: 5}));
    // viridis: z2 (0.5 nats throughout) is brighter than z3 (about 0), and the top of the scale is the largest mean
    expect(new Set(rects.filter((_, i) => i % 3 === 2).map((r) => r.fill)).size).toBeGreaterThan(1);
    expect(rects[0].fill).toBe("#fde725"); // z1 of the first bin, 0.95 nats, the largest bin mean
    expect(describedText(svg)).toBe("KL per dimension (nats) from steps 1–2 to steps 9–10: z1 0.95 → 0.15; z2 0.50 → 0.50; z3 0.001 → 0.0005. 1 of 3 end below 0.01 nats: z3.");
  });

  test("klHeatmap(rows, {xDomain}) spans the given steps, so two runs side by side share one axis", () => {
    const cells = heatmapCells(binRows(rows, 5), {bins: 5, width: 440, xDomain: [0, 100]}); // plot width 440 − 40 − 12 = 388
    expect(Math.min(...cells.map((c) => c.x))).toBeCloseTo(388 * (1 / 100), 6); // step 1
    expect(Math.max(...cells.map((c) => c.x + c.width))).toBeCloseTo(388 * (11 / 100) + 0.5, 6); // the end of step 10, + the 0.5 px overlap
    noCanvasContext();
    const el = klHeatmap(rows, {bins: 5, width: 440, xDomain: [0, 100]});
    const canvas = el.querySelector("canvas")!; // over the plot area: left margin 40 of 440, top margin 8 of 8 + 3·18 + 72
    expect(canvas.style.left).toBe(`${+(100 * 40 / 440).toFixed(4)}%`);
    expect(canvas.style.width).toBe(`${+(100 * 388 / 440).toFixed(4)}%`);
    expect(canvas.style.top).toBe(`${+(100 * 8 / 134).toFixed(4)}%`);
    expect(() => el.update(rows, {xDomain: [5, 5]})).toThrow("invalid xDomain: [5, 5]; expected [from, to] with to > from");
  });

  test("el.update(rows) repaints the same canvas and keeps the axes until the steps they span change", () => {
    const rects = recordingRects();
    const el = klHeatmap(rows.slice(0, 5), {bins: 5, max: 1, xDomain: [0, 600]});
    const canvas = el.querySelector("canvas"), svg = el.querySelector("svg");
    el.update(rows);
    expect(el.querySelector("canvas")).toBe(canvas);
    expect(el.querySelector("svg")).toBe(svg);
    expect(rects).toHaveLength(15);
    expect(describedText(svg!)).toContain("to steps 9–10");
    el.update(rows, {xDomain: [0, 700]});
    expect(el.querySelector("canvas")).toBe(canvas);
    expect(el.querySelector("svg")).not.toBe(svg);
    expect(el.querySelector("svg")!.getAttribute("aria-describedby")).toBeTruthy();
    el.update([]);
    expect(el.querySelector("canvas")).toBeNull();
    el.update(rows);
    expect(el.querySelector("canvas")).toBe(canvas);
  });

  test("klHeatmap([]) shows the empty text, and bad rows are refused by name", () => {
    const el = klHeatmap([], {emptyText: "Press Train"});
    expect(el.textContent).toContain("Press Train");
    expect(() => el.update([{step: 1, kl: [1, 2]}, {step: 2, kl: [1]}])).toThrow("invalid rows[1].kl: length 1; expected length 2");
    expect(() => klHeatmap(rows, {bins: 1})).toThrow("invalid bins: 1; expected an integer ≥ 2");
  });
});

describe("spectrumKl", () => {
  test("spectrumKl(data) greys and crosses the directions at or below σ², and states predicted and trained KLs", () => {
    const ev = [4, 2, 1, 0.5, 0.25];
    const el = spectrumKl({eigenvalues: ev, sigma2: 0.8, predictedKl: pcaCollapsePrediction(ev, 0.8).map((p) => p.kl), trainedKl: [0.1, 0.8, 2e-9, 0.46, -1e-9]});
    const [spectrum, kl] = el.querySelectorAll("svg[role=img]");
    expect([...spectrum.querySelectorAll("rect")].map((r) => r.getAttribute("fill"))).toEqual([okabeIto.blue, okabeIto.blue, okabeIto.blue, muted, muted]);
    expect(kl.getAttribute("aria-describedby")).toBe(spectrum.getAttribute("aria-describedby"));
    expect(describedText(spectrum)).toBe("σ² = 0.80. Eigenvalues 4.00, 2.00, 1.00, 0.50, 0.25: 3 above σ² survive, 2 collapse. " +
      "Predicted KL per dimension, largest first: 0.80, 0.46, 0.11, 0.00, 0.00 nats. Trained: 0.80, 0.46, 0.10, 0.00, 0.00 nats.");
    expect(() => el.update({eigenvalues: ev, sigma2: 0, predictedKl: [0, 0, 0, 0, 0], trainedKl: null})).toThrow("invalid sigma2: 0; expected a number > 0");
  });
});

describe("scheduleChart and runCompareChart", () => {
  test("scheduleChart(series) states β at a few steps of each schedule", () => {
    const el = scheduleChart([{label: "cyclical", points: sampleSchedule({kind: "cyclical", total: 400, cycles: 2, ratio: 0.5}, 400, 5)}], {currentStep: 120});
    expect(describedText(el.querySelector("svg[role=img]")!)).toMatch(/^cyclical: β\(0\) = 0\.00, .*β\(399\) = 1\.00\. The runs are at step 120\.$/);
  });

  test("runCompareChart(series) states each run's first and last value, with a legend entry per run", () => {
    const el = runCompareChart([
      {label: "none", points: [{step: 0, value: 8}, {step: 300, value: 0}]},
      {label: "free bits", points: [{step: 0, value: 8}, {step: 300, value: 8}]}
    ], {yLabel: "active units", decimals: 0});
    expect(describedText(el.querySelector("svg[role=img]")!)).toBe("active units. none: 8 at step 0, 0 at step 300; free bits: 8 at step 0, 8 at step 300.");
        expect(el.querySelector(".vae-viz-legend")!.textContent).toBe("nonefree bits");
    // Run 1 is drawn last (on top), so its dashed line shows where the runs coincide.
    const lines = [...el.querySelectorAll("svg[role=img] [stroke]")].filter((p) => p.getAttribute("stroke") === okabeIto.vermillion || p.getAttribute("stroke") === okabeIto.blue);
    expect(lines.map((p) => p.getAttribute("stroke"))).toEqual([okabeIto.blue, okabeIto.vermillion]);
    expect(() => el.update([{label: 3 as never, points: []}])).toThrow("invalid series[0].label: 3; expected a string");
  });
});
