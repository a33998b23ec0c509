// The VQ labs' controls, from a list of fields: a select, a number, a text or a checkbox per setting. A typed value
// is checked with the lab's own check before it is sent; a bad one is refused with a message naming it and the
// control goes back to the last good value. `show(settings)` follows what the lab confirmed.
import type {LabSpec} from "../train/lab.js";
import {uid} from "../viz/a11y.js";
import type {LabClient} from "./runtime/labClient.js";

export interface VqField<S> {
  key: keyof S & string;
  label: string;
  kind: "select" | "number" | "text" | "checkbox";
  /** [value, text] pairs of a select. */
  options?: readonly (readonly [string, string])[];
  /** Attributes of a number input: min, max, step. */
  attrs?: Record<string, string>;
  /** A short note under the control. */
  note?: string;
}

export interface VqControls<S> {
  element: HTMLElement;
  show(s: S): void;
}

export function vqControls<S extends object, V>(client: LabClient<S, V>, spec: LabSpec<S>, initial: S, fields: readonly VqField<S>[]): VqControls<S> {
  let good = {...initial};
  const element = document.createElement("div");
  element.className = "lab-controls";
  const inputs = new Map<string, HTMLInputElement | HTMLSelectElement>();

  const apply = (changes: Partial<S>) => {
    const bad = spec.check({...good, ...changes});
    if (bad) {
      client.notice("error", `${bad}. Kept ${Object.keys(changes).map((k) => `${k} = ${String(good[k as keyof S])}`).join(", ")}.`);
      show(good);
      return;
    }
    good = {...good, ...changes};
    client.set(changes);
  };

  for (const f of fields) {
    const div = document.createElement("div");
    div.className = "lab-field";
    let el: HTMLInputElement | HTMLSelectElement;
    if (f.kind === "select") {
      el = document.createElement("select");
      for (const [value, text] of f.options ?? []) el.append(new Option(text, value));
    } else {
      el = document.createElement("input");
      el.type = f.kind;
      for (const [k, v] of Object.entries(f.attrs ?? {})) el.setAttribute(k, v);
    }
    el.id = uid("lab-input");
    const label = document.createElement("label");
    label.htmlFor = el.id;
    label.textContent = f.label;
    if (f.kind === "checkbox") {
      el.style.width = "auto";
      label.prepend(el);
      label.setAttribute("style", "display:flex;align-items:center;gap:6px;margin-top:1.3em");
      div.append(label);
    } else {
      div.append(label, el);
    }
    if (f.note) {
      const note = document.createElement("small");
      note.id = uid("lab-note");
      note.textContent = f.note;
      el.setAttribute("aria-describedby", note.id);
      div.append(note);
    }
    el.addEventListener("change", () => {
      const input = el as HTMLInputElement;
      const value = f.kind === "checkbox" ? input.checked
        : f.kind === "number" ? (input.value.trim() === "" ? NaN : Number(input.value))
        : el.value;
      apply({[f.key]: value} as Partial<S>);
    });
    inputs.set(f.key, el);
    element.append(div);
  }

  function show(s: S): void {
    good = {...s};
    for (const f of fields) {
      const el = inputs.get(f.key)!, v = s[f.key];
      if (f.kind === "checkbox") (el as HTMLInputElement).checked = Boolean(v);
      else el.value = String(v);
    }
  }
  show(initial);
  return {element, show};
}
