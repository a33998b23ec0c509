// The held-out digits of a latent scatter as data: their checks, the default axis domain, each class's median
// position, and the text alternative that says all of it in numbers. DOM-free; latentScatter draws them.
import * as d3 from "d3";
import {fmt, plural} from "./a11y.js";
import * as check from "./validate.js";

/** One held-out digit: its latent coordinates and its class 0…9. */
export interface LatentPoint {
  x: number;
  y: number;
  label: number;
}

/** The points, checked: an array of {x, y, label} with numeric x, y and a label in 0…9. */
export function checkPoints(points: unknown): readonly LatentPoint[] {
  if (!Array.isArray(points)) throw new Error(`invalid points: ${check.show(points)}; expected an array of {x, y, label}`);
  for (let i = 0; i < points.length; i++) {
    const p = points[i];
    if (p == null || typeof p !== "object") throw new Error(`invalid points[${i}]: ${check.show(p)}; expected {x, y, label}`);
    if (typeof p.x !== "number") throw new Error(`invalid points[${i}].x: ${check.show(p.x)}; expected a number`);
    if (typeof p.y !== "number") throw new Error(`invalid points[${i}].y: ${check.show(p.y)}; expected a number`);
    if (!Number.isInteger(p.label) || p.label < 0 || p.label > 9) {
      throw new Error(`invalid points[${i}].label: ${check.show(p.label)}; expected an integer in [0, 9]`);
    }
  }
  return points;
}

/** Whether a point has finite coordinates (only those are drawn). */
export const finite = (p: LatentPoint) => Number.isFinite(p.x) && Number.isFinite(p.y);

/** The default domain: [−m, m] covering every finite point (at least [−1, 1]), made nice. */
export function latentDomain(points: readonly LatentPoint[]): [number, number] {
  let m = 1;
  for (const p of points) if (finite(p)) m = Math.max(m, Math.abs(p.x), Math.abs(p.y));
  const [lo, hi] = d3.scaleLinear().domain([-m, m]).nice().domain();
  return [lo, hi];
}

/** Median position of each class present: `[label, z₁, z₂]`. */
export function classCentres(points: readonly LatentPoint[]): [number, number, number][] {
  const groups = d3.group(points.filter(finite), (p) => p.label);
  return [...groups.keys()].sort((a, b) => a - b).map((c) => {
    const g = groups.get(c)!;
    return [c, d3.median(g, (p) => p.x)!, d3.median(g, (p) => p.y)!];
  });
}

/** The text alternative: count per class, the extent, and each class's median position. */
export function describeLatent(points: readonly LatentPoint[]): string {
  const ok = points.filter(finite);
  if (ok.length === 0) return points.length ? `${plural(points.length, "point")}, none with finite coordinates.` : "No points yet.";
  const counts = d3.rollup(ok, (g) => g.length, (p) => p.label);
  const perClass = [...counts].sort((a, b) => a[0] - b[0]).map(([c, k]) => `${c}: ${k}`).join(", ");
  const [x0, x1] = d3.extent(ok, (p) => p.x) as [number, number];
  const [y0, y1] = d3.extent(ok, (p) => p.y) as [number, number];
  const centres = classCentres(ok).map(([c, x, y]) => `${c} at (${fmt(x)}, ${fmt(y)})`).join(", ");
  const skipped = points.length - ok.length;
  return (
    `${plural(ok.length, "held-out digit")}. Count per digit class: ${perClass}. ` +
    `z₁ ranges from ${fmt(x0)} to ${fmt(x1)} and z₂ from ${fmt(y0)} to ${fmt(y1)}. ` +
    `Class medians (z₁, z₂): ${centres}.` +
    (skipped ? ` ${plural(skipped, "point")} with non-finite coordinates ${skipped === 1 ? "is" : "are"} not drawn.` : "")
  );
}
