// The headline claim of the chapter "Why not a plain autoencoder?": trained from the same seed, the VAE's codes
// fill the prior's region densely, so decodes of z ~ N(0, I) look like digits; the autoencoder's codes sit
// wherever they fell, so prior draws land in gaps and decode to something further from any real digit.
import * as tf from "@tensorflow/tfjs";
import "../../src/train/nodeBackends.js";
import {beforeAll, describe, expect, it} from "vitest";
import {loadMnistNode} from "../../src/data/mnistNode.js";
import type {MnistSplit} from "../../src/data/mnistPack.js";
import {createVae} from "../../src/models/vae.js";
import {Rng} from "../../src/math/rng.js";
import {Trainer} from "../../src/train/trainer.js";

const STEPS = 500;
let data: MnistSplit;
beforeAll(async () => { await tf.setBackend("wasm"); data = await loadMnistNode(); });

async function trained(variational: boolean) {
  const model = createVae({latentDim: 2, variational}, new Rng(0, "init"));
  const t = new Trainer(model, data.train, {seed: 0});
  for (let i = 0; i < STEPS; i++) await t.step();
  const mu = tf.tidy(() => model.encode(tf.tensor2d(data.test.images, [data.test.n, 784])).mu);
  const codes = await mu.data(); mu.dispose();
  const rng = new Rng(1, "prior draws");
  const draws = rng.normals(2 * 100);
  const dec = tf.tidy(() => model.decode(tf.tensor2d(draws, [100, 2])));
  const samples = await dec.data(); dec.dispose();
  t.dispose(); model.dispose();
  return {codes, samples};
}

/** Per-dimension mean and standard deviation of 2-d codes. */
function moments(codes: ArrayLike<number>) {
  const n = codes.length / 2;
  return [0, 1].map((d) => {
    let m = 0, v = 0;
    for (let i = 0; i < n; i++) m += codes[2 * i + d] / n;
    for (let i = 0; i < n; i++) v += (codes[2 * i + d] - m) ** 2 / n;
    return {mean: m, sd: Math.sqrt(v)};
  });
}

/** Mean over samples of the squared pixel distance to the nearest held-out digit. */
function nearestDigitDistance(samples: ArrayLike<number>, images: Float32Array): number {
  const n = samples.length / 784, m = images.length / 784;
  let total = 0;
  for (let s = 0; s < n; s++) {
    let best = Infinity;
    for (let j = 0; j < m; j++) {
      let d = 0;
      for (let p = 0; p < 784 && d < best; p++) { const e = samples[s * 784 + p] - images[j * 784 + p]; d += e * e; }
      best = Math.min(best, d);
    }
    total += best / n;
  }
  return total;
}

describe("autoencoder versus VAE (2-d latent, seed 0)", () => {
  it(`after ${STEPS} steps the VAE's codes look like N(0, I), the autoencoder's do not, and VAE prior samples are nearer real digits`, async () => {
    const ae = await trained(false), vae = await trained(true);
    const [aeM, vaeM] = [moments(ae.codes), moments(vae.codes)];
    for (const {mean, sd} of vaeM) { expect(Math.abs(mean)).toBeLessThan(1); expect(sd).toBeGreaterThan(0.5); expect(sd).toBeLessThan(2); }
    expect(Math.max(...aeM.map((d) => Math.max(Math.abs(d.mean), d.sd)))).toBeGreaterThan(3);
    const dAe = nearestDigitDistance(ae.samples, data.test.images), dVae = nearestDigitDistance(vae.samples, data.test.images);
    console.log(`codes: AE ${JSON.stringify(aeM)}, VAE ${JSON.stringify(vaeM)}; prior samples' distance to nearest digit: AE ${dAe.toFixed(1)}, VAE ${dVae.toFixed(1)}`);
    expect(dVae).toBeLessThan(0.85 * dAe);
  }, 600_000);
});
