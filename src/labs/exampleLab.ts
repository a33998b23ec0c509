// The example lab: a small VAE on MNIST (models/vae.ts) trained by the Trainer. A lab is a factory that builds its
// model from the settings and returns step(), views() and the optional methods of train/lab.ts; it runs in a Worker
// (exampleLab.worker.ts) and, unchanged, in Node tests.
import {createVae} from "../models/vae.js";
import {Rng} from "../math/rng.js";
import type {LabFactory} from "../train/lab.js";
import {Trainer, type Checkpoint} from "../train/trainer.js";
import type {ExampleLabSettings, ExampleLabViews} from "./exampleLabSpec.js";

export const createExampleLab: LabFactory<ExampleLabSettings, ExampleLabViews> = async (settings, context) => {
  const {train, test} = await context.mnist();
  const {latentDim, hiddenDim, beta, lr, batchSize, seed} = settings;
  const model = createVae({latentDim, hiddenDim, beta}, new Rng(seed, "init"));
  const trainer = new Trainer(model, train, {seed, batchSize, lr});
  return {
    async step() {
      const r = await trainer.step();
      return {step: r.step, loss: r.loss, recon: r.recon, kl: r.kl};
    },
    async views() {
      const e = await trainer.evaluate(test, {n: 200});
      return {step: e.step, heldOut: e.loss};
    },
    update(changes) {
      if (changes.lr !== undefined) trainer.setLearningRate(changes.lr);
      if (changes.beta !== undefined) model.setBeta(changes.beta);
    },
    snapshot: () => trainer.snapshot(),
    restore: (snapshot) => trainer.load(snapshot as Checkpoint),
    dispose() {
      trainer.dispose();
      model.dispose();
    }
  };
};
