// Settings of the linear-VAE lab (./linearVae.ts), without TensorFlow.js. The data: n points in as many dimensions as
// the spectrum has eigenvalues, with sample covariance exactly Σ λ_i u_i u_iᵀ (math/linearVae.ts syntheticGaussian).
// σ² and the learning rate change live (training continues from the current weights); the rest rebuild the lab.
import type {LabSpec} from "../train/lab.js";

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

export function checkLinearVaeLab(s: LinearVaeLabSettings): string | null {
  if (s == null || typeof s !== "object") return `invalid settings: ${s}; expected an object`;
  if (!Number.isInteger(s.seed) || s.seed < 0 || s.seed > 2 ** 31 - 1) return `invalid seed: ${s.seed}; expected an integer in [0, ${2 ** 31 - 1}]`;
  let d: number;
  try { d = parseSpectrum(s.spectrum).length; } catch (e) { return (e as Error).message; }
  if (typeof s.sigma2 !== "number" || !(s.sigma2 >= 0.01 && s.sigma2 <= 100)) return `invalid sigma2: ${s.sigma2}; expected a number in [0.01, 100]`;
  if (!Number.isInteger(s.n) || s.n < d + 1 || s.n > 1024) return `invalid n: ${s.n}; expected an integer in [${d + 1}, 1024]`;
  if (typeof s.lr !== "number" || !(s.lr > 0 && s.lr <= 0.5)) return `invalid lr: ${s.lr}; expected a number in (0, 0.5]`;
  if (!Number.isInteger(s.stepsPerRecord) || s.stepsPerRecord < 1 || s.stepsPerRecord > 200) return `invalid stepsPerRecord: ${s.stepsPerRecord}; expected an integer in [1, 200]`;
  return null;
}

export const linearVaeLabSpec: LabSpec<LinearVaeLabSettings> = {
  name: "the linear VAE",
  defaults: linearVaeLabDefaults,
  check: checkLinearVaeLab,
  resetKeys: ["seed", "spectrum", "n"]
};
