import * as tf from "@tensorflow/tfjs";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {bceWithLogits, klStandardNormal} from "../../src/math/gaussian.js";
import type {LossParts} from "../../src/models/model.js";
import {createVae, Vae} from "../../src/models/vae.js";
import {validateVaeConfig, vaeDefaults, vaeParameterCount, type VaeConfig} from "../../src/models/vaeConfig.js";
import {Rng} from "../../src/math/rng.js";

// ---- A float64 pure-JS forward pass: the oracle for values and finite-difference gradients. ----

/** `x` [B, n] · `W` [n, m] + `b` [m], row-major; optional ReLU. */
function dense(x: Float64Array, B: number, n: number, W: Float64Array, b: Float64Array, m: number, relu: boolean) {
  const out = new Float64Array(B * m);
  for (let r = 0; r < B; r++) {
    for (let j = 0; j < m; j++) {
      let s = b[j];
      for (let i = 0; i < n; i++) s += x[r * n + i] * W[i * m + j];
      out[r * m + j] = relu ? Math.max(s, 0) : s;
    }
  }
  return out;
}

/** Loss parts of the VAE, in float64, from weights `p` in the order of `vae.variables`. */
function oracle(p: Float64Array[], c: VaeConfig, x: Float64Array, eps: Float64Array, B: number) {
  const {inputDim: d, hiddenDim: h, latentDim: k, beta} = c;
  const hid = dense(x, B, d, p[0], p[1], h, true);
  const mu = dense(hid, B, h, p[2], p[3], k, false);
  const lv = dense(hid, B, h, p[4], p[5], k, false);
  const z = mu.map((m, i) => m + Math.exp(0.5 * lv[i]) * eps[i]);
  const l = dense(dense(z, B, k, p[6], p[7], h, true), B, h, p[8], p[9], d, false);
  let recon = 0;
  const klPerDim = new Float64Array(k);
  for (let r = 0; r < B; r++) {
    recon += bceWithLogits(x.subarray(r * d, (r + 1) * d), l.subarray(r * d, (r + 1) * d)) / B;
    klStandardNormal(mu.subarray(r * k, (r + 1) * k), lv.subarray(r * k, (r + 1) * k)).forEach((v, j) => (klPerDim[j] += v / B));
  }
  const kl = klPerDim.reduce((a, b) => a + b, 0);
  return {loss: recon + beta * kl, recon, kl, klPerDim, mu, lv, probs: l.map((li) => 1 / (1 + Math.exp(-li)))};
}

/** Dispose every tensor of a LossParts. */
const disposeParts = (p: LossParts) => tf.dispose(Object.values(p));
const f64 = async (t: tf.Tensor) => Float64Array.from(await t.data());
const weights = (m: Vae) => Promise.all(m.variables.map(f64));
/** |a − b| ≤ rel·|b| + abs. */
const expectClose = (a: number, b: number, rel = 1e-4, abs = 1e-6) => expect(Math.abs(a - b)).toBeLessThanOrEqual(rel * Math.abs(b) + abs);

// The tiny model of the brief: inputDim 5, hiddenDim 3, latentDim 2, batch 4, β 0.7.
const tiny = {inputDim: 5, hiddenDim: 3, latentDim: 2, beta: 0.7};
const B = 4;
let model: Vae, x: tf.Tensor2D, eps: tf.Tensor2D;

beforeAll(async () => {
  await tf.setBackend("cpu");
  const rng = new Rng(7, "test");
  model = createVae(tiny, new Rng(1, "init"));
  // Non-zero biases and larger weights, so every term of the forward pass is exercised.
  for (const v of model.variables) v.assign(tf.tensor(rng.uniforms(v.size, -0.9, 0.9), v.shape));
  x = tf.tensor2d(rng.uniforms(B * tiny.inputDim), [B, tiny.inputDim]);
  eps = tf.tensor2d(rng.normals(B * tiny.latentDim), [B, tiny.latentDim]);
});

afterAll(() => {
  model.dispose();
  tf.dispose([x, eps]);
});

