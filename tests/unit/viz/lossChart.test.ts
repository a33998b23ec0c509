// @vitest-environment jsdom
import {describe, expect, test} from "vitest";
import {describeLoss, lossChart, thinRecords, type LossRecord} from "../../../src/viz/lossChart.js";
import {describedText, stableMarkup} from "./helpers.js";

const records: LossRecord[] = [
  {step: 0, loss: 543.2, recon: 542.9, kl: 0.3},
  {step: 100, loss: 210.5, recon: 198.1, kl: 12.4},
  {step: 200, loss: 150.25, recon: 131.75, kl: 18.5},
  {step: 340, loss: 128.4, recon: 104.2, kl: 24.2}
];

describe("lossChart", () => {
  test("lossChart(records, {heldOut}) renders the same SVG as before", async () => {
    const el = lossChart(records, {heldOut: [{step: 200, loss: 155.1}, {step: 340, loss: 131}]});
    await expect(stableMarkup(el)).toMatchFileSnapshot("__snapshots__/lossChart.html");
  });

  test("lossChart(records) names the chart and states the numbers in its text alternative", () => {
    const el = lossChart(records);
    const svg = el.querySelector("svg[role=img]")!;
    expect(svg.getAttribute("aria-label")).toBe("Training loss per step: total, reconstruction and KL");
    expect(describedText(svg)).toBe(
      "Loss after 340 steps: 128.4 nats (reconstruction 104.2, KL 24.2). " +
        "It started at 543.2 nats at step 0; the lowest was 128.4 at step 340."
    );
    // Plot's own aria-labels on inner <g> are removed (axe: aria-label on an element without a role).
    expect(svg.querySelectorAll("g[aria-label]")).toHaveLength(0);
  });

  test("lossChart(records) draws three lines with distinct dashes and a legend", () => {
    const el = lossChart(records);
    const dashes = [...el.querySelectorAll(".vae-viz-body g[stroke-dasharray]")].map((g) => g.getAttribute("stroke-dasharray"));
    expect(dashes.sort()).toEqual(["2,2", "7,3"]);
    expect([...el.querySelectorAll(".vae-viz-legend span > span")].map((s) => s.textContent)).toEqual([
      "loss (total)", "reconstruction", "KL"
    ]);
    expect(el.querySelector(".vae-viz-body text")?.closest("svg")?.getAttribute("style")).toContain("font-size: 12px");
  });

  test("lossChart(records, {heldOut}) adds held-out diamonds, a legend entry and the last held-out value", () => {
    const el = lossChart(records, {heldOut: [{step: 200, loss: 155.1}, {step: 340, loss: 131}]});
    expect(el.querySelector(".vae-viz-legend")!.textContent).toContain("held-out loss");
    expect(describedText(el.querySelector("svg[role=img]")!)).toContain("Held-out loss at step 340: 131.0 nats.");
  });

  test("lossChart(records, {yLabel}) names the unit on the y axis (default: nats per digit)", () => {
    const axisTexts = (el: Element) => [...el.querySelectorAll("svg text")].map((t) => t.textContent ?? "");
    expect(axisTexts(lossChart(records)).some((t) => t.includes("nats per digit"))).toBe(true);
    const sprites = axisTexts(lossChart(records, {yLabel: "nats per sprite"}));
    expect(sprites.some((t) => t.includes("nats per sprite"))).toBe(true);
    expect(sprites.some((t) => t.includes("digit"))).toBe(false);
  });

  test("lossChart([]) shows \"No steps yet\" instead of a chart", () => {
    const el = lossChart([]);
    expect(el.querySelector(".vae-viz-body svg")).toBeNull();
    expect(el.querySelector(".vae-viz-body")!.textContent).toBe("No steps yet");
  });

  test("lossChart([one record]) draws its point and states it", () => {
    const el = lossChart([{step: 1, loss: 543.2, recon: 540, kl: 3.2}]);
    const svg = el.querySelector("svg[role=img]")!;
    expect(svg.querySelectorAll("circle")).toHaveLength(3);
    expect(describedText(svg)).toBe("Loss after 1 step: 543.2 nats (reconstruction 540.0, KL 3.20).");
  });

  test("lossChart(records).update(more, {heldOut}) redraws in place", () => {
    const el = lossChart([]);
    el.update(records, {heldOut: [{step: 300, loss: 140}]});
    expect(el.querySelectorAll("svg[role=img]")).toHaveLength(1);
    expect(el.querySelectorAll(".vae-viz-legend")).toHaveLength(1);
    expect(describedText(el.querySelector("svg[role=img]")!)).toContain("Held-out loss at step 300: 140.0 nats.");
  });

  test("lossChart(bad input) names the bad value", () => {
    expect(() => lossChart({} as never)).toThrow("invalid records: {}; expected an array of {step, loss, recon, kl}");
    expect(() => lossChart([{step: "a", loss: 1, recon: 1, kl: 0}] as never)).toThrow('invalid records[0].step: "a"; expected a finite number');
    expect(() => lossChart([{step: 1, loss: 1, recon: 1}] as never)).toThrow("invalid records[0].kl: undefined; expected a number (NaN leaves a gap)");
    expect(() => lossChart(records, {yType: "sqrt" as never})).toThrow('invalid yType: "sqrt"; expected one of "linear", "log"');
    expect(() => lossChart(records, {maxPoints: 1})).toThrow("invalid maxPoints: 1; expected an integer ≥ 2");
    expect(() => lossChart(records, {width: 0})).toThrow("invalid width: 0; expected a number ≥ 100");
    expect(() => lossChart(records, {heldOut: [{step: 1}] as never})).toThrow('invalid heldOut[0]: {"step":1}; expected {step: number, loss: number}');
  });
});

describe("thinRecords", () => {
  test("thinRecords(1001 records, 100) keeps at most 100, the first and the last", () => {
    const many = Array.from({length: 1001}, (_, i) => i);
    const thin = thinRecords(many, 100);
    expect(thin.length).toBeLessThanOrEqual(100);
    expect(thin[0]).toBe(0);
    expect(thin[thin.length - 1]).toBe(1000);
  });

  test("thinRecords(records, more than there are) returns them as they are", () => {
    expect(thinRecords(records, 10)).toBe(records);
  });
});

describe("describeLoss", () => {
  test("describeLoss(records with NaN) says NaN", () => {
    expect(describeLoss([{step: 5, loss: NaN, recon: NaN, kl: 1}], [], "No steps yet")).toBe(
      "Loss after 5 steps: NaN nats (reconstruction NaN, KL 1.00)."
    );
  });
});
