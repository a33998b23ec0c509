// @vitest-environment jsdom
// The chapter's views: accessible names, text alternatives with the numbers, shape cues, bad input named.
import {describe, expect, test} from "vitest";
import {describeTraversal, traversalGrid} from "../../../src/viz/traversalGrid.js";
import {describeTradeoff, tradeoffScatter, type TradeoffPoint} from "../../../src/viz/tradeoffScatter.js";
import {describeTc, smoothTerms, tcTerms} from "../../../src/viz/tcTerms.js";
import {describeMi, miMatrix} from "../../../src/viz/miMatrix.js";
import {noCanvasContext} from "../viz/helpers.js";

const described = (el: Element) => el.closest("figure")!.querySelector(`#${el.getAttribute("aria-describedby")}`)?.textContent;

describe("traversalGrid", () => {
  const data = {images: new Float32Array(3 * 7 * 4 * 4), values: [-3, -2, -1, 0, 1, 2, 3], side: 4, klPerDim: [0.01, 2.4, 0.9],
    factorOf: [null, ["x position", 0.61], ["scale", 0.4]] as const};

  test("traversalGrid(data) sorts rows by KL, marks the inactive one in text, and describes the active ones", () => {
    noCanvasContext();
    const el = traversalGrid(data, {startText: "a heart"});
    const labels = [...el.querySelectorAll("[role=img] > span")].map((s) => s.textContent).filter((t) => t?.startsWith("z"));
    expect(labels).toEqual(["z2 · 2.40 nats · x position", "z3 · 0.90 nats · scale", "z1 · 0.01 nats · inactive"]);
    const img = el.querySelector("[role=img]")!;
    expect(img.getAttribute("aria-label")).toBe("Latent traversals");
    expect(described(img)).toBe(describeTraversal(data, 0.05, "a heart"));
    expect(described(img)).toContain("z2 (KL 2.40 nats, mostly x position, 61% of its entropy)");
    expect(described(img)).toContain("1 inactive row does not change the image");
  });

  test("el.update(data) reorders the rows in the same canvases, and builds new ones only when the shape changes", () => {
    noCanvasContext();
    const el = traversalGrid(data);
    const canvases = [...el.querySelectorAll("canvas")];
    expect(canvases).toHaveLength(3);
    el.update({...data, klPerDim: [3, 0.2, 0.01], factorOf: null});
    const labels = [...el.querySelectorAll("[role=img] > span")].map((s) => s.textContent).filter((t) => t?.startsWith("z"));
    expect(labels).toEqual(["z1 · 3.00 nats", "z2 · 0.20 nats", "z3 · 0.01 nats · inactive"]);
    expect([...el.querySelectorAll("canvas")]).toEqual(canvases);
    expect(canvases.map((c) => c.style.opacity)).toEqual(["", "", "0.45"]);
    el.update({...data, images: new Float32Array(2 * 7 * 4 * 4), klPerDim: [1, 2], factorOf: null});
    expect(el.querySelectorAll("canvas")).toHaveLength(2);
    expect(canvases.some((c) => c.isConnected)).toBe(false);
  });

  test("traversalGrid refuses images of the wrong size, naming the length", () => {
    expect(() => traversalGrid({...data, images: new Float32Array(5)})).toThrow(/invalid images: length 5; expected 3 rows × 7 values × 4² = 336/);
  });
});

