// Labelled controls for the ELBO chapter's widgets: a slider paired with a number box (both keyboard-operable,
// both named), and a labelled select. A typed value outside the range is clamped and the box says so; a value
// that is not a number is refused and the previous one comes back.

let uid = 0;

/** A slider + number box for one number. */
export interface SliderSpec {
  /** The visible label, e.g. "m, mean of q". */
  label: string;
  min: number;
  max: number;
  /** Slider step in the value's units (ignored when `log`). */
  step: number;
  value: number;
  /** A logarithmic slider (for variances); the box still takes the value itself. Default false. */
  log?: boolean;
  /** Decimals shown in the box (significant digits when `log`). Default 2. */
  digits?: number;
}

/** The element `sliderField` returns. */
export interface SliderField extends HTMLDivElement {
  /** The current value. */
  readonly value: number;
  /** Shows `v` (clamped to the range) without calling `onInput`. */
  set(v: number): void;
}

/** A `<div class="elbo-field">` with label, slider and number box; `onInput(v)` runs on every change by the reader. */
export function sliderField(spec: SliderSpec, onInput: (v: number) => void): SliderField {
  const {label, min, max, step, log = false, digits = 2} = spec;
  if (!(min < max) || (log && min <= 0)) throw new Error(`invalid range for ${label}: [${min}, ${max}]`);
  const id = `elbo-field-${++uid}`;
  const wrap = document.createElement("div") as unknown as SliderField;
  wrap.className = "elbo-field";
  const text = document.createElement("label");
  text.htmlFor = `${id}-range`;
  text.textContent = label;
  const range = document.createElement("input");
  range.type = "range";
  range.id = `${id}-range`;
  const box = document.createElement("input");
  box.type = "number";
  box.id = `${id}-box`;
  box.setAttribute("aria-label", `${label}, typed value`);
  box.min = String(min);
  box.max = String(max);
  box.step = "any";
  box.inputMode = "decimal";
  const note = document.createElement("small");
  note.id = `${id}-note`;
  note.setAttribute("aria-live", "polite");
  box.setAttribute("aria-describedby", note.id);
  const toPos = (v: number) => (log ? Math.log10(v) : v);
  const fromPos = (p: number) => (log ? Number(Math.pow(10, p).toPrecision(3)) : p);
  if (log) {
    range.min = String(Math.log10(min));
    range.max = String(Math.log10(max));
    range.step = String((Math.log10(max) - Math.log10(min)) / 300);
  } else {
    range.min = String(min);
    range.max = String(max);
    range.step = String(step);
  }
  const show = (v: number) => (log ? Number(v.toPrecision(digits)).toString() : v.toFixed(digits));
  let value = spec.value;
  const set = (v: number) => {
    value = Math.min(max, Math.max(min, v));
    range.value = String(toPos(value));
    range.setAttribute("aria-valuetext", show(value));
    box.value = show(value);
  };
  set(value);
  range.addEventListener("input", () => {
    set(fromPos(Number(range.value)));
    note.textContent = "";
    box.removeAttribute("aria-invalid");
    onInput(value);
  });
  box.addEventListener("change", () => {
    const raw = box.value.trim();
    const v = Number(raw);
    if (raw === "" || !Number.isFinite(v)) {
      box.setAttribute("aria-invalid", "true");
      note.textContent = `“${raw}” is not a number; kept ${show(value)}.`;
      set(value);
      return;
    }
    box.removeAttribute("aria-invalid");
    note.textContent = v < min || v > max ? `${label} runs from ${min} to ${max}; set to ${show(Math.min(max, Math.max(min, v)))}.` : "";
    set(v);
    onInput(value);
  });
  wrap.append(text, range, box, note);
  Object.defineProperty(wrap, "value", {get: () => value});
  wrap.set = set;
  return wrap;
}

/** A labelled `<select>` inside a `<div class="elbo-field">`; `onInput(value)` runs when the reader picks one. */
export function selectField(label: string, options: readonly {value: string; label: string}[], value: string, onInput: (v: string) => void): HTMLDivElement & {select: HTMLSelectElement} {
  const id = `elbo-field-${++uid}`;
  const wrap = document.createElement("div") as HTMLDivElement & {select: HTMLSelectElement};
  wrap.className = "elbo-field";
  const text = document.createElement("label");
  text.htmlFor = id;
  text.textContent = label;
  const select = document.createElement("select");
  select.id = id;
  for (const o of options) select.append(Object.assign(document.createElement("option"), {value: o.value, textContent: o.label}));
  select.value = value;
  select.addEventListener("change", () => onInput(select.value));
  wrap.append(text, select);
  wrap.select = select;
  return wrap;
}
