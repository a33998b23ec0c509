// β-VAE / β-TCVAE losses on the MLP VAE: parts add up, gradients agree with finite differences, no tensor leaks.
import * as tf from "@tensorflow/tfjs";
import {beforeAll, describe, expect, it} from "vitest";
import {tcDecomposition} from "../../../src/math/tcDecomposition.js";
import {tcLossParts, type Objective, type TcLossParts} from "../../../src/models/betaTcVae.js";
import {createVae, type Vae} from "../../../src/models/vae.js";
import {Rng} from "../../../src/math/rng.js";

beforeAll(async () => { await tf.setBackend("cpu"); });

const P = 6, D = 3, M = 5, N = 1000;

/** A tiny VAE with every variable random and non-zero, so every path carries gradient. */
function tiny(seed = 1): Vae {
  const m = createVae({inputDim: P, hiddenDim: 4, latentDim: D}, new Rng(seed, "init"));
  const r = new Rng(seed, "values");
  for (const v of m.variables) v.assign(tf.tensor(r.uniforms(v.size, -0.6, 0.6), v.shape));
  return m;
}

const r = new Rng(2, "data");
const xData = r.uniforms(M * P);
const epsData = r.normals(M * D);

async function read(p: TcLossParts) {
  const out: Record<string, number[]> = {};
  for (const [k, t] of Object.entries(p)) out[k] = Array.from(await t.data());
  tf.dispose(Object.values(p));
  return out;
}

describe("tcLossParts", () => {
  it("β-VAE: loss = recon + β·kl; β-TCVAE: loss = recon + mi + β·tc + dwKl; the terms match the float64 oracle", async () => {
    const m = tiny();
    const x = tf.tensor2d(xData, [M, P]), eps = tf.tensor2d(epsData, [M, D]);
    const a = await read(tcLossParts(m, x, eps, {objective: "beta-vae", beta: 3, datasetSize: N}));
    expect(a.loss[0]).toBeCloseTo(a.recon[0] + 3 * a.kl[0], 4);
    expect(a.klPerDim.reduce((s, v) => s + v, 0)).toBeCloseTo(a.kl[0], 5);
    const b = await read(tcLossParts(m, x, eps, {objective: "beta-tcvae", beta: 3, datasetSize: N}));
    expect(b.loss[0]).toBeCloseTo(b.recon[0] + b.mi[0] + 3 * b.tc[0] + b.dwKl[0], 4);
    const enc = m.encode(x);
    const [mu, lv] = [Array.from(await enc.mu.data()), Array.from(await enc.logVar.data())];
    tf.dispose([enc.mu, enc.logVar]);
    const z = mu.map((v, i) => v + Math.exp(0.5 * lv[i]) * epsData[i]);
    const o = tcDecomposition(mu, lv, z, D, N, "mss");
    expect(b.mi[0]).toBeCloseTo(o.mi, 4);
    expect(b.tc[0]).toBeCloseTo(o.tc, 4);
    expect(b.dwKl[0]).toBeCloseTo(o.dwKl, 4);
    tf.dispose([x, eps]); m.dispose();
  });

  // Finite differences in float32: losses here are ~5–20 nats, so rounding puts ~1e-6·L/h on a central difference;
  // with h = 1e-2 and 3e-3 that is < 1e-2. ReLU kinks can spoil one step size, so either may agree.
  for (const objective of ["beta-vae", "beta-tcvae"] as Objective[]) {
    it(`gradients of the ${objective} loss agree with central finite differences`, async () => {
      const m = tiny(3);
      const x = tf.tensor2d(xData, [M, P]), eps = tf.tensor2d(epsData, [M, D]);
      const opts = {objective, beta: 4, datasetSize: N};
      const lossOf = async () => { const p = tcLossParts(m, x, eps, opts); const v = (await p.loss.data())[0]; tf.dispose(Object.values(p)); return v; };
      const {grads} = tf.variableGrads(() => { const p = tcLossParts(m, x, eps, opts); tf.dispose([p.recon, p.kl, p.klPerDim, p.mi, p.tc, p.dwKl]); return p.loss; }, m.variables);
      const pick = new Rng(5, "pick");
      let checked = 0;
      for (const v of m.variables) {
        const g = await grads[v.name].data();
        const values = (await v.data()).slice();
        for (let t = 0; t < 3; t++) {
          const j = pick.int(v.size);
          const ok: boolean[] = [];
          for (const h of [1e-2, 3e-3]) {
            values[j] += h; v.assign(tf.tensor(values, v.shape)); const up = await lossOf();
            values[j] -= 2 * h; v.assign(tf.tensor(values, v.shape)); const down = await lossOf();
            values[j] += h; v.assign(tf.tensor(values, v.shape));
            const fd = (up - down) / (2 * h);
            ok.push(Math.abs(g[j] - fd) <= 2e-2 * Math.abs(fd) + 2e-2);
          }
          expect(ok.some(Boolean), `${v.name}[${j}]: grad ${g[j]}`).toBe(true);
          checked++;
        }
      }
      expect(checked).toBe(30);
      tf.dispose(Object.values(grads)); tf.dispose([x, eps]); m.dispose();
    });
  }
});
