// The training core every lab shares (src/train/adam.ts and the LabSession's divergence policy), checked on every lab
// (chapter 1's VAE trainer, the labs of chapters 5–9 and the example lab a new chapter starts from) at its defaults,
// on wasm as in the page.
import * as tf from "@tensorflow/tfjs";
import "../../../src/train/nodeBackends.js";
import {beforeAll, describe, expect, it} from "vitest";
import {loadMnistNode} from "../../../src/data/mnistNode.js";
import {createAnnealingLab} from "../../../src/labs/annealing.js";
import {annealingSpec} from "../../../src/labs/annealingSpec.js";
import {createBetaVaeLab} from "../../../src/labs/betaVae.js";
import {betaVaeSpec} from "../../../src/labs/betaVaeSpec.js";
import {createCodecLab} from "../../../src/labs/codecLab.js";
import {codecLabSpec} from "../../../src/labs/codecLabSpec.js";
import {createLinearVaeLab} from "../../../src/labs/linearVae.js";
import {linearVaeLabSpec} from "../../../src/labs/linearVaeSpec.js";
import {createVqMnistLab} from "../../../src/labs/vqMnist.js";
import {vqMnistSpec} from "../../../src/labs/vqMnistSpec.js";
import {createVqToyLab} from "../../../src/labs/vqToy.js";
import {vqToySpec} from "../../../src/labs/vqToySpec.js";
import {vaeMnistLab} from "../../../src/labs/vaeMnist.js";
import {createExampleLab} from "../../../src/labs/exampleLab.js";
import {exampleLabSpec} from "../../../src/labs/exampleLabSpec.js";
import {vaeMnistSpec} from "../../../src/labs/vaeMnistSpec.js";
import {Adam} from "../../../src/train/adam.js";
import type {FromLab, Lab, LabFactory, LabSpec} from "../../../src/train/lab.js";
import {LabSession} from "../../../src/train/labSession.js";

type AnyLab = Lab<{lr: number}, unknown>;
type Settings = {lr: number} & Record<string, unknown>;
const labs = [
  [vaeMnistSpec, vaeMnistLab({evalSize: 100})], [linearVaeLabSpec, createLinearVaeLab], [annealingSpec, createAnnealingLab], [betaVaeSpec, createBetaVaeLab],
  [vqToySpec, createVqToyLab], [vqMnistSpec, createVqMnistLab], [codecLabSpec, createCodecLab], [exampleLabSpec, createExampleLab]
] as unknown as [LabSpec<Settings>, LabFactory<Settings, unknown>][];
const context = {mnist: loadMnistNode};
const make = (spec: LabSpec<Settings>, factory: LabFactory<Settings, unknown>) => factory({...spec.defaults}, context) as Promise<AnyLab>;
const losses = async (lab: AnyLab, n: number) => { const out: number[] = []; for (let i = 0; i < n; i++) out.push((await lab.step()).loss); return out; };

beforeAll(async () => {
  await tf.setBackend("wasm");
  await tf.ready();
});

describe("Adam", () => {
  it("setLearningRate() keeps the moments: the next update equals that of tf.train.adam with its rate changed in place", () => {
    const run = (change: (o: {set(lr: number): void}) => void) => tf.tidy(() => {
      const w = tf.variable(tf.tensor1d([1, -2, 3]));
      const ours = new Adam(0.1);
      const g = () => ({[w.name]: tf.tensor1d([0.5, 0.25, -1])});
      ours.apply([w], g());
      change({set: (lr) => ours.setLearningRate(lr)});
      ours.apply([w], g());
      ours.dispose();
      const out = w.dataSync().slice();
      w.dispose();
      return out;
    });
    const reference = tf.tidy(() => {
      const w = tf.variable(tf.tensor1d([1, -2, 3]));
      const opt = tf.train.adam(0.1);
      const g = () => ({[w.name]: tf.tensor1d([0.5, 0.25, -1])}) as unknown as Parameters<tf.AdamOptimizer["applyGradients"]>[0];
      opt.applyGradients(g());
      (opt as unknown as {learningRate: number}).learningRate = 0.02;
      opt.applyGradients(g());
      opt.dispose();
      const out = w.dataSync().slice();
      w.dispose();
      return out;
    });
    const fresh = tf.tidy(() => { // what a new optimiser at the new rate gives instead: a different second step
      const w = tf.variable(tf.tensor1d([1, -2, 3]));
      const a = tf.train.adam(0.1), b = tf.train.adam(0.02);
      a.applyGradients({[w.name]: tf.tensor1d([0.5, 0.25, -1])} as unknown as Parameters<tf.AdamOptimizer["applyGradients"]>[0]);
      b.applyGradients({[w.name]: tf.tensor1d([0.5, 0.25, -1])} as unknown as Parameters<tf.AdamOptimizer["applyGradients"]>[0]);
      a.dispose(); b.dispose();
      const out = w.dataSync().slice();
      w.dispose();
      return out;
    });
    const ours = run((o) => o.set(0.02));
    expect(Array.from(ours)).toEqual(Array.from(reference));
    expect(Array.from(ours)).not.toEqual(Array.from(fresh));
  });

  it("new Adam(lr) and setLearningRate(lr) refuse a rate that is not a finite number > 0, naming it", () => {
    expect(() => new Adam(0)).toThrow("invalid learning rate: 0; expected a finite number > 0");
    const a = new Adam(0.1);
    expect(() => a.setLearningRate(NaN)).toThrow("invalid learning rate: NaN");
    expect(a.learningRate).toBe(0.1);
    a.dispose();
  });
});

