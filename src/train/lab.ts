// A "lab": any small experiment a chapter trains live (a VQ toy, a collapsing decoder, a conv codec, a β-VAE on
// shapes). The lab owns its model and data; the generic runner (labRunner.ts) runs it in a Worker with
// play / pause / step / reset / set, yields between steps, guards against NaN, and posts plain data to the page
// (labClient.ts, labShell.ts). A lab file is DOM-free and runs the same in Node tests.
//
// Writing one:
//   export const fooSpec: LabSpec<FooSettings> = {name: "foo", defaults, check, resetKeys};   // tf-free file
//   export const createFooLab: LabFactory<FooSettings, FooViews> = async (settings, ctx) => ({step, views, …});
//   // src/labs/foo.worker.ts:  serveLab(fooSpec, createFooLab);
import type {MnistSplit} from "../data/mnistPack.js";

/** One step's plain numbers for the charts. `loss` is what the NaN guard and the browser test read. */
export interface LabRecord {
  step: number;
  loss: number;
  [metric: string]: number;
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
}

export interface Lab<S extends object, V> {
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
  dispose(): void;
}

export interface LabContext {
  /** The MNIST split (cached), from the data URL the page gave; rejects with a message if there is none. */
  mnist(): Promise<MnistSplit>;
}

export type LabFactory<S extends object, V> = (settings: S, context: LabContext) => Promise<Lab<S, V>>;

export type LabStatus = "loading" | "ready" | "training" | "paused" | "error";

export type ToLab<S extends object> =
  | {type: "init"; settings: S; dataUrl: string | null; backend: string}
  | {type: "play"}
  | {type: "pause"}
  | {type: "step"}
  | {type: "reset"}
  | {type: "set"; settings: Partial<S>};

export type FromLab<S extends object, V> =
  | {type: "status"; status: LabStatus; stopped?: "diverged" | "error" | "rebuilt"}
  | {type: "backend"; active: string}
  | {type: "record"; record: LabRecord}
  | {type: "views"; views: V; step: number}
  | {type: "settings"; settings: S}
  /** Training restarts from `step` (0 after a rebuild; a checkpoint's step after divergence): later records are void. */
  | {type: "reset"; step: number}
  | {type: "notice"; level: "info" | "warning" | "error"; text: string};
