// A training session: the state a page's trainer widget drives through messages (protocol.ts). It runs inside a
// Worker in the page, so the main thread never waits on tfjs, and directly in Node tests. DOM-free.
import * as tf from "@tensorflow/tfjs";
import type {MnistSplit} from "../data/mnistPack.js";
import {createVae, type Vae} from "../models/vae.js";
import {chooseFastest, selfTest} from "./backends.js";
import {BACKENDS, type BackendName, type BackendReport} from "./backendNames.js";
import {resetKeys, settingDefaults, type FromWorker, type Settings, type ToWorker, type Views} from "./protocol.js";
import {decodeModelFile, encodeModelFile, modelFileName} from "./modelFile.js";
import {nextTask} from "./nextTask.js";
import {Rng} from "../math/rng.js";
import {computeViews} from "./sessionViews.js";
import {settingsError, THUMBS} from "./settings.js";
import {DivergedError, Trainer, type Checkpoint, type EvalRecord, type StepRecord} from "./trainer.js";

export interface SessionOptions {
  /** Backends this environment may use, in the order auto tries them. */
  candidates?: readonly BackendName[];
  /** Held-out −ELBO is computed every this many steps. */
  evalEvery?: number;
  /** Views are recomputed at most this often while training, ms. */
  viewsEveryMs?: number;
  /** Held-out digits used for the evaluation (all 1,000 by default). */
  evalSize?: number;
}

const pause = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));


export class Session {
  settings: Settings = {...settingDefaults};
  backend: BackendName = "cpu";
  report: BackendReport[] = [];
  private data: MnistSplit | null = null;
  private model: Vae | null = null;
  private trainer: Trainer | null = null;
  private playing = false;
  private looping = false;
  private queue: Promise<unknown> = Promise.resolve();
  private lastViews = 0;
  private lastRecord: StepRecord | null = null;
  private lastEval: EvalRecord | null = null;
  private readonly options: Required<SessionOptions>;

  constructor(private readonly post: (m: FromWorker) => void, private readonly load: (url: string) => Promise<MnistSplit>, options: SessionOptions = {}) {
    this.options = {candidates: BACKENDS, evalEvery: 50, viewsEveryMs: 1000, evalSize: 1000, ...options};
  }

