// Labelled form fields for the collapse chapters' widgets, in the lab stylesheet's classes (labStyle.ts).
import {uid} from "../viz/a11y.js";

/** A `.lab-field` with a label bound to `input`, and an optional note under it. */
export function field(labelText: string, input: HTMLElement, note?: HTMLElement): HTMLDivElement {
  const div = document.createElement("div");
  div.className = "lab-field";
  const label = document.createElement("label");
  label.textContent = labelText;
  input.id ||= uid("lab-input");
  label.htmlFor = input.id;
  div.append(label, input);
  if (note) div.append(note);
  return div;
}

/** A number input with its bounds and step. */
export function numberInput(value: number, min: number, max: number, step: number | "any"): HTMLInputElement {
  const input = document.createElement("input");
  Object.assign(input, {type: "number", value: String(value), min: String(min), max: String(max), step: String(step)});
  input.inputMode = "decimal";
  return input;
}

/** A select of `[value, text]` options. */
export function select(options: readonly (readonly [string, string])[], value: string): HTMLSelectElement {
  const s = document.createElement("select");
  for (const [v, text] of options) {
    const o = document.createElement("option");
    o.value = v;
    o.textContent = text;
    s.append(o);
  }
  s.value = value;
  return s;
}
