// The β-VAE lab's controls: β (log slider and exact number), objective, the factors that vary, run length, a β sweep, and the model's
// shape under "Model". A typed value is checked with the lab's own check before it is sent; a bad one is refused
// with a message naming it and the control goes back to the last good value.
import {BETA_RANGE, betaVaeSpec, type BetaVaeSettings, type FactorSet} from "../labs/betaVaeSpec.js";
import {fmt} from "../viz/a11y.js";
import {field} from "./kit/kit.js";
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

  const objective = document.createElement("select");
  objective.innerHTML = `<option value="beta-vae">β-VAE: recon + β·KL</option><option value="beta-tcvae">β-TCVAE: recon + MI + β·TC + dwKL</option>`;
  objective.addEventListener("change", () => apply({objective: objective.value as BetaVaeSettings["objective"]}));

  const factors = document.createElement("select");
  factors.innerHTML = `<option value="position">x and y position</option><option value="position-scale">position and scale</option><option value="all">all five factors</option>`;
  factors.addEventListener("change", () => apply({factors: factors.value as FactorSet}));
  const factorsNote = document.createElement("small");
  factorsNote.textContent = "Changing it rebuilds the lab.";

  const steps = input("number", {min: "10", max: "100000", step: "50"});
  steps.addEventListener("change", () => apply({runSteps: Number(steps.value)}));
  const stepsNote = document.createElement("small");
  stepsNote.textContent = "Changing it rebuilds the lab.";

  const sweep = input("checkbox", {});
  const sweepLabel = document.createElement("label");
  sweepLabel.append(sweep, ` When a run ends, start the next β of ${SWEEP_BETAS.join(", ")}`);
  const sweepDiv = document.createElement("div");
  sweepDiv.className = "lab-field";
  sweepDiv.append(sweepLabel);

  main.append(
    field("β (log scale)", slider, betaNote),
    field("β, exactly", number),
    field("Objective", objective),
    field("Factors that vary", factors, factorsNote),
    field("Steps per run", steps, stepsNote),
    sweepDiv
  );

  const details = document.createElement("details");
  const summary = document.createElement("summary");
  summary.textContent = "Model and seed (changing them rebuilds the lab and clears the points)";
  const more = document.createElement("div");
  more.className = "lab-controls";
  const latent = input("number", {min: "2", max: "16", step: "1"});
  const hidden = input("number", {min: "16", max: "1024", step: "16"});
  const lr = input("number", {min: "0.00001", max: "0.05", step: "any"});
  const seed = input("number", {min: "0", max: "1000000000", step: "1"});
  latent.addEventListener("change", () => apply({latentDim: Number(latent.value)}));
  hidden.addEventListener("change", () => apply({hiddenDim: Number(hidden.value)}));
  lr.addEventListener("change", () => apply({lr: Number(lr.value)}));
  seed.addEventListener("change", () => apply({seed: Number(seed.value)}));
  more.append(field("Latent dimensions", latent), field("Hidden units", hidden), field("Learning rate (Adam)", lr), field("Seed", seed));
  details.append(summary, more);
  element.append(main, details);

  function show(s: BetaVaeSettings): void {
    good = {...s};
    slider.value = String(Math.log2(s.beta));
    slider.setAttribute("aria-valuetext", `β = ${fmt(s.beta, 2)}`);
    betaNote.textContent = `β = ${fmt(s.beta, 2)}`;
    number.value = String(s.beta);
    objective.value = s.objective;
    factors.value = s.factors;
    steps.value = String(s.runSteps);
    latent.value = String(s.latentDim);
    hidden.value = String(s.hiddenDim);
    lr.value = String(s.lr);
    seed.value = String(s.seed);
  }
  show(good);
  return {element, sweeping: () => sweep.checked, show};
}
