// The optimiser and the weight copies every training loop on the site shares. Adam (Kingma & Ba 2015) computes what
// tfjs's AdamOptimizer computes, operation for operation (on WASM in one kernel per variable: wasmAdam.ts), and is
// written here so that the loops cannot disagree where it matters:
// - a learning-rate change is made in place, so Adam's moments carry on (a new optimiser would silently drop them);
// - going back to saved weights after a divergence starts fresh moments, since the old ones hold the non-finite
//   gradients that diverged (keeping them made every resume diverge again on its next step);
// - weights are read as copies and written inside tf.tidy, so saving and restoring leaves no tensor behind.
import * as tf from "@tensorflow/tfjs";
import {ADAM_UPDATE, hasAdamKernel, type AdamScalars} from "./wasmAdam.js";

/** Throws a message naming `lr` unless it is a finite number > 0. */
export function checkLearningRate(lr: unknown): number {
  if (typeof lr !== "number" || !Number.isFinite(lr) || lr <= 0) throw new Error(`invalid learning rate: ${lr}; expected a finite number > 0`);
  return lr;
}

export class Adam {
  private rate: number;
  private readonly beta1 = 0.9;
  private readonly beta2 = 0.999;
  /** The backend's ε, read when the optimiser is made, as tfjs's Adam does. */
  private readonly epsilon = tf.backend().epsilon();
  /** β₁ᵗ and β₂ᵗ in float32, as tfjs's Adam keeps them (in scalar tensors). */
  private power1 = Math.fround(this.beta1);
  private power2 = Math.fround(this.beta2);
  /** The moments of each variable, by name. */
  private readonly moments = new Map<string, {m: tf.Tensor; v: tf.Tensor}>();

  constructor(learningRate: number) {
    this.rate = checkLearningRate(learningRate);
  }

  get learningRate(): number { return this.rate; }

  /** Changes the step size from the next update on; the moments are kept. */
  setLearningRate(lr: number): void {
    this.rate = checkLearningRate(lr);
  }

  /** One update of `vars` from `grads` (keyed by variable name, as tf.variableGrads returns them). */
  apply(vars: readonly tf.Variable[], grads: tf.NamedTensorMap): void {
    const {beta1, beta2} = this;
    const scalars: AdamScalars = {
      beta1, oneMinusBeta1: 1 - beta1, beta2, oneMinusBeta2: 1 - beta2,
      correction1: Math.fround(1 - this.power1), correction2: Math.fround(1 - this.power2),
      epsilon: this.epsilon, negLearningRate: -this.rate
    };
    const fused = hasAdamKernel();
    for (const w of vars) {
      const g = grads[w.name];
      if (!g) continue;
      let state = this.moments.get(w.name);
      if (!state) this.moments.set(w.name, (state = {m: tf.keep(tf.zerosLike(w)), v: tf.keep(tf.zerosLike(w))}));
      const {m, v} = state;
      const [w2, m2, v2] = fused && g.dtype === "float32"
        ? tf.engine().runKernel(ADAM_UPDATE, {w, g, m, v}, scalars as unknown as tf.NamedAttrMap) as tf.Tensor[]
        : tf.tidy(() => {
          // tfjs's AdamOptimizer.applyGradients, operation for operation
          const m2 = tf.add(tf.mul(m, beta1), tf.mul(g, scalars.oneMinusBeta1));
          const v2 = tf.add(tf.mul(v, beta2), tf.mul(tf.square(g), scalars.oneMinusBeta2));
          const step = tf.div(tf.div(m2, scalars.correction1), tf.add(tf.sqrt(tf.div(v2, scalars.correction2)), this.epsilon));
          return [tf.add(tf.mul(step, scalars.negLearningRate), w), m2, v2];
        });
      w.assign(w2);
      w2.dispose();
      tf.dispose([m, v]);
      state.m = tf.keep(m2);
      state.v = tf.keep(v2);
    }
    this.power1 = Math.fround(this.power1 * Math.fround(beta1));
    this.power2 = Math.fround(this.power2 * Math.fround(beta2));
  }

  /** Forgets the moments and the step count, as a new optimiser at the same learning rate. */
  reset(): void {
    this.dispose();
    this.power1 = Math.fround(this.beta1);
    this.power2 = Math.fround(this.beta2);
  }

  dispose(): void {
    for (const {m, v} of this.moments.values()) tf.dispose([m, v]);
    this.moments.clear();
  }
}

/**
 * Copies of the values of `vars`, in their order. Read from clones: on a GPU backend the read is asynchronous, and a
 * training step may replace a variable's data before it completes.
 */
export async function readWeights(vars: readonly tf.Variable[]): Promise<Float32Array[]> {
  const copies = vars.map((v) => tf.clone(v));
  try {
    return await Promise.all(copies.map(async (c) => new Float32Array((await c.data()) as Float32Array)));
  } finally {
    tf.dispose(copies);
  }
}

/** Sets `vars` to `weights` (same order and sizes; checked first, so a bad array changes nothing). */
export function writeWeights(vars: readonly tf.Variable[], weights: readonly ArrayLike<number>[]): void {
  if (weights.length !== vars.length) throw new Error(`${weights.length} weight arrays for ${vars.length} variables`);
  vars.forEach((v, i) => {
    if (weights[i].length !== v.size) throw new Error(`weight array ${i} has ${weights[i].length} numbers; variable ${v.name} needs ${v.size}`);
  });
  tf.tidy(() => vars.forEach((v, i) => v.assign(tf.tensor(weights[i] as Float32Array, v.shape, v.dtype))));
}