  /** Handles one message; operations run one at a time, except pause, which takes effect before the next step. */
  handle(msg: ToWorker): Promise<unknown> {
    if (msg.type === "pause") { this.playing = false; return this.queue; }
    if (msg.type === "play") {
      this.playing = true;
      if (this.trainer) void this.loop(); // before the first model exists, init starts the loop when it is ready
      return this.queue;
    }
    return this.exclusive(async () => {
      switch (msg.type) {
        case "init": return this.init(msg.dataUrl, msg.settings);
        case "step": return this.oneStep();
        case "reset": return this.rebuild(`Training reset to step 0 (seed ${this.settings.seed}).`);
        case "set": return this.set(msg.settings);
        case "export": return this.exportModel();
        case "import": return this.importModel(msg.data, msg.name);
      }
    });
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn);
    this.queue = run.catch((e) => this.fail(e));
    return run;
  }

  private fail(e: unknown): void {
    this.playing = false;
    this.post({type: "notice", level: "error", text: e instanceof Error ? e.message : String(e)});
    this.post({type: "status", status: this.trainer ? "paused" : "error", stopped: "error"});
  }

  private async init(dataUrl: string, settings: Settings): Promise<void> {
    this.post({type: "status", status: "loading"});
    const bad = settingsError(settings);
    if (bad) this.post({type: "notice", level: "warning", text: `${bad}; using the defaults instead.`});
    this.settings = bad ? {...settingDefaults} : {...settings};
    this.data = await this.load(dataUrl);
    const test = this.data.test;
    this.post({type: "thumbnails", images: test.images.slice(0, THUMBS * 784), labels: Array.from(test.labels.subarray(0, THUMBS))});
    await this.chooseBackend(this.settings.backend);
    const wanted = this.playing; // Train pressed while loading
    await this.rebuild(null);
    if (wanted) { this.playing = true; void this.loop(); }
  }

  /** Picks and activates a backend: the named one if it passes its self-test, else the fastest measured. */
  private async chooseBackend(choice: Settings["backend"]): Promise<void> {
    if (choice !== "auto") {
      try {
        const r = await selfTest(choice);
        this.upsertReport({name: choice, available: true, selfTest: r, stepsPerSec: null});
        if (r.ok) { this.backend = choice; this.post({type: "backend", active: choice, report: this.report}); return; }
        this.post({type: "notice", level: "warning", text: `The ${choice} backend failed its self-test (error ${r.maxError.toExponential(1)} against the CPU); choosing the fastest that passes instead.`});
      } catch (e) {
        this.upsertReport({name: choice, available: false, selfTest: null, stepsPerSec: null, error: (e as Error).message});
        this.post({type: "notice", level: "warning", text: `The ${choice} backend is not available here (${(e as Error).message}); choosing the fastest that works instead.`});
      }
    }
    const data = this.data!;
    let probe: {model: Vae; trainer: Trainer} | null = null;
    const release = () => { probe?.trainer.dispose(); probe?.model.dispose(); probe = null; };
    const {best, report} = await chooseFastest({
      candidates: this.options.candidates.filter((c) => c !== choice), // a named backend that failed is not tried again
      probeStep: async () => {
        // Always the chapter's default model and batch, so measuring takes the same second or two whatever the settings.
        if (!probe) { const model = createVae({}, new Rng(0, "probe")); probe = {model, trainer: new Trainer(model, data.train, {seed: 0, batchSize: 128})}; }
        await probe.trainer.step();
      },
      release,
      onReport: (r) => { r.forEach((e) => this.upsertReport(e)); this.post({type: "backend", active: this.backend, report: this.report}); }
    });
    report.forEach((e) => this.upsertReport(e));
    await tf.setBackend(best);
    this.backend = best;
    this.post({type: "backend", active: best, report: this.report});
  }

  private upsertReport(entry: BackendReport): void {
    const i = this.report.findIndex((r) => r.name === entry.name);
    if (i >= 0) this.report[i] = {...this.report[i], ...entry}; else this.report.push(entry);
  }

  /** The model the settings describe, with its initial weights from the seed (stream "init"). */
  private newModel(): Vae {
    const {latentDim, hiddenDim, beta, variational, seed} = this.settings;
    return createVae({latentDim, hiddenDim, beta, variational}, new Rng(seed, "init"));
  }

  /** A new model and trainer from the current settings (step 0), on the active backend. */
  private async rebuild(notice: string | null, start?: Checkpoint): Promise<void> {
    if (this.playing) this.post({type: "status", status: "paused", stopped: "rebuilt"});
    this.playing = false;
    this.trainer?.dispose(); this.model?.dispose();
    await tf.setBackend(this.backend);
    const {seed, batchSize, lr} = this.settings;
    this.model = this.newModel();
    this.trainer = new Trainer(this.model, this.data!.train, {seed, batchSize, lr});
    if (start) this.trainer.load(start);
    this.lastRecord = this.lastEval = null;
    this.post({type: "reset"});
    this.post({type: "settings", settings: this.settings});
    if (notice) this.post({type: "notice", level: "info", text: notice});
    await this.evaluate();
    await this.sendViews();
    this.post({type: "status", status: "ready"});
  }

  private async set(changes: Partial<Settings>): Promise<void> {
    const bad = settingsError({...this.settings, ...changes});
    if (bad) {
      this.post({type: "notice", level: "error", text: `${bad}. The previous value is kept.`});
      this.post({type: "settings", settings: this.settings});
      return;
    }
    const before = this.settings;
    this.settings = {...before, ...changes};
    const needsReset = resetKeys.some((k) => changes[k] !== undefined && changes[k] !== before[k]);
    if (changes.backend !== undefined && changes.backend !== before.backend) {
      const weights = this.trainer && !needsReset ? await this.trainer.snapshot() : null;
      await this.chooseBackend(changes.backend);
      if (!needsReset && weights) { await this.migrate(weights); this.post({type: "notice", level: "info", text: `Now training on ${this.backend}; the weights came along.`}); }
    }
    if (needsReset) {
      const which = resetKeys.filter((k) => changes[k] !== undefined && changes[k] !== before[k]).join(", ");
      // The rebuild pauses a run in progress; the notice says so rather than promise steps that are not taken.
      return this.rebuild(`Changed ${which}: the model was rebuilt at step 0${this.playing ? "; training paused, press Train to go on" : ""}.`);
    }
    if (changes.lr !== undefined) this.trainer?.setLearningRate(changes.lr);
    if (changes.beta !== undefined) this.model?.setBeta(changes.beta);
    this.post({type: "settings", settings: this.settings});
    if (changes.pick !== undefined) await this.sendViews();
  }

  /** Posts the current model as one model file (JSON text). */
  private async exportModel(): Promise<void> {
    if (!this.trainer || !this.model) throw new Error("there is no model to export yet");
    const checkpoint = await this.trainer.snapshot();
    const r = this.lastRecord, e = this.lastEval;
    const text = encodeModelFile({
      model: this.model, checkpoint, settings: this.settings, backend: this.backend, tfjsVersion: tf.version.tfjs,
      metrics: {loss: r?.loss, recon: r?.recon, kl: r?.kl, heldOut: e}
    });
    this.post({type: "exported", text, name: modelFileName(JSON.parse(text))});
  }

  /** Replaces the model with the one in a model file; a bad file changes nothing and says why. */
  private async importModel(data: ArrayBuffer, name: string): Promise<void> {
    if (!this.data) throw new Error(`${name}: the digits are not loaded yet, so no model can be loaded. The current model is unchanged.`);
    let decoded;
    try {
      decoded = decodeModelFile(data, {name: "vae", inputDim: 784});
    } catch (e) {
      this.post({type: "notice", level: "error", text: `${name}: ${(e as Error).message} The current model is unchanged.`});
      return;
    }
    const {file, checkpoint} = decoded;
    const {backend, speed, pick} = this.settings; // the reader's own choices stay
    this.settings = {...file.settings, backend, speed, pick};
    await this.rebuild(null, checkpoint);
    this.post({type: "notice", level: "info", text: `Loaded ${name}: a ${file.model.config.variational ? "VAE" : "plain autoencoder"} with ${file.model.config.latentDim} latent dimensions, trained ${file.step} steps (seed ${file.settings.seed}, on ${file.backend}). Training continues from there with a fresh optimizer.`});
  }

  /** Recreates the model on the active backend with the given weights (after a backend change or failure). */
  private async migrate(weights: {step: number; weights: Float32Array[]}): Promise<void> {
    const wasPlaying = this.playing;
    const {seed, batchSize, lr} = this.settings;
    this.trainer?.dispose(); this.model?.dispose();
    await tf.setBackend(this.backend);
    this.model = this.newModel();
    this.trainer = new Trainer(this.model, this.data!.train, {seed, batchSize, lr});
    this.trainer.load(weights);
    this.lastRecord = null;
    this.playing = wasPlaying;
  }

  private async loop(): Promise<void> {
    if (this.looping) return;
    this.looping = true;
    this.post({type: "status", status: "training"});
    try {
      while (this.playing) {
        const t0 = performance.now();
        await this.exclusive(() => this.oneStep()).catch(() => { this.playing = false; }); // fail() has said why
        // Yielding a task lets pause/set messages in between steps; a chosen speed waits in short slices, so Pause
        // or a new speed takes effect at once.
        await nextTask();
        while (this.playing && this.settings.speed > 0 && performance.now() - t0 < 1000 / this.settings.speed) await pause(20);
      }
      // Evaluate the weights the run stopped at, so the held-out figure matches them.
      if (this.trainer && this.lastEval?.step !== this.trainer.stepCount) await this.exclusive(() => this.evaluate()).catch(() => {});
    } finally {
      this.looping = false;
    }
    if (this.playing) void this.loop(); // Play arrived while the last evaluation ran
    else if (this.trainer) this.post({type: "status", status: "paused"});
  }

  private async oneStep(): Promise<void> {
    const trainer = this.trainer;
    if (!trainer) throw new Error("the model is not ready yet");
    try {
      this.lastRecord = await trainer.step();
      this.post({type: "record", record: this.lastRecord});
    } catch (e) {
      if (e instanceof DivergedError) {
        this.playing = false;
        this.lastRecord = null;
        this.post({type: "status", status: "paused", stopped: "diverged"});
        this.post({type: "notice", level: "warning", text: `${e.message}. Try a lower learning rate (now ${this.settings.lr}).`});
        await this.evaluate();
        await this.sendViews();
        return;
      }
      return this.fallBack(e as Error);
    }
    if (trainer.stepCount % this.options.evalEvery === 0) await this.evaluate();
    if (!this.playing || performance.now() - this.lastViews >= this.options.viewsEveryMs) await this.sendViews();
  }

  /** The active backend threw: mark it, move to the next fastest with the last good weights, say so. */
  private async fallBack(error: Error): Promise<void> {
    const failed = this.backend;
    const weights = this.trainer?.lastGood ?? null;
    this.upsertReport({name: failed, available: false, selfTest: null, stepsPerSec: null, error: error.message});
    const next = this.report.filter((r) => r.name !== failed && r.selfTest?.ok).sort((a, b) => (b.stepsPerSec ?? 0) - (a.stepsPerSec ?? 0))[0]?.name ?? "cpu";
    if (next === failed) throw error;
    this.backend = next;
    this.post({type: "notice", level: "warning", text: `The ${failed} backend failed (${error.message}); switched to ${next}${weights ? ` and went back to the weights of step ${weights.step}` : ""}.`});
    if (weights) await this.migrate(weights); else await this.rebuild(null);
    this.post({type: "backend", active: next, report: this.report});
  }

  private async evaluate(): Promise<void> {
    if (!this.trainer || !this.data) return;
    this.lastEval = await this.trainer.evaluate(this.data.test, {n: this.options.evalSize});
    this.post({type: "heldOut", record: this.lastEval});
  }

  /** Reconstructions, prior samples, the interpolation and (2-d latent) the scatter and decoded grid. */
  views(): Promise<Views> {
    return computeViews(this.model!, this.data!.test, this.trainer!.stepCount, this.settings);
  }

  private async sendViews(): Promise<void> {
    if (!this.model || !this.data) return;
    this.lastViews = performance.now();
    this.post({type: "views", views: await this.views()});
  }
}
