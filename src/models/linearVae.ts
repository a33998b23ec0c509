// The linear VAE with a fixed observation variance: Lucas, Tucker, Grosse & Norouzi 2019, "Don't Blame the ELBO!
// A Linear VAE Perspective on Posterior Collapse" (NeurIPS 2019), section 4. Its optimum is probabilistic PCA in
// closed form (../math/linearVae.ts, equations P1–P5): directions whose data variance λ_i ≤ σ² collapse.
// Row vectors, as in vae.ts:
//   (L1) encoder   q(z | x) = N(μ(x), diag(e^logVar)),  μ(x) = x V + c,  logVar one learned vector for every x
//   (L2) decoder   p(x | z) = N(z W + b, σ² I),  σ² fixed by the config (the chapter's slider)
//   (L3) −log p(x | z) = d/2·log(2πσ²) + ‖x − z W − b‖² / (2σ²)
//   (L4) its expectation under q, exact for a linear decoder:
//          E_q‖x − z W − b‖² = ‖x − μ W − b‖² + Σ_j e^logVar_j ‖W_j‖²     (W_j: row j of W)
//   (L5) KL_j = ½(μ_j² + e^logVar_j − 1 − logVar_j);  loss = recon + β·Σ_j KL_j  (the negative β-ELBO per example)
// `expectation: "analytic"` uses (L4), so ε is not used and full-batch gradients are exact; "sampled" draws
// z = μ + σ ⊙ ε as the MNIST VAE does.
import * as tf from "@tensorflow/tfjs";
import type {LossParts, Model} from "./model.js";
import type {Rng} from "../math/rng.js";
import {gaussianKlPerDim} from "./gaussianKl.js";

export interface LinearVaeConfig {
  inputDim: number;
  latentDim: number;
  sigma2: number;
  beta: number;
  expectation: "analytic" | "sampled";
}

export const linearVaeDefaults: LinearVaeConfig = {
  inputDim: 5, // the chapter's synthetic data: 5 dimensions, eigenvalues 4, 2, 1, 0.5, 0.25
  latentDim: 5, // as many latents as data dimensions, so only σ² decides which ones collapse
  sigma2: 0.8, // observation variance σ², fixed: directions with eigenvalue ≤ 0.8 collapse
  beta: 1, // weight of the KL term: 1 is the ELBO
  expectation: "analytic" // (L4) exact expected reconstruction; "sampled" uses one z = μ + σ ⊙ ε per example
};

/** The variables, in the fixed order of `LinearVae.variables`, with their shapes; weights are drawn in this order. */
export const linearVaeVariableNames = [
  "enc/V", "enc/c", // [inputDim, latentDim], [latentDim]
  "enc/logVar", // [latentDim], the same for every input
  "dec/W", "dec/b" // [latentDim, inputDim], [inputDim]
] as const;

function checkInt(name: string, v: unknown, lo: number, hi: number): void {
  if (typeof v !== "number" || !Number.isInteger(v) || v < lo || v > hi) throw new Error(`invalid ${name}: ${v}; expected an integer in [${lo}, ${hi}]`);
}
function checkRange(name: string, v: unknown, lo: number, hi: number, loOpen: boolean): number {
  if (typeof v !== "number" || !Number.isFinite(v) || v > hi || (loOpen ? v <= lo : v < lo)) {
    throw new Error(`invalid ${name}: ${v}; expected a finite number in ${loOpen ? "(" : "["}${lo}, ${hi}]`);
  }
  return v;
}

/** Defaults merged with `c` (undefined entries keep the default); throws a message naming any bad value. */
export function validateLinearVaeConfig(c: Partial<LinearVaeConfig> = {}): LinearVaeConfig {
  const out = {...linearVaeDefaults};
  for (const k of Object.keys(linearVaeDefaults) as (keyof LinearVaeConfig)[]) if (c[k] !== undefined) (out as Record<string, unknown>)[k] = c[k];
  checkInt("inputDim", out.inputDim, 1, 1024);
  checkInt("latentDim", out.latentDim, 1, 64);
  checkRange("sigma2", out.sigma2, 0, 1e4, true);
  checkRange("beta", out.beta, 0, 100, false);
  if (out.expectation !== "analytic" && out.expectation !== "sampled") throw new Error(`invalid expectation: ${out.expectation}; expected "analytic" or "sampled"`);
  return out;
}

