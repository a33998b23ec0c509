// Which backend a lab trains on (labSession.ts): the one the reader named if it passes its self-test, else the
// fastest measured on the lab's own step; every backend tried goes into a report the page shows; a backend that
// failed mid-run is not tried again, and the next is the fastest measured that passed.
import * as tf from "@tensorflow/tfjs";
import {chooseFastest, selfTest} from "./backends.js";
import {BACKENDS, type BackendName, type BackendReport} from "./backendNames.js";

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** One step of a throwaway copy of the lab, to time a backend with. */
export interface Probe {
  step(): Promise<void>;
  release(): void;
}

export class LabBackends {
  active: BackendName = "cpu";
  /** Every backend tried here: self-test, measured speed, or why it failed. */
  readonly report: BackendReport[] = [];
  private readonly failed = new Set<BackendName>();

  /**
   * `notice` says why a named backend was passed over; `posted` is told after each change of the report (with
   * `measuring` true while the backends are still being timed: none is active yet).
   */
  constructor(
    private readonly candidates: readonly BackendName[],
    private readonly notice: (text: string) => void,
    private readonly posted: (measuring: boolean) => void
  ) {}

  /** Activates the named backend if it passes its self-test, else the fastest that passes on `probe`. */
  async choose(choice: string, probe: Probe): Promise<void> {
    if (choice !== "auto" && (BACKENDS as readonly string[]).includes(choice)) {
      const name = choice as BackendName;
      try {
        const r = await selfTest(name);
        this.upsert({name, available: true, selfTest: r, stepsPerSec: null});
        if (r.ok) { this.active = name; this.posted(false); return; }
        this.notice(`The ${name} backend failed its self-test (error ${r.maxError.toExponential(1)} against the CPU); choosing the fastest that passes instead.`);
      } catch (e) {
        this.upsert({name, available: false, selfTest: null, stepsPerSec: null, error: message(e)});
        this.notice(`The ${name} backend is not available here (${message(e)}); choosing the fastest that works instead.`);
      }
    } else if (choice !== "auto") {
      this.notice(`Unknown backend "${choice}"; choosing the fastest that works instead.`);
    }
    const {best, report} = await chooseFastest({
      candidates: this.candidates.filter((c) => c !== choice && !this.failed.has(c)), // a named backend that failed is not tried again
      probeStep: () => probe.step(),
      release: () => probe.release(),
      onReport: (r) => { r.forEach((e) => this.upsert(e)); this.posted(true); },
      measureMs: 300
    });
    report.forEach((e) => this.upsert(e));
    await tf.setBackend(best);
    this.active = best;
    this.posted(false);
  }

  /**
   * The active backend threw `error`: it is marked failed and the next becomes active (the fastest measured that
   * passed, else the next candidate). Returns the failed one, or throws `error` when there is no other to go to.
   */
  failOver(error: unknown): BackendName {
    const failed = this.active;
    this.failed.add(failed);
    this.upsert({name: failed, available: false, selfTest: null, stepsPerSec: null, error: message(error)});
    if (failed === "cpu" || this.failed.size >= this.candidates.length) throw error;
    const measured = this.report.filter((r) => !this.failed.has(r.name) && r.selfTest?.ok).sort((a, b) => (b.stepsPerSec ?? 0) - (a.stepsPerSec ?? 0));
    this.active = measured[0]?.name ?? this.candidates.find((c) => !this.failed.has(c) && c !== "webgpu") ?? "cpu";
    return failed;
  }

  private upsert(entry: BackendReport): void {
    const i = this.report.findIndex((r) => r.name === entry.name);
    if (i >= 0) this.report[i] = {...this.report[i], ...entry}; else this.report.push(entry);
  }
}
