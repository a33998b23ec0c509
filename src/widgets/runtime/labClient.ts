// The main-thread side of a lab (src/train/lab.ts): starts its Worker, sends commands, keeps the plain data it
// sends back. Emits "update" events (detail: the message type). Holds no tensors and never loads tfjs.
import type {BackendReport} from "../../train/backendNames.js";
import type {FromLab, LabRecord, LabStatus, ModelFile, ToLab} from "../../train/lab.js";
import {claim, isClaimed, unclaim} from "./activeRuns.js";
import {LabGroup} from "./labGroup.js";
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

/**
 * Records kept per lab. A fast lab records 100–400 steps a second; past this many, every other record of the older
 * half is dropped, so memory stays bounded, the charts (which plot against the step) keep their shape and the most
 * recent records stay whole.
 */
export const MAX_RECORDS = 20_000;

export function thinOlderHalf<T>(records: readonly T[]): T[] {
  const half = Math.floor(records.length / 2);
  return [...records.slice(0, half).filter((_, i) => i % 2 === 0), ...records.slice(half)];
}

/** Every lab client on the page; the workers waiting for their init, in order; the one whose init is under way. */
const clients = new Set<AnyClient>();
const toStart: {client: AnyClient; start(): void}[] = [];
let starting: object | null = null;

/**
 * Starts the next waiting lab that is on screen, if no lab is starting and none trains. A starting lab loads its data
 * and times each backend on its own steps: with several doing so at once as a page opened, the lab the reader trained
 * lost most of its speed and the page had tasks over 50 ms. So labs start one at a time, in page order, when the
 * reader comes to them (a lab off screen waits), and not while the reader's run trains.
 */
function startNext(): void {
  if (starting !== null || [...clients].some((c) => c.status === "training")) return;
  const i = toStart.findIndex((t) => !t.client.held.includes("offscreen"));
  if (i < 0) return;
  const [next] = toStart.splice(i, 1);
  starting = next.client;
  next.start();
}

type AnyClient = LabClient<object, unknown, {step: number}, unknown>;

export class LabClient<S extends object, V, E extends {step: number} = never, A = never> extends EventTarget {
  records: LabRecord[] = [];
  views: V | null = null;
  /** The step the views were computed at. */
  viewsStep = 0;
  /** Held-out evaluations, for labs that make them (one per step evaluated, in order). */
  evals: E[] = [];
  /** What the lab sends once (digits to pick from), for labs that have it. */
  assets: A | null = null;
  /** The last model file the worker wrote (after exportModel()). */
  exported: ModelFile | null = null;
  status: LabStatus = "loading";
  backend = "";
  /** Every backend the worker tried: self-test, measured speed, or why it failed. */
  backendReport: BackendReport[] = [];
  notices: Notice[] = [];
  settings: S;
  /** The reader asked to train (it may still be held because the widget is off screen or the tab hidden). */
  wanted = false;
  readonly group: string | null;
  private readonly worker: Worker;
  private readonly heldBy = new Set<string>();
  /** Commands held back until the worker has its init (its turn to start, with its group's backend). */
  private queue: ToLab<S>[] | null = null;
  /** For the group's first lab: settles the group's choice. */
  /** The runs this one is compared with (labGroup.ts), if it has a group. */
  private readonly together: LabGroup | null;

  constructor(options: LabClientOptions<S>) {
    super();
    this.settings = options.settings;
    this.group = options.group ?? null;
    this.together = this.group === null ? null : LabGroup.named(this.group);
    this.worker = startWorker(options.workerUrl);
    this.worker.onmessage = (e: MessageEvent<FromLab<S, V, E, A> | FromLab<S, V, E, A>[]>) => this.receive(e.data);
    this.worker.onerror = (e) => {
      this.together?.leave(this, {stays: true}); // the group's next lab measures instead
      if (starting === this) starting = null;
      this.receive({type: "notice", level: "error", text: `The lab's worker stopped: ${e.message || "unknown error"}`});
      startNext();
    };
    // Commands wait in `queue` until the worker has its init, which waits its turn (startNext).
    this.queue = [];
    const begin = (backend: string) => toStart.push({client: this as AnyClient, start: () => {
      this.worker.postMessage({type: "init", settings: options.settings, dataUrl: options.dataUrl ?? null, backend} satisfies ToLab<S>);
      for (const m of this.queue ?? []) this.worker.postMessage(m);
      this.queue = null;
    }});
    const asked = options.backend ?? "auto";
    const chosen = this.together?.join(this, asked === "auto") ?? null;
    if (chosen) chosen.then(begin).then(startNext);
    else begin(asked);
    clients.add(this as AnyClient);
    startNext();
  }

