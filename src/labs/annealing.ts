// The annealing lab: one seeded run of the collapse VAE on MNIST under a KL schedule or free bits (settings:
// ./annealingSpec.ts). Each record carries β, the −ELBO at β = 1, the KL of every latent dimension (kl1 … klK, on
// the minibatch) and the active units measured on 500 held-out digits every `probeEvery` steps (the last value
// carried between measurements). Two of these, from one seed, side by side, are the chapters' comparisons.
import type {Lab, LabFactory, LabRecord} from "../train/lab.js";
import {annealingSchedule, type AnnealingSettings} from "./annealingSpec.js";
import {CollapseRun, type ProbeResult, type RunSnapshot} from "./collapseRun.js";

export interface AnnealingViews {
  /** The latest probe: per-unit variance of the posterior mean, KL per dimension, −ELBO (held out, β = 1). */
  probe: ProbeResult;
  /** Every probe so far: step, active units and −ELBO. */
  probes: {step: number; active: number; negElbo: number}[];
}

export const PROBE_SIZE = 500;

export const createAnnealingLab: LabFactory<AnnealingSettings, AnnealingViews> = async (settings, ctx) => {
  const data = await ctx.mnist();
  const beta = annealingSchedule(settings);
  const run = new CollapseRun(
    {side: settings.side, latentDim: settings.latentDim, decoder: settings.decoder, freeBits: settings.kind === "freeBits" ? settings.lambda : 0},
    data,
    {seed: settings.seed, batchSize: settings.batchSize, lr: settings.lr, beta, probeSize: PROBE_SIZE}
  );
  let probe = await run.probe();
  const probes = [{step: 0, active: probe.active, negElbo: probe.negElbo}];
  const lab: Lab<AnnealingSettings, AnnealingViews> = {
    async step(): Promise<LabRecord> {
      const record = await run.step();
      if (record.step % settings.probeEvery === 0) {
        probe = await run.probe();
        probes.push({step: probe.step, active: probe.active, negElbo: probe.negElbo});
      }
      return {...record, active: probe.active, heldOutNegElbo: probe.negElbo};
    },
    async views() {
      return {probe, probes: probes.slice()};
    },
    update(changes) {
      if (changes.lr !== undefined) run.setLearningRate(changes.lr);
    },
    snapshot: () => run.snapshot(),
    restore: (s) => run.restore(s as RunSnapshot),
    dispose: () => run.dispose()
  };
  return lab;
};
