// reconstructionPairs: n held-out digits (row "input") above what the VAE makes of them (row "reconstruction"),
// two imageGrid rows with the same layout so each column is one pair. The text alternative states the mean
// absolute pixel error of each pair.
import {figureShell, fmt, plural} from "./a11y.js";
import {imageGrid, type ImageGridElement} from "./imageGrid.js";
import * as check from "./validate.js";

/** Options of `reconstructionPairs`. */
export interface ReconstructionPairsOptions {
  /** Side of each image. Default 28. */
  side?: number;
  /** Screen pixels per image pixel. Default 2. */
  scale?: number;
  /** Pixels between cells. Default 2. */
  gap?: number;
  /** The class of each digit, for the text alternative ("digits 7, 2, 1"). Default none. */
  digits?: ArrayLike<number> | null;
  /** Row labels. Default ["input", "reconstruction"]. */
  rowLabels?: readonly [string, string];
  /** Accessible name of the figure. Default "{n} held-out digits and their reconstructions". */
  ariaLabel?: string;
  /** Visible caption (figcaption). Default none. */
  caption?: string;
}

const defaults = {
  side: 28,
  scale: 2,
  gap: 2,
  digits: null as ArrayLike<number> | null,
  rowLabels: ["input", "reconstruction"] as readonly [string, string],
  ariaLabel: "",
  caption: ""
};

/** The element `reconstructionPairs` returns. */
export interface ReconstructionPairsElement extends HTMLElement {
  /** Repaints both rows in place (e.g. new reconstructions of the same inputs every second). */
  update(originals: Float32Array, reconstructions: Float32Array, options?: ReconstructionPairsOptions): void;
}

/** Mean absolute pixel difference of each pair of side×side images. */
export function pairErrors(a: ArrayLike<number>, b: ArrayLike<number>, side = 28): Float64Array {
  const size = side * side;
  const n = Math.floor(a.length / size);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = i * size; j < (i + 1) * size; j++) s += Math.abs(a[j] - b[j]);
    out[i] = s / size;
  }
  return out;
}

function checkAll(originals: unknown, reconstructions: unknown, o: typeof defaults): number {
  check.integer("side", o.side, 1);
  check.integer("scale", o.scale, 1, 64);
  check.integer("gap", o.gap, 0);
  const n = check.imageCount("originals", originals, o.side);
  const m = check.imageCount("reconstructions", reconstructions, o.side);
  if (m !== n) throw new Error(`invalid reconstructions: ${m} images; expected one per original (${n})`);
  if (n === 0) throw new Error("invalid originals: 0 images; expected at least one");
  if (o.digits !== null) check.numbers("digits", o.digits, n);
  const rl = o.rowLabels;
  if (!Array.isArray(rl) || rl.length !== 2 || rl.some((s) => typeof s !== "string")) {
    throw new Error(`invalid rowLabels: ${check.show(rl)}; expected two strings`);
  }
  check.string("ariaLabel", o.ariaLabel);
  return n;
}

/** The text alternative: which digits, and how far each reconstruction is from its input. */
export function describePairs(errors: ArrayLike<number>, digits: ArrayLike<number> | null): string {
  const n = errors.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += errors[i] / n;
  const which = digits ? ` (${n === 1 ? "digit" : "digits"} ${Array.from(digits).join(", ")})` : "";
  return (
    `${plural(n, "held-out digit")}${which} above their reconstructions. ` +
    `Mean absolute pixel error ${fmt(mean, 3)} on a 0–1 scale; per pair, left to right: ${Array.from(errors, (e) => fmt(e, 3)).join(", ")}.`
  );
}

/**
 * Held-out digits above their reconstructions, one pair per column.
 * `reconstructionPairs(x, xHat, {digits})` → <figure>; `el.update(x, xHat)` repaints in place.
 */
export function reconstructionPairs(
  originals: Float32Array,
  reconstructions: Float32Array,
  options: ReconstructionPairsOptions = {}
): ReconstructionPairsElement {
  let o = check.withDefaults(defaults, options);
  let n = checkAll(originals, reconstructions, o);
  const shell = figureShell("reconstruction-pairs", check.string("caption", o.caption));
  const table = document.createElement("div");
  table.setAttribute("role", "group");
  table.setAttribute(
    "style",
    "display:grid;grid-template-columns:max-content minmax(0,max-content);gap:4px 8px;align-items:center;font:13px/1.3 system-ui,sans-serif"
  );
  shell.body.append(table);
  const labels = [document.createElement("span"), document.createElement("span")];
  for (const l of labels) l.style.textAlign = "right";
  let rows: [ImageGridElement, ImageGridElement] | null = null;

  function render(a: Float32Array, b: Float32Array): void {
    const common = {side: o.side, scale: o.scale, gap: o.gap, cols: n, description: ""};
    const optsA = {...common, ariaLabel: `${plural(n, "held-out digit")}, as input`};
    const optsB = {...common, ariaLabel: `their ${plural(n, "reconstruction")}`};
    if (!rows) {
      rows = [imageGrid(a, optsA), imageGrid(b, optsB)];
      for (const r of rows) r.style.margin = "0";
      table.append(labels[0], rows[0], labels[1], rows[1]);
    } else {
      rows[0].update(a, optsA);
      rows[1].update(b, optsB);
    }
    labels[0].textContent = o.rowLabels[0];
    labels[1].textContent = o.rowLabels[1];
    table.setAttribute("aria-label", o.ariaLabel || `${plural(n, "held-out digit")} and their reconstructions`);
    shell.describe(describePairs(pairErrors(a, b, o.side), o.digits), table);
  }

  render(originals, reconstructions);
  return Object.assign(shell.figure, {
    update(a: Float32Array, b: Float32Array, changed: ReconstructionPairsOptions = {}) {
      const o2 = check.withDefaults(o, changed);
      n = checkAll(a, b, o2);
      o = o2;
      render(a, b);
    }
  });
}
