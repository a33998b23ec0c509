// Runs one lab (lab.ts) for a page: play / pause / step / reset / set, one operation at a time, a yield between
// slices of steps, a NaN guard that goes back to the last good weights, and a fallback when the backend fails. It runs in a
// Worker (labRunner.ts) and directly in Node tests. DOM-free.
import * as tf from "@tensorflow/tfjs";
import type {MnistSplit} from "../data/mnistPack.js";
import {chooseFastest, selfTest} from "./backends.js";
import {BACKENDS, type BackendName} from "./backendNames.js";
import {nextTask} from "./nextTask.js";
import {DivergedError} from "./trainer.js";
import type {FromLab, Lab, LabFactory, LabRecord, LabSpec, ToLab} from "./lab.js";

export interface LabSessionOptions {
  /** Backends "auto" may use, in the order they are measured. */
  candidates?: readonly BackendName[];
  /** Views are recomputed at most this often while training, ms. */
  viewsEveryMs?: number;
  /** Weights are copied aside every this many finite steps (labs with snapshot()). */
  checkpointEvery?: number;
}

/** Steps run back to back for at most this long before the loop yields to pause and settings messages, ms: a yield
 * per step cost a lab whose step takes well under a millisecond a good part of its speed. */
const SLICE_MS = 8;

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export class LabSession<S extends object, V> {
  settings: S;
  backend: BackendName = "cpu";
  private lab: Lab<S, V> | null = null;
  private stepCount = 0;
  private lastGood: {step: number; snapshot: unknown} | null = null;
  private playing = false;
  /** Play messages received so far: a rebuild queued before a play must not cancel that play. */
  private plays = 0;
  private looping = false;
  private queue: Promise<unknown> = Promise.resolve();
  private lastViews = 0;
  private dataUrl: string | null = null;
  private mnistData: Promise<MnistSplit> | null = null;
  private readonly failed = new Set<BackendName>();
  /** Record fields other than the loss already reported as non-finite (reported once each). */
  private readonly namedNonFinite = new Set<string>();
  private readonly options: Required<LabSessionOptions>;

  constructor(
    private readonly spec: LabSpec<S>,
    private readonly factory: LabFactory<S, V>,
    private readonly post: (m: FromLab<S, V>) => void,
    private readonly loadMnist: (url: string) => Promise<MnistSplit>,
    options: LabSessionOptions = {}
  ) {
    this.settings = {...spec.defaults};
    this.options = {candidates: BACKENDS, viewsEveryMs: spec.viewsEveryMs ?? 400, checkpointEvery: 25, ...options};
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
        case "reset": return this.rebuild(`Reset to step 0.`, undefined, asked);
        case "set": return this.set(msg.settings, asked);
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
    await this.chooseBackend(backend);
    const wanted = this.playing;
    await this.rebuild(null);
    if (wanted) { this.playing = true; void this.loop(); }
  }

  /** The named backend if it passes its self-test, else the fastest measured on this lab's own step. */
  private async chooseBackend(choice: string): Promise<void> {
    if (choice !== "auto" && (BACKENDS as readonly string[]).includes(choice)) {
      try {
        const r = await selfTest(choice);
        if (r.ok) { this.backend = choice as BackendName; this.post({type: "backend", active: choice}); return; }
        this.post({type: "notice", level: "warning", text: `The ${choice} backend failed its self-test; choosing the fastest that passes instead.`});
      } catch (e) {
        this.post({type: "notice", level: "warning", text: `The ${choice} backend is not available here (${message(e)}); choosing the fastest that works instead.`});
      }
    } else if (choice !== "auto") {
      this.post({type: "notice", level: "warning", text: `Unknown backend "${choice}"; choosing the fastest that works instead.`});
    }
    let probe: Lab<S, V> | null = null;
    const {best} = await chooseFastest({
      candidates: this.options.candidates.filter((c) => c !== choice && !this.failed.has(c)),
      probeStep: async () => { probe ??= await this.factory(this.settings, this.context()); await probe.step(); },
      release: () => { probe?.dispose(); probe = null; },
      measureMs: 300
    });
    await tf.setBackend(best);
    this.backend = best;
    this.post({type: "backend", active: best});
  }

  /**
   * A new lab from the current settings at step 0 (or from a snapshot), on the active backend. A run that was
   * training when the rebuild was asked for stops; a Play that arrived after the request (`asked` = the play count
   * then) goes on with the new lab.
   */
  private async rebuild(notice: string | null, start?: {step: number; snapshot: unknown}, asked?: number): Promise<void> {
    const playAfter = this.playing && asked !== undefined && this.plays !== asked;
    if (this.playing && !playAfter) this.post({type: "status", status: "paused", stopped: "rebuilt"});
    this.playing = false;
    this.lab?.dispose();
    this.lab = null;
    await tf.setBackend(this.backend);
    this.lab = await this.factory(this.settings, this.context());
    this.stepCount = 0;
    this.lastGood = null;
    this.namedNonFinite.clear();
    if (start && this.lab.restore) { this.lab.restore(start.snapshot); this.stepCount = start.step; this.lastGood = start; }
    this.post({type: "reset", step: this.stepCount});
    this.post({type: "settings", settings: this.settings});
    if (notice) this.post({type: "notice", level: "info", text: notice});
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
      const goesOn = this.playing && this.plays !== asked; // rebuild() keeps playing only for a Play sent after the change
      const paused = this.playing && !goesOn ? "; training paused, press Train to go on" : "";
      return this.rebuild(`Changed ${resets.join(", ")}: rebuilt at step 0${goesOn ? "; training goes on" : paused}.`, undefined, asked);
    }
    if (changed.length) this.lab?.update?.(Object.fromEntries(changed.map((k) => [k, next[k]])) as Partial<S>);
    this.post({type: "settings", settings: this.settings});
    await this.sendViews();
  }

  private async loop(): Promise<void> {
    if (this.looping) return;
    this.looping = true;
    this.post({type: "status", status: "training"});
    try {
      let sliceStart = performance.now();
      while (this.playing) {
        await this.exclusive(() => this.oneStep()).catch(() => { this.playing = false; });
        if (performance.now() - sliceStart < SLICE_MS) continue;
        await nextTask(); // lets pause and set messages in between slices
        sliceStart = performance.now();
      }
      if (this.lab) await this.exclusive(() => this.sendViews()).catch(() => {});
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
    if (!this.playing || performance.now() - this.lastViews >= this.options.viewsEveryMs) await this.sendViews();
  }

  /** A non-finite loss: stop, go back to the last good weights (or to step 0), and say so. */
  private async diverged(name: string, value: number, at = this.stepCount): Promise<void> {
    this.playing = false;
    const back = this.lastGood;
    if (back && this.lab?.restore) {
      this.lab.restore(back.snapshot);
      this.stepCount = back.step;
      this.post({type: "reset", step: back.step});
      this.post({type: "notice", level: "warning", text: `Training diverged at step ${at} (${name} = ${value}); went back to the weights of step ${back.step}. Try a lower learning rate.`});
      await this.sendViews();
    } else {
      await this.rebuild(null);
      this.post({type: "notice", level: "warning", text: `Training diverged at step ${at} (${name} = ${value}); restarted from step 0. Try a lower learning rate.`});
    }
    this.post({type: "status", status: "paused", stopped: "diverged"});
  }

  /** The backend threw: move to the next one that works, from the last good weights, and say so. */
  private async fallBack(error: unknown): Promise<void> {
    const failed = this.backend;
    this.failed.add(failed);
    if (failed === "cpu" || this.failed.size >= this.options.candidates.length) throw error;
    const wasPlaying = this.playing;
    this.playing = false;
    const back = this.lastGood;
    this.backend = this.options.candidates.find((c) => !this.failed.has(c) && c !== "webgpu") ?? "cpu";
    await this.rebuild(null, back ?? undefined);
    this.post({type: "backend", active: this.backend});
    this.post({type: "notice", level: "warning", text: `The ${failed} backend failed (${message(error)}); switched to ${this.backend}${back ? ` and went back to the weights of step ${back.step}` : " and restarted from step 0"}.`});
    if (wasPlaying) { this.playing = true; this.post({type: "status", status: "training"}); }
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