describe.each(labs)("the training core in %s", (spec, factory) => {
  it("update({lr}) with the same rate mid-run leaves the run unchanged (Adam's moments are kept, not restarted)", async () => {
    const a = await make(spec, factory), b = await make(spec, factory);
    const first = [await losses(a, 3), await losses(b, 3)];
    a.update?.({lr: spec.defaults.lr});
    const after = [await losses(a, 3), await losses(b, 3)];
    a.dispose(); b.dispose();
    expect(first[0]).toEqual(first[1]);
    expect(after[0]).toEqual(after[1]);
  });

  it("200 snapshot/restore cycles and 50 learning-rate changes leave tf.memory().numTensors flat; dispose() leaves none", async () => {
    const base = tf.memory().numTensors;
    const lab = await make(spec, factory);
    await lab.step();
    const snap = await lab.snapshot!();
    lab.restore!(snap);
    await lab.step(); // a restore starts fresh moments; the step makes them again
    const held = tf.memory().numTensors;
    for (let i = 0; i < 200; i++) lab.restore!(snap);
    for (let i = 0; i < 50; i++) lab.update?.({lr: spec.defaults.lr * (i % 2 ? 2 : 1)});
    await lab.step();
    expect(tf.memory().numTensors).toBe(held);
    lab.dispose();
    expect(tf.memory().numTensors).toBe(base);
  });

  it("50 changes of its live settings (numbers and switches; the learning rate where it has no other) leave tf.memory().numTensors flat", async () => {
    const other = (k: string) => (typeof spec.defaults[k] === "boolean" ? !spec.defaults[k] : (spec.defaults[k] as number) * 1.5);
    const live = Object.keys(spec.defaults).filter((k) => k !== "lr" && !spec.resetKeys.includes(k)
      && ["number", "boolean"].includes(typeof spec.defaults[k]) && spec.check({...spec.defaults, [k]: other(k)}) === null);
    const lab = await make(spec, factory);
    await lab.step();
    const held = tf.memory().numTensors;
    for (let i = 0; i < 50; i++) {
      const k = live[i % Math.max(1, live.length)];
      lab.update?.((k ? {[k]: i % 2 ? other(k) : spec.defaults[k]} : {lr: spec.defaults.lr * (i % 2 ? 2 : 1)}) as Partial<Settings>);
    }
    const after = await losses(lab, 2);
    expect(tf.memory().numTensors).toBe(held);
    expect(after.every(Number.isFinite)).toBe(true);
    lab.dispose();
  });

  it("a learning rate of 10, set by the reader, is refused with a message naming it; the run goes on from where it was", async () => {
    const messages: FromLab<Settings, unknown>[] = [];
    const session = new LabSession(spec, factory, (m) => messages.push(m), loadMnistNode, {candidates: ["wasm"], viewsEveryMs: 1e9});
    await session.handle({type: "init", settings: {...spec.defaults}, dataUrl: "mnist", backend: "wasm"});
    for (let i = 0; i < 3; i++) await session.handle({type: "step"});
    const before = messages.flatMap((m) => (m.type === "record" ? [m.record.step] : [])).at(-1)!;
    messages.length = 0;
    await session.handle({type: "set", settings: {lr: 10}});
    const notice = messages.find((m) => m.type === "notice");
    expect(notice && "text" in notice ? notice.text : "").toMatch(/^invalid lr: 10; expected .*\. The previous value is kept\.$/);
    expect(messages.filter((m) => m.type === "settings").at(-1)).toMatchObject({settings: {lr: spec.defaults.lr}});
    await session.handle({type: "step"});
    const record = messages.flatMap((m) => (m.type === "record" ? [m.record] : []))[0];
    expect(record.step).toBeGreaterThan(before);
    expect(Number.isFinite(record.loss)).toBe(true);
    expect(messages.some((m) => m.type === "reset" || m.type === "backend")).toBe(false);
    session.dispose();
  });

  it("NaN forced into the weights ends in the NaN guard's message and the last checkpoint, on the same backend; then 100 finite steps", async () => {
    let lab: AnyLab | null = null;
    const capture: LabFactory<Settings, unknown> = async (s, c) => (lab = (await factory(s, c)) as AnyLab) as Lab<Settings, unknown>;
    const messages: FromLab<Settings, unknown>[] = [];
    const session = new LabSession(spec, capture, (m) => messages.push(m), loadMnistNode, {candidates: ["wasm"], viewsEveryMs: 1e9, checkpointEvery: 5});
    await session.handle({type: "init", settings: {...spec.defaults}, dataUrl: "mnist", backend: "wasm"});
    for (let i = 0; i < 7; i++) await session.handle({type: "step"});
    // Checkpoints: the first record and every record whose step is a multiple of 5 (a record may hold several steps).
    const steps = messages.flatMap((m) => (m.type === "record" ? [m.record.step] : []));
    const back = steps.filter((t, i) => i === 0 || t % 5 === 0).at(-1)!, next = 2 * steps[6] - steps[5];
    const snap = await lab!.snapshot!() as {weights: Float32Array[]};
    lab!.restore!({...snap, weights: snap.weights.map((w) => new Float32Array(w.length).fill(NaN))});
    messages.length = 0;
    await session.handle({type: "step"});
    const notice = messages.find((m) => m.type === "notice");
    // The step named is the first non-finite one: the next record's, or sooner where a record holds several steps.
    const said = (notice && "text" in notice ? notice.text : "").match(/^Training diverged at step (\d+) \(loss = NaN\); went back to the weights of step (\d+)\./);
    expect(said).not.toBeNull();
    expect(Number(said![1])).toBeGreaterThan(steps[6]);
    expect(Number(said![1])).toBeLessThanOrEqual(next);
    expect(Number(said![2])).toBe(back);
    expect(messages.find((m) => m.type === "reset")).toEqual({type: "reset", step: back, newRun: false});
    expect(messages.some((m) => m.type === "backend")).toBe(false);
    expect(messages.filter((m) => m.type === "status").at(-1)).toMatchObject({status: "paused", stopped: "diverged"});
    messages.length = 0;
    for (let i = 0; i < 100; i++) await session.handle({type: "step"});
    const records = messages.flatMap((m) => (m.type === "record" ? [m.record] : []));
    expect(records).toHaveLength(100);
    expect(records[0].step).toBe(back + (steps[1] - steps[0]));
    expect(records.every((r) => Number.isFinite(r.loss))).toBe(true);
    session.dispose();
  });
});

