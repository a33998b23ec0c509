// The linear-VAE widget of the chapter "Posterior collapse": a σ² slider and the data spectrum, the closed-form
// prediction (drawn at once, on the main thread, from the tf-free math) and the model training in a Worker
// (../labs/linearVae.ts). Moving σ² changes the running model without a reset: the trained KLs travel to the new
// prediction. The eigenvalues can be typed; a bad list is refused with a message and the last good one kept.
import {pcaCollapsePrediction} from "../math/linearVae.js";
import {linearVaeLabSpec, parseSpectrum, type LinearVaeLabSettings} from "../labs/linearVaeSpec.js";
import type {LinearVaeViews} from "../labs/linearVae.js";
import {fmt} from "../viz/a11y.js";
import {field} from "./kit/kit.js";
import {spectrumKl} from "../viz/spectrumKl.js";
import {labShell} from "./kit/labShell.js";

export interface LinearVaeLabOptions extends Partial<LinearVaeLabSettings> {
  /** Accessible name and title. Default "Linear VAE: which directions collapse". */
  title?: string;
}

export interface LinearVaeLabElement extends HTMLElement {
  dispose(): void;
}

/**
 * The σ² slider's range for a spectrum: from 0.05 to 5, or to 1.2 × the largest eigenvalue if that is more, so that
 * every direction can be made to collapse whatever eigenvalues the reader types (they may go up to 100).
 */
export function sigma2Range(eigenvalues: readonly number[]): [number, number] {
  const top = Math.max(0, ...eigenvalues);
  return [0.05, Math.max(5, Math.ceil(12 * top) / 10)];
}

/** The lab spec's check, and σ² within the slider's range for the spectrum (the embed page's check of its address). */
export function checkLinearVaeWidget(s: LinearVaeLabSettings): string | null {
  const bad = linearVaeLabSpec.check(s);
  if (bad) return bad;
  const [lo, hi] = sigma2Range(parseSpectrum(s.spectrum));
  return s.sigma2 >= lo && s.sigma2 <= hi ? null : `invalid sigma2: ${s.sigma2}; expected a number in [${lo}, ${hi}] for this spectrum`;
}

export function linearVaeLab(options: LinearVaeLabOptions = {}): LinearVaeLabElement {
  const {title = "Linear VAE: which directions collapse", ...initial} = options;
  const settings = {...linearVaeLabSpec.defaults, ...initial};
  const bad = checkLinearVaeWidget(settings);
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
  const [lo, hi] = sigma2Range(eigenvalues);
  Object.assign(slider, {type: "range", min: String(lo), max: String(hi), step: "0.05", value: String(sigma2)});
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
      // The slider's range follows the largest eigenvalue; σ² is clamped into it.
      const [min, max] = sigma2Range(ev);
      slider.max = String(max);
      const clamped = Math.min(Math.max(sigma2, min), max) !== sigma2;
      if (clamped) sigma2 = Math.min(Math.max(sigma2, min), max);
      slider.value = String(sigma2);
      out.textContent = `σ² = ${fmt(sigma2, 2)}`;
      slider.setAttribute("aria-valuetext", out.textContent);
      specNote.textContent = `${ev.length} dimensions; rebuilt from step 0.` + (clamped ? ` σ² set to ${fmt(sigma2, 2)}, the slider's new end.` : "");
      spec.removeAttribute("aria-invalid");
      shell.client.set(clamped ? {spectrum: ev.join(", "), sigma2} : {spectrum: ev.join(", ")});
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
  // The figure redraws when what it shows changed (new views, σ², the spectrum), in a frame of its own (drawQueue.ts):
  // the shell calls this with every batch of records, and drawn there with the status line it made tasks over 50 ms.
  let shown = "";
  function render(v: LinearVaeViews | null): void {
    const d = data(v);
    const key = JSON.stringify(d);
    if (key === shown) return;
    shown = key;
    shell.queue(figure, () => figure.update(d));
  }

  const element = shell.element as unknown as LinearVaeLabElement;
  return element;
}

