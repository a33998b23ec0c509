// @vitest-environment jsdom
import {describe, expect, test, vi} from "vitest";
import {describeLatent, latentDomain, latentScatter, nearestInDirection, type LatentPoint} from "../../../src/viz/latentScatter.js";
import {describedText, stableMarkup} from "./helpers.js";

// With {width: 200, height: 200, domain: [−2, 2]}: x = 48 + (z₁ + 2)·34, y = 160 − (z₂ + 2)·36.
const options = {width: 200, height: 200, domain: [-2, 2] as [number, number]};
const px = (z1: number) => 48 + (z1 + 2) * 34;
const py = (z2: number) => 160 - (z2 + 2) * 36;
const points: LatentPoint[] = [
  {x: 0, y: 0, label: 0}, // 0: centre
  {x: 1, y: 0, label: 1}, // 1: right
  {x: -1, y: 0.2, label: 1}, // 2: left
  {x: 0, y: 1.5, label: 7}, // 3: up
  {x: 0.1, y: -1, label: 7}, // 4: down
  {x: 1.5, y: 1.5, label: 0} // 5: up-right
];

function click(el: Element, x: number, y: number): void {
  el.dispatchEvent(new MouseEvent("click", {bubbles: true, clientX: x, clientY: y}));
}
function key(el: Element, k: string): KeyboardEvent {
  const e = new KeyboardEvent("keydown", {key: k, bubbles: true, cancelable: true});
  el.dispatchEvent(e);
  return e;
}

