import {Worker} from "node:worker_threads";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {GemmThreads, helperMain, MIN_SPLIT_MACS} from "../../../src/train/gemmThreads.js";
import {GemmCache} from "../../../src/train/wasmGemm.js";
import {Rng} from "../../../src/math/rng.js";

// The helper runs in a real second thread (worker_threads) over a shared WebAssembly memory, as it does in a
// cross-origin-isolated page over tfjs-backend-wasm's; its source is the one a page sends to its worker.
const memory = new WebAssembly.Memory({initial: 256, maximum: 1024, shared: true});
const floats = () => new Float32Array(memory.buffer);
const rng = new Rng(5, "gemmThreads");
let worker: Worker;
let threads: GemmThreads;
let threaded: GemmCache;
const alone = new GemmCache(memory);

beforeAll(() => {
  worker = new Worker(`(${helperMain})(require("node:worker_threads").parentPort, 200);`, {eval: true});
  threads = new GemmThreads(memory, worker);
  threaded = new GemmCache(memory, threads);
});
afterAll(() => worker.terminate());

/** Byte offsets of A, B and C for an m×k·k×n product, with A and B filled from the seeded RNG. */
function operands(m: number, k: number, n: number) {
  const a = 0, b = 4 * m * k, c = b + 4 * k * n, c2 = c + 4 * m * n;
  floats().set(rng.uniforms(m * k, -1, 1), a / 4);
  floats().set(rng.uniforms(k * n, -1, 1), b / 4);
  return {a, b, c, c2};
}

/** Runs `f` until a call of it had the helper compute a chunk (it wakes up asynchronously after the first product). */
async function untilSplit(f: () => void): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const before = threads.helped;
    f();
    if (threads.helped > before) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error("the helper never took a chunk of a product");
}

describe("GemmThreads", () => {
  for (const [m, k, n, transposeA] of [[128, 784, 400, false], [128, 784, 400, true], [132, 400, 64, false], [100, 300, 44, true]] as const) {
    it(`splits ${m}×${k}·${k}×${n} (transposeA=${transposeA}) between two threads, chunk by chunk, with the single thread's result, bit for bit`, async () => {
      const {a, b, c, c2} = operands(m, k, n);
      const shape = {k, n, transposeA};
      const split = threaded.get(shape);
      alone.get(shape)(a, b, c2, m, m);
      // until a call was split (the helper wakes asynchronously), each call writing over NaN
      await untilSplit(() => {
        floats().fill(NaN, c / 4, c / 4 + m * n);
        split(a, b, c, m, m);
      });
      expect(Array.from(floats().subarray(c / 4, c / 4 + m * n))).toEqual(Array.from(floats().subarray(c2 / 4, c2 / 4 + m * n)));
    });
  }

  it("keeps products below MIN_SPLIT_MACS on one thread", async () => {
    const [m, k, n] = [64, 32, 16];
    expect(m * k * n).toBeLessThan(MIN_SPLIT_MACS);
    const {a, b, c, c2} = operands(m, k, n);
    await untilSplit(() => threaded.get({k: 784, n: 400, transposeA: false})(0, 4 * 128 * 784, 4 * 128 * 784 * 2, 128, 128));
    const helped = threads.helped;
    threaded.get({k, n, transposeA: false})(a, b, c, m, m);
    expect(threads.helped).toBe(helped);
    alone.get({k, n, transposeA: false})(a, b, c2, m, m);
    expect(Array.from(floats().subarray(c / 4, c / 4 + m * n))).toEqual(Array.from(floats().subarray(c2 / 4, c2 / 4 + m * n)));
  });

  it("takes back a job the helper has not started, and computes it right", () => {
    let ctl: Int32Array | null = null;
    const stalled = new GemmThreads(memory, {postMessage: (message) => void ("ctl" in message && (ctl = message.ctl))});
    const [m, k, n] = [64, 128, 64];
    const {a, b, c, c2} = operands(m, k, n);
    const product = new GemmCache(memory, stalled).get({k, n, transposeA: false});
    Atomics.store(ctl!, 0, 1); // a helper that says it is ready and has compiled the product, but never runs
    Atomics.store(ctl!, 1, 1);
    floats().fill(NaN, c / 4, c / 4 + m * n);
    product(a, b, c, m, m);
    expect(Atomics.load(ctl!, 0)).toBe(1); // ready again: the job was taken back
    expect(stalled.helped).toBe(0);
    alone.get({k, n, transposeA: false})(a, b, c2, m, m);
    expect(Array.from(floats().subarray(c / 4, c / 4 + m * n))).toEqual(Array.from(floats().subarray(c2 / 4, c2 / 4 + m * n)));
  });

  it("computes alone, and right, while the helper sleeps; then the helper wakes and takes chunks", async () => {
    const [m, k, n] = [128, 256, 128];
    const {a, b, c, c2} = operands(m, k, n);
    const product = threaded.get({k, n, transposeA: false});
    await untilSplit(() => product(a, b, c, m, m));
    await new Promise((r) => setTimeout(r, 400)); // idle longer than the helper's 200 ms: it goes to sleep
    const helped = threads.helped;
    product(a, b, c, m, m);
    expect(threads.helped).toBe(helped); // asleep: this thread did it all, and sent a wake-up
    alone.get({k, n, transposeA: false})(a, b, c2, m, m);
    expect(Array.from(floats().subarray(c / 4, c / 4 + m * n))).toEqual(Array.from(floats().subarray(c2 / 4, c2 / 4 + m * n)));
    await untilSplit(() => product(a, b, c, m, m));
    expect(threads.helped).toBeGreaterThan(helped);
  });
});
