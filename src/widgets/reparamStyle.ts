// The stylesheet of the widgets of the chapter "The reparameterisation trick" (estimator lab, fit comparison,
// step walkthrough, computation graph box), added to the document once. Each widget is a light box whatever the
// page's colour scheme, so that the chart colours keep their measured contrast on white.
import {addStyleOnce} from "./kit/styleSheet.js";
const css = `
.rp-box { contain: layout style; color-scheme: light; border: 1px solid #c9ccd1; border-radius: 8px; padding: 12px 14px; margin: 1rem 0 1.5rem; background: #fff; color: #1b1e23; max-width: 1100px; font: 14px/1.45 system-ui, sans-serif; }
.rp-box [hidden] { display: none !important; }
.rp-box h3 { margin: 10px 0 4px; font: 600 14px/1.3 system-ui, sans-serif; color: inherit; }
.rp-controls { display: flex; flex-wrap: wrap; gap: 10px 18px; align-items: flex-end; margin: 0 0 10px; }
.rp-field { display: flex; flex-direction: column; gap: 2px; min-width: 0; }
.rp-field > label, .rp-field > span.rp-label, .rp-controls legend { font-weight: 600; }
.rp-field input[type=number], .rp-field select { font: inherit; padding: 3px 6px; border: 1px solid #8a9099; border-radius: 4px; background: #fff; color: inherit; }
.rp-field input[type=number] { width: 8.5rem; }
.rp-field select { width: auto; max-width: 100%; }
.rp-field input[type=range] { width: 10rem; accent-color: #1d4e89; }
.rp-field output { font-variant-numeric: tabular-nums; }
.rp-field small { color: #4a4f57; font-size: 12px; }
.rp-field input[aria-invalid="true"] { border-color: #b3261e; }
.rp-controls fieldset { border: 0; padding: 0; margin: 0; display: flex; flex-direction: column; gap: 2px; }
.rp-controls fieldset label { font-weight: normal; margin-right: 10px; }
.rp-field.rp-check { flex-direction: row; align-items: center; gap: 6px; align-self: center; }
.rp-bar { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; margin: 4px 0 8px; }
.rp-bar button { font: inherit; font-weight: 600; padding: 6px 14px; border-radius: 6px; border: 1px solid #3d5a80; background: #f3f6fa; color: #1d3557; cursor: pointer; min-width: 4.5rem; }
.rp-bar button.rp-primary { background: #1d4e89; border-color: #1d4e89; color: #fff; }
.rp-bar button[aria-pressed="true"] { background: #8a3b12; border-color: #8a3b12; color: #fff; }
.rp-bar button:disabled { opacity: .55; cursor: default; }
.rp-box button:focus-visible, .rp-box select:focus-visible, .rp-box input:focus-visible { outline: 3px solid #0a66c2; outline-offset: 2px; }
.rp-status { font-variant-numeric: tabular-nums; color: #30343b; }
.rp-note { color: #30343b; margin: 4px 0 8px; max-width: 70ch; }
.rp-warning { background: #fff4dc; padding: 4px 8px; border-radius: 4px; }
.rp-error { background: #fde8e8; color: #8b1a1a; padding: 4px 8px; border-radius: 4px; }
.rp-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 320px), 1fr)); gap: 10px 20px; align-items: start; }
.rp-stack { display: flex; flex-direction: column; gap: 4px; }
.rp-stack figure { margin: 0 !important; }
.rp-grid svg, .rp-box figure svg { max-width: 100%; height: auto; }
.rp-table-wrap { overflow-x: auto; max-width: 100%; }
.rp-table-wrap:focus-visible { outline: 3px solid #0a66c2; outline-offset: 2px; }
.rp-box table { border-collapse: collapse; font-size: 13px; font-variant-numeric: tabular-nums; margin: 4px 0 10px; }
.rp-box caption { text-align: left; color: #30343b; padding-bottom: 4px; caption-side: top; }
.rp-box th, .rp-box td, .rp-box caption, .rp-box label, .rp-box legend, .rp-box dt, .rp-box dd, .rp-box p, .rp-box figcaption { color: #1b1e23; }
.rp-box th, .rp-box td { text-align: right; padding: 3px 10px 3px 0; border-bottom: 1px solid #e3e5e8; white-space: nowrap; }
.rp-box th:first-child, .rp-box td:first-child { text-align: left; }
.rp-box thead th { border-bottom: 1px solid #8a9099; }
.rp-swatch { display: inline-block; width: 22px; height: 0; border-top: 3px solid; vertical-align: middle; margin-right: 6px; }
.rp-row { display: flex; flex-wrap: wrap; gap: 12px 28px; align-items: flex-start; }
.rp-numbers { margin: 0; display: grid; grid-template-columns: max-content max-content; gap: 0 12px; font-variant-numeric: tabular-nums; }
.rp-numbers dt { font-weight: 600; }
.rp-numbers dd { margin: 0; text-align: right; }
.rp-notice { background: #fff4dc; border-radius: 4px; padding: 4px 8px; margin: 0 0 8px; max-width: none; }
.rp-box .trainer-share { margin: 10px 0 0; }
.rp-box .trainer-share summary { cursor: pointer; font-weight: 600; }
.rp-box .trainer-snippet { display: grid; grid-template-columns: 1fr auto; gap: 2px 8px; margin: 6px 0; }
.rp-box .trainer-snippet label { grid-column: 1 / -1; font-weight: 600; }
.rp-box .trainer-snippet textarea { font: 12px/1.4 ui-monospace, monospace; width: 100%; box-sizing: border-box; resize: vertical; background: #fff; color: #1b1e23; border: 1px solid #8a9099; }
.rp-box .trainer-snippet button { align-self: start; font: inherit; padding: 3px 10px; }
.rp-box .trainer-snippet [role=status] { grid-column: 1 / -1; font-size: 12px; color: #30343b; }
`;

