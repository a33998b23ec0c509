import * as tf from "@tensorflow/tfjs";
import {beforeAll, describe, expect, it} from "vitest";
import type {Digits} from "../../src/data/mnistPack.js";
import {createVae, type Vae} from "../../src/models/vae.js";
import {vaeDefaults, vaeParameterCount} from "../../src/models/vaeConfig.js";
import {
  base64ToFloat32, decodeModelFile, encodeModelFile, float32ToBase64, MODEL_FILE_FORMAT, modelFileName, vaeVariableShapes,
  type ModelFile, type ModelFileInput
} from "../../src/train/modelFile.js";
import {settingDefaults, type Settings} from "../../src/train/vaeSettings.js";
import {Rng} from "../../src/math/rng.js";
import {Trainer} from "../../src/train/trainer.js";

const config = {...vaeDefaults, hiddenDim: 16, latentDim: 3};
const settings: Settings = {...settingDefaults, hiddenDim: 16, latentDim: 3, seed: 1, batchSize: 8, backend: "cpu"};
const expectVae = {name: "vae", inputDim: 784};

/** `n` synthetic digits: pixels in [0, 1] from a seeded stream, labels 0…9. */
function digits(n: number): Digits {
  return {images: new Rng(5, "digits").uniforms(n * 784), labels: Uint8Array.from({length: n}, (_, i) => i % 10), n};
}

const data = digits(32);
const trainerOf = (model: Vae) => new Trainer(model, data, {seed: settings.seed, batchSize: settings.batchSize});

/** The loss of a fixed batch (first 8 digits, fixed ε). */
async function fixedLoss(model: Vae): Promise<number> {
  const p = tf.tidy(() => model.lossParts(tf.tensor2d(data.images.subarray(0, 8 * 784), [8, 784]), tf.tensor2d(new Rng(9, "eps").normals(8 * 3), [8, 3])));
  const v = (await p.loss.data())[0];
  tf.dispose(Object.values(p));
  return v;
}

let trained: {model: Vae; trainer: Trainer; input: ModelFileInput; text: string; loss: number};

beforeAll(async () => {
  await tf.setBackend("cpu");
  const model = createVae(config, new Rng(settings.seed, "init"));
  const trainer = trainerOf(model);
  let last = await trainer.step();
  for (let i = 0; i < 4; i++) last = await trainer.step();
  const heldOut = await trainer.evaluate(digits(10));
  const input: ModelFileInput = {
    model, checkpoint: await trainer.snapshot(), settings, backend: tf.getBackend(), tfjsVersion: tf.version.tfjs,
    metrics: {loss: last.loss, recon: last.recon, kl: last.kl, heldOut}, savedAt: new Date("2025-01-02T03:04:05Z")
  };
  trained = {model, trainer, input, text: encodeModelFile(input), loss: await fixedLoss(model)};
});

/** The trained file's JSON, changed by `edit`, as text. */
function edited(edit: (f: any) => void): string {
  const f = JSON.parse(trained.text);
  edit(f);
  return JSON.stringify(f);
}

const decode = (text: string | ArrayBuffer | Uint8Array, maxBytes?: number) => decodeModelFile(text, {...expectVae, maxBytes});

describe("float32ToBase64", () => {
  it("float32ToBase64(a) writes little-endian bytes and base64ToFloat32 reads them back bit for bit", () => {
    expect(float32ToBase64(new Float32Array([1]))).toBe("AACAPw=="); // 1.0f = 0x3f800000
    const a = new Rng(3, "b64").normals(100_003);
    a.set([0, -0, 1e-45, -3.4028234663852886e38, 1.1754943508222875e-38]);
    const back = base64ToFloat32(float32ToBase64(a));
    expect(new Uint32Array(back.buffer)).toEqual(new Uint32Array(a.buffer));
    expect(float32ToBase64(new Float32Array(0))).toBe("");
  });

  it("float32ToBase64(a) reads a subarray's own bytes only", () => {
    const a = Float32Array.from([1, 2, 3, 4]);
    expect(base64ToFloat32(float32ToBase64(a.subarray(1, 3)))).toEqual(Float32Array.from([2, 3]));
  });
});

