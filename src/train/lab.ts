// A "lab": any model a chapter trains live (the MNIST VAE of chapter 1, a VQ toy, a collapsing decoder, a conv codec, a
// β-VAE on shapes). The lab owns its model and data; the one runner (labSession.ts, in a Worker through labRunner.ts)
// runs it with play / pause / step / reset / set, yields between slices of steps, guards against NaN, falls back when
// a backend fails, and posts plain data to the page (widgets/runtime/labClient.ts). A lab file is DOM-free and runs the same
// in Node tests. What only some labs have (held-out evaluation, model files) are optional methods; data the page needs
// once, and the reading of model files, are extras of its worker entry (LabExtras).
//
// Writing one:
//   export const fooSpec: LabSpec<FooSettings> = {name: "foo", defaults, check, resetKeys};   // tf-free file
//   export const createFooLab: LabFactory<FooSettings, FooViews> = async (settings, ctx) => ({step, views, …});
//   // src/labs/foo.worker.ts:  serveLab(fooSpec, createFooLab);
import type {MnistSplit} from "../data/mnistPack.js";
import type {BackendName, BackendReport} from "./backendNames.js";

/** One step's plain numbers for the charts. `loss` is what the NaN guard and the browser test read. */
export interface LabRecord {
  step: number;
  loss: number;
  [metric: string]: number;
}

/**
 * Two setting names belong to the runner, for labs that offer them to the reader: `backend` ("auto" or a backend's
 * name; a change moves the weights to it) and `speed` (steps per second at most; 0 = as fast as the backend goes).
 */
export interface RunnerSettings {
  backend?: string;
  speed?: number;
}

/** What the runner needs of a lab's settings: defaults, a check that names a bad value, and the rebuild keys. */
export interface LabSpec<S extends object> {
  /** Short name, used in messages ("the VQ toy"). */
  name: string;
  defaults: S;
  /** null when the settings are valid, else a message naming the value: "invalid beta: -1; expected …". */
  check(settings: S): string | null;
  /** Settings whose change rebuilds the lab from step 0 (model shape, seed, data). Others go to `update`. */
  resetKeys: readonly (keyof S)[];
  /** While training, views are recomputed at most this often, ms (default 400): lower for animations of cheap views. */
  viewsEveryMs?: number;
  /** For labs with `evaluate`: it runs every this many steps (and at step 0 and where a run stops). Default 50. */
  evalEvery?: number;
}

/** A model file written by a lab: its text and a file name to save it under. */
export interface ModelFile {
  text: string;
  name: string;
}

export interface Lab<S extends object, V, E = never, A = never> {
  /** One training step. Must dispose every tensor it makes (tf.memory().numTensors stays flat). */
  step(): Promise<LabRecord>;
  /** Plain, structured-clone-friendly data the page draws. Typed arrays are transferred, not copied. */
  views(): Promise<V>;
  /** Applies settings that need no rebuild (lr, β, …), from the keys not in resetKeys. */
  update?(changes: Partial<S>): void;
  /**
   * A copy of the weights and the step count for the NaN guard; restore() goes back to it, with a fresh optimizer
   * (a diverged step may have left NaN in the optimizer's moments) and the step count of the copy.
   */
  snapshot?(): Promise<unknown>;
  restore?(snapshot: unknown): void;
  /** A held-out evaluation of the current weights (its `step` is theirs). */
  evaluate?(): Promise<E>;
  /** The current model as a file the reader can keep and load again (see LabFiles). */
  exportModel?(): Promise<ModelFile>;
  dispose(): void;
}

/**
 * What a lab may add beside its factory, in its worker entry (serveLab): plain data the page needs once, from the
 * lab's data and not its model (the digits to pick from), sent as soon as the data is loaded; and how it reads its
 * model files.
 */
export interface LabExtras<S extends object, A = never> {
  assets?(context: LabContext): Promise<A>;
  files?: LabFiles<S>;
}

/** Reading a lab's model files, in the Worker: what the lab is rebuilt with. Throws a message naming what is wrong. */
export interface LabFiles<S extends object> {
  read(data: ArrayBuffer, current: S): {settings: S; start: {step: number; snapshot: unknown}; summary: string};
}

export interface LabContext {
  /** The MNIST split (cached), from the data URL the page gave; rejects with a message if there is none. */
  mnist(): Promise<MnistSplit>;
}

export type LabFactory<S extends object, V, E = never, A = never> = (settings: S, context: LabContext) => Promise<Lab<S, V, E, A>>;

export type LabStatus = "loading" | "ready" | "training" | "paused" | "error";

export type ToLab<S extends object> =
  | {type: "init"; settings: S; dataUrl: string | null; backend: string}
  | {type: "play"}
  | {type: "pause"}
  | {type: "step"}
  | {type: "reset"}
  | {type: "set"; settings: Partial<S>}
  | {type: "export"}
  | {type: "import"; data: ArrayBuffer; name: string};

export type FromLab<S extends object, V, E = never, A = never> =
  | {type: "status"; status: LabStatus; stopped?: "diverged" | "error" | "rebuilt"}
  /** The backend chosen, with every backend's self-test and speed; `active` is null while they are still measured. */
  | {type: "backend"; active: BackendName | null; report: BackendReport[]}
  | {type: "record"; record: LabRecord}
  | {type: "views"; views: V; step: number}
  | {type: "eval"; record: E}
  | {type: "assets"; assets: A}
  | {type: "settings"; settings: S}
  /**
   * Training restarts from `step`: 0 after a rebuild, a checkpoint's step after a divergence or a backend change (later
   * records are void), a model file's step after a load (`newRun`: every record before is another run's).
   */
  | {type: "reset"; step: number; newRun: boolean}
  | {type: "exported"; file: ModelFile}
  | {type: "notice"; level: "info" | "warning" | "error"; text: string};
