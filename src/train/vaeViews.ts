// The views a trainer shows, computed in the Worker from the current model: held-out reconstructions, decodes of
// fixed prior draws, an interpolation between two held-out digits and, with a 2-d latent, the map of held-out codes
// and the decoder's grid over [−3, 3]².
import * as tf from "@tensorflow/tfjs";
import type {Digits} from "../data/mnistPack.js";
import type {Model} from "../models/model.js";
import type {Settings, Views} from "./vaeSettings.js";
import {latentGridPoints} from "../math/latentGrid.js";
import {Rng} from "../math/rng.js";
import {gather} from "./trainer.js";

const SHOWN = 10, SAMPLES = 10, INTERP = 11, GRID = 15, GRID_EXTENT = 3, SCATTER = 1000;

export async function computeViews(model: Model, test: Digits, step: number, settings: Pick<Settings, "seed" | "pick">): Promise<Views> {
  const L = model.latentDim, {seed, pick} = settings;
  const shownIndices = Array.from({length: SHOWN}, (_, i) => i);
  const nScatter = L === 2 ? Math.min(SCATTER, test.n) : 0;
  const t = Array.from({length: INTERP}, (_, i) => i / (INTERP - 1));
  const zs = new Rng(seed, "views").normals(SAMPLES * L);
  const gridZ = latentGridPoints(GRID, GRID_EXTENT);
  const out = tf.tidy(() => {
    const x = tf.tensor2d(gather(test, shownIndices, 784), [SHOWN, 784]);
    const recon = model.decode(model.encode(x).mu); // [SHOWN, 784]
    const samples = model.decode(tf.tensor2d(zs, [SAMPLES, L])); // [SAMPLES, 784]
    const ends = model.encode(tf.tensor2d(gather(test, pick, 784), [2, 784])).mu; // [2, L]
    const tt = tf.tensor2d(t, [INTERP, 1]);
    const path = tf.add(tf.mul(tf.sub(1, tt), ends.slice([0, 0], [1, L])), tf.mul(tt, ends.slice([1, 0], [1, L]))) as tf.Tensor2D; // [INTERP, L]
    const interp = model.decode(path);
    const extra = nScatter ? [model.encode(tf.tensor2d(test.images.subarray(0, nScatter * 784), [nScatter, 784])).mu, model.decode(tf.tensor2d(gridZ, [GRID * GRID, 2]))] : [];
    return [recon, samples, interp, ...extra];
  });
  const [recon, samples, interp, mu, grid] = await Promise.all(out.map(async (o) => (await o.data()) as Float32Array));
  tf.dispose(out);
  const scatter = mu ? Array.from({length: nScatter}, (_, i) => ({x: mu[2 * i], y: mu[2 * i + 1], label: test.labels[i]})) : null;
  return {step, shownIndices, originals: gather(test, shownIndices, 784), reconstructions: recon, samples, interpolation: interp, interpolationT: t, scatter, grid: grid ?? null, gridSize: GRID, gridExtent: GRID_EXTENT};
}