describe("encodeModelFile", () => {
  it("encodeModelFile(input) → decodeModelFile → trainer.load(checkpoint) gives bit-identical weights and the same loss", async () => {
    const {file, checkpoint} = decode(trained.text);
    const fresh = createVae(config, new Rng(99, "init"));
    const t = trainerOf(fresh);
    expect(await fixedLoss(fresh)).not.toBe(trained.loss);
    t.load(checkpoint);
    expect(t.stepCount).toBe(5);
    const a = (await trained.trainer.snapshot()).weights, b = (await t.snapshot()).weights;
    expect(b.length).toBe(10);
    b.forEach((w, i) => expect(new Uint32Array(w.buffer)).toEqual(new Uint32Array(a[i].buffer)));
    expect(await fixedLoss(fresh)).toBe(trained.loss);
    expect(file.variables.map((v) => v.shape)).toEqual(fresh.variables.map((v) => v.shape));
    t.dispose(); fresh.dispose();
  });

  it("encodeModelFile(input) carries the config, settings and seed, backend, library versions, step, time and metrics", () => {
    const {file} = decode(trained.text);
    const {loss, recon, kl, heldOut} = trained.input.metrics;
    expect(file.format).toBe(MODEL_FILE_FORMAT);
    expect(file.version).toBe(1);
    expect(file.model).toEqual({name: "vae", config});
    expect(file.settings).toEqual(settings);
    expect(file.settings.seed).toBe(1);
    expect(file.backend).toBe("cpu");
    expect(file.libraries.tfjs).toBe("4.22.0");
    expect(file.libraries.site).toMatch(/vae-textbook/);
    expect(file.step).toBe(5);
    expect(file.savedAt).toBe("2025-01-02T03:04:05.000Z");
    expect(file.metrics).toEqual({loss, recon, kl, heldOut: {step: 5, loss: heldOut!.loss, recon: heldOut!.recon, kl: heldOut!.kl}});
    expect(file.variables.map((v) => v.name)).toEqual(["enc/W1", "enc/b1", "enc/Wmu", "enc/bmu", "enc/Wlv", "enc/blv", "dec/W1", "dec/b1", "dec/W2", "dec/b2"]);
  });

  it("encodeModelFile(plain autoencoder) keeps variational: false through the round trip", () => {
    const ae = {name: "vae", config: {...config, variational: false}, variables: trained.model.variables};
    const {file} = decode(encodeModelFile({...trained.input, model: ae, settings: {...settings, variational: false}}));
    expect(file.model.config.variational).toBe(false);
    expect(file.settings.variational).toBe(false);
  });

  it("encodeModelFile(input) writes readable JSON: metadata first, one line per weight array, no NaN", () => {
    const text = encodeModelFile({...trained.input, metrics: {loss: NaN, recon: 1, kl: Infinity, heldOut: null}});
    expect(text).not.toMatch(/NaN|Infinity/);
    expect(JSON.parse(text).metrics).toEqual({recon: 1, heldOut: null});
    const lines = text.split("\n");
    expect(lines[0]).toBe("{");
    expect(lines[1]).toBe(`  "format": "${MODEL_FILE_FORMAT}",`);
    expect(lines.filter((l) => l.includes('"data"'))).toHaveLength(10);
  });

  it("encodeModelFile(input) refuses NaN weights, missing arrays and settings that disagree with the config", () => {
    const w = trained.input.checkpoint.weights.map((a) => a.slice());
    w[2][5] = NaN;
    expect(() => encodeModelFile({...trained.input, checkpoint: {step: 5, weights: w}})).toThrow(/NaN or infinite weights \(variable enc\/Wmu, number 5\)/);
    expect(() => encodeModelFile({...trained.input, checkpoint: {step: 5, weights: w.slice(1)}})).toThrow(/9 weight arrays for 10 variables/);
    expect(() => encodeModelFile({...trained.input, settings: {...settings, latentDim: 4}})).toThrow(/settings.latentDim is 4 but model.config.latentDim is 3/);
  });

  it("encodeModelFile(default 784-400-20 VAE) is under 4 MB of JSON and decodes back", async () => {
    const model = createVae(vaeDefaults, new Rng(0, "init"));
    const t = new Trainer(model, digits(1), {seed: 0});
    const checkpoint = await t.snapshot();
    const text = encodeModelFile({model, checkpoint, settings: settingDefaults, backend: "cpu", metrics: {}, tfjsVersion: tf.version.tfjs});
    expect(vaeParameterCount(vaeDefaults)).toBe(652_824);
    expect(text.length).toBeLessThan(4_000_000);
    expect(text.length).toBeGreaterThan(652_824 * 4 * 4 / 3);
    const {file, checkpoint: back} = decode(text);
    expect(modelFileName(file)).toBe("vae-mnist-z20-seed0-step0.json");
    expect(back.weights.reduce((n, w) => n + w.length, 0)).toBe(652_824);
    expect(back.weights[8]).toEqual(checkpoint.weights[8]);
    t.dispose(); model.dispose();
  });
});

