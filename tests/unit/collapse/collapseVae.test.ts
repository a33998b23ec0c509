import * as tf from "@tensorflow/tfjs";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {autoregressiveMask, CollapseVae, createCollapseVae} from "../../../src/models/collapseVae.js";
import {collapseVaeDefaults, downsample, validateCollapseVaeConfig} from "../../../src/models/collapseVaeConfig.js";
import {Rng} from "../../../src/math/rng.js";

const D = 196;
let model: CollapseVae;

beforeAll(async () => {
  await tf.setBackend("cpu");
  model = createCollapseVae({side: 14, hiddenDim: 16, latentDim: 3, freeBits: 0.4, beta: 0.7}, new Rng(1, "init"));
  const rng = new Rng(1, "values"); // every weight non-zero, so every path carries gradient
  for (const v of model.variables) v.assign(tf.tensor(rng.uniforms(v.size, -0.3, 0.3), v.shape));
});
afterAll(() => model.dispose());

const batch = (seed: number, n = 4) => tf.tensor2d(new Rng(seed, "x").uniforms(n * D), [n, D]);

/** x [n, a] · W [a, b] + bias, in float64: [n, b]. */
function affine(x: Float64Array, n: number, W: Float64Array, a: number, b: number, bias?: Float64Array): Float64Array {
  const out = new Float64Array(n * b);
  for (let r = 0; r < n; r++) for (let j = 0; j < b; j++) {
    let s = bias ? bias[j] : 0;
    for (let i = 0; i < a; i++) s += x[r * a + i] * W[i * b + j];
    out[r * b + j] = s;
  }
  return out;
}
const relu = (v: Float64Array) => v.map((u) => Math.max(0, u));
const softplus = (u: number) => Math.max(u, 0) + Math.log1p(Math.exp(-Math.abs(u)));

/**
 * (C1)–(C4) written out in float64 from the weights, independently of the model: encoder, z = μ + σ ε, logits
 * MLP(z)_j + g·Σ_{i<j} A_ij x_i, Bernoulli −log p, KL per dimension, loss with free bits.
 */
function oracle(w: Float64Array[], x: Float64Array, eps: Float64Array, n: number, c: {hiddenDim: number; latentDim: number; arGain: number; beta: number; freeBits: number}) {
  const [W1, b1, Wmu, bmu, Wlv, blv, V1, c1, V2, c2, A] = w;
  const {hiddenDim: h, latentDim: k} = c;
  const hid = relu(affine(x, n, W1, D, h, b1));
  const mu = affine(hid, n, Wmu, h, k, bmu), lv = affine(hid, n, Wlv, h, k, blv);
  const z = mu.map((m, i) => m + Math.exp(lv[i] / 2) * eps[i]);
  const logits = affine(relu(affine(z, n, V1, k, h, c1)), n, V2, h, D, c2);
  for (let r = 0; r < n; r++) for (let j = 0; j < D; j++) for (let i = 0; i < j; i++) logits[r * D + j] += c.arGain * A[i * D + j] * x[r * D + i];
  let recon = 0;
  for (let e = 0; e < n * D; e++) recon += (softplus(logits[e]) - x[e] * logits[e]) / n;
  const klPerDim = Array.from({length: k}, (_, j) => {
    let s = 0;
    for (let r = 0; r < n; r++) s += 0.5 * (mu[r * k + j] ** 2 + Math.exp(lv[r * k + j]) - 1 - lv[r * k + j]) / n;
    return s;
  });
  const kl = klPerDim.reduce((s, v) => s + v, 0);
  const klTerm = c.freeBits > 0 ? klPerDim.reduce((s, v) => s + Math.max(c.freeBits, v), 0) : kl;
  return {loss: recon + c.beta * klTerm, recon, kl, klPerDim};
}

