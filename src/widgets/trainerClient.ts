// The main-thread side of a training session: starts the Worker, sends commands, keeps the records it sends back.
// It holds plain data only; views read it. Emits "update" events (detail: the message type).
import type {BackendName, BackendReport} from "../train/backendNames.js";
import {settingDefaults, type FromWorker, type Settings, type Status, type ToWorker, type Views} from "../train/protocol.js";
import type {EvalRecord, StepRecord} from "../train/trainer.js";
import {claim, isClaimed, unclaim} from "./activeRuns.js";
import {startWorker} from "./startWorker.js";


export interface Notice {
  level: "info" | "warning" | "error";
  text: string;
  time: number;
}

export class TrainerClient extends EventTarget {
  history: StepRecord[] = [];
  heldOut: EvalRecord[] = [];
  status: Status = "loading";
  backend: BackendName | "" = "";
  backendReport: BackendReport[] = [];
  notices: Notice[] = [];
  views: Views | null = null;
  thumbnails: {images: Float32Array; labels: number[]} | null = null;
  /** The last model file the worker wrote (after exportModel()). */
  exported: {text: string; name: string} | null = null;
  settings: Settings;
  /** True when the reader asked to train (it may still be paused because the widget is off screen). */
  wanted = false;
  private readonly worker: Worker;
  private readonly pausedBy = new Set<string>();

  /** `group`: clients of the same group may train at the same time; any other play() pauses them. */
  constructor(dataUrl: string, settings: Partial<Settings> = {}, readonly group: string | null = null) {
    super();
    this.settings = {...settingDefaults, ...settings};
    this.worker = startWorker(new URL(import.meta.resolve("../train/worker.js"), location.href));
    this.worker.onmessage = (e: MessageEvent<FromWorker>) => this.receive(e.data);
    this.worker.onerror = (e) => this.receive({type: "notice", level: "error", text: `The training worker stopped: ${e.message || "unknown error"}`});
    this.send({type: "init", dataUrl, settings: this.settings});
  }

  private send(m: ToWorker): void { this.worker.postMessage(m); }

  private receive(m: FromWorker): void {
    switch (m.type) {
      case "status": this.status = m.status; if (m.stopped) this.wanted = false; break; // diverged, failed or rebuilt
      case "backend": this.backend = m.active; this.backendReport = m.report; break;
      case "record": // after a restore (divergence, backend change) the run goes back: drop the steps undone
        if (this.history.length && this.history[this.history.length - 1].step >= m.record.step) this.history = this.history.filter((r) => r.step < m.record.step);
        this.history.push(m.record);
        break;
      case "heldOut":
        this.heldOut = this.heldOut.filter((r) => r.step < m.record.step);
        this.heldOut.push(m.record);
        break;
      case "views": this.views = m.views; break;
      case "settings": this.settings = m.settings; break;
      case "thumbnails": this.thumbnails = {images: m.images, labels: m.labels}; break;
      case "reset": this.history = []; this.heldOut = []; break;
      case "exported": this.exported = {text: m.text, name: m.name}; break;
      case "notice": this.notices.push({level: m.level, text: m.text, time: Date.now()}); break;
    }
    this.dispatchEvent(new CustomEvent("update", {detail: m.type}));
  }

  /** A message of the page's own (a file too large to read, a precomputed run that could not be shown). */
  notice(level: Notice["level"], text: string): void {
    this.receive({type: "notice", level, text});
  }

  /** Start training; pauses any other trainer on the page. */
  play(): void {
    this.wanted = true;
    claim(this);
    if (this.pausedBy.size === 0) this.send({type: "play"});
  }

  pause(): void {
    this.wanted = false;
    unclaim(this);
    this.send({type: "pause"});
  }

  /** Pauses for a reason ("hidden", "offscreen") without forgetting that the reader wants to train. */
  hold(reason: string): void {
    this.pausedBy.add(reason);
    this.send({type: "pause"});
  }

  release(reason: string): void {
    this.pausedBy.delete(reason);
    if (this.pausedBy.size === 0 && this.wanted && isClaimed(this)) this.send({type: "play"});
  }

  get held(): string[] { return [...this.pausedBy]; }

  step(): void { this.pause(); this.send({type: "step"}); }
  exportModel(): void { this.send({type: "export"}); }
  /** Sends a file's bytes to the worker, which checks them before anything changes. */
  importModel(data: ArrayBuffer, name: string): void { this.pause(); this.worker.postMessage({type: "import", data, name}, [data]); }
  reset(): void { this.pause(); this.send({type: "reset"}); }
  set(settings: Partial<Settings>): void { this.send({type: "set", settings}); }

  dispose(): void {
    unclaim(this);
    this.worker.terminate();
  }
}
