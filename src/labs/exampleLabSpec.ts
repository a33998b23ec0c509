// The example lab's settings, without TensorFlow.js: the lab a new chapter starts from (templates/chapter.md shows it;
// the README's "Adding a chapter" says how to copy it). Each setting is declared once, in the schema; the check, the
// settings that restart the run, the page address and the controls all come from it.
import {defineLab} from "../train/settingsSchema.js";

export interface ExampleLabSettings {
  latentDim: number;
  hiddenDim: number;
  beta: number;
  lr: number;
  batchSize: number;
  seed: number;
}

export const exampleLabSpec = defineLab<ExampleLabSettings>({
  name: "the example lab",
  defaults: {latentDim: 2, hiddenDim: 64, beta: 1, lr: 3e-3, batchSize: 64, seed: 0},
  schema: {
    latentDim: {kind: "number", min: 1, max: 16, integer: true, label: "Latent dimensions", rebuild: true},
    hiddenDim: {kind: "number", min: 8, max: 512, integer: true, label: "Hidden units", rebuild: true},
    beta: {kind: "number", min: 0, max: 20, label: "β (KL weight)", hint: "1 is the ELBO."},
    lr: {kind: "number", min: 0, max: 0.05, aboveMin: true, log: true, label: "Learning rate"},
    batchSize: {kind: "number", min: 1, max: 512, integer: true, label: "Batch size", rebuild: true},
    seed: {kind: "number", min: 0, max: 2 ** 31 - 1, integer: true, label: "Seed", rebuild: true}
  }
});

/** What the lab shows besides the loss: the held-out −ELBO of the current weights. */
export interface ExampleLabViews {
  step: number;
  heldOut: number;
}