describe("tradeoffScatter", () => {
  const points: TradeoffPoint[] = [
    {beta: 1, objective: "beta-vae", recon: 30.2, mig: 0.05},
    {beta: 8, objective: "beta-vae", recon: 48.9, mig: 0.21},
    {beta: 6, objective: "beta-tcvae", recon: 35.1, mig: 0.18}
  ];

  test("tradeoffScatter(points) draws circles and squares, labels β, and lists every run in its text", () => {
    const el = tradeoffScatter(points, {ceiling: 0.9});
    const svg = el.querySelector("svg[role=img]")!;
    expect(svg.textContent).toContain("β=8");
    expect(described(svg)).toBe(describeTradeoff(points, null));
    expect(described(svg)).toContain("β-VAE β = 8.00: reconstruction 48.9 nats, MIG 0.210");
    expect(described(svg)).toContain("The highest MIG is 0.210 at β = 8.00 (β-VAE)");
    expect(el.querySelector(".vae-viz-legend")!.textContent).toContain("β-TCVAE run");
  });

  test("tradeoffScatter's legend lists reference runs only while some are drawn", () => {
    const el = tradeoffScatter(points, {reference: [points[0]]});
    const legendText = () => el.querySelector(".vae-viz-legend")!.textContent;
    expect(legendText()).toContain("reference run");
    el.update(points, {reference: []});
    expect(legendText()).not.toContain("reference run");
    el.update(points, {reference: [points[1]]});
    expect(legendText()).toContain("reference run");
  });

  test("tradeoffScatter([]) says no run has finished, and bad points are named", () => {
    const el = tradeoffScatter([]);
    expect(el.textContent).toContain("No finished run yet");
    expect(() => tradeoffScatter([{beta: 1, objective: "vae" as never, recon: 1, mig: 0}])).toThrow(/invalid points\[0\].objective: "vae"/);
    expect(() => tradeoffScatter([{beta: 1, objective: "beta-vae", recon: NaN, mig: 0}])).toThrow(/invalid points\[0\].recon: NaN/);
  });
});

describe("tcTerms", () => {
  const records = Array.from({length: 30}, (_, i) => ({step: i + 1, mi: 5 + i * 0.1, tc: 1, dwKl: 2, kl: 8 + i * 0.1}));

  test("smoothTerms averages the last w steps", () => {
    const s = smoothTerms(records, 10);
    expect(s[29].mi).toBeCloseTo(5 + 0.1 * 24.5, 12);
    expect(s[0].mi).toBe(5);
  });

  test("tcTerms(records) is named and states the latest terms and their sum", () => {
    const el = tcTerms(records);
    const svg = el.querySelector("svg[role=img]")!;
    expect(svg.getAttribute("aria-label")).toMatch(/index-code MI, total correlation and dimension-wise KL/);
    expect(described(svg)).toBe(describeTc(smoothTerms(records, 10), 10));
    expect(described(svg)).toContain("total correlation 1.00");
  });
});

describe("miMatrix", () => {
  test("miMatrix(data) prints every cell's value and names each factor's top latent", () => {
    const data = {values: [[0.7, 0.1], [0.2, 0.3]], factorNames: ["x", "y"], gaps: [0.6, 0.1]};
    const el = miMatrix(data);
    const svg = el.querySelector("svg[role=img]")!;
    expect(svg.textContent).toContain(".70");
    expect(described(svg)).toBe(describeMi(data));
    expect(described(svg)).toContain("x: z1 holds 0.70 of its entropy, gap 0.60");
    expect(() => miMatrix({...data, gaps: [0.1]})).toThrow(/expected one per factor \(2\)/);
  });

  test("before the first measurement (all zeros) it says when the shares appear instead of drawing a blank matrix", () => {
    const el = miMatrix({values: [[0, 0], [0, 0]], factorNames: ["x", "y"], gaps: [0, 0]});
    expect(el.querySelector("svg")).toBeNull();
    expect(el.querySelector(".vae-viz-empty")!.textContent).toMatch(/^Not measured yet/);
    el.update({values: [[0.5, 0], [0, 0.4]], factorNames: ["x", "y"], gaps: [0.5, 0.4]});
    expect(described(el.querySelector("svg[role=img]")!)).toContain("y: z2 holds 0.40 of its entropy");
  });
});

describe("tradeoffScatter reference runs", () => {
  test("tradeoffScatter([], {reference}) draws hollow reference marks and lists them after the reader's runs", () => {
    const reference: TradeoffPoint[] = [{beta: 4, objective: "beta-vae", recon: 40, mig: 0.12}];
    const el = tradeoffScatter([], {reference});
    const svg = el.querySelector("svg[role=img]")!;
    expect(described(svg)).toBe("No finished run yet. Reference runs computed beforehand: β-VAE β = 4.00: reconstruction 40.0 nats, MIG 0.120.");
    expect(el.querySelector(".vae-viz-legend")!.textContent).toContain("reference run, computed beforehand (hollow)");
    expect(svg.querySelector('g[fill="none"] path')).not.toBeNull();
  });
});
