// Where the ELBO explorer plots its densities: the range of z and how many grid points, so that q, the prior and the
// posterior all fit and the narrowest curve is still smooth.
import type {ElboNumbers, ElboSettings} from "./elboSettings.js";

/** An even grid on [lo, hi] with n points. */
export function linspace(lo: number, hi: number, n: number): Float64Array {
  return Float64Array.from({length: n}, (_, i) => lo + ((hi - lo) * i) / (n - 1));
}

/** The plotted range: at least [−4, 4], widened to hold q (mean ± 4 sd) and the posterior, at most [−10, 10]. */
export function plotDomain(s: ElboSettings, n: ElboNumbers): [number, number] {
  const qs = 4 * Math.sqrt(s.v);
  const lo = Math.min(-4, s.m - qs, n.range[0]), hi = Math.max(4, s.m + qs, n.range[1]);
  return [Math.max(-10, Math.floor(lo)), Math.min(10, Math.ceil(hi))];
}

/** Grid points for the plot: about 5 per sd of the narrowest curve, between 201 and 1601. */
export function plotPoints(s: ElboSettings, n: ElboNumbers, [lo, hi]: [number, number]): number {
  const narrowest = Math.min(Math.sqrt(s.v), n.scale);
  return Math.max(201, Math.min(1601, Math.ceil(((hi - lo) / narrowest) * 5) + 1));
}
