// @vitest-environment jsdom
// The VQ views: structure, accessible names, text alternatives with the numbers, and bad input named.
import {describe, expect, test, vi} from "vitest";
import {codeGrid, describeGrid} from "../../../src/viz/codeGrid.js";
import {codeUsage, describeUsage} from "../../../src/viz/codeUsage.js";
import {describeHealth, perplexityChart} from "../../../src/viz/perplexityChart.js";
import {describeCodebook, voronoiCodebook} from "../../../src/viz/voronoiCodebook.js";
import {describedText, noCanvasContext} from "../viz/helpers.js";

describe("voronoiCodebook", () => {
  const data = {codebook: [0, 0, 2, 0, 0, 2, 3, 3], usage: [0.5, 0.3, 0.2, 0], dead: [0, 0, 0, 1], data: [0.1, 0.1, 1.9, 0.2]};

  test("voronoiCodebook draws one cell per code, a diamond per live code and a cross per dead code", () => {
    noCanvasContext();
    const el = voronoiCodebook(data);
    const [cells, marks] = el.querySelector("canvas")!.parentElement!.querySelectorAll("svg"); // under and over the dots
    expect(cells.getAttribute("aria-hidden")).toBe("true");
    expect(cells.querySelectorAll("path").length).toBe(4);
    const svg = el.querySelector("svg[role=img]")!;
    expect(svg).toBe(marks);
    expect(svg.getAttribute("aria-label")).toBe("Codebook vectors and their Voronoi cells over the data");
    expect(svg.querySelectorAll("path[fill]").length).toBe(3); // diamonds
    expect(svg.querySelectorAll("path:not([fill])").length).toBe(1); // the cross
    expect(describedText(svg)).toBe(describeCodebook(data));
    vi.restoreAllMocks();
  });

  test("voronoiCodebook draws data and encoder outputs as dots on its canvas, in plot coordinates, each update afresh", () => {
    const arcs: {x: number; y: number; fill: unknown}[] = [];
    let clears = 0;
    const ctx = {fillStyle: "", globalAlpha: 1, setTransform() {}, clearRect() { clears++; }, beginPath() {}, moveTo() {}, fill() {},
      arc(x: number, y: number) { arcs.push({x: +x.toFixed(6), y: +y.toFixed(6), fill: ctx.fillStyle}); }};
    vi.spyOn(HTMLCanvasElement.prototype, "getContext").mockImplementation(() => ctx as never);
    const el = voronoiCodebook({...data, encoded: [0, 0]}, {size: 400, extent: 4});
    expect(el.querySelector("canvas")!.getAttribute("aria-hidden")).toBe("true");
    // data (grey) first, then encoder outputs (blue); the square [−4, 4]² maps to [0, 400]² with y up
    expect(arcs).toEqual([{x: 205, y: 195, fill: "#767676"}, {x: 295, y: 190, fill: "#767676"}, {x: 200, y: 200, fill: "#0072B2"}]);
    el.update({...data, data: []});
    expect(clears).toBe(2);
    expect(arcs.length).toBe(3);
    vi.restoreAllMocks();
  });

  test("el.update(data) moves the same cell and mark paths, turning a dead code's cross into a diamond", () => {
    noCanvasContext();
    const el = voronoiCodebook(data);
    const before = [...el.querySelectorAll("path")];
    el.update({...data, codebook: [0, 0, 2, 0, 0, 2, -2, -2], dead: [0, 0, 0, 0], usage: [0.4, 0.3, 0.2, 0.1]});
    expect([...el.querySelectorAll("path")]).toEqual(before);
    const svg = el.querySelector("svg[role=img]")!;
    expect(svg.querySelectorAll("path[fill]").length).toBe(4);
    expect(describedText(svg)).toContain("4 codes: 4 alive, 0 dead.");
    el.update({...data, codebook: [0, 0, 2, 0], usage: [1, 0], dead: [0, 1]});
    expect(svg.querySelectorAll("path[fill]").length).toBe(1);
    expect(el.querySelector("canvas")!.parentElement!.querySelectorAll("path").length).toBe(4); // two cells, two marks
    vi.restoreAllMocks();
  });

  test("describeCodebook states live and dead codes, the perplexity and the busiest code", () => {
    expect(describeCodebook(data)).toBe("4 codes: 3 alive, 1 dead. Perplexity of the usage 2.8 of 4. The busiest code, at (0.00, 0.00), takes 50.0% of the points.");
  });

  test("voronoiCodebook names a bad input", () => {
    expect(() => voronoiCodebook({...data, usage: [1, 2]})).toThrow("invalid usage: length 2; expected length 4");
    expect(() => voronoiCodebook({...data, codebook: [0, 0, 1]})).toThrow("invalid codebook: length 3; expected an even length (x, y pairs)");
  });
});

