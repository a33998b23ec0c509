// The linear-VAE widget of the chapter "Posterior collapse": a σ² slider and the data spectrum, the closed-form
// prediction (drawn at once, on the main thread, from the tf-free math) and the model training in a Worker
// (../labs/linearVae.ts). Moving σ² changes the running model without a reset: the trained KLs travel to the new
// prediction. The eigenvalues can be typed; a bad list is refused with a message and the last good one kept.
import {pcaCollapsePrediction} from "../math/linearVae.js";
import {linearVaeLabSpec, parseSpectrum, type LinearVaeLabSettings} from "../labs/linearVaeSpec.js";
import type {LinearVaeViews} from "../labs/linearVae.js";
import {fmt} from "../viz/a11y.js";
import {field} from "./collapseControls.js";
import {spectrumKl} from "../viz/spectrumKl.js";
import {labShell} from "./labShell.js";

export interface LinearVaeLabOptions extends Partial<LinearVaeLabSettings> {
  /** Accessible name and title. Default "Linear VAE: which directions collapse". */
  title?: string;
}

export interface LinearVaeLabElement extends HTMLElement {
  dispose(): void;
}

const SIGMA2_MIN = 0.05, SIGMA2_MAX = 5;

export function linearVaeLab(options: LinearVaeLabOptions = {}): LinearVaeLabElement {
  const {title = "Linear VAE: which directions collapse", ...initial} = options;
  const settings = {...linearVaeLabSpec.defaults, ...initial};
  const bad = linearVaeLabSpec.check(settings);
  if (bad) throw new Error(bad);
  let sigma2 = settings.sigma2;
  let eigenvalues = parseSpectrum(settings.spectrum);

  const shell = labShell<LinearVaeLabSettings, LinearVaeViews>({
    title,
    workerUrl: new URL(import.meta.resolve("../labs/linearVae.worker.js"), location.href),
    spec: linearVaeLabSpec,
    settings,
    dataUrl: null,
    render,
    describe: (c) => {
      const v = c.views;
      return v ? `−ELBO ${fmt(v.negElbo, 4)} (optimum ${fmt(v.optimum, 4)}) · ${v.active} of ${v.klPerDim.length} units active` : "";
    }
  });

  // Controls: σ² (live) and the eigenvalues (rebuild).
  const controls = document.createElement("div");
  controls.className = "lab-controls";
  const slider = document.createElement("input");
  Object.assign(slider, {type: "range", min: String(SIGMA2_MIN), max: String(SIGMA2_MAX), step: "0.05", value: String(sigma2)});
  const out = document.createElement("output");
  out.textContent = `σ² = ${fmt(sigma2, 2)}`;
  slider.setAttribute("aria-valuetext", `σ² = ${fmt(sigma2, 2)}`);
  slider.addEventListener("input", () => {
    sigma2 = Number(slider.value);
    out.textContent = `σ² = ${fmt(sigma2, 2)}`;
    slider.setAttribute("aria-valuetext", out.textContent);
    shell.client.set({sigma2});
    render(shell.client.views);
  });
  const spec = document.createElement("input");
  Object.assign(spec, {type: "text", value: settings.spectrum, spellcheck: false});
  const specNote = document.createElement("small");
  specNote.setAttribute("aria-live", "polite");
  specNote.textContent = "Press Enter to rebuild the data.";
  spec.addEventListener("change", () => {
    try {
      const ev = parseSpectrum(spec.value);
      eigenvalues = ev;
      specNote.textContent = `${ev.length} dimensions; rebuilt from step 0.`;
      spec.removeAttribute("aria-invalid");
      shell.client.set({spectrum: ev.join(", ")});
      render(null);
    } catch (e) {
      specNote.textContent = `${(e as Error).message}. Kept ${eigenvalues.join(", ")}.`;
      spec.setAttribute("aria-invalid", "true");
    }
  });
  controls.append(field("Observation variance σ²", slider, out), field("Data eigenvalues λ (comma-separated)", spec, specNote));

  const figure = spectrumKl(data(null), {caption: "Left: the data's variance along each principal direction. Right: the KL of each latent, predicted and trained."});
  const panel = document.createElement("div");
  panel.className = "lab-panel";
  panel.append(figure);
  shell.body.append(controls, panel);

  function data(v: LinearVaeViews | null) {
    const predicted = pcaCollapsePrediction(eigenvalues, sigma2).map((p) => p.kl);
    const fresh = v && v.eigenvalues.length === eigenvalues.length && v.eigenvalues.every((x, i) => x === eigenvalues[i]);
    return {eigenvalues, sigma2, predictedKl: predicted, trainedKl: fresh ? v.klPerDim : null};
  }
  function render(v: LinearVaeViews | null): void {
    figure.update(data(v));
  }

  const element = shell.element as unknown as LinearVaeLabElement;
  return element;
}

