// Seeded random numbers for everything the engine draws: initial weights, batch order and ε.
// Draws are made in JavaScript, not by the backend, so a seed gives the same numbers on every backend.
// Generator: mulberry32 (Tommy Ettinger, public domain), a 32-bit state PRNG; normals by Box–Muller.

/** The named streams one seed is split into, so that changing the batch size does not change the weights. */
export type Stream = "init" | "batches" | "eps" | "views" | string;

/** A 32-bit hash of (seed, stream name): independent starting states for each stream. */
export function streamSeed(seed: number, stream: Stream): number {
  let h = (Math.imul(seed | 0, 0x9e3779b1) ^ 0x85ebca6b) >>> 0;
  for (let i = 0; i < stream.length; i++) h = Math.imul(h ^ stream.charCodeAt(i), 0x01000193) >>> 0;
  h ^= h >>> 16; h = Math.imul(h, 0x7feb352d) >>> 0; h ^= h >>> 15;
  return h >>> 0;
}

export class Rng {
  private state: number;
  private spare: number | null = null;

  /** `new Rng(seed, stream)`: the stream `stream` of seed `seed`. */
  constructor(seed: number, stream: Stream = "") {
    if (!Number.isInteger(seed)) throw new Error(`invalid seed: ${seed}; expected an integer`);
    this.state = streamSeed(seed, stream);
  }

  /** Uniform on [0, 1). */
  uniform(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Standard normal N(0, 1) by Box–Muller (two draws per pair of uniforms). */
  normal(): number {
    if (this.spare !== null) { const s = this.spare; this.spare = null; return s; }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** `n` standard normals. */
  normals(n: number): Float32Array {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = this.normal();
    return out;
  }

  /** `n` uniforms on [lo, hi). */
  uniforms(n: number, lo = 0, hi = 1): Float32Array {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * this.uniform();
    return out;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Fisher–Yates shuffle of `a`, in place; returns `a`. */
  shuffle<T extends {length: number; [i: number]: any}>(a: T): T {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = a[i]; a[i] = a[j]; a[j] = t;
    }
    return a;
  }
}
