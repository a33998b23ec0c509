// The β-VAE lab's controls: β (log slider and exact number), objective, the factors that vary, run length, a β sweep, and the model's
// shape under "Model". A typed value is checked with the lab's own check before it is sent; a bad one is refused
// with a message naming it and the control goes back to the last good value.
import {BETA_RANGE, betaVaeSpec, type BetaVaeSettings} from "../labs/betaVaeSpec.js";
import {fmt} from "../viz/a11y.js";
import {field} from "./kit/kit.js";
import {schemaControls} from "./kit/schemaControls.js";
import type {LabClient} from "./runtime/labClient.js";

/** The β values a sweep steps through, in order. */
export const SWEEP_BETAS = [0.5, 1, 2, 4, 8, 16] as const;

export interface BetaVaeControls {
  element: HTMLElement;
  /** Is the sweep box ticked? */
  sweeping(): boolean;
  /** Shows the settings the lab confirmed. */
  show(s: BetaVaeSettings): void;
}

function input(type: string, attrs: Record<string, string>): HTMLInputElement {
  const el = document.createElement("input");
  el.type = type;
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  return el;
}

export function betaVaeControls<V>(client: LabClient<BetaVaeSettings, V>, initial: BetaVaeSettings): BetaVaeControls {
  let good = {...initial};
  const element = document.createElement("div");
  const main = document.createElement("div");
  main.className = "lab-controls";

  /** Sends `changes` if the merged settings pass the check; else says why and restores the controls. */
  const apply = (changes: Partial<BetaVaeSettings>) => {
    const bad = betaVaeSpec.check({...good, ...changes});
    if (bad) {
      client.notice("error", `${bad}. Kept ${Object.keys(changes).map((k) => `${k} = ${good[k as keyof BetaVaeSettings]}`).join(", ")}.`);
      show(good);
      return;
    }
    good = {...good, ...changes};
    client.set(changes);
    show(good);
  };

  const slider = input("range", {min: String(Math.log2(0.25)), max: "4", step: "0.25"});
  const betaNote = document.createElement("small");
  const number = input("number", {min: String(BETA_RANGE[0]), max: String(BETA_RANGE[1]), step: "any", inputmode: "decimal"});
  slider.addEventListener("input", () => { betaNote.textContent = `β = ${fmt(2 ** Number(slider.value), 2)} (release to start a run)`; });
  slider.addEventListener("change", () => apply({beta: +(2 ** Number(slider.value)).toFixed(4)}));
  number.addEventListener("change", () => apply({beta: number.value.trim() === "" ? NaN : Number(number.value)}));

  const sweep = input("checkbox", {});
  const sweepLabel = document.createElement("label");
  sweepLabel.append(sweep, ` When a run ends, start the next β of ${SWEEP_BETAS.join(", ")}`);
  sweep.style.width = "auto"; // the box before its text, as the kit's switches are
  sweepLabel.setAttribute("style", "display:flex;align-items:center;gap:6px;margin-top:1.3em");
  const sweepDiv = document.createElement("div");
  sweepDiv.className = "lab-field";
  sweepDiv.append(sweepLabel);

  main.append(field("β (log scale)", slider, betaNote), field("β, exactly", number));
  // the rest from the lab's schema: objective, factors and run length here, the model and seed under "Model"
  const runs = schemaControls(betaVaeSpec, client, initial, ["objective", "factors", "runSteps"]);
  main.append(...runs.element.children, sweepDiv);

  const details = document.createElement("details");
  const summary = document.createElement("summary");
  summary.textContent = "Model and seed (changing them rebuilds the lab and clears the points)";
  const model = schemaControls(betaVaeSpec, client, initial, ["latentDim", "hiddenDim", "lr", "seed"]);
  details.append(summary, model.element);
  element.append(main, details);

  function show(s: BetaVaeSettings): void {
    good = {...s};
    slider.value = String(Math.log2(s.beta));
    slider.setAttribute("aria-valuetext", `β = ${fmt(s.beta, 2)}`);
    betaNote.textContent = `β = ${fmt(s.beta, 2)}`;
    number.value = String(s.beta);
    runs.show(s);
    model.show(s);
  }
  show(good);
  return {element, sweeping: () => sweep.checked, show};
}
