// traversalGrid: latent traversals (Higgins et al. 2017, fig. 7). Row j decodes the starting code with z_j set to
// each value in turn (columns −3 … 3), the other dimensions left as they are. Rows are sorted by their KL (most
// informative first) and labelled with the dimension, its KL and, when given, the factor it carries most; rows
// whose KL is below `inactiveBelow` are marked "inactive" (their images do not change), not only dimmed.
import {figureShell, fmtNats, labelImage} from "./a11y.js";
import {imagesToRgba, paintRgba} from "./imageGrid.js";
import * as check from "./validate.js";

/** The data of `traversalGrid`. */
export interface TraversalData {
  /** rows × values.length images of side² pixels, row-major by (dimension, value). */
  images: Float32Array;
  /** The latent values of the columns. */
  values: readonly number[];
  side: number;
  /** KL per dimension (nats), to sort and label rows. */
  klPerDim: readonly number[];
  /** Optional: per dimension, the factor it carries most and the share of that factor's entropy, e.g. ["x", 0.62]. */
  factorOf?: readonly (readonly [string, number] | null)[] | null;
}

/** Options of `traversalGrid`. */
export interface TraversalGridOptions {
  /** Screen pixels per image pixel. Default 2. */
  scale?: number;
  /** A dimension with KL below this many nats is inactive. Default 0.05. */
  inactiveBelow?: number;
  /** true: ink dark on white; false: white on black, as dSprites is usually shown. Default false. */
  inkDark?: boolean;
  /** "kl": most informative row first; "index": z₁ first. Default "kl". */
  order?: "kl" | "index";
  /** What the traversal starts from, for the text alternative. Default "the starting code". */
  startText?: string;
  ariaLabel?: string;
  caption?: string;
}

const defaults = {scale: 2, inkDark: false, inactiveBelow: 0.05, order: "kl" as "kl" | "index", startText: "the starting code", ariaLabel: "Latent traversals", caption: ""};

export interface TraversalGridElement extends HTMLElement {
  update(data: TraversalData, options?: TraversalGridOptions): void;
}

function checkData(d: TraversalData): number {
  const rows = d.klPerDim.length;
  check.integer("side", d.side, 1);
  const expected = rows * d.values.length * d.side * d.side;
  if (rows < 1 || d.images.length !== expected) throw new Error(`invalid images: length ${d.images.length}; expected ${rows} rows × ${d.values.length} values × ${d.side}² = ${expected}`);
  if (d.factorOf && d.factorOf.length !== rows) throw new Error(`invalid factorOf: length ${d.factorOf.length}; expected ${rows}`);
  return rows;
}

/** The text alternative: which rows are active, with their KL and factor, and how many do nothing. */
export function describeTraversal(d: TraversalData, inactiveBelow: number, startText: string): string {
  const rows = d.klPerDim.map((kl, j) => ({j, kl})).sort((a, b) => b.kl - a.kl);
  const active = rows.filter((r) => r.kl >= inactiveBelow);
  const lo = d.values[0], hi = d.values[d.values.length - 1];
  const head = `Traversals of ${rows.length} latent dimensions from ${fmtNats(lo)} to ${fmtNats(hi)}, starting from ${startText}.`;
  if (!active.length) return `${head} No dimension is active (all KL below ${fmtNats(inactiveBelow)} nats): every row decodes to the same image.`;
  const list = active.map((r) => {
    const f = d.factorOf?.[r.j];
    return `z${r.j + 1} (KL ${fmtNats(r.kl)} nats${f ? `, mostly ${f[0]}, ${Math.round(100 * f[1])}% of its entropy` : ""})`;
  });
  const idle = rows.length - active.length;
  return `${head} Active, most informative first: ${list.join("; ")}.${idle ? ` ${idle} inactive ${idle === 1 ? "row does" : "rows do"} not change the image.` : ""}`;
}

/** Rows of decoded traversals on one canvas each, with row labels. `traversalGrid(data)` → <figure>. */
export function traversalGrid(data: TraversalData, options: TraversalGridOptions = {}): TraversalGridElement {
  let o = check.withDefaults(defaults, options);
  const shell = figureShell("traversal-grid", check.string("caption", o.caption));
  const table = document.createElement("div");
  table.setAttribute("role", "img");
  table.setAttribute("style", "display:grid;grid-template-columns:max-content max-content;gap:3px 8px;align-items:center;font:12px/1.3 system-ui,sans-serif");
  shell.body.append(table);

  // The header, labels and canvases are made when the grid's shape changes and reused by every later update, so a
  // redraw while training repaints pixels and sets texts instead of building the grid again.
  let shape = "";
  let rowEls: {label: HTMLElement; canvas: HTMLCanvasElement}[] = [];
  function build(d: TraversalData, rows: number): void {
    const T = d.values.length;
    const header = document.createElement("span");
    header.setAttribute("style", `display:grid;grid-template-columns:repeat(${T}, ${d.side * o.scale}px);gap:2px;text-align:center;color:var(--theme-foreground-muted, #555)`);
    header.innerHTML = d.values.map((v) => `<span>${v > 0 ? "+" : v < 0 ? "−" : ""}${Math.abs(v)}</span>`).join("");
    rowEls = Array.from({length: rows}, () => ({label: document.createElement("span"), canvas: document.createElement("canvas")}));
    table.replaceChildren(document.createElement("span"), header, ...rowEls.flatMap((r) => [r.label, r.canvas]));
  }

  function render(d: TraversalData): void {
    const rows = checkData(d);
    check.integer("scale", o.scale, 1, 16);
    check.number("inactiveBelow", o.inactiveBelow, 0);
    check.oneOf("order", o.order, ["kl", "index"] as const);
    const T = d.values.length, P = d.side * d.side;
    const order = Array.from({length: rows}, (_, j) => j);
    if (o.order === "kl") order.sort((a, b) => d.klPerDim[b] - d.klPerDim[a]);
    const key = `${rows}|${d.side}|${o.scale}|${d.values.join(",")}`;
    if (key !== shape) { build(d, rows); shape = key; }
    order.forEach((j, i) => {
      const {label, canvas} = rowEls[i];
      const kl = d.klPerDim[j];
      const inactive = kl < o.inactiveBelow;
      const f = d.factorOf?.[j];
      label.setAttribute("style", `text-align:right;${inactive ? "color:var(--theme-foreground-muted, #666)" : "font-weight:600"}`);
      label.textContent = `z${j + 1} · ${fmtNats(kl)} nats${inactive ? " · inactive" : f ? ` · ${f[0]}` : ""}`;
      canvas.setAttribute("style", `display:block;image-rendering:pixelated;max-width:100%;${inactive ? "opacity:0.45" : ""}`);
      const row = d.images.subarray(j * T * P, (j + 1) * T * P);
      const rgba = imagesToRgba(row, {side: d.side, cols: T, scale: o.scale, gap: 2, inkDark: o.inkDark});
      paintRgba(canvas, rgba, T * (d.side * o.scale + 2) - 2, d.side * o.scale);
    });
    labelImage(table, o.ariaLabel);
    shell.describe(describeTraversal(d, o.inactiveBelow, o.startText), table);
  }

  render(data);
  return Object.assign(shell.figure, {
    update(next: TraversalData, changed: TraversalGridOptions = {}) {
      o = check.withDefaults(o, changed);
      render(next);
    }
  });
}
