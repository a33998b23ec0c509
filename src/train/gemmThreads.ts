// A second thread for the large matrix products, where the WASM backend's memory is shared (the threaded build of
// tfjs-backend-wasm, in a cross-origin-isolated page). The rows of C are cut into chunks that this thread and a helper
// worker, running the same compiled product over the same memory, claim in turn from a shared counter until none is
// left. Claimed rather than halved: on a 2-core device the helper's core is also the page's, and with fixed halves this
// thread spent a good part of each step waiting for a helper that had been descheduled; now it waits at most for the
// one chunk the helper is in the middle of.
//
// The helper does not sleep between products with Atomics.wait until notified: on the virtual machines this was built
// on, waking a sleeping thread took about as long as a whole product, so a woken helper gained nothing. Nor does it
// spin flat out, which on a 2-core device takes the core the page and the training thread need. It polls: waits of
// 20 µs that a posted job cuts short, while products keep coming (a training step has several within milliseconds).
// After `idleMs` without one it goes back to its event loop, and the next product runs on this thread alone while a
// message wakes the helper: this thread never waits for a helper that is asleep, and a page that stops training stops
// using the second core.

import type {Gemm} from "./wasmGemm.js";

/** What the helper thread is doing (the word STATE of the control block): a posted job becomes RUNNING when it starts. */
const ASLEEP = 0, READY = 1, JOB = 2, RUNNING = 3;
/** The control block's words: the state; products compiled there; messages not yet read; a wake-up on its way; the
 * job's product and arguments (a, b, c, m, lda); chunks the helper computed; the next chunk to claim; rows per chunk;
 * bytes from one row of A, and of C, to the next. */
const STATE = 0, COMPILED = 1, UNREAD = 2, WAKING = 3, FN = 4, ARGS = 5, HELPED = 10, NEXT = 11, ROWS = 12, A_STEP = 13, C_STEP = 14;

/** The helper's end of its channel: a worker's `self`, or a worker_threads `parentPort` in Node. */
export interface HelperPort {
  addEventListener(type: "message", listener: (event: {data: HelperMessage}) => void): void;
}

/** What this thread sends: first the memory and control block, then each product's module bytes, or a wake-up. */
export type HelperMessage = {memory: WebAssembly.Memory; ctl: Int32Array} | {bytes: Uint8Array} | {wake: true};

/**
 * The helper's program. It is sent to the worker as source text, `(${helperMain})(self, idleMs)`, so it refers to
 * nothing outside itself (numbers are written out: 0 asleep, 1 ready, 2 job, 3 running; the words as in the STATE… constants).
 */
export function helperMain(port: HelperPort, idleMs: number): void {
  let memory: WebAssembly.Memory | undefined;
  let ctl: Int32Array = new Int32Array(16);
  const fns: ((...args: number[]) => void)[] = [];
  port.addEventListener("message", (event) => {
    const data = event.data;
    if ("memory" in data) {
      memory = data.memory;
      ctl = data.ctl;
      return;
    }
    if ("bytes" in data) {
      const instance = new WebAssembly.Instance(new WebAssembly.Module(data.bytes as Uint8Array<ArrayBuffer>), {env: {memory: memory!}});
      fns.push(instance.exports.gemm as (...args: number[]) => void);
      Atomics.store(ctl, 1, fns.length);
      Atomics.sub(ctl, 2, 1);
    }
    // serve: poll the state until idle for idleMs, or until a message waits to be read
    Atomics.store(ctl, 3, 0);
    if (Atomics.compareExchange(ctl, 0, 0, 1) !== 0) return; // already serving (a wake-up that came late)
    let idleSince = performance.now();
    for (;;) {
      if (Atomics.compareExchange(ctl, 0, 2, 3) === 2) {
        const gemm = fns[ctl[4]], [a, b, c, m, lda, rows, aStep, cStep] = [ctl[5], ctl[6], ctl[7], ctl[8], ctl[9], ctl[12], ctl[13], ctl[14]];
        for (let r; (r = Atomics.add(ctl, 11, 1) * rows) < m;) {
          gemm(a + r * aStep, b, c + r * cStep, Math.min(rows, m - r), lda);
          Atomics.add(ctl, 10, 1);
        }
        Atomics.store(ctl, 0, 1);
        idleSince = performance.now();
      } else if (Atomics.wait(ctl, 0, 1, 0.02) !== "not-equal" && (Atomics.load(ctl, 2) > 0 || performance.now() - idleSince > idleMs)) {
        if (Atomics.compareExchange(ctl, 0, 1, 0) === 1) return;
      }
    }
  });
}