describe("modelFileName", () => {
  it("modelFileName(file) names model, data, latent size, seed and step, and β or hidden size when not default", () => {
    const file = decode(trained.text).file;
    expect(modelFileName(file)).toBe("vae-mnist-z3-h16-seed1-step5.json");
    const base = {...file, model: {name: "vae", config: vaeDefaults}, settings: settingDefaults, step: 600} as ModelFile;
    expect(modelFileName(base)).toBe("vae-mnist-z20-seed0-step600.json");
    expect(modelFileName({...base, model: {name: "vae", config: {...vaeDefaults, beta: 4}}})).toBe("vae-mnist-z20-beta4-seed0-step600.json");
    expect(modelFileName({...base, model: {name: "vae", config: {...vaeDefaults, variational: false}}})).toBe("vae-mnist-z20-ae-seed0-step600.json");
  });
});

describe("decodeModelFile", () => {
  it("decodeModelFile(bytes) reads a Uint8Array or ArrayBuffer of the text, with or without a UTF-8 BOM", () => {
    const bytes = new TextEncoder().encode(trained.text);
    expect(decode(bytes).checkpoint.weights[0]).toEqual(trained.input.checkpoint.weights[0]);
    expect(decode(bytes.buffer as ArrayBuffer).file.step).toBe(5);
    expect(decode(new Uint8Array([0xef, 0xbb, 0xbf, ...bytes])).file.step).toBe(5);
    expect(decode("\ufeff" + trained.text).file.step).toBe(5);
  });

  it("decodeModelFile(empty) says the file is empty", () => {
    expect(() => decode("")).toThrow(/^The file is empty \(0 bytes\)/);
    expect(() => decode(new Uint8Array(0))).toThrow(/^The file is empty/);
    expect(() => decode(" \n\t")).toThrow(/^The file is empty \(3 bytes of white space\)/);
  });

  it("decodeModelFile(huge) gives the size and the limit before reading anything", () => {
    expect(() => decode(new Uint8Array(85_000_000))).toThrow("The file is 85 MB; a model file of this site is at most 20 MB.");
    expect(() => decode(trained.text, 10_000)).toThrow(/^The file is \d+ kB; a model file of this site is at most 10 kB\.$/);
  });

  it("decodeModelFile(not JSON, e.g. a PNG) says it is not a model file and why", () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    expect(() => decode(png)).toThrow(/^This file is not a model file of this site: it is not JSON \(.+\)\.$/);
    expect(() => decode("hello")).toThrow(/not a model file of this site: it is not JSON \(Unexpected token/);
  });

  it("decodeModelFile(JSON that is not a model file) names what it found", () => {
    expect(() => decode("[1, 2]")).toThrow(/not a model file of this site: it holds JSON an array/);
    expect(() => decode("null")).toThrow(/not a model file of this site: it holds JSON null/);
    expect(() => decode('{"a": 1}')).toThrow(/not a model file of this site: its JSON has no "format" field/);
    expect(() => decode(edited((f) => { f.format = "other-tool-model"; }))).toThrow(/not a model file of this site: its format is "other-tool-model", not "vae-textbook-model"/);
    expect(() => decode('{"modelTopology": {}, "weightsManifest": []}')).toThrow(/looks like a TensorFlow\.js model\.json/);
  });

  it("decodeModelFile(truncated text, cut in the middle) says the file is cut short", () => {
    const text = trained.text.slice(0, Math.floor(trained.text.length / 2));
    expect(() => decode(text)).toThrow(/^This model file is cut short or damaged: it is not complete JSON \(.+\)\. Download or export it again\.$/);
  });

  it("decodeModelFile(a truncated base64 array) names the variable and how many numbers it holds", () => {
    const cut = (k: number) => edited((f) => { f.variables[9].data = f.variables[9].data.slice(0, -k); });
    expect(() => decode(cut(8))).toThrow(/cut short or damaged: variable 10 of 10 \(dec\/b2, shape \[784\]\) holds 78\d numbers; it needs 784/);
    expect(() => decode(cut(1))).toThrow(/cut short or damaged: variable 10 of 10/);
    expect(() => decode(edited((f) => { f.variables[1].data = "!".repeat(f.variables[1].data.length); }))).toThrow(/the data of variable 2 of 10 \(enc\/b1, shape \[16\]\) is not valid base64/);
  });

  it("decodeModelFile(wrong shapes or count) says the weights do not match the configuration", () => {
    expect(() => decode(edited((f) => { f.variables[0].shape = [784, 17]; }))).toThrow(/do not match its configuration: variable 1 of 10 \(enc\/W1\) has shape \[784,17\]; a "vae" \(784-16-3\) needs \[784, 16\]/);
    expect(() => decode(edited((f) => { f.variables[6].shape = [16, 3]; }))).toThrow(/variable 7 of 10 \(dec\/W1\) has shape \[16,3\].*needs \[3, 16\]/);
    expect(() => decode(edited((f) => { f.variables.pop(); }))).toThrow(/it has 9 weight arrays; a "vae" \(784-16-3\) has 10/);
    expect(() => decode(edited((f) => { f.model.config.hiddenDim = 32; f.settings.hiddenDim = 32; }))).toThrow(/variable 1 of 10 \(enc\/W1\) has shape \[784,16\]; a "vae" \(784-32-3\) needs \[784, 32\]/);
  });

  it("decodeModelFile(another model's file) names both models", () => {
    expect(() => decode(edited((f) => { f.model.name = "vq-vae"; }))).toThrow('This file holds a "vq-vae" model; this widget trains a "vae".');
  });

  it("decodeModelFile(a newer version) asks for the newer site", () => {
    expect(() => decode(edited((f) => { f.version = 2; }))).toThrow(/^This model file is version 2, made by a newer version of this site; this page reads version 1\./);
    expect(() => decode(edited((f) => { f.version = "1"; }))).toThrow(/damaged or incomplete: its version is "1"; expected 1/);
  });

  it("decodeModelFile(NaN or infinite weights) refuses the file", () => {
    const poisoned = (v: number) => edited((f) => {
      const w = base64ToFloat32(f.variables[4].data);
      w[7] = v;
      f.variables[4].data = float32ToBase64(w);
    });
    expect(() => decode(poisoned(NaN))).toThrow(/contains NaN or infinite weights \(variable 5 of 10 \(enc\/Wlv, shape \[16, 3\]\), number 7\)/);
    expect(() => decode(poisoned(-Infinity))).toThrow(/contains NaN or infinite weights/);
  });

  it("decodeModelFile(invalid config, settings or step) reuses the validators' messages", () => {
    expect(() => decode(edited((f) => { f.model.config.latentDim = 0; f.settings.latentDim = 0; }))).toThrow("The model in this file has an invalid configuration: invalid latentDim: 0; expected an integer in [1, 64].");
    expect(() => decode(edited((f) => { delete f.model.config.beta; }))).toThrow(/damaged or incomplete: model.config.beta is missing/);
    expect(() => decode(edited((f) => { f.settings.lr = -1; }))).toThrow("The settings in this file are invalid: invalid lr: -1; expected a number in [1e-6, 1].");
    expect(() => decode(edited((f) => { f.settings.backend = "tpu"; }))).toThrow(/settings in this file are invalid: invalid backend: tpu/);
    expect(() => decode(edited((f) => { delete f.settings.pick; }))).toThrow(/settings.pick is missing/);
    expect(() => decode(edited((f) => { f.settings.beta = 2; }))).toThrow(/settings.beta is 2 but model.config.beta is 1/);
    expect(() => decode(edited((f) => { f.settings.variational = false; }))).toThrow(/settings.variational is false but model.config.variational is true/);
    expect(() => decode(edited((f) => { f.model.config.variational = "no"; f.settings.variational = "no"; }))).toThrow(/invalid configuration: invalid variational: no; expected true or false/);
    expect(() => decode(edited((f) => { f.step = -3; }))).toThrow(/its step is -3; expected a whole number ≥ 0/);
    expect(() => decode(edited((f) => { f.step = 2.5; }))).toThrow(/its step is 2.5/);
    expect(() => decode(edited((f) => { f.metrics.loss = "low"; }))).toThrow(/metrics.loss is "low"; expected a finite number/);
  });

  it("decodeModelFile(a model of another input size) says so when the widget gives its inputDim", () => {
    const small = edited((f) => { f.model.config.inputDim = 100; });
    expect(() => decode(small)).toThrow(/reads inputs of 100 numbers; this widget's images have 784 pixels/);
  });

  it('decodeModelFile({"__proto__": …}) leaves Object.prototype clean and reads only known fields', () => {
    expect(() => decode('{"__proto__": {"polluted": true}}')).toThrow(/not a model file of this site/);
    const sneaky = trained.text.replace("{", '{"__proto__": {"polluted": true, "format": "x"}, "constructor": {"prototype": {"polluted": true}},')
      .replace('"settings": {', '"settings": {"__proto__": {"polluted": true, "speed": 5},');
    const {file} = decode(sneaky);
    expect(({} as any).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(file)).toBe(Object.prototype);
    expect(Object.keys(file)).toEqual(["format", "version", "model", "settings", "backend", "libraries", "step", "savedAt", "metrics", "variables"]);
    expect(file.settings).toEqual(settings);
    expect((file.settings as any).polluted).toBeUndefined();
    // a field only inherited from a polluted prototype is not read
    (Object.prototype as any).pick = [1, 1];
    try {
      expect(() => decode(edited((f) => { delete f.settings.pick; }))).toThrow(/settings.pick is missing/);
    } finally {
      delete (Object.prototype as any).pick;
    }
  });

  it("decodeModelFile(file) returns fresh arrays: decoding twice shares nothing", () => {
    const a = decode(trained.text).checkpoint.weights[0], b = decode(trained.text).checkpoint.weights[0];
    a[0] = 42;
    expect(b[0]).not.toBe(42);
  });
});

describe("vaeVariableShapes", () => {
  it("vaeVariableShapes(config) matches the variables createVae(config) builds", () => {
    const model = createVae({inputDim: 10, hiddenDim: 7, latentDim: 2}, new Rng(0, "init"));
    expect(vaeVariableShapes(model.config).map((v) => v.shape)).toEqual(model.variables.map((v) => v.shape));
    model.dispose();
  });
});
