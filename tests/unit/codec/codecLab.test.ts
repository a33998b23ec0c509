import * as tf from "@tensorflow/tfjs";
import {beforeAll, describe, expect, it} from "vitest";
import {loadMnistNode} from "../../../src/data/mnistNode.js";
import type {MnistSplit} from "../../../src/data/mnistPack.js";
import {padTo32} from "../../../src/data/pad.js";
import {createCodecLab, encodeBatch, evaluateCodec} from "../../../src/labs/codecLab.js";
import {CODEC_EVAL_N, CODEC_SHOW_N, codecLabDefaults, codecLabSpec, type CodecLabSettings} from "../../../src/labs/codecLabSpec.js";
import {imageQuality, psnr, sharpness} from "../../../src/math/imageMetrics.js";
import {createConvVae} from "../../../src/models/convVae.js";
import {Rng} from "../../../src/math/rng.js";

let mnist: MnistSplit;
const small: CodecLabSettings = {...codecLabDefaults, f: 4, c: 2, width: 4, batchSize: 8, lr: 3e-3, runSteps: 10};

beforeAll(async () => {
  await tf.setBackend("cpu");
  mnist = await loadMnistNode();
});

describe("the codec lab's spec", () => {
  it("its check (from its schema) accepts the defaults and names each bad value", () => {
    expect(codecLabSpec.check(codecLabDefaults)).toBeNull();
    expect(codecLabSpec.check(small)).toBeNull();
    const bad = (changes: Partial<CodecLabSettings>) => codecLabSpec.check({...codecLabDefaults, ...changes});
    expect(bad({f: 3 as 2})).toBe("invalid f: 3; expected one of 2, 4, 8");
    expect(bad({c: 0})).toBe("invalid c: 0; expected an integer in [1, 16]");
    expect(bad({c: 2.5})).toBe("invalid c: 2.5; expected an integer in [1, 16]");
    expect(bad({beta: -1})).toBe("invalid beta: -1; expected a number in [0, 10]");
    expect(bad({beta: NaN})).toBe("invalid beta: NaN; expected a number in [0, 10]");
    expect(bad({loss: "hinge" as "laplace"})).toBe('invalid loss: "hinge"; expected one of bernoulli, gaussian, laplace');
    expect(bad({runSteps: 5})).toBe("invalid runSteps: 5; expected an integer in [10, 5000]");
    expect(bad({seed: -1})).toBe("invalid seed: -1; expected an integer in [0, 2147483647]");
    expect(codecLabSpec.resetKeys).not.toContain("beta");
    expect(codecLabSpec.resetKeys).not.toContain("runSteps");
    expect(codecLabSpec.resetKeys).toEqual(["f", "c", "width", "loss", "batchSize", "seed"]);
  });
});

describe("evaluateCodec", () => {
  it("evaluateCodec(model, images, eps) reports SD's scaling factor: 1/std of z = μ + σε on that fixed batch", async () => {
    const model = createConvVae({f: 4, c: 3, width: 4}, new Rng(2, "init"));
    const n = 8, images = padTo32(mnist.test.images.subarray(0, n * 784), n);
    const eps = new Rng(2, "eps").normals(n * model.latentDim);
    const e = await evaluateCodec(model, images, eps, 0, 2);
    // z computed here from encode(), independently of the lab's code path
    const x = tf.tensor2d(images, [n, 1024]);
    const {mu, logVar} = model.encode(x);
    const [m, lv] = await Promise.all([mu.data(), logVar.data()]);
    const z = Array.from(m, (v, i) => v + Math.exp(0.5 * lv[i]) * eps[i]);
    const mean = z.reduce((s, v) => s + v, 0) / z.length;
    const std = Math.sqrt(z.reduce((s, v) => s + (v - mean) ** 2, 0) / (z.length - 1));
    expect(e.scalingFactor).toBeCloseTo(1 / std, 5);
    expect(e.shiftFactor).toBeCloseTo(mean, 5);
    // active numbers: variance over the batch of each μ above 0.01, counted here by hand
    const active = Array.from({length: model.latentDim}, (_, j) => {
      const col = Array.from({length: n}, (_, i) => m[i * model.latentDim + j]);
      const avg = col.reduce((s, v) => s + v, 0) / n;
      return col.reduce((s, v) => s + (v - avg) ** 2, 0) / n > 0.01;
    }).filter(Boolean).length;
    expect(e.activeNumbers).toBe(active);
    // PSNR, SSIM and sharpness are those of the μ-decoded reconstructions it returns
    const probs = model.decode(mu);
    const recon = (await probs.data()) as Float32Array;
    expect(e.psnr).toBeCloseTo(imageQuality(images, recon, n, 32, 32).psnr, 6);
    expect(e.ssim).toBeCloseTo(imageQuality(images, recon, n, 32, 32).ssim, 6);
    expect(e.sharpness).toBeCloseTo(sharpness(images, recon, n, 32, 32), 6);
    expect(e.reconstructions.length).toBe(CODEC_SHOW_N * 1024);
    expect(psnr(e.reconstructions.subarray(0, 1024), recon.subarray(0, 1024))).toBe(Infinity);
    expect([e.latentSide, e.latentNumbers, e.compression]).toEqual([8, 192, 1024 / 192]);
    expect(e.latent).toEqual(m.slice(0, 192));
    tf.dispose([x, mu, logVar, probs]);
    const before = tf.memory().numTensors;
    await encodeBatch(model, tf.keep(tf.tensor2d(images, [n, 1024])), tf.keep(tf.tensor2d(eps, [n, model.latentDim]))).then(() => undefined);
    expect(tf.memory().numTensors).toBe(before + 2); // only the two inputs it was given remain
    model.dispose();
  });
});

describe("createCodecLab", () => {
  it("createCodecLab(settings, ctx) trains, keeps its evaluation at runSteps, lowers the loss and leaks no tensors", async () => {
    const lab = await createCodecLab(small, {mnist: async () => mnist});
    const first = await lab.views();
    expect(first.step).toBe(0);
    expect(first.finished).toBeNull();
    expect(first.originals.length).toBe(CODEC_SHOW_N * 1024);
    const one = await lab.step();
    await lab.views();
    const before = tf.memory().numTensors;
    const records = [];
    for (let i = 0; i < 11; i++) records.push(await lab.step());
    expect(records.map((r) => r.step)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    records.forEach((r) => expect(Number.isFinite(r.loss)).toBe(true));
    const v = await lab.views();
    expect(tf.memory().numTensors).toBe(before);
    expect(v.step).toBe(12);
    expect(v.finished?.step).toBe(10); // the evaluation kept when the run finished
    expect(records[records.length - 1].loss).toBeLessThan(one.loss - 100); // nats per digit, from ≈ 700
    expect(v.psnr).not.toBe(first.psnr);
    expect(v.runSteps).toBe(10);
    expect(CODEC_EVAL_N).toBe(32);
    lab.update!({beta: 1});
    expect((await lab.views()).beta).toBe(1);
    const snap = await lab.snapshot!();
    await lab.step();
    lab.restore!(snap);
    expect((await lab.views()).step).toBe(12);
    lab.dispose();
  });

  it("createCodecLab(settings, ctx) with the same seed gives the same losses", async () => {
    const run = async () => {
      const lab = await createCodecLab({...small, f: 8, c: 4}, {mnist: async () => mnist});
      const losses = [];
      for (let i = 0; i < 2; i++) losses.push((await lab.step()).loss);
      lab.dispose();
      return losses;
    };
    expect(await run()).toEqual(await run());
  });
});
