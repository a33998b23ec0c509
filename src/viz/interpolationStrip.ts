// interpolationStrip: digits decoded along a path z(t) in latent space, t from 0 to 1, in one row with a
// "t = …" caption under each; built on imageGrid (one canvas).
import * as d3 from "d3";
import {figureShell, plural} from "./a11y.js";
import {imageGrid, type ImageGridElement} from "./imageGrid.js";
import * as check from "./validate.js";

/** Options of `interpolationStrip`. */
export interface InterpolationStripOptions {
  /** The t of each image. Default: evenly spaced from 0 to 1. */
  t?: readonly number[] | null;
  /** What sits at t = 0, e.g. "digit 7 (#12)"; shown above the strip and in the text. Default none. */
  fromLabel?: string;
  /** What sits at t = 1. Default none. */
  toLabel?: string;
  /** Side of each image. Default 28. */
  side?: number;
  /** Screen pixels per image pixel. Default 2. */
  scale?: number;
  /** Pixels between cells. Default 4. */
  gap?: number;
  /** Accessible name. Default "{n} digits decoded along a path in latent space". */
  ariaLabel?: string;
  /** Visible caption (figcaption). Default none. */
  caption?: string;
}

const defaults = {
  t: null as readonly number[] | null,
  fromLabel: "",
  toLabel: "",
  side: 28,
  scale: 2,
  gap: 4,
  ariaLabel: "",
  caption: ""
};

/** The element `interpolationStrip` returns. */
export interface InterpolationStripElement extends HTMLElement {
  /** Repaints in place with new images (and changed options). */
  update(images: Float32Array, options?: InterpolationStripOptions): void;
}

/** n values evenly spaced from 0 to 1 (n = 1 gives [0]). */
export function evenT(n: number): number[] {
  return d3.range(n).map((i) => (n === 1 ? 0 : i / (n - 1)));
}

const fmtT = d3.format(".2~f");

function resolve(images: unknown, o: typeof defaults): {n: number; t: readonly number[]} {
  check.integer("side", o.side, 1);
  check.integer("scale", o.scale, 1, 64);
  check.integer("gap", o.gap, 0);
  check.string("fromLabel", o.fromLabel);
  check.string("toLabel", o.toLabel);
  check.string("ariaLabel", o.ariaLabel);
  const n = check.imageCount("images", images, o.side);
  if (n === 0) throw new Error("invalid images: 0 images; expected at least one");
  const t = o.t ?? evenT(n);
  if (!Array.isArray(t) || t.length !== n || t.some((v) => typeof v !== "number" || !Number.isFinite(v))) {
    throw new Error(`invalid t: ${check.show(t)}; expected ${n} finite numbers, one per image`);
  }
  return {n, t};
}

/** The text alternative: how many digits, between what, at which t. */
export function describeStrip(t: readonly number[], fromLabel = "", toLabel = ""): string {
  const n = t.length;
  const ends = (fromLabel ? ` from ${fromLabel} (t = ${fmtT(t[0])})` : "") + (toLabel ? ` to ${toLabel} (t = ${fmtT(t[n - 1])})` : "");
  return `${plural(n, "digit")} decoded along a path in latent space${ends}, left to right at t = ${t.map(fmtT).join(", ")}.`;
}

/**
 * A row of digits decoded along z(t), captioned with t.
 * `interpolationStrip(images, {fromLabel: "digit 7 (#12)", toLabel: "digit 1 (#40)"})` → <figure>.
 */
export function interpolationStrip(images: Float32Array, options: InterpolationStripOptions = {}): InterpolationStripElement {
  let o = check.withDefaults(defaults, options);
  let r = resolve(images, o);
  const shell = figureShell("interpolation-strip", check.string("caption", o.caption));
  const ends = document.createElement("div");
  ends.setAttribute("aria-hidden", "true"); // the text alternative says it
  ends.setAttribute("style", "display:flex;justify-content:space-between;font:13px/1.4 system-ui,sans-serif;margin:0 0 2px 0");
  let grid: ImageGridElement | null = null;

  function gridOptions() {
    return {
      side: o.side, scale: o.scale, gap: o.gap, cols: r.n, description: "",
      labels: r.t.map((v) => `t = ${fmtT(v)}`),
      ariaLabel: o.ariaLabel || `${plural(r.n, "digit")} decoded along a path in latent space`
    };
  }

  function render(imgs: Float32Array): void {
    if (!grid) {
      grid = imageGrid(imgs, gridOptions());
      grid.style.margin = "0";
      shell.body.append(ends, grid);
    } else {
      grid.update(imgs, gridOptions());
    }
    const hasEnds = Boolean(o.fromLabel || o.toLabel);
    ends.style.display = hasEnds ? "flex" : "none";
    ends.style.maxWidth = `${grid.canvas.width}px`;
    const a = document.createElement("span");
    const b = document.createElement("span");
    a.textContent = o.fromLabel ? `← ${o.fromLabel}` : "";
    b.textContent = o.toLabel ? `${o.toLabel} →` : "";
    ends.replaceChildren(a, b);
    shell.describe(describeStrip(r.t, o.fromLabel, o.toLabel), grid.canvas);
  }

  render(images);
  return Object.assign(shell.figure, {
    update(next: Float32Array, changed: InterpolationStripOptions = {}) {
      const o2 = check.withDefaults(o, changed);
      const r2 = resolve(next, o2);
      o = o2;
      r = r2;
      render(next);
    }
  });
}
