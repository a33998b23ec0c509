// Settings of the linear-VAE lab (./linearVae.ts), without TensorFlow.js. The data: n points in as many dimensions as
// the spectrum has eigenvalues, with sample covariance exactly Σ λ_i u_i u_iᵀ (math/linearVae.ts syntheticGaussian).
// σ² and the learning rate change live (training continues from the current weights); the rest rebuild the lab.
import {defineLab} from "../train/settingsSchema.js";

export interface LinearVaeLabSettings {
  seed: number;
  /** The eigenvalues of the data covariance, comma-separated: "4, 2, 1, 0.5, 0.25". */
  spectrum: string;
  /** Fixed observation variance σ² of the decoder. */
  sigma2: number;
  /** Number of data points, all in one batch. */
  n: number;
  lr: number;
  /** Adam steps per record (each step is one exact full-batch gradient: cheap). */
  stepsPerRecord: number;
}

export const linearVaeLabDefaults: LinearVaeLabSettings = {
  seed: 0,
  spectrum: "4, 2, 1, 0.5, 0.25",
  sigma2: 0.8,
  n: 1000,
  lr: 0.05,
  stepsPerRecord: 10
};

/** The eigenvalues of a spectrum string; throws a message naming the bad entry. */
export function parseSpectrum(spectrum: string): number[] {
  if (typeof spectrum !== "string") throw new Error(`invalid spectrum: ${spectrum}; expected comma-separated numbers`);
  const parts = spectrum.split(",").map((p) => p.trim()).filter((p) => p !== "");
  if (parts.length < 1 || parts.length > 12) throw new Error(`invalid spectrum: ${parts.length} eigenvalues; expected 1 to 12`);
  return parts.map((p) => {
    const v = Number(p);
    if (!Number.isFinite(v) || v <= 0 || v > 100) throw new Error(`invalid eigenvalue: ${p}; expected a number in (0, 100]`);
    return v;
  });
}

export const linearVaeLabSpec = defineLab<LinearVaeLabSettings>({
  name: "the linear VAE",
  defaults: linearVaeLabDefaults,
  schema: {
    seed: {kind: "number", min: 0, max: 2 ** 31 - 1, integer: true, label: "Seed", rebuild: true},
    spectrum: {kind: "text", maxLength: 200, parse: parseSpectrum, label: "Data eigenvalues λ (comma-separated)", rebuild: true},
    sigma2: {kind: "number", min: 0.01, max: 100, log: true, label: "Observation variance σ²"},
    n: {kind: "number", min: 2, max: 1024, integer: true, label: "Data points", rebuild: true},
    lr: {kind: "number", min: 0, max: 0.5, aboveMin: true, log: true, label: "Learning rate"},
    stepsPerRecord: {kind: "number", min: 1, max: 200, integer: true, label: "Steps per record"}
  },
  // the sample covariance has full rank only with more points than dimensions
  rules: (s) => {
    const d = parseSpectrum(s.spectrum).length;
    return s.n >= d + 1 ? null : `invalid n: ${s.n}; expected an integer in [${d + 1}, 1024]`;
  }
});
