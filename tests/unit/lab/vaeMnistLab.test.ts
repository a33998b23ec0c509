import * as tf from "@tensorflow/tfjs";
import "../../../src/train/nodeBackends.js";
import {beforeAll, describe, expect, it, vi} from "vitest";
import {loadMnistNode} from "../../../src/data/mnistNode.js";
import {vaeMnistAssets, vaeMnistFiles, vaeMnistLab, type VaeMnistAssets} from "../../../src/labs/vaeMnist.js";
import {vaeMnistSpec} from "../../../src/labs/vaeMnistSpec.js";
import type {FromLab} from "../../../src/train/lab.js";
import {LabSession} from "../../../src/train/labSession.js";
import {Trainer, type EvalRecord} from "../../../src/train/trainer.js";
import {settingDefaults, settingsError, type Settings, type Views} from "../../../src/train/vaeSettings.js";

type FromWorker = FromLab<Settings, Views, EvalRecord, VaeMnistAssets>;

const small: Settings = {...settingDefaults, latentDim: 2, hiddenDim: 32, batchSize: 16, backend: "cpu"};

async function started(settings: Settings = small) {
  const messages: FromWorker[] = [];
  const s = new LabSession(vaeMnistSpec, vaeMnistLab({evalSize: 100}), (m) => messages.push(m), () => loadMnistNode(), {candidates: ["cpu", "wasm"], evalEvery: 5, viewsEveryMs: 0}, {files: vaeMnistFiles, assets: vaeMnistAssets});
  await s.handle({type: "init", dataUrl: "unused", settings, backend: "auto"});
  const of = <T extends FromWorker["type"]>(type: T) => messages.filter((m): m is Extract<FromWorker, {type: T}> => m.type === type);
  return {s, messages, of};
}

beforeAll(async () => { await tf.setBackend("cpu"); });

