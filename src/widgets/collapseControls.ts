// Labelled form fields for the collapse chapters' widgets, in the lab stylesheet's classes (labStyle.ts).
import {uid} from "../viz/a11y.js";
import {addStyleOnce} from "./styleSheet.js";

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

const css = `
.collapse-compare { font: 14px/1.45 system-ui, sans-serif; max-width: 1100px; margin: 1rem 0 1.5rem; }
.collapse-compare form { align-items: end; border: 1px solid var(--theme-foreground-faint, #c9ccd1); border-radius: 8px; padding: 10px 14px; }
.collapse-compare form button { font: inherit; font-weight: 600; padding: 6px 14px; border-radius: 6px; border: 1px solid #1d4e89; background: #1d4e89; color: #fff; cursor: pointer; }
.collapse-compare button:focus-visible, .collapse-compare select:focus-visible, .collapse-compare input:focus-visible { outline: 3px solid #0a66c2; outline-offset: 2px; }
.collapse-compare figcaption { color: var(--theme-foreground-muted, #4a4f57); }
`;

/** The comparison widget's few rules beyond the lab stylesheet, added once. */
export function ensureCollapseStyle(doc: Document = document): void {
  addStyleOnce("vae-collapse-style", css, doc);
}
