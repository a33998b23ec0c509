// The labs' form elements and panels, in the lab stylesheet's classes (labStyle.ts): one copy for every lab widget.
import {uid} from "../../viz/a11y.js";

/** An element with its properties and children: `el("button", {type: "button", textContent: "Save"})`. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...children);
  return e;
}

/** Sets a text only when it differs: the same text set again still replaces the node and relays the page out. */
export function setText(el: HTMLElement, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

/** A `.lab-field`: a label bound to `input`, and an optional note under it that describes the input. */
export function field(labelText: string, input: HTMLElement, note?: HTMLElement): HTMLDivElement {
  const div = document.createElement("div");
  div.className = "lab-field";
  const label = document.createElement("label");
  label.textContent = labelText;
  input.id ||= uid("lab-input");
  label.htmlFor = input.id;
  div.append(label, input);
  if (note) {
    note.id ||= uid("lab-note");
    input.setAttribute("aria-describedby", note.id);
    div.append(note);
  }
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

/** A `.lab-panel` of views under a heading: h4 by default, h3 for a lab that sits directly under a chapter's h2. */
export function panel(heading: string, children: HTMLElement[], level: 3 | 4 = 4): HTMLElement {
  const div = document.createElement("div");
  div.className = "lab-panel";
  const h = document.createElement(`h${level}`);
  h.textContent = heading;
  div.append(h, ...children);
  return div;
}
