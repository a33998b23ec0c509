// Runs one lab (lab.ts) for a page: play / pause / step / reset / set, one operation at a time, a yield between
// slices of steps, a NaN guard that goes back to the last good weights, and a fallback when the backend fails; and,
// for labs that offer them, held-out evaluations, model files, a backend the reader picks and a speed limit. It runs
// in a Worker (labRunner.ts) and directly in Node tests and scripts. DOM-free.
import * as tf from "@tensorflow/tfjs";
import type {MnistSplit} from "../data/mnistPack.js";
import {BACKENDS, type BackendName, type BackendReport} from "./backendNames.js";
import {nextTask} from "./nextTask.js";
import {LabBackends} from "./labBackends.js";
import {DivergedError} from "./trainer.js";
import type {FromLab, Lab, LabExtras, LabFactory, LabRecord, LabSpec, RunnerSettings, ToLab} from "./lab.js";

export interface LabSessionOptions {
  /** Backends "auto" may use, in the order they are measured. */
  candidates?: readonly BackendName[];
  /** Views are recomputed at most this often while training, ms. */
  viewsEveryMs?: number;
  /** Weights are copied aside every this many finite steps (labs with snapshot()). */
  checkpointEvery?: number;
  /** Labs with evaluate(): every this many steps (default: the spec's evalEvery, else 50). */
  evalEvery?: number;
}

/** A lab and what it restarts from: step 0, or a checkpoint's or a model file's step and weights. */
type Start = {step: number; snapshot: unknown};

/** How a rebuild goes: its notice, the weights it starts from, the play count when it was asked for (a Play sent
 * after it goes on with the new lab), whether a run in progress goes on (a backend change), whether it is a new run. */
interface Rebuild {
  notice?: string | null;
  start?: Start;
  asked?: number;
  keepPlaying?: boolean;
  newRun?: boolean;
}

/** Steps run back to back for at most this long before the loop yields to pause and settings messages, ms: a yield
 * per step cost a lab whose step takes well under a millisecond a good part of its speed. */