describe("the VAE trainer's lab (chapter 1) in the LabSession", () => {
  it("handle(init) reports the backend, sends the digits to pick from, held-out loss and views, then is ready", async () => {
    const {s, of, messages} = await started();
    expect(of("backend").at(-1)!.active).toBe("cpu");
    expect(of("assets")[0].assets.images.length).toBe(100 * 784);
    // the digits to pick from go before the backend is chosen, which takes seconds on a slow device
    expect(messages.findIndex((m) => m.type === "assets")).toBeLessThan(messages.findIndex((m) => m.type === "backend"));
    expect(of("eval")[0].record.step).toBe(0);
    const v = of("views")[0].views;
    expect(v.reconstructions.length).toBe(v.shownIndices.length * 784);
    expect(v.scatter!.length).toBe(1000);
    expect(v.grid!.length).toBe(v.gridSize ** 2 * 784);
    expect(of("status").at(-1)!.status).toBe("ready");
    expect(s.settings.latentDim).toBe(2);
  });

  it("handle(step) trains one step; handle(set) changes lr and β without a reset and rejects bad values", async () => {
    const {s, of} = await started();
    await s.handle({type: "step"});
    await s.handle({type: "step"});
    expect(of("record").map((m) => m.record.step)).toEqual([1, 2]);
    await s.handle({type: "set", settings: {lr: 3e-3, beta: 0.5}});
    await s.handle({type: "step"});
    const last = of("record").at(-1)!.record;
    expect([last.step, last.lr, last.beta]).toEqual([3, 3e-3, 0.5]);
    await s.handle({type: "set", settings: {lr: -5}});
    expect(of("notice").at(-1)!.text).toMatch(/invalid lr: -5.*previous value is kept/);
    expect(s.settings.lr).toBe(3e-3);
    await s.handle({type: "set", settings: {latentDim: 3}});
    expect(of("reset").length).toBe(2);
    expect(of("notice").at(-1)!.text).toMatch(/^Changed latentDim: rebuilt at step 0/);
  });

  it("handle(play) trains until handle(pause)", async () => {
    const {s, of} = await started();
    void s.handle({type: "play"});
    while (of("record").length < 5) await new Promise((r) => setTimeout(r, 10));
    await s.handle({type: "pause"});
    await new Promise((r) => setTimeout(r, 100));
    const n = of("record").length;
    await new Promise((r) => setTimeout(r, 200));
    expect(of("record").length).toBe(n);
    expect(of("status").at(-1)!.status).toBe("paused");
  });

  it("handle(set) of a rebuilding setting while training pauses, and its notice says so rather than that training goes on", async () => {
    const {s, of} = await started();
    void s.handle({type: "play"});
    while (of("record").length < 3) await new Promise((r) => setTimeout(r, 10));
    await s.handle({type: "set", settings: {latentDim: 3}});
    expect(of("notice").at(-1)!.text).toBe("Changed latentDim: rebuilt at step 0; training paused, press Train to go on.");
    expect(of("status").find((m) => m.stopped === "rebuilt")).toBeDefined();
    const n = of("record").length;
    await new Promise((r) => setTimeout(r, 300));
    expect(of("record").length).toBe(n);
    expect(of("status").at(-1)!.status).not.toBe("training");
  });

  it("handle(init) with an unusable backend falls back to a working one and says so", async () => {
    const {s, of} = await started({...small, backend: "webgpu"});
    expect(["cpu", "wasm"]).toContain(s.backend);
    expect(of("notice")[0].text).toMatch(/webgpu backend is not available here/);
    expect(s.report.find((r) => r.name === "webgpu")!.available).toBe(false);
  });

  it("handle(step) on a backend that fails mid-run moves to the next backend with the last good weights", async () => {
    const {s, of} = await started({...small, backend: "auto"});
    const first = s.backend;
    for (let i = 0; i < 3; i++) await s.handle({type: "step"});
    const spy = vi.spyOn(Trainer.prototype, "step").mockRejectedValueOnce(new Error("context lost"));
    await s.handle({type: "step"});
    spy.mockRestore();
    expect(s.backend).not.toBe(first);
    expect(of("notice").at(-1)!.text).toMatch(new RegExp(`The ${first} backend failed \\(context lost\\); switched to ${s.backend} and went back to the weights of step \\d`));
    expect(s.report.find((r) => r.name === first)!.error).toBe("context lost");
    await s.handle({type: "step"});
    expect(Number.isFinite(of("record").at(-1)!.record.loss)).toBe(true);
  });

  it("handle(export) gives a model file that handle(import) loads into another session; a bad file changes nothing", async () => {
    const a = await started({...small, seed: 5});
    for (let i = 0; i < 3; i++) await a.s.handle({type: "step"});
    await a.s.handle({type: "export"});
    const {text, name} = a.of("exported")[0].file;
    expect(name).toMatch(/^vae-mnist-z2-h32-seed5-step3.*\.json$/);
    const b = await started({...small, seed: 9, latentDim: 3});
    await b.s.handle({type: "import", data: new TextEncoder().encode(text).buffer as ArrayBuffer, name});
    expect(b.s.settings.seed).toBe(5);
    expect(b.s.settings.latentDim).toBe(2);
    expect(b.of("eval").at(-1)!.record.step).toBe(3);
    expect(b.of("notice").at(-1)!.text).toMatch(/Loaded vae-mnist.*trained 3 steps \(seed 5/);
    // the same weights give the same held-out loss (one ε stream per seed)
    const again = await started({...small, seed: 5});
    await again.s.handle({type: "import", data: new TextEncoder().encode(text).buffer as ArrayBuffer, name});
    expect(again.of("eval").at(-1)!.record.loss).toBeCloseTo(b.of("eval").at(-1)!.record.loss, 6);
    const before = {...b.s.settings};
    await b.s.handle({type: "import", data: new TextEncoder().encode(text.slice(0, 5000)).buffer as ArrayBuffer, name: "cut.json"});
    expect(b.of("notice").at(-1)!.text).toMatch(/^cut\.json: .*The current model is unchanged\.$/);
    expect(b.s.settings).toEqual(before);
  });

  it("handle(set) of the backend moves the weights to it: the same held-out loss there, the step count kept, training goes on", async () => {
    const {s, of} = await started();
    for (let i = 0; i < 5; i++) await s.handle({type: "step"}); // step 5 is evaluated
    const before = of("eval").at(-1)!.record;
    void s.handle({type: "play"});
    while (of("record").length < 7) await new Promise((r) => setTimeout(r, 5));
    await s.handle({type: "pause"});
    await new Promise((r) => setTimeout(r, 50));
    const at = of("record").at(-1)!.record.step;
    await s.handle({type: "set", settings: {backend: "wasm"}});
    expect(s.backend).toBe("wasm");
    expect(tf.getBackend()).toBe("wasm");
    expect(of("notice").at(-1)!.text).toBe("Now training on wasm; the weights came along.");
    expect(of("reset").at(-1)).toEqual({type: "reset", step: at, newRun: false});
    await s.handle({type: "step"});
    expect(of("record").at(-1)!.record.step).toBe(at + 1);
    // the weights of step 5 evaluated on wasm give the cpu figure (a file of those weights, loaded here)
    const again = await started({...small, backend: "wasm"});
    const ref = await started();
    for (let i = 0; i < 5; i++) await ref.s.handle({type: "step"});
    await ref.s.handle({type: "export"});
    const {text, name} = ref.of("exported")[0].file;
    await again.s.handle({type: "import", data: new TextEncoder().encode(text).buffer as ArrayBuffer, name});
    expect(again.of("eval").at(-1)!.record.loss).toBeCloseTo(before.loss, 3);
    await tf.setBackend("cpu");
  });

  it("a speed setting caps the steps per second; 0 lifts the cap", async () => {
    // views and evaluations out of the way, so that a step takes a few milliseconds
    const messages: FromWorker[] = [];
    const s = new LabSession(vaeMnistSpec, vaeMnistLab({evalSize: 100}), (m) => messages.push(m), () => loadMnistNode(), {candidates: ["cpu"], evalEvery: 1e6, viewsEveryMs: 1e9});
    await s.handle({type: "init", dataUrl: "unused", settings: {...small, speed: 10}, backend: "cpu"});
    const steps = () => messages.filter((m) => m.type === "record").length;
    // the runner waits for a capped speed in slices of 20 ms: counted here, so that no figure depends on the machine
    const timer = vi.spyOn(globalThis, "setTimeout");
    const run = async (ms: number) => {
      const n = steps();
      timer.mockClear();
      void s.handle({type: "play"});
      await new Promise((r) => setTimeout(r, ms));
      await s.handle({type: "pause"});
      return {steps: steps() - n, waits: timer.mock.calls.filter(([, delay]) => delay === 20).length};
    };
    const capped = await run(500);
    expect(capped.steps).toBeGreaterThanOrEqual(1);
    expect(capped.steps).toBeLessThanOrEqual(8); // 10 a second for half a second, and one under way: a slower machine takes fewer
    expect(capped.waits).toBeGreaterThan(0);
    await s.handle({type: "set", settings: {speed: 0}});
    const free = await run(300);
    expect(free.steps).toBeGreaterThanOrEqual(1);
    expect(free.waits).toBe(0);
    timer.mockRestore();
    s.dispose();
  });

  it("settingsError() names the bad value", () => {
    expect(settingsError({latentDim: 0})).toMatch(/invalid latentDim: 0/);
    expect(settingsError({backend: "<script>" as never})).toMatch(/invalid backend/);
    expect(settingsError({pick: [1, 500]})).toMatch(/invalid pick/);
    expect(settingsError(settingDefaults)).toBeNull();
  });
});
