import * as tf from "@tensorflow/tfjs";
import {beforeAll, describe, expect, test} from "vitest";
import {loadMnistNode} from "../../../src/data/mnistNode.js";
import {klStandardNormal} from "../../../src/math/gaussian.js";
import {createVae} from "../../../src/models/vae.js";
import {vaeVariableNames} from "../../../src/models/vaeConfig.js";
import {Rng} from "../../../src/math/rng.js";
import {vaeLayers, vaeStep} from "../../../src/widgets/reparamStep.js";

let digit: Float32Array;

beforeAll(async () => {
  await tf.setBackend("cpu");
  const {test: heldOut} = await loadMnistNode();
  digit = heldOut.images.slice(0, 784); // the walkthrough's default digit (#0)
});

const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol: number) => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(tol);
};

describe("vaeStep", () => {
  test("vaeStep(vae, x, eps) forms z = μ + σ ⊙ ε with σ = exp(½ log σ²), and loss = recon + KL with KL in closed form", async () => {
    const vae = createVae({}, new Rng(1, "init"));
    const eps = new Rng(1, "eps").normals(vae.latentDim);
    const r = await vaeStep(vae, digit, eps);
    close(r.sigma, Array.from(r.logVar, (v) => Math.exp(0.5 * v)), 1e-6);
    close(r.z, Array.from(r.mu, (m, j) => m + r.sigma[j] * eps[j]), 1e-5);
    expect(r.kl).toBeCloseTo(klStandardNormal(r.mu, r.logVar).reduce((a, b) => a + b, 0), 4);
    expect(r.loss).toBeCloseTo(r.recon + r.kl, 3);
    expect(r.decoded.every((p) => p > 0 && p < 1)).toBe(true);
    vae.dispose();
  });

  test("the chain rule through z (7) gives the same ∂loss/∂μ and ∂loss/∂log σ² as autodiff of the head biases", async () => {
    const vae = createVae({}, new Rng(2, "init"));
    const r = await vaeStep(vae, digit, new Rng(2, "eps").normals(vae.latentDim));
    close(r.dLossDmu, r.gradBmu, 1e-4);
    close(r.dLossDlogVar, r.gradBlv, 1e-4);
    vae.dispose();
  });

  test("vaeStep reports one gradient norm per variable and per layer, the layer's being √(‖∇W‖² + ‖∇b‖²)", async () => {
    const vae = createVae({}, new Rng(1, "init"));
    const r = await vaeStep(vae, digit, new Rng(1, "eps").normals(vae.latentDim));
    expect(r.variableNorms.map((d) => d.name)).toEqual([...vaeVariableNames]);
    vaeLayers.forEach((layer, i) => {
      const [w, b] = layer.vars.map((j) => r.variableNorms[j].norm);
      expect(r.layerNorms[i].norm).toBeCloseTo(Math.hypot(w, b), 4);
      expect(r.layerNorms[i].norm).toBeGreaterThan(0);
    });
    vae.dispose();
  });

  test("one SGD step at η = 1e-3 lowers the loss on the same digit with the same ε, and repeated steps keep lowering it", async () => {
    const vae = createVae({}, new Rng(1, "init"));
    const rng = new Rng(1, "eps");
    const first = await vaeStep(vae, digit, rng.normals(vae.latentDim));
    expect(first.lossAfter).toBeLessThan(first.loss);
    let last = first;
    for (let i = 0; i < 9; i++) last = await vaeStep(vae, digit, rng.normals(vae.latentDim));
    expect(last.lossAfter).toBeLessThan(first.loss - 5);
    vae.dispose();
  });

  test("the same seeds give the same numbers (the walkthrough is reproducible)", async () => {
    const numbers = async () => {
      const vae = createVae({}, new Rng(5, "init"));
      const r = await vaeStep(vae, digit, new Rng(5, "eps").normals(vae.latentDim));
      vae.dispose();
      return [r.loss, r.lossAfter, ...r.z];
    };
    expect(await numbers()).toEqual(await numbers());
  });

  test("vaeStep disposes every tensor it makes", async () => {
    const vae = createVae({}, new Rng(1, "init"));
    const rng = new Rng(1, "eps");
    await vaeStep(vae, digit, rng.normals(vae.latentDim)); // warm-up
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) await vaeStep(vae, digit, rng.normals(vae.latentDim));
    expect(tf.memory().numTensors).toBe(before);
    vae.dispose();
  });

  test("vaeStep rejects inputs of the wrong size, naming the length", async () => {
    const vae = createVae({}, new Rng(1, "init"));
    await expect(vaeStep(vae, new Float32Array(10), new Float32Array(20))).rejects.toThrow("invalid x: length 10; expected 784");
    await expect(vaeStep(vae, digit, new Float32Array(3))).rejects.toThrow("invalid eps: length 3; expected 20");
    vae.dispose();
  });
});
