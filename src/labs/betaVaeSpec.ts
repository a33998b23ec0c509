// The β-VAE lab's settings, tf-free (the page imports this; the Worker builds the lab from it). See betaVae.ts.
// A "run" trains fresh weights (from `seed`) with one β and one objective for `runSteps` steps; when it ends, its
// reconstruction and MIG become one point of the trade-off scatter. Changing β or the objective starts a new run and
// keeps the finished points; changing the model's shape, the seed or the run length rebuilds the lab (points lost).
import {defineLab} from "../train/settingsSchema.js";

/** Which of the five factors vary in the lab's sprites; the others keep the traversal sprite's values. */
export const FACTOR_SETS = {
  position: [3, 4], // x and y only: one large upright heart moving around (32 × 32 = 1,024 images)
  "position-scale": [1, 3, 4], // x, y and scale (6,144 images)
  all: [0, 1, 2, 3, 4] // all of dSprites (737,280 images)
} as const;
export type FactorSet = keyof typeof FACTOR_SETS;

export interface BetaVaeSettings {
  /** Weight of the KL (β-VAE) or of the total correlation (β-TCVAE). */
  beta: number;
  /** "beta-vae": recon + β·KL (Higgins et al. 2017); "beta-tcvae": recon + MI + β·TC + dwKL (Chen et al. 2018). */
  objective: "beta-vae" | "beta-tcvae";
  /** Which factors vary (FACTOR_SETS). */
  factors: FactorSet;
  /** Latent dimensions. */
  latentDim: number;
  /** ReLU units in the one hidden layer of encoder and decoder. */
  hiddenDim: number;
  /** Steps in one run; the trade-off point is measured at its end. */
  runSteps: number;
  /** Adam's learning rate. */
  lr: number;
  /** Seed of the weights, the batches, ε and the evaluation sprites. */
  seed: number;
}

export const betaVaeDefaults: BetaVaeSettings = {
  beta: 4, // Higgins et al. 2017 used β = 4 for dSprites with their MLP
  objective: "beta-vae",
  factors: "all", // "position" and "position-scale" are in the chapter's table of other settings
  latentDim: 10, // as Higgins et al. and Chen et al. on dSprites
  hiddenDim: 256,
  runSteps: 1000, // 1½–2½ minutes on WASM here (7–10 steps/s)
  lr: 1e-3,
  seed: 0
};

/** Fixed choices, with the reasons in the chapter. */
export const betaVaeFixed = {
  side: 32, // 32×32 sprites: 1,024 pixels, a quarter of dSprites' 64×64 (4,096), so a step costs about a quarter
  supersample: 4, // 4×4 sub-pixels per pixel for anti-aliasing
  batch: 64,
  evalCount: 5000, // sprites (fixed, from the seed) on which MIG, recon and KL per dimension are measured
  evalEvery: 100, // steps between measurements during a run (one costs about as much as 5–10 steps)
  bins: 20, // MIG: equal-width bins per latent mean
  traversal: [-3, -2, -1, 0, 1, 2, 3] as const, // latent values of the traversal columns
  traversalSprite: [2, 5, 0, 16, 16] as const // the sprite whose code the traversal starts from: a large upright heart in the middle
};

export const BETA_RANGE = [0.1, 32] as const;

export const betaVaeSpec = defineLab<BetaVaeSettings>({
  name: "the β-VAE lab",
  defaults: betaVaeDefaults,
  schema: {
    beta: {kind: "number", min: BETA_RANGE[0], max: BETA_RANGE[1], log: true, label: "β"},
    objective: {kind: "choice", values: ["beta-vae", "beta-tcvae"], names: {"beta-vae": "β-VAE: recon + β·KL", "beta-tcvae": "β-TCVAE: recon + MI + β·TC + dwKL"}, label: "Objective"},
    factors: {kind: "choice", values: Object.keys(FACTOR_SETS), names: {position: "x and y position", "position-scale": "position and scale", all: "all five factors"}, label: "Factors that vary", rebuild: true},
    latentDim: {kind: "number", min: 2, max: 16, integer: true, label: "Latent dimensions", rebuild: true},
    hiddenDim: {kind: "number", min: 16, max: 1024, integer: true, label: "Hidden units", rebuild: true},
    runSteps: {kind: "number", min: 10, max: 100000, integer: true, label: "Steps per run", rebuild: true},
    lr: {kind: "number", min: 0, max: 0.05, aboveMin: true, log: true, label: "Learning rate (Adam)"},
    seed: {kind: "number", min: 0, max: 1e9, integer: true, label: "Seed", rebuild: true}
  }
});

/** One finished run: a point of the trade-off scatter. */
export interface RunPoint {
  run: number;
  beta: number;
  objective: BetaVaeSettings["objective"];
  steps: number;
  /** Bernoulli −log p(x|z) per sprite on the evaluation sprites, nats. */
  recon: number;
  kl: number;
  mig: number;
}

/** What the Worker posts to the page. */
export interface BetaVaeViews {
  run: {index: number; beta: number; objective: BetaVaeSettings["objective"]; step: number; steps: number};
  latentDim: number;
  /** The factors that vary (numbers into FACTOR_NAMES): the rows of miNormalised and gaps. */
  factors: number[];
  side: number;
  /** Decoded traversals: latentDim rows × traversal.length columns of side² pixels. */
  traversal: Float32Array;
  /** The traversal's starting sprite and its reconstruction (2 · side²). */
  traversalBase: Float32Array;
  /** KL per dimension (nats): a running average over the training batches (≈ the last 10); at step 0, measured. */
  klPerDim: number[];
  /** MIG at each measurement of this run, and the last one's parts. */
  migHistory: {step: number; mig: number; recon: number}[];
  /** I(z_j; v_k) / H(v_k) at the last measurement, [varying factor][latent]. */
  miNormalised: number[][];
  gaps: number[];
  /** Variance over the evaluation sprites of each latent's posterior mean, at the last measurement (step migHistory's last). */
  unitVariance: number[];
  /** MIG of the true factors used as the code (the estimator's ceiling with these bins and sprites). */
  migCeiling: number;
  points: RunPoint[];
}