describe("latentScatter", () => {
  test("latentScatter(points) renders the same SVG as before", async () => {
    await expect(stableMarkup(latentScatter(points, options))).toMatchFileSnapshot("__snapshots__/latentScatter.html");
  });

  test("latentScatter(points) draws one path per class and each class's digit", () => {
    const svg = latentScatter(points, options).querySelector("svg[role=application]")!;
    expect(svg.querySelectorAll("path[fill-opacity]")).toHaveLength(3);
    expect([...svg.querySelectorAll("g[font-weight=bold] text")].map((t) => t.textContent)).toEqual(["0", "1", "7"]);
  });

  test("latentScatter(points) is named, focusable and described with counts and extent", () => {
    const el = latentScatter(points, options);
    const svg = el.querySelector("svg")!.closest("figure")!.querySelector("svg[role=application]")!;
    expect(svg.getAttribute("tabindex")).toBe("0");
    expect(svg.getAttribute("aria-label")).toBe("Held-out digits in the 2-d latent space, coloured by class");
    expect(describedText(svg)).toContain(
      "6 held-out digits. Count per digit class: 0: 2, 1: 2, 7: 2. z₁ ranges from −1.00 to 1.50 and z₂ from −1.00 to 1.50."
    );
    expect(describedText(svg)).toContain("Class medians (z₁, z₂): 0 at (0.75, 0.75), 1 at (0.00, 0.10), 7 at (0.05, 0.25).");
    expect([...el.querySelectorAll(".vae-viz-legend span > span")].map((s) => s.textContent)).toEqual(
      ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]
    );
  });

  test("latentScatter(points) sets .value and fires a bubbling input event on click", () => {
    const el = latentScatter(points, options);
    document.body.append(el);
    const seen: (number | null)[] = [];
    document.body.addEventListener("input", () => seen.push(el.value));
    expect(el.value).toBeNull();
    const svg = el.querySelector("svg[role=application]")!;
    click(svg, px(1) + 3, py(0) - 2); // near point 1
    expect(el.value).toBe(1);
    click(svg, px(-2), py(-2)); // nothing within 16 px: no change
    expect(seen).toEqual([1]);
    expect(el.querySelector("p[aria-live]")!.textContent).toBe("Selected #1: digit 1 at z₁ = 1.00, z₂ = 0.00.");
  });

  test("latentScatter(points) moves the selection with the arrow keys and clears it with Escape", () => {
    const el = latentScatter(points, options);
    const svg = el.querySelector("svg[role=application]")!;
    const onInput = vi.fn();
    el.addEventListener("input", onInput);
    expect(key(svg, "ArrowRight").defaultPrevented).toBe(true);
    expect(el.value).toBe(0); // the first arrow starts at the point nearest the centre
    key(svg, "ArrowRight");
    expect(el.value).toBe(1);
    key(svg, "ArrowLeft");
    expect(el.value).toBe(0);
    key(svg, "ArrowUp");
    expect(el.value).toBe(3);
    key(svg, "ArrowDown");
    expect(el.value).toBe(0);
    key(svg, "ArrowDown");
    expect(el.value).toBe(4);
    key(svg, "Escape");
    expect(el.value).toBeNull();
    expect(onInput).toHaveBeenCalledTimes(7);
  });

  test("latentScatter(points) leaves Tab alone so focus is not trapped", () => {
    const svg = latentScatter(points, options).querySelector("svg[role=application]")!;
    expect(key(svg, "Tab").defaultPrevented).toBe(false);
  });

  test("latentScatter(points).value = 2 selects without an input event", () => {
    const el = latentScatter(points, options);
    const onInput = vi.fn();
    el.addEventListener("input", onInput);
    el.value = 2;
    expect(el.value).toBe(2);
    expect(onInput).not.toHaveBeenCalled();
    expect(el.querySelector("svg[role=application] circle")).not.toBeNull();
    expect(() => (el.value = 6)).toThrow("invalid value: 6; expected an integer in [0, 5]");
  });

  test("latentScatter(points).update(next) keeps the selection while its index exists", () => {
    const el = latentScatter(points, {...options, value: 4});
    const onInput = vi.fn();
    el.addEventListener("input", onInput);
    el.update(points.map((p) => ({...p, x: p.x / 2})));
    expect(el.value).toBe(4);
    expect(onInput).not.toHaveBeenCalled();
    el.update(points.slice(0, 3));
    expect(el.value).toBeNull();
    expect(onInput).toHaveBeenCalledTimes(1);
  });

  test("latentScatter([]) draws empty axes and says there are no points", () => {
    const el = latentScatter([]);
    expect(describedText(el.querySelector("svg[role=application]")!)).toContain("No points yet.");
  });

  test("latentScatter(points with NaN) skips them and says how many", () => {
    const el = latentScatter([...points, {x: NaN, y: 0, label: 3}], options);
    expect(describedText(el.querySelector("svg[role=application]")!)).toContain("1 point with non-finite coordinates is not drawn.");
  });

  test("latentScatter(bad input) names the bad value", () => {
    expect(() => latentScatter([{x: 0, y: 0, label: 11}])).toThrow("invalid points[0].label: 11; expected an integer in [0, 9]");
    expect(() => latentScatter([{x: "0", y: 0, label: 1}] as never)).toThrow('invalid points[0].x: "0"; expected a number');
    expect(() => latentScatter(points, {domain: [1, -1]})).toThrow("invalid domain: [1, -1]; expected [lo, hi] with finite lo < hi");
    expect(() => latentScatter(points, {value: 9})).toThrow("invalid value: 9; expected an integer in [0, 5]");
  });
});

describe("latentDomain", () => {
  test("latentDomain(points) is symmetric, nice and covers every point", () => {
    expect(latentDomain([{x: 2.3, y: -0.4, label: 0}])).toEqual([-2.5, 2.5]);
    expect(latentDomain([])).toEqual([-1, 1]);
  });
});

describe("nearestInDirection", () => {
  test("nearestInDirection(px, py, from, 1, 0) finds the nearest point to the right within 45°", () => {
    const X = [0, 10, 5, 3];
    const Y = [0, 0, 6, 0.5];
    expect(nearestInDirection(X, Y, 0, 1, 0)).toBe(3);
    expect(nearestInDirection(X, Y, 1, 1, 0)).toBe(-1);
    expect(nearestInDirection(X, Y, 0, 0, 1)).toBe(2);
  });
});

describe("describeLatent", () => {
  test("describeLatent(points) starts with the count", () => {
    expect(describeLatent(points.slice(0, 1))).toMatch(/^1 held-out digit\. Count per digit class: 0: 1\./);
  });
});
