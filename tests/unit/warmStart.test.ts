import * as tf from "@tensorflow/tfjs";
import "../../src/train/nodeBackends.js";
import {readFileSync} from "node:fs";
import {describe, expect, it} from "vitest";
import {loadMnistNode} from "../../src/data/mnistNode.js";
import {vaeMnistLab, type VaeMnistAssets} from "../../src/labs/vaeMnist.js";
import {vaeMnistSpec} from "../../src/labs/vaeMnistSpec.js";
import type {FromLab} from "../../src/train/lab.js";
import {LabSession} from "../../src/train/labSession.js";
import {settingDefaults, type Settings, type Views} from "../../src/train/vaeSettings.js";
import type {EvalRecord, StepRecord} from "../../src/train/trainer.js";
import {decodeImages, decodeWarmStart, encodeImages, encodeWarmStart, matchesWarmStart, type WarmStart} from "../../src/train/warmStart.js";

const committed = () => JSON.parse(readFileSync("data/warmstart/vae-mnist.json", "utf8")) as Record<string, unknown>;

/** A small run whose numbers survive the file's rounding exactly (3 decimals, pixels k/255). */
function tiny(): WarmStart {
  const px = (n: number, k0: number) => Float32Array.from({length: n * 784}, (_, i) => ((i * 7 + k0) % 256) / 255);
  const history: StepRecord[] = [1, 2, 3].map((step) => ({step, time: 100 * step, loss: 500 - step + 0.125, recon: 490 - step, kl: 10.125, gradNorm: 3.5, lr: 3e-4, beta: 0.5}));
  const views: Views = {step: 3, shownIndices: [0, 1], originals: px(2, 0), reconstructions: px(2, 1), samples: px(3, 2), interpolation: px(3, 3), interpolationT: [0, 0.5, 1],
    scatter: [{x: 0.25, y: -1.5, label: 7}], grid: px(4, 4), gridSize: 2, gridExtent: 3};
  return {settings: {...settingDefaults, latentDim: 2, lr: 3e-4, beta: 0.5}, steps: 3, backend: "cpu", createdWith: "test", created: "2026-01-01T00:00:00.000Z", tfjs: "4.22.0",
    history, heldOut: [{step: 0, time: 5, loss: 550.5, recon: 549, kl: 1.5, klPerDim: [1, 0.5], activeUnits: 2, unitVariance: [0.5, 0.25]},
      {step: 3, time: 305, loss: 497, recon: 487, kl: 10, klPerDim: [6, 4], activeUnits: 1, unitVariance: [1.5, 0.0075]}], views};
}

