// latentGrid: the decoder's picture of a 2-d latent space: k×k digits decoded at z on a regular grid over
// [−extent, extent]², drawn with imageGrid's pixels on one canvas, with z₁ ticks below and z₂ ticks on the left.
//
// Order of the images (what `latentGridPoints` returns): row by row from the TOP (largest z₂) down, and left
// (smallest z₁) to right within a row; the cell centres sit at evenly spaced values from −extent to extent.
import * as d3 from "d3";
import {figureShell, fmt, labelImage} from "./a11y.js";
import {gridLayout, imagesToRgba, paintRgba} from "./imageGrid.js";
import * as check from "./validate.js";

/** Options of `latentGrid`. */
export interface LatentGridOptions {
  /** The grid covers z in [−extent, extent]² (cell centres). Default 3. */
  extent?: number;
  /** Side of each image. Default 28. */
  side?: number;
  /** Screen pixels per image pixel. Default 1 (a 15×15 grid is then 420 pixels wide). */
  scale?: number;
  /** Pixels between cells. Default 0 (the digits merge into one continuous map). */
  gap?: number;
  /** Accessible name. Default "Digits decoded on a {k}×{k} grid over the 2-d latent space". */
  ariaLabel?: string;
  /** Visible caption (figcaption). Default none. */
  caption?: string;
}

const defaults = {
  extent: 3,
  side: 28,
  scale: 1,
  gap: 0,
  ariaLabel: "",
  caption: ""
};

/** The element `latentGrid` returns. */
export interface LatentGridElement extends HTMLElement {
  /** Repaints with new decoded images (same k unless the layout is rebuilt) and changed options. */
  update(images: Float32Array, options?: LatentGridOptions): void;
}

const margin = {top: 24, right: 12, bottom: 40, left: 44};


function gridSize(images: unknown, side: number): number {
  const n = check.imageCount("images", images, side);
  const k = Math.round(Math.sqrt(n));
  if (n === 0 || k * k !== n) {
    throw new Error(`invalid images: ${n} images; expected k×k images (k ≥ 1) of ${side}×${side} pixels`);
  }
  return k;
}

function checkOptions(o: typeof defaults): void {
  check.number("extent", o.extent, 0, true);
  check.integer("side", o.side, 1);
  check.integer("scale", o.scale, 1, 64);
  check.integer("gap", o.gap, 0);
  check.string("ariaLabel", o.ariaLabel);
}

/** The text alternative: the grid size, the range and the directions of z₁ and z₂. */
export function describeLatentGrid(k: number, extent: number): string {
  const step = k > 1 ? (2 * extent) / (k - 1) : 0;
  return (
    `A ${k} by ${k} grid of digits decoded from evenly spaced latent points: z₁ runs from ${fmt(-extent)} ` +
    `(left) to ${fmt(extent)} (right) and z₂ from ${fmt(-extent)} (bottom) to ${fmt(extent)} (top), in steps of ${fmt(step)}.`
  );
}

/**
 * k×k decoded digits over [−extent, extent]² on one canvas, with z₁ and z₂ axes.
 * `latentGrid(decode(latentGridPoints(15)))` → <figure>; `el.update(images)` repaints the canvas in place.
 */
export function latentGrid(images: Float32Array, options: LatentGridOptions = {}): LatentGridElement {
  let o = check.withDefaults(defaults, options);
  checkOptions(o);
  let k = gridSize(images, o.side);
  const shell = figureShell("latent-grid", check.string("caption", o.caption));
  const box = document.createElement("div");
  const svg = d3.create("svg").attr("aria-hidden", "true").attr("style", "display:block;width:100%;height:auto;overflow:visible");
  const canvas = document.createElement("canvas");
  canvas.setAttribute("aria-hidden", "true"); // the box is the image
  box.append(svg.node()!, canvas);
  shell.body.append(box);

  function render(imgs: Float32Array): void {
    const layout = gridLayout(k * k, {side: o.side, cols: k, scale: o.scale, gap: o.gap});
    paintRgba(canvas, imagesToRgba(imgs, {side: o.side, cols: k, scale: o.scale, gap: o.gap}), layout.width, layout.height);
    const cw = layout.width;
    const W = margin.left + cw + margin.right;
    const H = margin.top + cw + margin.bottom;
    const cell = o.side * o.scale;
    const pct = (v: number, of: number) => `${+((100 * v) / of).toFixed(3)}%`;
    // The canvas sits over the SVG's plot area; percentages keep them aligned when the figure is scaled down.
    canvas.setAttribute(
      "style",
      `position:absolute;left:${pct(margin.left, W)};top:${pct(margin.top, H)};width:${pct(cw, W)};height:auto;image-rendering:pixelated`
    );
    box.setAttribute("style", `position:relative;width:100%;max-width:${W}px`);
    labelImage(box, o.ariaLabel || `Digits decoded on a ${k}×${k} grid over the 2-d latent space`);

    const x = d3.scaleLinear([-o.extent, o.extent], [margin.left + cell / 2, margin.left + cw - cell / 2]);
    const y = d3.scaleLinear([-o.extent, o.extent], [margin.top + cw - cell / 2, margin.top + cell / 2]);
    svg.attr("viewBox", `0 0 ${W} ${H}`).attr("width", W).attr("height", H);
    svg.selectAll("*").remove();
    const ticks = Math.max(2, Math.min(7, Math.floor(cw / 50)));
    svg.append("g").attr("transform", `translate(0,${margin.top + cw + 2})`)
      .call(d3.axisBottom(x).ticks(ticks).tickFormat(d3.format("~f"))).attr("font-size", 12).attr("font-family", null)
      .call((g) => g.select(".domain").remove());
    svg.append("g").attr("transform", `translate(${margin.left - 2},0)`)
      .call(d3.axisLeft(y).ticks(ticks).tickFormat(d3.format("~f"))).attr("font-size", 12).attr("font-family", null)
      .call((g) => g.select(".domain").remove());
    svg.append("text").attr("x", margin.left + cw).attr("y", H - 4).attr("text-anchor", "end")
      .attr("fill", "currentColor").attr("font-size", 13).text("z₁ →");
    svg.append("text").attr("x", 2).attr("y", margin.top - 8).attr("text-anchor", "start")
      .attr("fill", "currentColor").attr("font-size", 13).text("↑ z₂");
    shell.describe(describeLatentGrid(k, o.extent), box);
  }

  render(images);
  return Object.assign(shell.figure, {
    update(next: Float32Array, changed: LatentGridOptions = {}) {
      const o2 = check.withDefaults(o, changed);
      checkOptions(o2);
      const k2 = gridSize(next, o2.side);
      o = o2;
      k = k2;
      render(next);
    }
  });
}