describe("validateVaeConfig", () => {
  it("validateVaeConfig(c) merges defaults", () => {
    expect(validateVaeConfig({})).toEqual(vaeDefaults);
    expect(validateVaeConfig({latentDim: 2, beta: undefined})).toEqual({...vaeDefaults, latentDim: 2});
  });

  it("validateVaeConfig(c) rejects bad values with a message naming the value", () => {
    expect(() => validateVaeConfig({latentDim: 0})).toThrow("invalid latentDim: 0; expected an integer in [1, 64]");
    expect(() => validateVaeConfig({latentDim: 65})).toThrow("invalid latentDim: 65; expected an integer in [1, 64]");
    expect(() => validateVaeConfig({latentDim: 2.5})).toThrow("invalid latentDim: 2.5");
    expect(() => validateVaeConfig({hiddenDim: 4096})).toThrow("invalid hiddenDim: 4096; expected an integer in [1, 2048]");
    expect(() => validateVaeConfig({inputDim: 0})).toThrow("invalid inputDim: 0; expected an integer ≥ 1");
    expect(() => validateVaeConfig({inputDim: NaN})).toThrow("invalid inputDim: NaN");
    expect(() => validateVaeConfig({beta: -1})).toThrow("invalid beta: -1; expected a finite number in [0, 100]");
    expect(() => validateVaeConfig({beta: Infinity})).toThrow("invalid beta: Infinity");
    expect(() => validateVaeConfig({beta: 101})).toThrow("invalid beta: 101");
  });
});

describe("vaeParameterCount", () => {
  it("vaeParameterCount(c) counts the variables' entries", () => {
    expect(vaeParameterCount(vaeDefaults)).toBe(652_824);
    expect(vaeParameterCount(validateVaeConfig(tiny))).toBe(model.variables.reduce((s, v) => s + v.size, 0));
  });
});

describe("createVae", () => {
  it("createVae(config, rng) gives shapes for encode, decode and lossParts", () => {
    const m = createVae({}, new Rng(3, "init"));
    const xb = tf.zeros([3, 784]) as tf.Tensor2D, zb = tf.zeros([3, 20]) as tf.Tensor2D;
    const {mu, logVar} = m.encode(xb);
    const probs = m.decode(zb);
    const parts = m.lossParts(xb, zb);
    expect([mu.shape, logVar.shape, probs.shape]).toEqual([[3, 20], [3, 20], [3, 784]]);
    expect([parts.loss.shape, parts.recon.shape, parts.kl.shape, parts.klPerDim.shape]).toEqual([[], [], [], [20]]);
    expect(m.variables.map((v) => v.shape)).toEqual([[784, 400], [400], [400, 20], [20], [400, 20], [20], [20, 400], [400], [400, 784], [784]]);
    expect([m.inputDim, m.latentDim, m.config.beta]).toEqual([784, 20, 1]);
    tf.dispose([xb, zb, mu, logVar, probs]);
    disposeParts(parts);
    m.dispose();
  });

  it("createVae(config, rng) rejects an invalid config", () => {
    expect(() => createVae({latentDim: 100}, new Rng(1, "init"))).toThrow("invalid latentDim: 100");
  });

  it("createVae(config, rng) gives identical initial weights for the same seed, different for another", async () => {
    const [a, b, c] = [1, 1, 2].map((s) => createVae({inputDim: 20, hiddenDim: 8, latentDim: 3}, new Rng(s, "init")));
    const [wa, wb, wc] = await Promise.all([a, b, c].map(weights));
    expect(wa).toEqual(wb);
    expect(wa[0]).not.toEqual(wc[0]);
    expect(wa[1].every((v) => v === 0)).toBe(true); // biases start at 0
    const limit = Math.sqrt(6 / (20 + 8)); // Glorot uniform bound of the first layer
    expect(wa[0].every((v) => Math.abs(v) <= limit)).toBe(true);
    [a, b, c].forEach((m) => m.dispose());
  });
});