describe("LabSession's divergence policy", () => {
  it("a non-finite figure the loss does not use is named once and training goes on without a rollback", async () => {
    const [spec, factory] = labs[2]; // the annealing lab, with a figure made NaN
    const withNaN: LabFactory<Settings, unknown> = async (s, c) => {
      const lab = (await factory(s, c)) as AnyLab;
      return {...lab, step: async () => ({...(await lab.step()), mi: NaN})} as Lab<Settings, unknown>;
    };
    const messages: FromLab<Settings, unknown>[] = [];
    const session = new LabSession(spec, withNaN, (m) => messages.push(m), loadMnistNode, {candidates: ["wasm"], viewsEveryMs: 1e9});
    await session.handle({type: "init", settings: {...spec.defaults}, dataUrl: "mnist", backend: "wasm"});
    messages.length = 0;
    for (let i = 0; i < 5; i++) await session.handle({type: "step"});
    expect(messages.filter((m) => m.type === "record").map((m) => (m as {record: {step: number}}).record.step)).toEqual([1, 2, 3, 4, 5]);
    expect(messages.some((m) => m.type === "reset")).toBe(false);
    const notices = messages.flatMap((m) => (m.type === "notice" ? [m.text] : []));
    expect(notices).toEqual(["mi is NaN at step 1; it is not part of the loss, so training goes on."]);
    session.dispose();
  });
});
