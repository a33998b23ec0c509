import * as tf from "@tensorflow/tfjs";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {klStandardNormal} from "../../../src/math/gaussian.js";
import {linearVaeOptimum, optimalNegElbo, pcaCollapsePrediction, syntheticGaussian} from "../../../src/math/linearVae.js";
import {createLinearVae, linearVaeDefaults, validateLinearVaeConfig, type LinearVae, type LinearVaeConfig} from "../../../src/models/linearVae.js";
import type {LossParts} from "../../../src/models/model.js";
import {Rng} from "../../../src/math/rng.js";

// ---- A float64 pure-JS forward pass: the oracle for values and finite-difference gradients. ----

/** Loss parts of the linear VAE from weights `p` in the order of `model.variables` (V, c, logVar, W, b). */
function oracle(p: Float64Array[], c: LinearVaeConfig, x: Float64Array, eps: Float64Array, B: number) {
  const {inputDim: d, latentDim: k, sigma2, beta} = c;
  const [V, cb, lv, W, b] = p;
  let sq = 0;
  const klPerDim = new Float64Array(k);
  for (let r = 0; r < B; r++) {
    const mu = Array.from({length: k}, (_, j) => cb[j] + Array.from({length: d}, (_, a) => x[r * d + a] * V[a * k + j]).reduce((s, v) => s + v, 0));
    const z = c.expectation === "analytic" ? mu : mu.map((m, j) => m + Math.exp(0.5 * lv[j]) * eps[r * k + j]);
    for (let a = 0; a < d; a++) {
      let xhat = b[a];
      for (let j = 0; j < k; j++) xhat += z[j] * W[j * d + a];
      sq += (x[r * d + a] - xhat) ** 2 / B;
    }
    klStandardNormal(mu, lv).forEach((v, j) => (klPerDim[j] += v / B));
  }
  if (c.expectation === "analytic") for (let j = 0; j < k; j++) for (let a = 0; a < d; a++) sq += Math.exp(lv[j]) * W[j * d + a] ** 2;
  const recon = 0.5 * d * Math.log(2 * Math.PI * sigma2) + sq / (2 * sigma2);
  const kl = klPerDim.reduce((s, v) => s + v, 0);
  return {loss: recon + beta * kl, recon, kl, klPerDim};
}

const disposeParts = (p: LossParts) => tf.dispose(Object.values(p));
const f64 = async (t: tf.Tensor) => Float64Array.from(await t.data());
const num = async (t: tf.Tensor) => (await t.data())[0];
/** |a − b| ≤ rel·|b| + abs. */
const expectClose = (a: number, b: number, rel = 1e-5, abs = 1e-6) => expect(Math.abs(a - b)).toBeLessThanOrEqual(rel * Math.abs(b) + abs);

const tiny = {inputDim: 4, latentDim: 3, sigma2: 0.7, beta: 0.6};
const B = 6;
let model: LinearVae, x: tf.Tensor2D, eps: tf.Tensor2D, xs: Float64Array, es: Float64Array;

beforeAll(async () => {
  await tf.setBackend("cpu");
  const rng = new Rng(4, "test");
  model = createLinearVae(tiny, new Rng(1, "init"));
  // Non-zero biases and log-variances, so every term is exercised.
  for (const v of model.variables) v.assign(tf.tensor(rng.uniforms(v.size, -0.9, 0.9), v.shape));
  xs = Float64Array.from(rng.normals(B * tiny.inputDim));
  es = Float64Array.from(rng.normals(B * tiny.latentDim));
  x = tf.tensor2d(Float32Array.from(xs), [B, tiny.inputDim]);
  eps = tf.tensor2d(Float32Array.from(es), [B, tiny.latentDim]);
});

afterAll(() => {
  model.dispose();
  tf.dispose([x, eps]);
});

