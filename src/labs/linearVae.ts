// The linear-VAE lab: the linear VAE of ../models/linearVae.ts (Lucas et al. 2019) trained on synthetic data with a
// known covariance spectrum, full batch with the exact (analytic) expectation, beside the probabilistic-PCA closed
// form (../math/linearVae.ts): which directions survive at the current σ² and each one's KL. σ² changes live, and
// training continues from the current weights, so the reader watches the latents move to the new prediction.
import type {Digits} from "../data/mnistPack.js";
import {optimalNegElbo, pcaCollapsePrediction, syntheticGaussian, type DirectionPrediction} from "../math/linearVae.js";
import {createLinearVae} from "../models/linearVae.js";
import type {Lab, LabFactory, LabRecord} from "../train/lab.js";
import {Rng} from "../math/rng.js";
import {Trainer} from "../train/trainer.js";
import {parseSpectrum, type LinearVaeLabSettings} from "./linearVaeSpec.js";

export interface LinearVaeViews {
  eigenvalues: number[];
  sigma2: number;
  /** The closed form at this σ², one entry per direction, in the order of `eigenvalues`. */
  predicted: DirectionPrediction[];
  /** The trained model: KL of each latent (nats, averaged over the data), its posterior variance e^logVar, and the
   * variance over the data of its posterior mean; latents in the model's order. */
  klPerDim: number[];
  posteriorVariance: number[];
  meanVariance: number[];
  active: number;
  /** −ELBO per point of the trained model, and the smallest the linear VAE can reach (−log p(x) of pPCA). */
  negElbo: number;
  optimum: number;
}

export const createLinearVaeLab: LabFactory<LinearVaeLabSettings, LinearVaeViews> = async (settings) => {
  const eigenvalues = parseSpectrum(settings.spectrum);
  const d = eigenvalues.length;
  const data = syntheticGaussian(eigenvalues, settings.n, new Rng(settings.seed, "data"));
  const digits: Digits = {images: data.x, labels: new Uint8Array(settings.n), n: settings.n}; // labels unused
  const model = createLinearVae({inputDim: d, latentDim: d, sigma2: settings.sigma2, expectation: "analytic"}, new Rng(settings.seed, "init"));
  const trainer = new Trainer(model, digits, {seed: settings.seed, batchSize: settings.n, lr: settings.lr});
  let perRecord = settings.stepsPerRecord;

  const lab: Lab<LinearVaeLabSettings, LinearVaeViews> = {
    async step(): Promise<LabRecord> {
      let r = await trainer.step();
      for (let i = 1; i < perRecord; i++) r = await trainer.step();
      const optimum = optimalNegElbo(eigenvalues, model.config.sigma2);
      return {step: r.step, loss: r.loss, recon: r.recon, kl: r.kl, sigma2: model.config.sigma2, gap: r.loss - optimum};
    },
    async views() {
      const ev = await trainer.evaluate(digits); // analytic: no dependence on ε
      const logVar = await model.variables[2].data();
      const sigma2 = model.config.sigma2;
      return {
        eigenvalues, sigma2,
        predicted: pcaCollapsePrediction(eigenvalues, sigma2),
        klPerDim: ev.klPerDim,
        posteriorVariance: Array.from(logVar, Math.exp),
        meanVariance: ev.unitVariance,
        active: ev.activeUnits,
        negElbo: ev.loss,
        optimum: optimalNegElbo(eigenvalues, sigma2)
      };
    },
    update(changes) {
      if (changes.sigma2 !== undefined) model.setSigma2(changes.sigma2);
      if (changes.lr !== undefined) trainer.setLearningRate(changes.lr);
      if (changes.stepsPerRecord !== undefined) perRecord = changes.stepsPerRecord;
    },
    async snapshot() { return trainer.snapshot(); },
    restore(s) { trainer.load(s as Awaited<ReturnType<Trainer["snapshot"]>>); },
    dispose() { trainer.dispose(); model.dispose(); }
  };
  return lab;
};