describe("warm start", () => {
  it("decodeWarmStart(encodeWarmStart(x)) round-trips a run through JSON", () => {
    const x = tiny();
    expect(decodeWarmStart(JSON.parse(JSON.stringify(encodeWarmStart(x))))).toEqual(x);
  });

  it("encodeImages() stores round(255·v) and clamps to [0, 1]", () => {
    expect(Array.from(decodeImages(encodeImages(Float32Array.from([0, 0.5, 1, -0.2, 1.3])))).map((v) => Math.round(v * 255))).toEqual([0, 128, 255, 0, 255]);
  });

  it("decodeWarmStart(committed file) is 600 steps of the default model with held-out −ELBO ≤ 130 at the end", () => {
    const ws = decodeWarmStart(committed());
    expect(ws.steps).toBe(600);
    expect(ws.history.map((r) => r.step)).toEqual(Array.from({length: 600}, (_, i) => i + 1));
    expect(matchesWarmStart(ws, settingDefaults)).toBe(true);
    expect(ws.backend).toBe("wasm");
    expect(ws.heldOut.map((r) => r.step)).toEqual(Array.from({length: 13}, (_, i) => 50 * i));
    const last = ws.heldOut.at(-1)!;
    expect(last.loss).toBeLessThanOrEqual(130);
    expect(last.klPerDim.length).toBe(20);
    const v = ws.views;
    expect(v.step).toBe(600);
    expect(v.originals.length).toBe(v.shownIndices.length * 784);
    expect(v.reconstructions.length).toBe(v.shownIndices.length * 784);
    expect(v.samples.length % 784).toBe(0);
    expect(v.interpolation.length).toBe(v.interpolationT.length * 784);
    expect([v.scatter, v.grid]).toEqual([null, null]); // 20-d latent
    for (const a of [v.originals, v.reconstructions, v.samples, v.interpolation]) expect(a.every((p) => p >= 0 && p <= 1)).toBe(true);
  });

  it("decodeWarmStart() gives a setting the file does not have (added later) its default", () => {
    const file = committed();
    const {variational: _, ...older} = file.settings as Record<string, unknown>;
    expect(decodeWarmStart({...file, settings: older}).settings.variational).toBe(settingDefaults.variational);
  });

  it("matchesWarmStart() ignores backend, speed and pick but not the model settings", () => {
    const ws = tiny();
    expect(matchesWarmStart(ws, {...ws.settings, backend: "webgl", speed: 5, pick: [0, 1]})).toBe(true);
    for (const change of [{latentDim: 3}, {hiddenDim: 100}, {beta: 1}, {variational: false}, {lr: 1e-3}, {batchSize: 64}, {seed: 1}]) expect(matchesWarmStart(ws, {...ws.settings, ...change})).toBe(false);
  });

  it("the committed file is reproducible: its seed gives the same first 20 steps on wasm through the lab's runner", async () => {
    const ws = decodeWarmStart(committed());
    type Message = FromLab<Settings, Views, EvalRecord, VaeMnistAssets>;
    const messages: Message[] = [];
    const s = new LabSession(vaeMnistSpec, vaeMnistLab(), (m) => messages.push(m), () => loadMnistNode(), {candidates: ["wasm"], evalEvery: 50, viewsEveryMs: 0});
    await s.handle({type: "init", dataUrl: "mnist", settings: {...ws.settings, backend: "wasm"}, backend: "wasm"});
    expect(tf.getBackend()).toBe("wasm");
    for (let i = 0; i < 20; i++) await s.handle({type: "step"});
    const records = messages.flatMap((m) => (m.type === "record" ? [m.record] : []));
    const near = (a: number, b: number) => Math.abs(a - b) <= 1e-3 * Math.abs(b);
    const mismatches = records.flatMap((r, i) => (["loss", "recon", "kl"] as const).filter((k) => !near(r[k], ws.history[i][k])).map((k) => `step ${r.step} ${k}: ${r[k]} vs ${ws.history[i][k]}`));
    expect(records.length).toBe(20);
    expect(mismatches).toEqual([]);
    const start = messages.find((m): m is Extract<Message, {type: "eval"}> => m.type === "eval")!.record;
    expect(near(start.loss, ws.heldOut[0].loss)).toBe(true);
  });

  it("decodeWarmStart() names what is wrong with a bad file", () => {
    const file = committed();
    expect(() => decodeWarmStart("nope")).toThrow(/invalid warm start file: expected a JSON object/);
    expect(() => decodeWarmStart({...file, format: "something-else"})).toThrow(/invalid warm start file: format is "something-else"; expected "vae-textbook-warmstart"/);
    expect(() => decodeWarmStart({...file, version: 3})).toThrow(/version is 3; this code reads version 2/);
    expect(() => decodeWarmStart({...file, views: undefined})).toThrow(/invalid warm start file: views is missing/);
    const views = file.views as Record<string, unknown>;
    expect(() => decodeWarmStart({...file, views: {...views, samples: undefined}})).toThrow(/views\.samples is missing/);
    expect(() => decodeWarmStart({...file, views: {...views, reconstructions: "AAAA"}})).toThrow(/views\.reconstructions has 3 pixels; expected 7840/);
    expect(() => decodeWarmStart({...file, views: {...views, originals: "#!"}})).toThrow(/views\.originals is "#!"; expected base64 image bytes/);
    const history = file.history as Record<string, number[]>;
    expect(() => decodeWarmStart({...file, history: {...history, loss: history.loss.slice(1)}})).toThrow(/history\.loss has 599 numbers; expected 600/);
    const settings = file.settings as Record<string, unknown>;
    expect(() => decodeWarmStart({...file, settings: {...settings, latentDim: 1.5}})).toThrow(/settings\.latentDim is 1.5; expected an integer ≥ 1/);
    expect(() => decodeWarmStart({...file, settings: {...settings, seed: undefined}})).toThrow(/settings\.seed is missing/);
  });
});
