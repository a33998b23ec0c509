// codeGrid: one digit with the index of the code each of its patches was quantised to, written over the patch.
// A VQ-VAE's encoder turns the 28×28 digit into a 7×7 grid of such indices: this grid is all the decoder sees, and
// what a prior over codes (chapter section "Sampling") has to model. `el.update(image, grid)` redraws.
import {figureShell, labelImage} from "./a11y.js";
import {imagesToRgba, paintRgba} from "./imageGrid.js";
import * as check from "./validate.js";

export interface CodeGridOptions {
  /** Image side in pixels (28) and grid side (7). */
  side?: number;
  gridSide?: number;
  /** Screen pixels per image pixel. Default 9. */
  scale?: number;
  ariaLabel?: string;
  caption?: string;
}

const defaults = {side: 28, gridSide: 7, scale: 9, ariaLabel: "A digit with the code index of each patch", caption: ""};

export interface CodeGridElement extends HTMLElement {
  update(image: Float32Array, grid: ArrayLike<number>): void;
}

/** The text alternative: the grid of indices, row by row. */
export function describeGrid(grid: ArrayLike<number>, gridSide: number): string {
  const rows: string[] = [];
  for (let r = 0; r < gridSide; r++) rows.push(Array.from({length: gridSide}, (_, c) => grid[r * gridSide + c]).join(" "));
  const distinct = new Set(Array.from(grid)).size;
  return `${gridSide}×${gridSide} code indices (${distinct} distinct), row by row: ${rows.join("; ")}.`;
}

/** A digit with its code grid written over it. `codeGrid(image, grid)` → <figure>; `.update(image, grid)`. */
export function codeGrid(image: Float32Array, grid: ArrayLike<number>, options: CodeGridOptions = {}): CodeGridElement {
  const o = check.withDefaults(defaults, options);
  check.integer("side", o.side, 1);
  check.integer("gridSide", o.gridSide, 1, o.side);
  check.integer("scale", o.scale, 1, 32);
  const shell = figureShell("code-grid", check.string("caption", o.caption));
  const px = o.side * o.scale, cell = px / o.gridSide;
  const wrap = document.createElement("div");
  wrap.setAttribute("style", `position:relative;width:100%;max-width:${px}px`);
  labelImage(wrap, o.ariaLabel);
  const canvas = document.createElement("canvas");
  canvas.setAttribute("style", "display:block;width:100%;height:auto;image-rendering:pixelated;opacity:0.55");
  canvas.setAttribute("aria-hidden", "true");
  const NS = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(NS, "svg");
  svg.setAttribute("viewBox", `0 0 ${px} ${px}`);
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("style", "position:absolute;inset:0;width:100%;height:100%");
  wrap.append(canvas, svg);
  shell.body.append(wrap);

  const render = (img: Float32Array, g: ArrayLike<number>) => {
    check.numbers("grid", g, o.gridSide * o.gridSide);
    check.numbers("image", img, o.side * o.side);
    paintRgba(canvas, imagesToRgba(img, {side: o.side, cols: 1, scale: o.scale, gap: 0}), px, px);
    svg.replaceChildren();
    for (let r = 0; r < o.gridSide; r++) {
      for (let c = 0; c < o.gridSide; c++) {
        const rect = document.createElementNS(NS, "rect");
        rect.setAttribute("x", String(c * cell)); rect.setAttribute("y", String(r * cell));
        rect.setAttribute("width", String(cell)); rect.setAttribute("height", String(cell));
        rect.setAttribute("fill", "none"); rect.setAttribute("stroke", "#767676"); rect.setAttribute("stroke-width", "0.75");
        const t = document.createElementNS(NS, "text");
        t.setAttribute("x", String((c + 0.5) * cell)); t.setAttribute("y", String((r + 0.5) * cell));
        t.setAttribute("text-anchor", "middle"); t.setAttribute("dominant-baseline", "central");
        t.setAttribute("style", "font:600 13px system-ui,sans-serif;fill:#1b1e23;paint-order:stroke;stroke:#fff;stroke-width:3px");
        t.textContent = String(g[r * o.gridSide + c]);
        svg.append(rect, t);
      }
    }
    shell.describe(describeGrid(g, o.gridSide), wrap);
  };
  render(image, grid);
  return Object.assign(shell.figure, {update: render});
}