  private send(m: ToLab<S>, transfer: Transferable[] = []): void {
    if (this.queue) this.queue.push(m);
    else this.worker.postMessage(m, transfer);
  }

  /** A message, or a batch of them in order (labRunner.ts batches step records): one "update" per type in a batch. */
  private receive(batch: FromLab<S, V, E, A> | FromLab<S, V, E, A>[]): void {
    const messages = Array.isArray(batch) ? batch : [batch];
    for (const m of messages) this.apply(m);
    const types = new Set(messages.map((m) => m.type));
    if (types.has("record") || types.has("reset") || types.has("status")) this.together?.keepPace();
    for (const type of types) this.dispatchEvent(new CustomEvent("update", {detail: type}));
    if (types.has("status")) startNext();
  }

  private apply(m: FromLab<S, V, E, A>): void {
    switch (m.type) {
      case "status":
        this.status = m.status;
        if (starting === this && m.status !== "loading") starting = null;
        if (m.stopped) { this.wanted = false; unclaim(this); }
        break;
      case "backend":
        this.backendReport = m.report;
        if (m.active === null) break; // still measuring
        this.backend = m.active;
        this.together?.chose(this, m.active);
        break;
      case "record": // after going back to a checkpoint, drop the steps undone
        if (this.records.length && this.records[this.records.length - 1].step >= m.record.step) this.records = this.records.filter((r) => r.step < m.record.step);
        this.records.push(m.record);
        if (this.records.length > MAX_RECORDS) this.records = thinOlderHalf(this.records);
        break;
      case "views": this.views = m.views; this.viewsStep = m.step; break;
      case "eval":
        this.evals = this.evals.filter((r) => r.step < m.record.step);
        this.evals.push(m.record);
        break;
      case "assets": this.assets = m.assets; break;
      case "exported": this.exported = m.file; break;
      case "settings": this.settings = m.settings; break;
      case "reset":
        this.records = m.newRun ? [] : this.records.filter((r) => r.step <= m.step);
        this.evals = m.newRun ? [] : this.evals.filter((r) => r.step <= m.step);
        break;
      case "notice": this.notices.push({level: m.level, text: m.text, time: Date.now()}); break;
    }
  }

  /** The last step recorded (0 before any). */
  get lastStep(): number { return this.records[this.records.length - 1]?.step ?? 0; }

  /** A message of the page's own. */
  notice(level: Notice["level"], text: string): void {
    this.receive({type: "notice", level, text});
  }

  private changed(): void {
    this.dispatchEvent(new CustomEvent("update", {detail: "wanted"}));
  }

  play(): void {
    this.wanted = true;
    claim(this);
    this.heldBy.delete("pacing");
    if (this.heldBy.size === 0) this.send({type: "play"});
    this.together?.keepPace();
    this.changed();
  }

  pause(): void {
    this.wanted = false;
    unclaim(this);
    this.send({type: "pause"});
    this.together?.keepPace();
    this.changed();
  }

  /** Pauses for a reason ("hidden", "offscreen") without forgetting that the reader wants to train. */
  hold(reason: string): void {
    const had = this.heldBy.has(reason);
    this.heldBy.add(reason);
    if (!had) this.send({type: "pause"});
    if (reason !== "pacing") this.together?.keepPace();
    this.changed();
  }

  release(reason: string): void {
    if (!this.heldBy.delete(reason)) return;
    if (reason === "offscreen") startNext();
    if (this.heldBy.size === 0 && this.wanted && isClaimed(this)) this.send({type: "play"});
    if (reason !== "pacing") this.together?.keepPace();
    this.changed();
  }

  get held(): string[] { return [...this.heldBy]; }

  step(): void { this.pause(); this.send({type: "step"}); }
  reset(): void { this.pause(); this.send({type: "reset"}); }
  set(settings: Partial<S>): void { this.send({type: "set", settings}); }
  /** Asks the worker for the current model as a file (it arrives as `exported`). */
  exportModel(): void { this.send({type: "export"}); }
  /** Sends a file's bytes to the worker, which checks them before anything changes. */
  importModel(data: ArrayBuffer, name: string): void { this.pause(); this.send({type: "import", data, name}, [data]); }

  dispose(): void {
    unclaim(this);
    this.together?.leave(this); // if it was measuring for the group, the next lab measures instead
    this.worker.terminate();
    clients.delete(this as AnyClient);
    const waiting = toStart.findIndex((t) => t.client === this);
    if (waiting >= 0) toStart.splice(waiting, 1);
    if (starting === this) starting = null;
    startNext();
  }
}
