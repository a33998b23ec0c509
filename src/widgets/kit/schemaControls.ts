// A lab's controls made from its settings schema (train/settingsSchema.ts): a number field, a select of choices, a
// checkbox or a text field per setting, labelled and described as the schema says. A changed value is checked with the
// lab's own check before it is sent, so a typed value gets the rule and the message a linked one gets; a refused value
// is named in a message and the control goes back to the last good value.
import type {SchemaSpec, Setting} from "../../train/settingsSchema.js";
import {field, numberInput, select} from "./kit.js";
import type {Notice} from "../runtime/labClient.js";

/** What the controls need of a lab's client. */
export interface SettingsClient<S extends object> {
  set(changes: Partial<S>): void;
  notice(level: Notice["level"], text: string): void;
}

export interface SchemaControls<S extends object> {
  element: HTMLElement;
  /** Shows the settings the lab confirmed. */
  show(settings: S): void;
}

type Control = HTMLInputElement | HTMLSelectElement;

function control(f: Setting, value: unknown): Control {
  switch (f.kind) {
    case "number": return numberInput(value as number, f.min, f.max, f.integer ? 1 : "any");
    case "choice": return select(f.values.map((v) => [String(v), f.names?.[String(v)] ?? String(v)] as const), String(value));
    case "boolean": {
      const box = document.createElement("input");
      box.type = "checkbox";
      box.checked = value as boolean;
      return box;
    }
    case "text": {
      const input = document.createElement("input");
      Object.assign(input, {type: "text", value: String(value), maxLength: f.maxLength, spellcheck: false});
      return input;
    }
  }
}

/** The value a control holds, as its setting's type ("" in a number field is NaN, which the check names). */
function read(f: Setting, c: Control): unknown {
  if (f.kind === "boolean") return (c as HTMLInputElement).checked;
  if (f.kind === "number") return c.value.trim() === "" ? NaN : Number(c.value);
  if (f.kind === "choice") return f.values.find((v) => String(v) === c.value) ?? c.value;
  return c.value;
}

function write(f: Setting, c: Control, value: unknown): void {
  if (f.kind === "boolean") (c as HTMLInputElement).checked = value as boolean;
  else if (c.value !== String(value)) c.value = String(value);
}

/** Controls for `keys` of the spec's schema (all of them by default), starting from `initial`. */
export function schemaControls<S extends object>(spec: SchemaSpec<S>, client: SettingsClient<S>, initial: S, keys = Object.keys(spec.schema) as (keyof S & string)[]): SchemaControls<S> {
  let good = {...initial};
  const element = document.createElement("div");
  element.className = "lab-controls";
  const controls = new Map<keyof S & string, Control>();
  for (const key of keys) {
    const f = spec.schema[key];
    const c = control(f, good[key]);
    const noteText = [f.hint, f.rebuild ? "Restarts the run." : ""].filter(Boolean).join(" ");
    const note = noteText ? Object.assign(document.createElement("small"), {textContent: noteText}) : undefined;
    c.addEventListener("change", () => {
      const change = {[key]: read(f, c)} as Partial<S>;
      const bad = spec.check({...good, ...change});
      c.setAttribute("aria-invalid", String(!!bad));
      if (bad) {
        client.notice("error", `${bad}. Kept ${key} = ${String(good[key])}.`);
        write(f, c, good[key]);
        return;
      }
      good = {...good, ...change};
      client.set(change);
    });
    controls.set(key, c);
    const div = field(f.label, c, note);
    if (f.kind === "boolean") { // the box before its label, in the label (a larger target)
      const label = div.querySelector("label")!;
      c.style.width = "auto";
      label.prepend(c);
      label.setAttribute("style", "display:flex;align-items:center;gap:6px;margin-top:1.3em");
    }
    element.append(div);
  }
  const show = (settings: S) => {
    good = {...settings};
    for (const [key, c] of controls) {
      if (document.activeElement !== c) write(spec.schema[key], c, settings[key]);
      c.setAttribute("aria-invalid", "false");
    }
  };
  return {element, show};
}