/** Products smaller than this many multiply-adds run on one thread: the handoff would cost more than it saves. */
export const MIN_SPLIT_MACS = 1 << 18;

/** About how many chunks a product's rows are cut into: the most this thread waits at the end is one of them. */
const CHUNKS = 12;

/** How long this thread spins for the helper's chunk before it gives up on the helper (a crashed worker). */
const GIVE_UP_MS = 2000;

/** The shape a compiled product was made for (m varies per call). */
interface Shape {k: number; n: number; transposeA: boolean}

/** This thread's side: sends the helper what it needs and splits the products it is given. */
export class GemmThreads {
  private readonly ctl = new Int32Array(new SharedArrayBuffer(4 * 16));
  private sent = 0;
  private broken = false;

  constructor(memory: WebAssembly.Memory, private readonly helper: {postMessage(message: HelperMessage): void}) {
    helper.postMessage({memory, ctl: this.ctl});
  }

  /** Chunks of rows the helper has computed (for tests). */
  get helped(): number {
    return Atomics.load(this.ctl, HELPED);
  }

  /** `gemm` (compiled from `bytes` for `shape`) wrapped so that large products are split with the helper. */
  wrap(gemm: Gemm, bytes: Uint8Array<ArrayBuffer>, {k, n, transposeA}: Shape): Gemm {
    const id = this.sent++;
    Atomics.add(this.ctl, UNREAD, 1);
    this.helper.postMessage({bytes});
    return (a, b, c, m, lda) => {
      if (this.broken || m < 8 || m * k * n < MIN_SPLIT_MACS || id >= Atomics.load(this.ctl, COMPILED)) {
        gemm(a, b, c, m, lda);
        return;
      }
      const rows = 4 * Math.ceil(m / (4 * CHUNKS)); // a whole number of blocks of 4
      const aStep = transposeA ? 4 : 4 * k, cStep = 4 * n;
      const ctl = this.ctl;
      ctl[FN] = id;
      ctl[ARGS] = a;
      ctl[ARGS + 1] = b;
      ctl[ARGS + 2] = c;
      ctl[ARGS + 3] = m;
      ctl[ARGS + 4] = lda;
      ctl[ROWS] = rows;
      ctl[A_STEP] = aStep;
      ctl[C_STEP] = cStep;
      Atomics.store(ctl, NEXT, 0);
      // the job is posted only if the helper is polling; the exchange keeps it from going to sleep at the same time
      if (Atomics.compareExchange(ctl, STATE, READY, JOB) !== READY) {
        if (Atomics.load(ctl, STATE) === ASLEEP && Atomics.compareExchange(ctl, WAKING, 0, 1) === 0) this.helper.postMessage({wake: true});
        gemm(a, b, c, m, lda);
        return;
      }
      Atomics.notify(ctl, STATE);
      for (let r; (r = Atomics.add(ctl, NEXT, 1) * rows) < m;) gemm(a + r * aStep, b, c + r * cStep, Math.min(rows, m - r), lda);
      // every chunk is claimed: a helper that has not started (its core busy with something else) is stood down,
      // one that has finishes the chunk it is in
      if (Atomics.compareExchange(ctl, STATE, JOB, READY) !== JOB) this.join();
    };
  }

  /** Spins until the helper has finished the chunk it started (it cannot go to sleep while it runs a job). */
  private join(): void {
    const start = performance.now();
    for (let spins = 1; Atomics.load(this.ctl, STATE) === RUNNING; spins++) {
      if ((spins & 1023) === 0 && performance.now() - start > GIVE_UP_MS) {
        this.broken = true;
        throw new Error("the matrix-product helper thread stopped answering");
      }
    }
  }
}