describe("codeUsage", () => {
  test("codeUsage(counts) draws one bar per code and says how many are used", () => {
    const el = codeUsage([5, 0, 15, 0]);
    const svg = el.querySelector("svg[role=img]")!;
    expect(svg.querySelectorAll("rect").length).toBeGreaterThanOrEqual(4);
    expect(describedText(svg)).toBe("20 code positions over 4 codes: 2 used, 2 never used. Perplexity 1.8 of 4. The most used code takes 75.0%, the top five 100.0%.");
    expect(describeUsage([0, 0])).toBe("No code positions counted yet over 2 codes.");
  });

  test("before anything is encoded it says so instead of drawing an empty histogram; counts then draw it", () => {
    const el = codeUsage(new Float64Array(8));
    expect(el.querySelector("svg")).toBeNull();
    expect(el.querySelector(".vae-viz-empty")!.textContent).toMatch(/^No codes used yet/);
    el.update([3, 1, 0, 0, 0, 0, 0, 0]);
    expect(describedText(el.querySelector("svg[role=img]")!)).toMatch(/^4 code positions over 8 codes: 2 used/);
    expect(() => el.update([])).toThrow("invalid counts: length 0; expected one count per code");
  });
});

describe("perplexityChart", () => {
  test("perplexityChart(series) describes each run's latest perplexity and dead codes", () => {
    const records = Array.from({length: 12}, (_, i) => ({step: i + 1, perplexity: i < 2 ? 50 : 10, dead: 3}));
    const el = perplexityChart([{name: "VQ", records}, {name: "FSQ", records: []}], {codes: 64});
    const img = el.querySelector("[role=img]")!;
    expect(img.getAttribute("aria-label")).toBe("Perplexity and dead codes over the training steps");
    expect(describedText(img)).toBe("VQ: after 12 steps, perplexity 10.0 (mean of the last 10 batches), 3 dead codes. FSQ: not trained yet.");
    expect(describeHealth([])).toBe("");
  });

  test("el.updateParts(series) redraws the perplexity panel, then the dead codes and the text", () => {
    const el = perplexityChart([{name: "VQ", records: []}], {codes: 8});
    const img = el.querySelector("[role=img]")!;
    const [top, bottom] = [...img.children].map((slot) => slot.firstElementChild);
    const records = [{step: 1, perplexity: 3, dead: 2}];
    const [first, second] = el.updateParts([{name: "VQ", records}]);
    first();
    expect(img.children[0].firstElementChild).not.toBe(top);
    expect(img.children[1].firstElementChild).toBe(bottom);
    expect(describedText(img)).toBe("VQ: not trained yet.");
    second();
    expect(img.children[1].firstElementChild).not.toBe(bottom);
    expect(img.children[1].firstElementChild!.getAttribute("aria-hidden")).toBe("true");
    expect(describedText(img)).toBe("VQ: after 1 steps, perplexity 3.0 (mean of the last 1 batches), 2 dead codes.");
  });
});

describe("codeGrid", () => {
  test("codeGrid(image, grid) writes each index over its patch and lists the rows", () => {
    noCanvasContext();
    const grid = Int32Array.from({length: 49}, (_, i) => i % 5);
    const el = codeGrid(new Float32Array(784), grid);
    expect(el.querySelectorAll("text").length).toBe(49);
    expect(describeGrid(grid, 7).startsWith("7×7 code indices (5 distinct), row by row: 0 1 2 3 4 0 1; 2 3 4 0 1 2 3;")).toBe(true);
    expect(() => codeGrid(new Float32Array(784), [1, 2])).toThrow("invalid grid: length 2; expected length 49");
  });
});
