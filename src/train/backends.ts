// Choosing a tfjs backend: every candidate first passes a numeric self-test against the CPU backend, then "auto"
// picks the fastest one *measured* on this device (a real training step of the page's model), not a fixed order.
import * as tf from "@tensorflow/tfjs";
import {Rng} from "../math/rng.js";

import {BACKENDS, type BackendName, type BackendReport, type SelfTest} from "./backendNames.js";

/** Tolerance of the self-test: float32 kernels differ from CPU by ~1e-6; a broken kernel is off by far more. */
export const SELF_TEST_TOLERANCE = 1e-3;

/** The numbers the self-test compares: a small MLP loss with softplus, exp, log, sigmoid and its gradients. */
function probeNumbers(): Promise<Float32Array[]> {
  const rng = new Rng(12345, "selftest");
  const out = tf.tidy(() => {
    const x = tf.tensor2d(rng.uniforms(8 * 16), [8, 16]);
    const w1 = tf.tensor2d(rng.uniforms(16 * 12, -0.5, 0.5), [16, 12]);
    const w2 = tf.tensor2d(rng.uniforms(12 * 16, -0.5, 0.5), [12, 16]);
    const f = (a: tf.Tensor, b: tf.Tensor) => {
      const h = tf.relu(tf.matMul(x, a as tf.Tensor2D)); // [8, 12]
      const l = tf.matMul(h, b as tf.Tensor2D); // [8, 16]
      const bce = tf.sub(tf.softplus(l), tf.mul(x, l)).sum(); // Bernoulli NLL with logits
      const g = tf.log(tf.add(tf.exp(tf.mul(h, -1)), 1)).mean().add(tf.sigmoid(l).mean());
      return tf.add(bce, g) as tf.Scalar;
    };
    const {value, grads} = tf.valueAndGrads(f)([w1, w2]);
    return [value.reshape([1]), grads[0].flatten(), grads[1].flatten(), tf.sigmoid(tf.matMul(x, w1)).flatten()];
  });
  return Promise.all(out.map(async (t) => { const d = (await t.data()) as Float32Array; t.dispose(); return d; }));
}

/**
 * The threads of the active WASM backend's thread pool (tfjs-wasm uses half the logical cores, at least 1, and only
 * where SharedArrayBuffer is available); undefined on other backends. Read from the backend object: tfjs exports
 * getThreadsCount only from the package entry, which the page cannot import.
 */
export function wasmThreads(): number | undefined {
  if (tf.getBackend() !== "wasm") return undefined;
  const n = (tf.backend() as unknown as {wasm?: {tfjs?: {getThreadsCount?: () => number}}}).wasm?.tfjs?.getThreadsCount?.();
  return typeof n === "number" && n > 0 ? n : undefined;
}

/** Fails with a plain message where WebGPU has no adapter (tfjs would log a stack trace and return false). */
async function requireWebGpuAdapter(): Promise<void> {
  const gpu = (globalThis.navigator as {gpu?: {requestAdapter(): Promise<unknown>}} | undefined)?.gpu;
  if (!gpu) throw new Error("this browser does not offer WebGPU");
  if (!(await gpu.requestAdapter())) throw new Error("WebGPU offers no adapter on this device");
}

/** Runs the probe on `name` and on the CPU backend and compares; leaves `name` active if it initialised. */
export async function selfTest(name: string): Promise<SelfTest> {
  if (!(await tf.setBackend("cpu"))) throw new Error("the cpu backend is unavailable");
  const reference = await probeNumbers();
  if (name === "webgpu") await requireWebGpuAdapter();
  if (!(await tf.setBackend(name))) throw new Error(`the ${name} backend could not be initialised here`);
  await tf.ready();
  const candidate = await probeNumbers();
  let maxError = 0;
  reference.forEach((ref, i) => ref.forEach((r, j) => {
    const e = Math.abs(candidate[i][j] - r) / (1 + Math.abs(r));
    maxError = Math.max(maxError, Number.isFinite(e) ? e : Infinity);
  }));
  return {ok: maxError <= SELF_TEST_TOLERANCE, maxError};
}

/** Rejects after `ms` with a message naming what timed out. */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout>;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms / 1000} s`)), ms); })
  ]);
}

export interface ChooseOptions {
  /** Backends to consider, in the order they are tried. */
  candidates?: readonly BackendName[];
  /** One training step of the page's model on the active backend (make the model lazily inside). */
  probeStep: () => Promise<void>;
  /** Called before probing a backend, to drop the previous backend's model. */
  release?: () => void;
  /** Time spent measuring steps on each backend after one warm-up step, ms. */
  measureMs?: number;
  /** Longest allowed warm-up (first step: shader compilation and the like) and self-test, ms. */
  warmupMs?: number;
  onReport?: (report: BackendReport[]) => void;
}

/** Self-tests and measures each candidate; returns the reports and the name of the fastest that passed. */
export async function chooseFastest(options: ChooseOptions): Promise<{best: BackendName; report: BackendReport[]}> {
  const {candidates = BACKENDS, probeStep, release = () => {}, measureMs = 400, warmupMs = 2500, onReport} = options;
  const report: BackendReport[] = candidates.map((name) => ({name, available: false, selfTest: null, stepsPerSec: null}));
  for (const entry of report) {
    try {
      entry.selfTest = await withTimeout(selfTest(entry.name), warmupMs * 2, `the ${entry.name} self-test`);
      entry.available = true;
      if (!entry.selfTest.ok) throw new Error(`${entry.name} failed its self-test (error ${entry.selfTest.maxError.toExponential(1)})`);
      release();
      const t0 = performance.now();
      await withTimeout(probeStep(), warmupMs, `the first ${entry.name} step`);
      let steps = 0;
      const t1 = performance.now();
      while (performance.now() - t1 < measureMs || steps < 2) { await probeStep(); steps++; }
      entry.stepsPerSec = steps / ((performance.now() - t1) / 1000);
      entry.threads = wasmThreads();
      if (!Number.isFinite(entry.stepsPerSec)) entry.stepsPerSec = 1000 / (t1 - t0);
    } catch (e) {
      entry.error = e instanceof Error ? e.message : String(e);
    }
    release();
    onReport?.(report.map((r) => ({...r})));
  }
  const usable = report.filter((r) => r.selfTest?.ok && r.stepsPerSec !== null);
  if (usable.length === 0) throw new Error(`no backend passed its self-test: ${report.map((r) => `${r.name}: ${r.error ?? "?"}`).join("; ")}`);
  const best = usable.reduce((a, b) => ((b.stepsPerSec ?? 0) > (a.stepsPerSec ?? 0) ? b : a)).name;
  return {best, report};
}
