import * as tf from "@tensorflow/tfjs";
import "../../../src/train/nodeBackends.js";
import {beforeAll, describe, expect, it} from "vitest";
import type {FromLab, Lab, LabFactory, LabSpec} from "../../../src/train/lab.js";
import {LabSession} from "../../../src/train/labSession.js";

// A real, tiny lab for the runner: least squares y = w·x + b on fixed points, by gradient descent.
interface LineSettings { lr: number; seed: number; failAt: number }
interface LineViews { w: number; b: number }
const spec: LabSpec<LineSettings> = {
  name: "the line fit",
  defaults: {lr: 0.1, seed: 0, failAt: 0},
  check: (s) => (!(s.lr > 0 && s.lr <= 100) ? `invalid lr: ${s.lr}; expected a number in (0, 100]` : null),
  resetKeys: ["seed"]
};
const xs = [0, 1, 2, 3], ys = [1, 3, 5, 7];
let created = 0;
const createLine: LabFactory<LineSettings, LineViews> = async (settings) => {
  created++;
  let lr = settings.lr, step = 0;
  const w = tf.variable(tf.scalar(settings.seed)), b = tf.variable(tf.scalar(0));
  const x = tf.tensor1d(xs), y = tf.tensor1d(ys);
  const lab: Lab<LineSettings, LineViews> = {
    async step() {
      if (settings.failAt && step + 1 === settings.failAt && tf.getBackend() === "wasm") throw new Error("kernel exploded");
      const loss = tf.tidy(() => {
        const {value, grads} = tf.variableGrads(() => tf.mean(tf.square(tf.sub(tf.add(tf.mul(w, x), b), y))) as tf.Scalar);
        w.assign(tf.sub(w, tf.mul(grads[w.name], lr)));
        b.assign(tf.sub(b, tf.mul(grads[b.name], lr)));
        return value;
      });
      const l = (await loss.data())[0];
      loss.dispose();
      return {step: ++step, loss: l};
    },
    async views() { return {w: (await w.data())[0], b: (await b.data())[0]}; },
    update(changes) { if (changes.lr !== undefined) lr = changes.lr; },
    async snapshot() { return {step, w: (await w.data())[0], b: (await b.data())[0]}; },
    restore(s) { const c = s as {step: number; w: number; b: number}; step = c.step; w.assign(tf.scalar(c.w)); b.assign(tf.scalar(c.b)); },
    dispose() { w.dispose(); b.dispose(); x.dispose(); y.dispose(); }
  };
  return lab;
};

async function started(settings: Partial<LineSettings> = {}, candidates: ("cpu" | "wasm")[] = ["cpu"], backend = "cpu") {
  const messages: FromLab<LineSettings, LineViews>[] = [];
  const s = new LabSession(spec, createLine, (m) => messages.push(m), () => Promise.reject(new Error("no digits here")), {candidates, viewsEveryMs: 0, checkpointEvery: 5});
  await s.handle({type: "init", settings: {...spec.defaults, ...settings}, dataUrl: null, backend});
  const of = <T extends FromLab<LineSettings, LineViews>["type"]>(type: T) => messages.filter((m): m is Extract<FromLab<LineSettings, LineViews>, {type: T}> => m.type === type);
  return {s, messages, of};
}

beforeAll(async () => { await tf.setBackend("cpu"); });

