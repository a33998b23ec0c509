// @vitest-environment jsdom
import {describe, expect, test} from "vitest";
import {figureShell, fmt, fmtNats, plotImage, visuallyHidden} from "../../../src/viz/a11y.js";
import {show, withDefaults} from "../../../src/viz/validate.js";

describe("a11y", () => {
  test("fmt(-1.234, 2) uses a real minus sign", () => {
    expect(fmt(-1.234, 2)).toBe("−1.23");
  });

  test("fmtNats(v) keeps about three significant digits", () => {
    expect([fmtNats(128.44), fmtNats(3.2), fmtNats(0.0042), fmtNats(0), fmtNats(NaN), fmtNats(1.9e-9), fmtNats(-3e-7)]).toEqual(["128.4", "3.20", "0.0042", "0.00", "NaN", "0.0000", "0.0000"]);
  });

  test("visuallyHidden(text) stays in the accessibility tree with an id", () => {
    const p = visuallyHidden("hello");
    expect(p.textContent).toBe("hello");
    expect(p.id).toMatch(/^vae-viz-\d+$/);
    expect(p.getAttribute("style")).toContain("clip-path:inset(50%)");
    expect(p.hasAttribute("aria-hidden")).toBe(false);
  });

  test("figureShell(name, caption) has a figcaption only when given one", () => {
    expect(figureShell("x", "").figure.querySelector("figcaption")).toBeNull();
    expect(figureShell("x", "Loss").figure.querySelector("figcaption")!.textContent).toBe("Loss");
  });
});

describe("validate", () => {
  test("show(value) renders values for messages", () => {
    expect([show("a"), show(NaN), show([1, 2]), show(new Float32Array(3)), show(undefined)]).toEqual([
      '"a"', "NaN", "[1, 2]", "Float32Array(3)", "undefined"
    ]);
  });

  test("withDefaults(defaults, {a: undefined}) keeps the default", () => {
    expect(withDefaults({a: 1, b: 2}, {a: undefined, b: 3})).toEqual({a: 1, b: 3});
    expect(() => withDefaults({a: 1}, 5 as never)).toThrow("invalid options: 5; expected an object");
  });
});

describe("plotImage", () => {
  test("plotImage(svg) moves Plot's stylesheet into one copy in the head, so charts redrawn add and remove none", async () => {
    const Plot = await import("@observablehq/plot");
    const make = () => Plot.plot({marks: [Plot.line([1, 3, 2])]}) as SVGSVGElement;
    const [a, b] = [make(), make()];
    const rules = a.querySelector("style")!.textContent;
    plotImage(a, "first");
    plotImage(b, "second");
    expect(a.querySelector("style")).toBeNull();
    expect(b.querySelector("style")).toBeNull();
    const shared = document.head.querySelectorAll(`style#vae-${a.getAttribute("class")}-style`);
    expect(shared).toHaveLength(1);
    expect(shared[0].textContent).toBe(rules);
    expect(rules).toContain(`:where(.${a.getAttribute("class")})`);
    expect(b.getAttribute("aria-label")).toBe("second");
  });
});