describe("validateLinearVaeConfig", () => {
  it("validateLinearVaeConfig(c) merges defaults and rejects bad values with a message naming the value", () => {
    expect(validateLinearVaeConfig({})).toEqual(linearVaeDefaults);
    expect(validateLinearVaeConfig({sigma2: 2, beta: undefined})).toEqual({...linearVaeDefaults, sigma2: 2});
    expect(() => validateLinearVaeConfig({sigma2: 0})).toThrow("invalid sigma2: 0; expected a finite number in (0, 10000]");
    expect(() => validateLinearVaeConfig({sigma2: NaN})).toThrow("invalid sigma2: NaN");
    expect(() => validateLinearVaeConfig({latentDim: 0})).toThrow("invalid latentDim: 0; expected an integer in [1, 64]");
    expect(() => validateLinearVaeConfig({beta: -1})).toThrow("invalid beta: -1; expected a finite number in [0, 100]");
    expect(() => validateLinearVaeConfig({expectation: "mc" as "sampled"})).toThrow('invalid expectation: mc; expected "analytic" or "sampled"');
  });
});

describe("LinearVae", () => {
  it("encode, decode and lossParts have the documented shapes; logVar is the same row for every input", async () => {
    const {mu, logVar} = model.encode(x);
    expect(mu.shape).toEqual([B, 3]);
    expect(logVar.shape).toEqual([B, 3]);
    const lv = (await logVar.array()) as number[][];
    for (const row of lv) expect(row).toEqual(lv[0]);
    const xhat = model.decode(mu);
    expect(xhat.shape).toEqual([B, 4]);
    const p = model.lossParts(x, eps);
    expect(p.loss.shape).toEqual([]);
    expect(p.klPerDim.shape).toEqual([3]);
    tf.dispose([mu, logVar, xhat]); disposeParts(p);
  });

  it("lossParts(x, eps) matches the float64 oracle, analytic and sampled", async () => {
    const w = await Promise.all(model.variables.map(f64));
    for (const expectation of ["analytic", "sampled"] as const) {
      const m = createLinearVae({...tiny, expectation}, new Rng(0));
      m.variables.forEach((v, i) => v.assign(model.variables[i]));
      const p = m.lossParts(x, eps);
      const o = oracle(w, m.config, xs, es, B);
      expectClose(await num(p.loss), o.loss);
      expectClose(await num(p.recon), o.recon);
      expectClose(await num(p.kl), o.kl);
      (await f64(p.klPerDim)).forEach((v, j) => expectClose(v, o.klPerDim[j]));
      disposeParts(p); m.dispose();
    }
  });

  it("lossParts(x, eps) analytic recon is the mean of the sampled recon over ε (to 4 standard errors of 4000 draws)", async () => {
    const m = createLinearVae({...tiny, expectation: "sampled"}, new Rng(0));
    m.variables.forEach((v, i) => v.assign(model.variables[i]));
    const rng = new Rng(8, "eps");
    const draws: number[] = [];
    for (let i = 0; i < 4000; i++) {
      const e = tf.tensor2d(rng.normals(B * 3), [B, 3]);
      const p = m.lossParts(x, e);
      draws.push(await num(p.recon));
      disposeParts(p); e.dispose();
    }
    const mean = draws.reduce((s, v) => s + v, 0) / draws.length;
    const se = Math.sqrt(draws.reduce((s, v) => s + (v - mean) ** 2, 0) / (draws.length - 1) / draws.length);
    const p = model.lossParts(x, eps);
    expect(Math.abs(mean - (await num(p.recon)))).toBeLessThan(4 * se);
    disposeParts(p); m.dispose();
  });

  it("lossParts(x, eps) gradients match central differences of the float64 oracle, analytic (written out) and sampled (autodiff)", async () => {
    const w = await Promise.all(model.variables.map(f64));
    for (const expectation of ["analytic", "sampled"] as const) {
      const m = createLinearVae({...tiny, expectation}, new Rng(0));
      m.variables.forEach((v, i) => v.assign(model.variables[i]));
      const {grads, value} = tf.variableGrads(() => {
        const p = m.lossParts(x, eps);
        tf.dispose([p.recon, p.kl, p.klPerDim, p.mu ?? []]);
        return p.loss;
      }, m.variables);
      const h = 1e-6;
      for (const [i, v] of m.variables.entries()) {
        const g = await f64(grads[v.name]);
        for (let e = 0; e < w[i].length; e++) {
          const keep = w[i][e];
          w[i][e] = keep + h; const up = oracle(w, m.config, xs, es, B).loss;
          w[i][e] = keep - h; const down = oracle(w, m.config, xs, es, B).loss;
          w[i][e] = keep;
          expectClose(g[e], (up - down) / (2 * h), 1e-3, 1e-4);
        }
      }
      tf.dispose([value, ...Object.values(grads)]); m.dispose();
    }
  });

  it("lossParts at the closed-form optimum (math/linearVae.ts) equals optimalNegElbo, KL per dimension as predicted, gradient 0", async () => {
    const eig = [4, 2, 1, 0.5, 0.25], s2 = 0.8;
    const data = syntheticGaussian(eig, 400, new Rng(6, "data"));
    const m = createLinearVae({sigma2: s2}, new Rng(0));
    const opt = linearVaeOptimum(eig, data.directions, s2);
    const [V, c, lv, W, b] = m.variables;
    V.assign(tf.tensor2d(Float32Array.from(opt.V), [5, 5]));
    lv.assign(tf.tensor1d(Float32Array.from(opt.logVar)));
    W.assign(tf.tensor2d(Float32Array.from(opt.W), [5, 5]));
    c.assign(tf.zeros([5])); b.assign(tf.zeros([5]));
    const xt = tf.tensor2d(data.x, [400, 5]), e = tf.zeros([400, 5]) as tf.Tensor2D;
    const {grads, value} = tf.variableGrads(() => {
      const p = m.lossParts(xt, e);
      tf.dispose([p.recon, p.kl, p.klPerDim, p.mu ?? []]);
      return p.loss;
    }, m.variables);
    expectClose(await num(value), optimalNegElbo(eig, s2), 1e-6, 1e-5);
    const p = m.lossParts(xt, e);
    const kl = await f64(p.klPerDim);
    pcaCollapsePrediction(eig, s2).forEach((d, j) => expect(Math.abs(kl[j] - d.kl)).toBeLessThan(1e-5)); // latent j ↔ j-th largest
    const gmax = Math.max(...(await Promise.all(Object.values(grads).map(f64))).flatMap((g) => Array.from(g, Math.abs)));
    expect(gmax).toBeLessThan(1e-4);
    tf.dispose([value, xt, e, ...Object.values(grads)]); disposeParts(p); m.dispose();
  });

  it("setSigma2(s2) and setBeta(β) change the loss without a reset; bad values are refused", async () => {
    const m = createLinearVae(tiny, new Rng(2));
    const before = m.variables.map((v) => v.id);
    const a = m.lossParts(x, eps);
    m.setSigma2(1.4); m.setBeta(1);
    const p = m.lossParts(x, eps);
    const w = await Promise.all(m.variables.map(f64));
    expectClose(await num(p.loss), oracle(w, {...tiny, sigma2: 1.4, beta: 1, expectation: "analytic"}, xs, es, B).loss);
    expect(await num(p.loss)).not.toBeCloseTo(await num(a.loss), 3);
    expect(m.variables.map((v) => v.id)).toEqual(before);
    expect(() => m.setSigma2(-1)).toThrow("invalid sigma2: -1");
    expect(() => m.setBeta(200)).toThrow("invalid beta: 200");
    disposeParts(a); disposeParts(p); m.dispose();
  });

  it("createLinearVae(config, rng) draws the same weights for the same seed", async () => {
    const a = createLinearVae(tiny, new Rng(3, "init")), b = createLinearVae(tiny, new Rng(3, "init"));
    const [wa, wb] = [await Promise.all(a.variables.map(f64)), await Promise.all(b.variables.map(f64))];
    wa.forEach((w, i) => expect(Array.from(wb[i])).toEqual(Array.from(w)));
    expect(a.variables.map((v) => v.shape)).toEqual([[4, 3], [3], [3], [3, 4], [4]]);
    a.dispose(); b.dispose();
  });
});