export class LinearVae implements Model<LinearVaeConfig> {
  readonly name = "linear-vae";
  readonly variables: tf.Variable[];
  private cfg: LinearVaeConfig;

  /** Use `createLinearVae`; `variables` must follow `linearVaeVariableNames`. */
  constructor(config: LinearVaeConfig, variables: tf.Variable[]) {
    this.cfg = config;
    this.variables = variables;
  }

  get config(): Readonly<LinearVaeConfig> { return this.cfg; }
  get inputDim(): number { return this.cfg.inputDim; }
  get latentDim(): number { return this.cfg.latentDim; }
  get drawsNoise(): boolean { return this.cfg.expectation === "sampled"; }

  /** (L1) μ(x) [batch, latentDim] and logVar, the same row for every input: [batch, latentDim]. */
  encode(x: tf.Tensor2D): {mu: tf.Tensor2D; logVar: tf.Tensor2D} {
    const [V, c, lv] = this.variables;
    return tf.tidy(() => {
      const mu = tf.add(tf.matMul(x, V), c) as tf.Tensor2D; // [batch, latentDim]
      const logVar = tf.add(tf.zerosLike(mu), lv) as tf.Tensor2D; // [batch, latentDim]
      return {mu, logVar};
    });
  }

  /** (L2) The decoder mean z W + b: [batch, inputDim]. */
  decode(z: tf.Tensor2D): tf.Tensor2D {
    const [, , , W, b] = this.variables;
    return tf.tidy(() => tf.add(tf.matMul(z, W), b) as tf.Tensor2D); // [batch, inputDim]
  }

  lossParts(x: tf.Tensor2D, eps: tf.Tensor2D): LossParts {
    if (this.cfg.expectation === "analytic") return this.analyticLossParts(x);
    const [V, c, lv] = this.variables;
    const {inputDim: d, sigma2, beta} = this.cfg;
    return tf.tidy(() => {
      const mu = tf.add(tf.matMul(x, V), c) as tf.Tensor2D; // [batch, latentDim]
      // z = μ + σ ⊙ ε, then (L3)
      const z = tf.add(mu, tf.mul(tf.exp(tf.mul(lv, 0.5)), eps)) as tf.Tensor2D; // [batch, latentDim]
      const sq = tf.sum(tf.square(tf.sub(x, this.decode(z))), 1); // ‖x − z W − b‖²: [batch]
      // (L3) d/2·log(2πσ²) + sq/(2σ²), averaged over the batch
      const recon = tf.add(tf.mean(sq).div(2 * sigma2), 0.5 * d * Math.log(2 * Math.PI * sigma2)) as tf.Scalar; // []
      const klPerDim = gaussianKlPerDim(mu, lv); // (L5) [latentDim]
      const kl = tf.sum(klPerDim) as tf.Scalar; // []
      const loss = tf.add(recon, tf.mul(kl, beta)) as tf.Scalar; // []
      return {loss, recon, kl, klPerDim, mu};
    });
  }

