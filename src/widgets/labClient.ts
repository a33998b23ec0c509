// The main-thread side of a lab (src/train/lab.ts): starts its Worker, sends commands, keeps the plain data it
// sends back. Emits "update" events (detail: the message type). Holds no tensors and never loads tfjs.
import type {FromLab, LabRecord, LabStatus, ToLab} from "../train/lab.js";
import {claim, isClaimed, unclaim} from "./activeRuns.js";
import {startWorker} from "./startWorker.js";

export interface Notice {
  level: "info" | "warning" | "error";
  text: string;
  time: number;
}

export interface LabClientOptions<S extends object> {
  /** The lab's worker entry, from a literal `import.meta.resolve("../labs/….worker.js")` in the widget's file. */
  workerUrl: URL;
  settings: S;
  /** The MNIST file's URL, for labs that train on digits. */
  dataUrl?: string | null;
  /** Labs of one group train together; any other run that starts pauses them. */
  group?: string | null;
  /** "auto" (fastest measured) or a backend name. */
  backend?: string;
}

export class LabClient<S extends object, V> extends EventTarget {
  records: LabRecord[] = [];
  views: V | null = null;
  /** The step the views were computed at. */
  viewsStep = 0;
  status: LabStatus = "loading";
  backend = "";
  notices: Notice[] = [];
  settings: S;
  /** The reader asked to train (it may still be held because the widget is off screen or the tab hidden). */
  wanted = false;
  readonly group: string | null;
  private readonly worker: Worker;
  private readonly heldBy = new Set<string>();

  constructor(options: LabClientOptions<S>) {
    super();
    this.settings = options.settings;
    this.group = options.group ?? null;
    this.worker = startWorker(options.workerUrl);
    this.worker.onmessage = (e: MessageEvent<FromLab<S, V>>) => this.receive(e.data);
    this.worker.onerror = (e) => this.receive({type: "notice", level: "error", text: `The lab's worker stopped: ${e.message || "unknown error"}`});
    this.send({type: "init", settings: options.settings, dataUrl: options.dataUrl ?? null, backend: options.backend ?? "auto"});
  }

  private send(m: ToLab<S>): void { this.worker.postMessage(m); }

  private receive(m: FromLab<S, V>): void {
    switch (m.type) {
      case "status":
        this.status = m.status;
        if (m.stopped) { this.wanted = false; unclaim(this); }
        break;
      case "backend": this.backend = m.active; break;
      case "record": // after going back to a checkpoint, drop the steps undone
        if (this.records.length && this.records[this.records.length - 1].step >= m.record.step) this.records = this.records.filter((r) => r.step < m.record.step);
        this.records.push(m.record);
        break;
      case "views": this.views = m.views; this.viewsStep = m.step; break;
      case "settings": this.settings = m.settings; break;
      case "reset": this.records = this.records.filter((r) => r.step <= m.step); break;
      case "notice": this.notices.push({level: m.level, text: m.text, time: Date.now()}); break;
    }
    this.dispatchEvent(new CustomEvent("update", {detail: m.type}));
  }

  /** A message of the page's own. */
  notice(level: Notice["level"], text: string): void {
    this.receive({type: "notice", level, text});
  }

  private changed(): void { this.dispatchEvent(new CustomEvent("update", {detail: "wanted"})); }

  play(): void {
    this.wanted = true;
    claim(this);
    if (this.heldBy.size === 0) this.send({type: "play"});
    this.changed();
  }

  pause(): void {
    this.wanted = false;
    unclaim(this);
    this.send({type: "pause"});
    this.changed();
  }

  /** Pauses for a reason ("hidden", "offscreen") without forgetting that the reader wants to train. */
  hold(reason: string): void {
    this.heldBy.add(reason);
    this.send({type: "pause"});
    this.changed();
  }

  release(reason: string): void {
    this.heldBy.delete(reason);
    if (this.heldBy.size === 0 && this.wanted && isClaimed(this)) this.send({type: "play"});
    this.changed();
  }

  get held(): string[] { return [...this.heldBy]; }

  step(): void { this.pause(); this.send({type: "step"}); }
  reset(): void { this.pause(); this.send({type: "reset"}); }
  set(settings: Partial<S>): void { this.send({type: "set", settings}); }

  dispose(): void {
    unclaim(this);
    this.worker.terminate();
  }
}