describe("LabSession", () => {
  it("handle(init) sends the backend, settings, views at step 0, then ready", async () => {
    const {of} = await started();
    expect(of("backend").at(-1)!.active).toBe("cpu");
    expect(of("views")[0]).toMatchObject({step: 0, views: {w: 0, b: 0}});
    expect(of("status").at(-1)!.status).toBe("ready");
  });

  it("handle(step) trains and the loss falls; tensors stay flat across steps", async () => {
    const {s, of} = await started();
    await s.handle({type: "step"});
    const before = tf.memory().numTensors;
    for (let i = 0; i < 30; i++) await s.handle({type: "step"});
    expect(tf.memory().numTensors).toBe(before);
    const losses = of("record").map((m) => m.record.loss);
    expect(of("record").at(-1)!.record.step).toBe(31);
    expect(losses.at(-1)!).toBeLessThan(losses[0] / 10);
  });

  it("handle(set) applies live settings, rejects bad values keeping the last good ones, and rebuilds on reset keys", async () => {
    const {s, of} = await started();
    await s.handle({type: "set", settings: {lr: 0.05}});
    expect(s.settings.lr).toBe(0.05);
    await s.handle({type: "set", settings: {lr: -1}});
    expect(of("notice").at(-1)!.text).toBe("invalid lr: -1; expected a number in (0, 100]. The previous value is kept.");
    expect(s.settings.lr).toBe(0.05);
    await s.handle({type: "step"});
    const n = created;
    await s.handle({type: "set", settings: {seed: 3}});
    expect(created).toBe(n + 1);
    expect(of("reset").at(-1)!.step).toBe(0);
    expect(of("views").at(-1)!.views.w).toBe(3);
    expect(of("notice").at(-1)!.text).toMatch(/^Changed seed: rebuilt at step 0/);
  });

  it("an unknown backend name is refused with a message and the fastest measured is used", async () => {
    const {s, of} = await started({}, ["cpu"], "quantum");
    expect(of("notice")[0].text).toBe('Unknown backend "quantum"; choosing the fastest that works instead.');
    expect(s.backend).toBe("cpu");
  });

  it("a Play sent while a reset is still queued trains the new lab instead of stopping after one step", async () => {
    const {s, of} = await started();
    await s.handle({type: "step"});
    const reset = s.handle({type: "reset"});
    void s.handle({type: "play"});
    await reset;
    for (let i = 0; i < 200 && of("record").filter((m) => m.record.step > 0).length < 8; i++) await new Promise((r) => setTimeout(r, 10));
    await s.handle({type: "pause"});
    expect(of("status").some((m) => m.stopped === "rebuilt")).toBe(false);
    expect(of("record").at(-1)!.record.step).toBeGreaterThanOrEqual(5);
    expect(of("reset").at(-1)!.step).toBe(0);
  });

  it("Reset while training stops the run (the reader pressed Reset after Train)", async () => {
    const {s, of} = await started();
    void s.handle({type: "play"});
    await new Promise((r) => setTimeout(r, 50));
    await s.handle({type: "reset"});
    expect(of("status").some((m) => m.stopped === "rebuilt")).toBe(true);
    await new Promise((r) => setTimeout(r, 50));
    const n = of("record").length;
    await new Promise((r) => setTimeout(r, 50));
    expect(of("record").length).toBe(n);
  });

  it("spec.viewsEveryMs sets how often views are sent while training", async () => {
    const messages: FromLab<LineSettings, LineViews>[] = [];
    const s = new LabSession({...spec, viewsEveryMs: 1e9}, createLine, (m) => messages.push(m), () => Promise.reject(new Error("none")), {candidates: ["cpu"]});
    await s.handle({type: "init", settings: spec.defaults, dataUrl: null, backend: "cpu"});
    const views = () => messages.filter((m) => m.type === "views").length;
    expect(views()).toBe(1);
    void s.handle({type: "play"});
    for (let i = 0; i < 200 && messages.filter((m) => m.type === "record").length < 10; i++) await new Promise((r) => setTimeout(r, 5));
    expect(views()).toBe(1); // none while training: the interval has not passed
    await s.handle({type: "pause"});
    for (let i = 0; i < 100 && views() < 2; i++) await new Promise((r) => setTimeout(r, 5));
    expect(views()).toBe(2); // the weights the run stopped at
  });

  it("bad initial settings fall back to the defaults with a warning", async () => {
    const {s, of} = await started({lr: Number.NaN});
    expect(s.settings.lr).toBe(0.1);
    expect(of("notice")[0].text).toMatch(/invalid lr: NaN.*using the defaults instead/);
  });

  it("a diverging run stops, goes back to the last checkpoint and says so", async () => {
    const {s, of} = await started();
    for (let i = 0; i < 7; i++) await s.handle({type: "step"});
    await s.handle({type: "set", settings: {lr: 100}}); // gradient descent on this quadratic explodes to Infinity
    for (let i = 0; i < 200 && !of("status").some((m) => m.stopped === "diverged"); i++) await s.handle({type: "step"});
    expect(of("status").at(-1)).toMatchObject({status: "paused", stopped: "diverged"});
    expect(of("notice").at(-1)!.text).toMatch(/diverged at step \d+ \(loss = (NaN|Infinity)\); went back to the weights of step \d+/);
    const back = of("reset").at(-1)!.step;
    expect(back % 5).toBe(0);
    expect(Number.isFinite(of("views").at(-1)!.views.w)).toBe(true);
  });

  it("a backend that throws mid-run hands over to the next one with the last good weights", async () => {
    const {s, of} = await started({failAt: 8}, ["wasm", "cpu"], "wasm"); // this lab fails at step 8 on wasm
    expect(s.backend).toBe("wasm");
    for (let i = 0; i < 9; i++) await s.handle({type: "step"});
    expect(s.backend).toBe("cpu");
    expect(of("notice").some((m) => /The wasm backend failed \(kernel exploded\); switched to cpu and went back to the weights of step 5/.test(m.text))).toBe(true);
    expect(of("record").at(-1)!.record.step).toBeGreaterThan(5);
  });
});