  /** (L4) and (L5) with their gradient written out: the lab takes thousands of full-batch steps of a few thousand
   * numbers each, where tfjs's own gradient of the same expression is over a hundred small kernels, each mostly
   * dispatch. With n the batch, s = σ², v = e^logVar and r = x − μ W − b, the loss is
   *   L = d/2·log(2πs) + (Σ‖r‖²/n + Σ_j v_j‖W_j‖²)/(2s) + β/n · Σ_ij ½(μ_ij² + v_j − 1 − logVar_j)
   * and, with G = (β μ − r Wᵀ/s)/n its gradient in μ [batch, latentDim]:
   *   ∂V = xᵀG, ∂c = Σ_rows G, ∂W = (v ⊙ W − μᵀr/n)/s, ∂b = −Σ_rows r/(n s), ∂logVar = v ⊙ ‖W_j‖²/(2s) + β(v − 1)/2.
   * The tests check it against central differences of a float64 oracle. */
  private analyticLossParts(x: tf.Tensor2D): LossParts {
    const {inputDim: d, sigma2: s, beta} = this.cfg;
    const n = x.shape[0];
    let recon!: tf.Scalar, kl!: tf.Scalar, klPerDim!: tf.Tensor1D, mu!: tf.Tensor2D;
    const lossOf = tf.customGrad(((V: tf.Tensor2D, c: tf.Tensor1D, lv: tf.Tensor1D, W: tf.Tensor2D, b: tf.Tensor1D, save: tf.GradSaveFunc) => {
      mu = tf.add(tf.matMul(x, V), c) as tf.Tensor2D; // (L1) [batch, latentDim]
      const r = tf.sub(x, tf.add(tf.matMul(mu, W), b)) as tf.Tensor2D; // x − μ W − b: [batch, inputDim]
      const v = tf.exp(lv); // [latentDim]
      const wSq = tf.sum(tf.square(W), 1); // ‖W_j‖²: [latentDim]
      // (L4) averaged over the batch, then (L3)
      const sq = tf.add(tf.div(tf.sum(tf.square(r)), n), tf.sum(tf.mul(v, wSq)));
      recon = tf.add(tf.div(sq, 2 * s), 0.5 * d * Math.log(2 * Math.PI * s)) as tf.Scalar; // []
      klPerDim = gaussianKlPerDim(mu, lv); // (L5) [latentDim]
      kl = tf.sum(klPerDim) as tf.Scalar; // []
      save([mu, r, v, wSq, W]);
      tf.keep(mu); tf.keep(recon); tf.keep(kl); tf.keep(klPerDim); // parts beside the value: out of customGrad's own tidy
      return {
        value: tf.add(recon, tf.mul(kl, beta)) as tf.Scalar, // []
        gradFunc: (dy: tf.Tensor, [mu, r, v, wSq, W]: tf.Tensor[]) => {
          const g = tf.mul(tf.sub(tf.mul(mu, beta), tf.div(tf.matMul(r as tf.Tensor2D, W as tf.Tensor2D, false, true), s)), tf.div(dy, n)); // [batch, latentDim]
          const dW = tf.mul(tf.sub(tf.mul(tf.reshape(v, [-1, 1]), W), tf.div(tf.matMul(mu as tf.Tensor2D, r as tf.Tensor2D, true), n)), tf.div(dy, s)); // [latentDim, inputDim]
          const db = tf.mul(tf.sum(r, 0), tf.div(dy, -n * s)); // [inputDim]
          const dlv = tf.mul(tf.add(tf.div(tf.mul(v, wSq), 2 * s), tf.mul(tf.sub(v, 1), beta / 2)), dy); // [latentDim]
          return [tf.matMul(x, g, true), tf.sum(g, 0), dlv, dW, db];
        }
      };
    }) as unknown as Parameters<typeof tf.customGrad>[0]); // its type takes the inputs as one rest array
    return tf.tidy(() => {
      const loss = lossOf(...this.variables) as tf.Scalar;
      return {loss, recon, kl, klPerDim, mu};
    });
  }

  setBeta(beta: number): void {
    this.cfg = validateLinearVaeConfig({...this.cfg, beta});
  }

  /** Changes the fixed observation variance σ² without a reset (the chapter's slider). */
  setSigma2(sigma2: number): void {
    this.cfg = validateLinearVaeConfig({...this.cfg, sigma2});
  }

  dispose(): void {
    for (const v of this.variables) v.dispose();
  }
}

/** Glorot/Xavier uniform weights drawn from `rng`, limit √(6 / (fanIn + fanOut)): [fanIn, fanOut]. */
function glorot(rng: Rng, fanIn: number, fanOut: number): tf.Variable {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  return tf.variable(tf.tensor2d(rng.uniforms(fanIn * fanOut, -limit, limit), [fanIn, fanOut]));
}

/** A linear VAE with weights drawn from `rng` (same seed ⇒ same weights on every backend); biases and logVar 0. */
export function createLinearVae(config: Partial<LinearVaeConfig>, rng: Rng): LinearVae {
  const c = validateLinearVaeConfig(config);
  const {inputDim: d, latentDim: k} = c;
  const zeros = (n: number) => tf.variable(tf.zeros([n]));
  const vars = tf.tidy(() => [glorot(rng, d, k), zeros(k), zeros(k), glorot(rng, k, d), zeros(d)]); // linearVaeVariableNames
  return new LinearVae(c, vars);
}