export function ensureReparamStyle(doc: Document = document): void {
  addStyleOnce("vae-reparam-style", css, doc);
}

let counter = 0;

/** A document-unique id for the controls, `rp-1`, `rp-2`, … */
export function reparamId(): string {
  return `rp-${++counter}`;
}

/** `document.createElement(tag)` with properties and children. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...children);
  return e;
}

/** A horizontally scrollable wrapper for a wide table, reachable by keyboard (axe: scrollable-region-focusable). */
export function tableWrap(table: HTMLTableElement, label: string): HTMLDivElement {
  const wrap = el("div", {className: "rp-table-wrap", tabIndex: 0}, table);
  wrap.setAttribute("role", "region");
  wrap.setAttribute("aria-label", label);
  return wrap;
}

/** A labelled control: `<div class="rp-field"><label for=…>text</label>control<small>hint</small></div>`. */
export function field(labelText: string, control: HTMLInputElement | HTMLSelectElement, hint = ""): HTMLDivElement {
  control.id ||= reparamId();
  const label = el("label", {htmlFor: control.id, textContent: labelText});
  const wrap = el("div", {className: "rp-field"}, label, control);
  if (hint) {
    const note = el("small", {id: `${control.id}-hint`, textContent: hint});
    control.setAttribute("aria-describedby", note.id);
    wrap.append(note);
  }
  return wrap;
}

/** A number input clamped to [min, max] on change; calls `onChange` with the accepted value. */
export function numberInput(value: number, min: number, max: number, step: string, onChange: (v: number) => void): HTMLInputElement {
  const input = el("input", {type: "number", value: String(value), min: String(min), max: String(max), step});
  input.inputMode = "decimal";
  let current = value;
  input.addEventListener("change", () => {
    const v = Number(input.value.trim());
    if (input.value.trim() === "" || !Number.isFinite(v)) {
      input.value = String(current);
      return;
    }
    const clamped = Math.min(max, Math.max(min, step === "1" ? Math.round(v) : v));
    input.value = String(clamped);
    if (clamped !== current) {
      current = clamped;
      onChange(clamped);
    }
  });
  return input;
}

/** A range slider with its value shown in an <output>; `onInput` on every move. */
export function slider(labelText: string, value: number, min: number, max: number, step: number, format: (v: number) => string, onInput: (v: number) => void): HTMLDivElement {
  const input = el("input", {type: "range", min: String(min), max: String(max), step: String(step), value: String(value)});
  input.id = reparamId();
  const out = el("output", {textContent: format(value)});
  out.htmlFor.add(input.id);
  input.setAttribute("aria-valuetext", format(value));
  input.addEventListener("input", () => {
    const v = Number(input.value);
    out.textContent = format(v);
    input.setAttribute("aria-valuetext", format(v));
    onInput(v);
  });
  const label = el("label", {htmlFor: input.id});
  label.append(`${labelText} = `, out);
  return el("div", {className: "rp-field"}, label, input);
}