describe("CollapseVae", () => {
  it("validateCollapseVaeConfig(c) merges defaults and names bad values", () => {
    expect(validateCollapseVaeConfig({})).toEqual(collapseVaeDefaults);
    expect(() => validateCollapseVaeConfig({side: 7})).toThrow("invalid side: 7; expected 28 or 14");
    expect(() => validateCollapseVaeConfig({decoder: "pixelcnn" as never})).toThrow('invalid decoder: "pixelcnn"');
    expect(() => validateCollapseVaeConfig({freeBits: -1})).toThrow("invalid freeBits: -1; expected a finite number in [0, 10]");
  });

  it("autoregressiveMask(d) lets pixel j see exactly the pixels i < j", () => {
    const m = autoregressiveMask(4);
    expect(Array.from(m)).toEqual([0, 1, 1, 1, 0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0]);
  });

  it("model.logits(z, x): changing pixel j changes no logit at or before j, and some logit after it", async () => {
    const z = tf.tensor2d(new Rng(2, "z").normals(3), [1, 3]);
    for (const j of [0, 57, 195]) {
      const x = new Rng(3, "x").uniforms(D);
      const y = x.slice(); y[j] = 1 - y[j];
      const [a, b] = await Promise.all([x, y].map(async (v) => { const l = model.logits(z, tf.tensor2d(v, [1, D])); const out = await l.data(); l.dispose(); return out; }));
      for (let i = 0; i <= j; i++) expect(b[i]).toBe(a[i]);
      if (j < D - 1) expect(Math.max(...Array.from(a.subarray(j + 1), (v, i) => Math.abs(v - b[j + 1 + i])))).toBeGreaterThan(1e-4);
    }
    z.dispose();
  });

  it("model.lossParts(x, eps) matches a float64 oracle of (C1)–(C4): recon, KL per dimension, and loss = recon + β·Σ_j max(λ, KL_j)", async () => {
    const x = batch(4), eps = tf.tensor2d(new Rng(4, "eps").normals(12), [4, 3]);
    const w = await Promise.all(model.variables.map(async (v) => Float64Array.from(await v.data())));
    const o = oracle(w, Float64Array.from(await x.data()), Float64Array.from(await eps.data()), 4, model.config);
    const p = model.lossParts(x, eps);
    const [loss, recon, kl, klPerDim] = await Promise.all([p.loss, p.recon, p.kl, p.klPerDim].map((t) => t.data()));
    const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThan(1e-5 * Math.abs(b) + 1e-5);
    close(recon[0], o.recon);
    Array.from(klPerDim).forEach((v, j) => close(v, o.klPerDim[j]));
    close(kl[0], o.kl);
    close(loss[0], o.loss);
    // The floor is active for some dimension and not for another, so both branches of max(λ, KL_j) are exercised.
    expect(o.klPerDim.some((v) => v < 0.4) && o.klPerDim.some((v) => v > 0.4)).toBe(true);
    // The "mlp" decoder is the same model without the pixel path.
    const mlp = createCollapseVae({side: 14, hiddenDim: 16, latentDim: 3, decoder: "mlp", beta: 1}, new Rng(1, "init"));
    mlp.variables.slice(0, 10).forEach((v, i) => v.assign(model.variables[i]));
    const q = mlp.lossParts(x, eps);
    close((await q.recon.data())[0], oracle(w, Float64Array.from(await x.data()), Float64Array.from(await eps.data()), 4, {...model.config, arGain: 0}).recon);
    tf.dispose([x, eps, ...Object.values(p), ...Object.values(q)]);
    mlp.dispose();
  });

  it("tf.grad of model.lossParts matches central finite differences on the autoregressive weights and the encoder", async () => {
    const x = batch(5), eps = tf.tensor2d(new Rng(5, "eps").normals(12), [4, 3]);
    const f = () => model.lossParts(x, eps);
    const lossOf = async () => { const p = f(); const v = (await p.loss.data())[0]; tf.dispose(Object.values(p)); return v; };
    const {grads} = tf.variableGrads(() => { const p = f(); tf.dispose([p.recon, p.kl, p.klPerDim]); return p.loss; }, model.variables);
    const names = model.variables.map((v) => v.name);
    const check = async (vi: number, index: number) => {
      const v = model.variables[vi];
      const g = (await grads[names[vi]].data())[index];
      const vals = (await v.data()).slice() as Float32Array;
      const h = 1e-2;
      const at = async (delta: number) => { const w = vals.slice(); w[index] += delta; v.assign(tf.tensor(w, v.shape)); return lossOf(); };
      const fd = ((await at(h)) - (await at(-h))) / (2 * h);
      v.assign(tf.tensor(vals, v.shape));
      expect(Math.abs(g - fd)).toBeLessThan(2e-2 * Math.max(1, Math.abs(fd)));
    };
    await check(10, 3 * D + 100); // A[3, 100]: pixel 100 reads pixel 3
    await check(0, 17); // encoder W1
    await check(4, 5); // encoder Wlv
    await check(8, 40); // decoder V2
    tf.dispose([x, eps, ...Object.values(grads)]);
  });

  it("downsample(images, n, 14) averages 2×2 blocks", () => {
    const img = new Float32Array(784).map((_, i) => i);
    const d = downsample(img, 1, 14);
    expect(d.length).toBe(196);
    expect(d[0]).toBe((0 + 1 + 28 + 29) / 4);
    expect(d[14 + 1]).toBe((58 + 59 + 86 + 87) / 4);
  });
});