describe("Vae", () => {
  it("lossParts(x, eps) equals a float64 re-implementation of the forward pass", async () => {
    const ref = oracle(await weights(model), model.config, await f64(x), await f64(eps), B);
    const parts = model.lossParts(x, eps);
    const {mu, logVar} = model.encode(x);
    const probs = tf.tidy(() => model.decode(tf.add(mu, tf.mul(tf.exp(tf.mul(logVar, 0.5)), eps)) as tf.Tensor2D));
    expectClose((await parts.loss.data())[0], ref.loss);
    expectClose((await parts.recon.data())[0], ref.recon);
    expectClose((await parts.kl.data())[0], ref.kl);
    (await parts.klPerDim.data()).forEach((v, j) => expectClose(v, ref.klPerDim[j]));
    (await mu.data()).forEach((v, i) => expectClose(v, ref.mu[i]));
    (await logVar.data()).forEach((v, i) => expectClose(v, ref.lv[i]));
    (await probs.data()).forEach((v, i) => expectClose(v, ref.probs[i]));
    expect(ref.kl).toBeGreaterThan(0.01); // the KL term is not negligible, so its gradient is checked too
    tf.dispose([mu, logVar, probs]);
    disposeParts(parts);
  });

  it("lossParts(x, eps) with variational false is the plain autoencoder: z = μ, loss = reconstruction, no KL", async () => {
    const ae = new Vae({...model.config, variational: false}, model.variables);
    const ref = oracle(await weights(model), model.config, await f64(x), new Float64Array(B * model.latentDim), B);
    const parts = ae.lossParts(x, eps);
    expectClose((await parts.loss.data())[0], ref.recon);
    expect((await parts.kl.data())[0]).toBe(0);
    const {grads} = tf.variableGrads(() => ae.lossParts(x, eps).loss, ae.variables);
    const wlv = grads[ae.variables[4].name]; // enc/Wlv: the logVar head gets no gradient (tfjs leaves it out)
    expect(wlv === undefined || Math.max(...(await wlv.abs().data())) === 0).toBe(true);
    expect(Math.max(...(await grads[ae.variables[2].name].abs().data()))).toBeGreaterThan(0); // the μ head does
    tf.dispose(grads);
    disposeParts(parts);
  });

  it("tf.variableGrads(lossParts(x, eps).loss) matches central finite differences of the float64 forward", async () => {
    const {value, grads} = tf.variableGrads(() => model.lossParts(x, eps).loss, model.variables);
    const p = await weights(model), xs = await f64(x), es = await f64(eps), c = model.config;
    expectClose((await value.data())[0], oracle(p, c, xs, es, B).loss);
    // Tolerance: tf computes in float32 (≈ 7 significant digits, errors growing with the chain of ops), the
    // oracle and its differences in float64 with h = 1e-5 (truncation ~h², round-off ~1e-16/h), so the
    // oracle is accurate to ~1e-9 and any gap comes from float32. A wrong formula (a missing ½, a sign, a
    // dropped β) is off by tens of percent; 1e-2 relative (or 1e-3 absolute, for near-zero entries) separates
    // the two with room to spare (the largest relative gap seen on the cpu backend was ~4e-6).
    const h = 1e-5;
    for (let vi = 0; vi < p.length; vi++) {
      const g = await grads[model.variables[vi].name].data();
      for (let j = 0; j < p[vi].length; j++) {
        const w = p[vi][j];
        p[vi][j] = w + h; const up = oracle(p, c, xs, es, B).loss;
        p[vi][j] = w - h; const down = oracle(p, c, xs, es, B).loss;
        p[vi][j] = w;
        const fd = (up - down) / (2 * h), err = Math.abs(g[j] - fd);
        if (!(err < 1e-3 || err < 1e-2 * Math.abs(fd))) throw new Error(`variable ${vi} entry ${j}: tf ${g[j]} vs finite difference ${fd}`);
      }
    }
    tf.dispose([value, grads]);
  });

  it("setBeta(b) changes loss by beta·kl without changing recon", async () => {
    const read = async () => {
      const parts = model.lossParts(x, eps);
      const [loss, recon, kl] = await Promise.all([parts.loss, parts.recon, parts.kl].map(async (t) => (await t.data())[0]));
      disposeParts(parts);
      return {loss, recon, kl};
    };
    const a = await read();
    model.setBeta(2.5);
    const b = await read();
    expect(model.config.beta).toBe(2.5);
    expectClose(b.recon, a.recon, 1e-7);
    expectClose(b.loss - a.loss, (2.5 - 0.7) * a.kl);
    expectClose(b.loss, b.recon + 2.5 * b.kl);
    expect(() => model.setBeta(-0.1)).toThrow("invalid beta: -0.1; expected a finite number in [0, 100]");
    expect(model.config.beta).toBe(2.5); // a rejected value leaves β as it was
    model.setBeta(tiny.beta);
  });

  it("lossParts(x, eps) and tf.variableGrads leak no tensors", () => {
    const step = () => {
      disposeParts(model.lossParts(x, eps));
      const {value, grads} = tf.variableGrads(() => model.lossParts(x, eps).loss, model.variables);
      tf.dispose([value, grads]);
      const {mu, logVar} = model.encode(x);
      tf.dispose([mu, logVar, model.decode(eps)]);
    };
    step(); // warm-up: anything a backend allocates once on first use is not a leak
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) step();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe("dispose", () => {
  it("dispose() frees the variables", () => {
    const before = tf.memory().numTensors;
    const m = createVae(tiny, new Rng(5, "init"));
    expect(tf.memory().numTensors).toBe(before + 10);
    m.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