const SLICE_MS = 8;

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
const pause = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class LabSession<S extends object, V, E = never, A = never> {
  settings: S;
  private readonly backends: LabBackends;
  private lab: Lab<S, V, E, A> | null = null;
  private stepCount = 0;
  private lastGood: Start | null = null;
  private evaluatedAt: number | null = null;
  private playing = false;
  /** Play messages received so far: a rebuild queued before a play must not cancel that play. */
  private plays = 0;
  private looping = false;
  private queue: Promise<unknown> = Promise.resolve();
  private lastViews = 0;
  private dataUrl: string | null = null;
  private mnistData: Promise<MnistSplit> | null = null;
  /** Record fields other than the loss already reported as non-finite (reported once each). */
  private readonly namedNonFinite = new Set<string>();
  private readonly options: Required<LabSessionOptions>;

  constructor(
    private readonly spec: LabSpec<S>,
    private readonly factory: LabFactory<S, V, E, A>,
    private readonly post: (m: FromLab<S, V, E, A>) => void,
    private readonly loadMnist: (url: string) => Promise<MnistSplit>,
    options: LabSessionOptions = {},
    private readonly extras: LabExtras<S, A> = {}
  ) {
    this.settings = {...spec.defaults};
    this.options = {candidates: BACKENDS, viewsEveryMs: spec.viewsEveryMs ?? 400, checkpointEvery: 25, evalEvery: spec.evalEvery ?? 50, ...options};
    this.backends = new LabBackends(this.options.candidates, (text) => this.post({type: "notice", level: "warning", text}), (measuring) => this.postBackend(measuring));
  }

  /** The runner's own settings, where the lab offers them (lab.ts). */
  private get runner(): RunnerSettings {
    return this.settings as RunnerSettings;
  }

  handle(msg: ToLab<S>): Promise<unknown> {
    if (msg.type === "pause") { this.playing = false; return this.queue; }
    if (msg.type === "play") {
      this.playing = true;
      this.plays++;
      if (this.lab) void this.loop(); // while loading, init starts the loop when the lab is ready
      return this.queue;
    }
    const asked = this.plays;
    return this.exclusive(async () => {
      switch (msg.type) {
        case "init": return this.init(msg.settings, msg.dataUrl, msg.backend);
        case "step": return this.oneStep();
        case "reset": return this.rebuild({notice: `Reset to step 0.`, asked, newRun: true});
        case "set": return this.set(msg.settings, asked);
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
    this.post({type: "notice", level: "error", text: message(e)});
    this.post({type: "status", status: this.lab ? "paused" : "error", stopped: "error"});
  }

  private context() {
    return {
      mnist: () => {
        if (!this.dataUrl) return Promise.reject(new Error(`${this.spec.name} needs the MNIST digits, but the page gave no data URL`));
        return (this.mnistData ??= this.loadMnist(this.dataUrl));
      }
    };
  }

  private async init(settings: S, dataUrl: string | null, backend: string): Promise<void> {
    this.post({type: "status", status: "loading"});
    this.dataUrl = dataUrl;
    const merged = {...this.spec.defaults, ...settings};
    const bad = this.spec.check(merged);
    if (bad) this.post({type: "notice", level: "warning", text: `${bad}; using the defaults instead.`});
    this.settings = bad ? {...this.spec.defaults} : merged;
    // data the page needs once goes first: choosing a backend takes seconds on a slow device
    if (this.extras.assets) this.post({type: "assets", assets: await this.extras.assets(this.context())});
    // a backend the reader chose in the lab's settings, else the page's (a group's shared choice)
    const own = this.runner.backend;
    await this.chooseBackend(own !== undefined && own !== "auto" ? own : backend);
    const wanted = this.playing;
    await this.rebuild({newRun: true});
    if (wanted) { this.playing = true; void this.loop(); }
  }

  /** The named backend if it passes its self-test, else the fastest measured on this lab's own step. */
  private chooseBackend(choice: string): Promise<void> {
    let probe: Lab<S, V, E, A> | null = null;
    return this.backends.choose(choice, {
      step: async () => { probe ??= await this.factory(this.settings, this.context()); await probe.step(); },
      release: () => { probe?.dispose(); probe = null; }
    });
  }

  /** The active backend and the report; while measuring (`measuring`), the report alone: none is active yet. */
  private postBackend(measuring = false): void {
    this.post({type: "backend", active: measuring ? null : this.backend, report: this.report.map((r) => ({...r}))});
  }

  /** The active backend. */
  get backend(): BackendName {
    return this.backends.active;
  }

  /** Every backend tried here: self-test, measured speed, or why it failed. */
  get report(): BackendReport[] {
    return this.backends.report;
  }

  /**
   * A new lab from the current settings at step 0 (or from a snapshot), on the active backend. A run that was
   * training when the rebuild was asked for stops, unless it only changes backend (`keepPlaying`); a Play that
   * arrived after the request (`asked` = the play count then) goes on with the new lab.
   */
  private async rebuild({notice = null, start, asked, keepPlaying = false, newRun = false}: Rebuild): Promise<void> {
    const playAfter = this.playing && (keepPlaying || (asked !== undefined && this.plays !== asked));
    if (this.playing && !playAfter) this.post({type: "status", status: "paused", stopped: "rebuilt"});
    this.playing = false;
    this.lab?.dispose();
    this.lab = null;
    await tf.setBackend(this.backend);
    this.lab = await this.factory(this.settings, this.context());
    this.stepCount = 0;
    this.lastGood = null;
    this.evaluatedAt = null;
    this.namedNonFinite.clear();
    if (start && this.lab.restore) { this.lab.restore(start.snapshot); this.stepCount = start.step; this.lastGood = start; }
    this.post({type: "reset", step: this.stepCount, newRun});
    this.post({type: "settings", settings: this.settings});
    if (notice) this.post({type: "notice", level: "info", text: notice});
    await this.evaluate();
    await this.sendViews();
    this.post({type: "status", status: "ready"});
    if (playAfter) { this.playing = true; this.post({type: "status", status: "training"}); void this.loop(); }
  }

  private async set(changes: Partial<S>, asked?: number): Promise<void> {
    const next = {...this.settings, ...changes};
    const bad = this.spec.check(next);
    if (bad) {
      this.post({type: "notice", level: "error", text: `${bad}. The previous value is kept.`});
      this.post({type: "settings", settings: this.settings});
      return;
    }
    const changed = (Object.keys(changes) as (keyof S)[]).filter((k) => !Object.is(changes[k], this.settings[k]));
    this.settings = next;
    const resets = changed.filter((k) => this.spec.resetKeys.includes(k));
    if (resets.length) {
      if (changed.includes("backend" as keyof S)) await this.chooseBackend(this.runner.backend!);
      const goesOn = this.playing && this.plays !== asked; // rebuild() keeps playing only for a Play sent after the change
      const paused = this.playing && !goesOn ? "; training paused, press Train to go on" : "";
      return this.rebuild({notice: `Changed ${resets.join(", ")}: rebuilt at step 0${goesOn ? "; training goes on" : paused}.`, asked, newRun: true});
    }
    if (changed.includes("backend" as keyof S)) return this.moveTo(this.runner.backend!);
    if (changed.length) this.lab?.update?.(Object.fromEntries(changed.map((k) => [k, next[k]])) as Partial<S>);
    this.post({type: "settings", settings: this.settings});
    await this.sendViews();
  }

  /** The reader chose another backend: measure or test it, and carry the current weights over. */
  private async moveTo(choice: string): Promise<void> {
    const start = this.lab?.snapshot ? {step: this.stepCount, snapshot: await this.lab.snapshot()} : undefined;
    const before = this.backend;
    await this.chooseBackend(choice);
    if (this.backend === before) { this.post({type: "settings", settings: this.settings}); return; }
    await this.rebuild({start, keepPlaying: true});
    this.post({type: "notice", level: "info", text: `Now training on ${this.backend}${start ? "; the weights came along" : "; restarted from step 0"}.`});
  }

  /** Posts the current model as a model file. */
  private async exportModel(): Promise<void> {
    if (!this.lab?.exportModel) throw new Error(`${this.spec.name} cannot save its model to a file`);
    this.post({type: "exported", file: await this.lab.exportModel()});
  }

  /** Rebuilds the lab from a model file; a file that cannot be read changes nothing and says why. */
  private async importModel(data: ArrayBuffer, name: string): Promise<void> {
    const files = this.extras.files;
    if (!files || !this.lab) throw new Error(`${name}: ${this.lab ? `${this.spec.name} cannot load model files` : "the lab is not ready yet"}. The current model is unchanged.`);
    let read;
    try {
      read = files.read(data, this.settings);
    } catch (e) {
      this.post({type: "notice", level: "error", text: `${name}: ${message(e)} The current model is unchanged.`});
      return;
    }
    this.settings = read.settings;
    await this.rebuild({start: read.start, newRun: true});
    this.post({type: "notice", level: "info", text: `Loaded ${name}: ${read.summary} Training continues from there with a fresh optimizer.`});
  }

  private async loop(): Promise<void> {
    if (this.looping) return;
    this.looping = true;
    this.post({type: "status", status: "training"});
    try {
      let sliceStart = performance.now();
      while (this.playing) {
        const t0 = performance.now();
        await this.exclusive(() => this.oneStep()).catch(() => { this.playing = false; });
        const speed = this.runner.speed ?? 0;
        if (speed <= 0 && performance.now() - sliceStart < SLICE_MS) continue;
        await nextTask(); // lets pause and set messages in between slices
        // a chosen speed waits in short slices, so that Pause or a new speed takes effect at once
        while (this.playing && (this.runner.speed ?? 0) > 0 && performance.now() - t0 < 1000 / this.runner.speed!) await pause(20);
        sliceStart = performance.now();
      }
      // the weights the run stopped at are evaluated and shown, so the figures match them
      if (this.lab) await this.exclusive(async () => { await this.evaluate(); await this.sendViews(); }).catch(() => {});
    } finally {
      this.looping = false;
    }
    if (this.playing) void this.loop();
    else if (this.lab) this.post({type: "status", status: "paused"});
  }

  private async oneStep(): Promise<void> {
    const lab = this.lab;
    if (!lab) throw new Error("the lab is not ready yet");
    let record: LabRecord;
    try {
      record = await lab.step();
    } catch (e) {
      // A trainer that caught a non-finite loss itself has diverged; the backend did not fail.
      if (e instanceof DivergedError) return this.diverged("loss", e.value, e.step);
      return this.fallBack(e);
    }
    this.stepCount = record.step;
    // Only the objective decides divergence: a figure the loss does not use (β-VAE's mi under the plain β-VAE
    // objective, say) may be undefined for a batch while training is fine. Such a figure is named once a run.
    if (!Number.isFinite(record.loss)) return this.diverged("loss", record.loss);
    for (const [k, v] of Object.entries(record)) {
      if (typeof v === "number" && !Number.isFinite(v) && !this.namedNonFinite.has(k)) {
        this.namedNonFinite.add(k);
        this.post({type: "notice", level: "info", text: `${k} is ${v} at step ${record.step}; it is not part of the loss, so training goes on.`});
      }
    }
    this.post({type: "record", record});
    // The first finite step is saved too, so that an early divergence goes back to it rather than to step 0.
    if (lab.snapshot && (this.lastGood === null || record.step % this.options.checkpointEvery === 0)) this.lastGood = {step: record.step, snapshot: await lab.snapshot()};
    if (record.step % this.options.evalEvery === 0) await this.evaluate();
    if (!this.playing || performance.now() - this.lastViews >= this.options.viewsEveryMs) await this.sendViews();
  }

  /** A non-finite loss: stop, go back to the last good weights (or to step 0), and say so. */
  private async diverged(name: string, value: number, at = this.stepCount): Promise<void> {
    this.playing = false;
    const back = this.lastGood;
    if (back && this.lab?.restore) {
      this.lab.restore(back.snapshot);
      this.stepCount = back.step;
      this.post({type: "reset", step: back.step, newRun: false});
      this.post({type: "notice", level: "warning", text: `Training diverged at step ${at} (${name} = ${value}); went back to the weights of step ${back.step}. Try a lower learning rate.`});
      await this.evaluate();
      await this.sendViews();
    } else {
      await this.rebuild({newRun: true});
      this.post({type: "notice", level: "warning", text: `Training diverged at step ${at} (${name} = ${value}); restarted from step 0. Try a lower learning rate.`});
    }
    this.post({type: "status", status: "paused", stopped: "diverged"});
  }

  /** The backend threw: move to the next one that works, from the last good weights, and say so. */
  private async fallBack(error: unknown): Promise<void> {
    const failed = this.backends.failOver(error);
    const back = this.lastGood;
    await this.rebuild({start: back ?? undefined, keepPlaying: true, newRun: !back});
    this.postBackend();
    this.post({type: "notice", level: "warning", text: `The ${failed} backend failed (${message(error)}); switched to ${this.backend}${back ? ` and went back to the weights of step ${back.step}` : " and restarted from step 0"}.`});
  }

  /** Labs with evaluate(): the held-out figures of the current weights, once per step count. */
  private async evaluate(): Promise<void> {
    if (!this.lab?.evaluate || this.evaluatedAt === this.stepCount) return;
    this.evaluatedAt = this.stepCount;
    this.post({type: "eval", record: await this.lab.evaluate()});
  }

  private async sendViews(): Promise<void> {
    if (!this.lab) return;
    this.lastViews = performance.now();
    this.post({type: "views", views: await this.lab.views(), step: this.stepCount});
  }

  dispose(): void {
    this.playing = false;
    this.lab?.dispose();
    this.lab = null;
  }
}
