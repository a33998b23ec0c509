// Training options and their checks, without TensorFlow.js (the page's main thread validates settings with them).

export interface TrainOptions {
  /** One seed for batch order and ε (the model's initial weights take the same seed, stream "init"). */
  seed: number;
  /** Examples per step. */
  batchSize: number;
  /** Adam learning rate. */
  lr: number;
  /** Copy the weights aside every this many finite steps; a diverged run goes back to the latest copy. */
  checkpointEvery?: number;
}

export const trainDefaults = {seed: 0, batchSize: 128, lr: 1e-3, checkpointEvery: 25} satisfies Required<TrainOptions>;

export function validateTrainOptions(o: Partial<TrainOptions>): Required<TrainOptions> {
  const given = Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined));
  const v = {...trainDefaults, ...given};
  if (!Number.isInteger(v.seed) || v.seed < 0 || v.seed > 2 ** 31 - 1) throw new Error(`invalid seed: ${v.seed}; expected an integer in [0, 2147483647]`);
  if (!Number.isInteger(v.batchSize) || v.batchSize < 1 || v.batchSize > 1024) throw new Error(`invalid batchSize: ${v.batchSize}; expected an integer in [1, 1024]`);
  if (!(v.lr >= 1e-6 && v.lr <= 1)) throw new Error(`invalid lr: ${v.lr}; expected a number in [1e-6, 1]`);
  if (!Number.isInteger(v.checkpointEvery) || v.checkpointEvery < 1) throw new Error(`invalid checkpointEvery: ${v.checkpointEvery}; expected an integer ≥ 1`);
  return v;
}
