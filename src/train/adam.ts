// The optimiser and the weight copies every training loop on the site shares. Adam (Kingma & Ba 2015) is tfjs's own,
// wrapped so that the loops cannot disagree where it matters:
// - a learning-rate change is made in place, so Adam's moments carry on (a new optimiser would silently drop them);
// - going back to saved weights after a divergence starts fresh moments, since the old ones hold the non-finite
//   gradients that diverged (keeping them made every resume diverge again on its next step);
// - weights are read as copies and written inside tf.tidy, so saving and restoring leaves no tensor behind.
import * as tf from "@tensorflow/tfjs";

/** Throws a message naming `lr` unless it is a finite number > 0. */
export function checkLearningRate(lr: unknown): number {
  if (typeof lr !== "number" || !Number.isFinite(lr) || lr <= 0) throw new Error(`invalid learning rate: ${lr}; expected a finite number > 0`);
  return lr;
}

export class Adam {
  private optimizer: tf.AdamOptimizer;
  private rate: number;

  constructor(learningRate: number) {
    this.rate = checkLearningRate(learningRate);
    this.optimizer = tf.train.adam(this.rate);
  }

  get learningRate(): number { return this.rate; }

  /** Changes the step size from the next update on; the moments are kept. */
  setLearningRate(lr: number): void {
    this.rate = checkLearningRate(lr);
    (this.optimizer as unknown as {learningRate: number}).learningRate = lr; // read by tfjs's Adam at every update
  }

  /** One update of `vars` from `grads` (keyed by variable name, as tf.variableGrads returns them). */
  apply(vars: readonly tf.Variable[], grads: tf.NamedTensorMap): void {
    this.optimizer.applyGradients(Object.fromEntries(vars.map((v) => [v.name, grads[v.name]])) as unknown as Parameters<tf.AdamOptimizer["applyGradients"]>[0]);
  }

  /** Forgets the moments and the step count, as a new optimiser at the same learning rate. */
  reset(): void {
    this.optimizer.dispose();
    this.optimizer = tf.train.adam(this.rate);
  }

  dispose(): void {
    this.optimizer.dispose();
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
