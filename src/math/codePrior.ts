// Priors over a VQ-VAE's grid of code indices, fitted by counting (tf-free). A VQ-VAE is not a generative model
// until it has a prior p(c) over its code grids: van den Oord et al. (2017) fit a PixelCNN, VQ-VAE-2 (Razavi et al.
// 2019) a PixelCNN with self-attention per level, DALL·E (Ramesh et al. 2021) a transformer over text and image
// codes. These are two small stand-ins, exact maximum-likelihood fits with smoothing:
//   "position"  p(c_i) = (n_i(c) + α) / (n + Kα): one categorical per grid position, independent
//   "neighbour" p(c_i | c_left, c_up) = (n(ctx, c) + λ·p_position_i(c)) / (n(ctx) + λ), in raster order, where
//               ctx = (left, up) and off-grid neighbours are a symbol of their own: a tiny autoregressive prior
// Grids are [n·P] code indices with P = side² positions in raster order (row·side + col).
import type {Rng} from "./rng.js";

export class CodePrior {
  readonly P: number;
  /** n_i(c): counts per position [P·K]. */
  private readonly positionCounts: Float64Array;
  /** The codes seen after each context (left, up), as lists: drawing uniformly from one reproduces its counts. */
  private readonly next = new Map<number, number[]>();
  private readonly n: number;

  constructor(grids: ArrayLike<number>, readonly side: number, readonly K: number, readonly alpha = 0.01, readonly lambda = 1) {
    this.P = side * side;
    const n = grids.length / this.P;
    if (!Number.isInteger(n) || n < 1) throw new Error(`invalid grids: length ${grids.length}; expected a positive multiple of ${this.P}`);
    this.n = n;
    this.positionCounts = new Float64Array(this.P * K);
    for (let g = 0; g < n; g++) {
      for (let i = 0; i < this.P; i++) {
        const c = grids[g * this.P + i];
        if (!Number.isInteger(c) || c < 0 || c >= K) throw new Error(`invalid grids[${g * this.P + i}]: ${c}; expected an integer in [0, ${K - 1}]`);
        this.positionCounts[i * K + c]++;
        const key = this.context(grids, g * this.P, i);
        const list = this.next.get(key);
        if (list) list.push(c); else this.next.set(key, [c]);
      }
    }
  }

  /** The context key of position i of the grid starting at `base`: (left or K) · (K + 1) + (up or K). */
  private context(grid: ArrayLike<number>, base: number, i: number): number {
    const row = Math.floor(i / this.side), col = i % this.side;
    const left = col > 0 ? grid[base + i - 1] : this.K, up = row > 0 ? grid[base + i - this.side] : this.K;
    return left * (this.K + 1) + up;
  }

  /** p_position_i(c). */
  positionProb(i: number, c: number): number {
    return (this.positionCounts[i * this.K + c] + this.alpha) / (this.n + this.K * this.alpha);
  }

  /** p(c_i = c | the grid's earlier codes) under `kind`. */
  prob(kind: "uniform" | "position" | "neighbour", grid: ArrayLike<number>, i: number, c: number): number {
    if (kind === "uniform") return 1 / this.K;
    const pos = this.positionProb(i, c);
    if (kind === "position") return pos;
    const seen = this.next.get(this.context(grid, 0, i)) ?? [];
    let hits = 0;
    for (const s of seen) if (s === c) hits++;
    return (hits + this.lambda * pos) / (seen.length + this.lambda);
  }

  /** Mean −log₂ p per code of `grids` [m·P]: bits per code, log₂ K for "uniform". */
  bitsPerCode(kind: "uniform" | "position" | "neighbour", grids: ArrayLike<number>): number {
    const m = grids.length / this.P;
    let bits = 0;
    for (let g = 0; g < m; g++) {
      const grid = Array.from({length: this.P}, (_, i) => grids[g * this.P + i]);
      for (let i = 0; i < this.P; i++) bits -= Math.log2(this.prob(kind, grid, i, grid[i]));
    }
    return bits / (m * this.P);
  }

  /** One grid [P] drawn from `kind`, in raster order. */
  sample(kind: "uniform" | "position" | "neighbour", rng: Rng): Int32Array {
    const grid = new Int32Array(this.P);
    for (let i = 0; i < this.P; i++) {
      if (kind === "uniform") { grid[i] = rng.int(this.K); continue; }
      if (kind === "neighbour") {
        const seen = this.next.get(this.context(grid, 0, i)) ?? [];
        if (rng.uniform() < seen.length / (seen.length + this.lambda)) { grid[i] = seen[rng.int(seen.length)]; continue; }
      }
      let u = rng.uniform(), c = 0;
      for (; c < this.K - 1; c++) { u -= this.positionProb(i, c); if (u < 0) break; }
      grid[i] = c;
    }
    return grid;
  }
}
