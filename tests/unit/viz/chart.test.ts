// @vitest-environment jsdom
// The chart base: options checked on create and on every update, the empty state, the name, the text alternative and
// the legend in one place.
import {describe, expect, test} from "vitest";
import {defineChart, type ChartOptions} from "../../../src/viz/chart.js";
import * as check from "../../../src/viz/validate.js";
import {describedText} from "./helpers.js";

interface BarOptions extends ChartOptions {
  unit: string;
}
let draws = 0;
const bars = defineChart<readonly number[], BarOptions>({
  name: "bars",
  defaults: {unit: "nats", width: 200, height: 100, ariaLabel: "Bars", caption: "", emptyText: "No values yet"},
  check(values, o) {
    check.numbers("values", values);
    check.string("unit", o.unit);
  },
  isEmpty: (values) => values.length === 0,
  legend: (values) => (values.length > 1 ? [{label: "value", color: "#000", swatch: "square" as const}] : null),
  draw(values, o) {
    draws++;
    const c = document.createElement("canvas");
    c.width = o.width;
    c.dataset.n = String(values.length);
    return c;
  },
  describe: (values, o) => `${values.length} values, the largest ${Math.max(...values)} ${o.unit}.`
});

describe("defineChart", () => {
  test("draws a named image described by its text alternative, in a figure with the chart's class and caption", () => {
    const el = bars([1, 3], {caption: "Two bars"});
    const canvas = el.querySelector("canvas")!;
    expect(el.className).toBe("vae-viz vae-bars");
    expect(el.querySelector("figcaption")!.textContent).toBe("Two bars");
    expect([canvas.getAttribute("role"), canvas.getAttribute("aria-label")]).toEqual(["img", "Bars"]);
    expect(describedText(canvas)).toBe("2 values, the largest 3 nats.");
    expect(el.querySelectorAll(".vae-viz-legend")).toHaveLength(1);
  });

  test("with nothing to draw it shows the sentence in a box of the chart's size, and no empty description", () => {
    const el = bars([]);
    const box = el.querySelector(".vae-viz-empty") as HTMLElement;
    expect(box.textContent).toBe("No values yet");
    expect(box.getAttribute("style")).toContain("height:100px");
    expect(el.querySelector("canvas")).toBeNull();
    expect(el.querySelector(".vae-viz-description")!.textContent).toBe("");
    expect(el.querySelectorAll(".vae-viz-legend")).toHaveLength(0);
  });

  test("update() checks what it is given as creation does; a bad value throws and leaves the chart as it was", () => {
    const el = bars([1, 2]);
    expect(() => bars([1], {width: 0})).toThrow("invalid width: 0; expected a number ≥ 1");
    expect(() => bars([1], {unit: 3 as never})).toThrow("invalid unit: 3; expected a string");
    expect(() => el.update([1, 2], {height: -5})).toThrow("invalid height: -5; expected a number ≥ 1");
    expect(() => el.update(["a"] as never)).toThrow('invalid values: ["a"]; expected an array or typed array of numbers');
    expect(el.querySelector("canvas")!.dataset.n).toBe("2");
    el.update([4, 5, 6], {unit: "bits"});
    expect(describedText(el.querySelector("canvas")!)).toBe("3 values, the largest 6 bits.");
    el.update([7]); // options given before stay
    expect(describedText(el.querySelector("canvas")!)).toBe("1 values, the largest 7 bits.");
    expect(el.querySelectorAll(".vae-viz-legend")).toHaveLength(0);
  });

  test("the legend is replaced only when it changes", () => {
    const el = bars([1, 2]);
    const first = el.querySelector(".vae-viz-legend");
    const before = draws;
    el.update([2, 3]);
    expect(el.querySelector(".vae-viz-legend")).toBe(first);
    expect(draws).toBe(before + 1);
  });
});
