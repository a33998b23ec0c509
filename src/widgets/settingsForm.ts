// The labelled controls of a trainer: every setting a reader may change, typed or chosen, checked before it is sent.
// A bad value gets a message beside its control and the previous value comes back; nothing is sent.
import {BACKENDS} from "../train/backendNames.js";
import {settingsError, type Settings} from "../train/vaeSettings.js";

type NumericKey = "latentDim" | "beta" | "lr" | "batchSize" | "seed";

interface Field {
  key: NumericKey;
  label: string;
  min: number;
  max: number;
  step: string;
  hint: string;
}

export const fields: Field[] = [
  {key: "latentDim", label: "Latent dimension", min: 1, max: 64, step: "1", hint: "1–64; 2 shows the latent map. Resets."},
  {key: "beta", label: "β (KL weight)", min: 0, max: 100, step: "any", hint: "0–100; 1 is the ELBO."},
  {key: "lr", label: "Learning rate", min: 1e-6, max: 1, step: "any", hint: "Adam; 1e-3 is a good start."},
  {key: "batchSize", label: "Batch size", min: 1, max: 1024, step: "1", hint: "1–1024. Resets."},
  {key: "seed", label: "Seed", min: 0, max: 2147483647, step: "1", hint: "Weights, batches and ε. Resets."}
];

export const speeds: [number, string][] = [[0, "as fast as possible"], [20, "20 steps/s"], [5, "5 steps/s"], [1, "1 step/s"]];

let uid = 0;

export interface SettingsForm extends HTMLElement {
  /** Shows `s` in the controls (after the worker confirms or reverts a change). */
  show(s: Settings): void;
}

/** The form; `onChange` receives one checked change at a time. */
export function settingsForm(initial: Settings, onChange: (change: Partial<Settings>) => void, owner = ""): SettingsForm {
  const form = document.createElement("form") as unknown as SettingsForm;
  form.className = "trainer-settings";
  form.setAttribute("aria-label", owner ? `Settings of the ${owner}` : "Settings"); // unique when a page has two trainers
  form.addEventListener("submit", (e) => e.preventDefault());
  const id = `ts${++uid}`;
  let current = initial;
  const inputs = new Map<keyof Settings, HTMLInputElement | HTMLSelectElement>();

  const row = (labelText: string, control: HTMLInputElement | HTMLSelectElement, hint: string, key: keyof Settings) => {
    const wrap = document.createElement("div");
    wrap.className = "trainer-field";
    control.id = `${id}-${key}`;
    const label = document.createElement("label");
    label.htmlFor = control.id;
    label.textContent = labelText;
    const note = document.createElement("small");
    note.id = `${control.id}-note`;
    note.textContent = hint;
    control.setAttribute("aria-describedby", note.id);
    wrap.append(label, control, note);
    form.append(wrap);
    inputs.set(key, control);
    const reject = (message: string) => {
      control.setAttribute("aria-invalid", "true");
      note.textContent = `${message}. Kept ${String(current[key])}.`;
      note.className = "trainer-error";
      control.value = String(current[key]);
    };
    control.addEventListener("change", () => {
      const raw = control.value.trim();
      const value = control instanceof HTMLSelectElement && key === "backend" ? raw : Number(raw);
      if (raw === "" || (typeof value === "number" && !Number.isFinite(value))) return reject(`${labelText}: “${raw}” is not a number`);
      const change = {[key]: value} as Partial<Settings>;
      const error = settingsError({...current, ...change});
      if (error) return reject(error);
      control.removeAttribute("aria-invalid");
      note.textContent = hint;
      note.className = "";
      onChange(change);
    });
  };

  for (const f of fields) {
    const input = document.createElement("input");
    input.type = "number";
    input.inputMode = "decimal";
    Object.assign(input, {min: String(f.min), max: String(f.max), step: f.step, value: String(initial[f.key])});
    row(f.label, input, f.hint, f.key);
  }
  const backend = document.createElement("select");
  for (const b of ["auto", ...BACKENDS]) backend.append(new Option(b === "auto" ? "auto (fastest measured)" : b, b));
  backend.value = initial.backend;
  row("Backend", backend, "Each backend is self-tested against the CPU first.", "backend");
  const speed = document.createElement("select");
  for (const [v, text] of speeds) speed.append(new Option(text, String(v)));
  speed.value = String(initial.speed);
  row("Speed", speed, "Slow it down to watch each step.", "speed");

  form.show = (s: Settings) => {
    current = s;
    for (const [key, control] of inputs) if (document.activeElement !== control) control.value = String(s[key]);
  };
  return form;
}
