// @vitest-environment jsdom
import {describe, expect, test, vi} from "vitest";
import {digitOptionText, digitPicker} from "../../../src/viz/digitPicker.js";
import {flatImages, noCanvasContext, recordingCanvasContext} from "./helpers.js";

const images = flatImages([0.1, 0.2, 0.3, 0.4, 0.5], 28);
const labels = Uint8Array.of(7, 2, 7, 1, 2);

function choose(el: HTMLElement, index: number): void {
  const select = el.querySelector("select")!;
  select.value = String(index);
  select.dispatchEvent(new Event("input", {bubbles: true}));
  select.dispatchEvent(new Event("change", {bubbles: true}));
}

describe("digitPicker", () => {
  test("digitPicker(images, labels) offers every digit as \"digit 7 (#0)\", grouped by class", () => {
    noCanvasContext();
    const el = digitPicker(images, labels);
    expect(el.value).toBe(0);
    const groups = [...el.querySelectorAll("optgroup")].map((g) => [g.label, [...g.querySelectorAll("option")].map((o) => o.textContent)]);
    expect(groups).toEqual([
      ["digit 1", ["digit 1 (#3)"]],
      ["digit 2", ["digit 2 (#1)", "digit 2 (#4)"]],
      ["digit 7", ["digit 7 (#0)", "digit 7 (#2)"]]
    ]);
  });

  test("digitPicker(images, labels, {label}) labels its select", () => {
    noCanvasContext();
    const el = digitPicker(images, labels, {label: "From"});
    const label = el.querySelector("label")!;
    expect(label.textContent).toBe("From");
    expect(label.htmlFor).toBe(el.querySelector("select")!.id);
    expect(el.querySelector("canvas")!.getAttribute("aria-hidden")).toBe("true");
  });

  test("digitPicker(images, labels) updates .value before its input event reaches a view() listener", () => {
    noCanvasContext();
    const el = digitPicker(images, labels);
    document.body.append(el);
    const seen: number[] = [];
    el.addEventListener("input", () => seen.push(el.value)); // what Framework's view() does
    const onBody = vi.fn();
    document.body.addEventListener("input", onBody);
    choose(el, 3);
    expect(el.value).toBe(3);
    expect(seen).toEqual([3]);
    expect(onBody).toHaveBeenCalledTimes(1);
  });

  test("digitPicker(images, labels) redraws the thumbnail with the chosen digit", () => {
    const {calls} = recordingCanvasContext();
    const el = digitPicker(images, labels, {scale: 1});
    choose(el, 4);
    // 255·(1 − 0.5) = 127.5 → 128
    expect(calls.at(-1)!.data[0]).toBe(128);
  });

  test("digitPicker(images, labels).value = 2 selects without an input event", () => {
    noCanvasContext();
    const el = digitPicker(images, labels);
    const onInput = vi.fn();
    el.addEventListener("input", onInput);
    el.value = 2;
    expect(el.value).toBe(2);
    expect(el.querySelector("select")!.value).toBe("2");
    expect(onInput).not.toHaveBeenCalled();
  });

  test("digitPicker(images, labels, {indices, value, groupByClass: false}) offers only those, in order", () => {
    noCanvasContext();
    const el = digitPicker(images, labels, {indices: [4, 1], value: 1, groupByClass: false});
    expect(el.value).toBe(1);
    expect([...el.querySelectorAll("option")].map((o) => o.textContent)).toEqual(["digit 2 (#4)", "digit 2 (#1)"]);
    expect(() => (el.value = 0)).toThrow("invalid value: 0; expected one of the offered indices");
  });

  test("digitPicker(bad input) names the bad value", () => {
    noCanvasContext();
    expect(() => digitPicker(images, [1, 2])).toThrow("invalid labels: length 2; expected length 5");
    expect(() => digitPicker(images, labels, {indices: [9]})).toThrow("invalid indices[0]: 9; expected an integer in [0, 4]");
    expect(() => digitPicker(images, labels, {indices: [1], value: 2})).toThrow("invalid value: 2; expected one of the offered indices");
  });
});

describe("digitOptionText", () => {
  test("digitOptionText(7, 12) is \"digit 7 (#12)\"", () => {
    expect(digitOptionText(7, 12)).toBe("digit 7 (#12)");
  });
});
