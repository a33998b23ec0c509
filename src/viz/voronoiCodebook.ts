// voronoiCodebook: a 2-d codebook over its data. The plane is cut into the codes' Voronoi cells (d3-delaunay):
// every point in a cell is quantised to that cell's code. Cells are tinted by how much the code is used; dead codes
// are drawn as hollow crosses in grey cells, live codes as filled diamonds. Data are small grey dots, encoder outputs
// small blue dots (on a canvas between the cells and the marks), so the reader sees which codes win the data and
// which are stranded. `el.update(data)` redraws.
import * as d3 from "d3";
import {figureShell, fmt, labelImage} from "./a11y.js";
import {legend} from "./legend.js";
import {muted, okabeIto} from "./palette.js";
import * as check from "./validate.js";

/** What `voronoiCodebook` draws; all coordinates are flat [x0, y0, x1, y1, …]. */
export interface VoronoiCodebookData {
  codebook: ArrayLike<number>;
  /** Usage share of each code (sums to about 1). */
  usage: ArrayLike<number>;
  /** 1 for each dead code. Default none dead. */
  dead?: ArrayLike<number>;
  /** Data points (grey). Default none. */
  data?: ArrayLike<number>;
  /** Encoder outputs (blue). Default none. */
  encoded?: ArrayLike<number>;
}

export interface VoronoiCodebookOptions {
  /** Half-width of the square drawn, [−extent, extent]², at least: it grows (up to 4×) to keep every point in view. Default 3.6. */
  extent?: number;
  /** Side in pixels. Default 420. */
  size?: number;
  /** Accessible name. Default "Codebook vectors and their Voronoi cells over the data". */
  ariaLabel?: string;
  caption?: string;
}

const defaults = {extent: 3.6, size: 420, ariaLabel: "Codebook vectors and their Voronoi cells over the data", caption: ""};

export interface VoronoiCodebookElement extends HTMLElement {
  update(data: VoronoiCodebookData): void;
}

/** The number of (x, y) pairs in a flat array, after checking its numbers. */
function pairCount(name: string, a: ArrayLike<number>): number {
  const v = check.numbers(name, a);
  if (v.length % 2) throw new Error(`invalid ${name}: length ${v.length}; expected an even length (x, y pairs)`);
  return v.length / 2;
}

/** The text alternative: how many codes live, the usage spread, and where the busiest code is. */
export function describeCodebook(d: VoronoiCodebookData): string {
  const K = d.codebook.length / 2;
  const dead = d.dead ? Array.from(d.dead).filter((f) => f).length : 0;
  let top = 0, h = 0, total = 0;
  for (let k = 0; k < K; k++) total += d.usage[k];
  for (let k = 0; k < K; k++) {
    if (d.usage[k] > d.usage[top]) top = k;
    const p = total > 0 ? d.usage[k] / total : 0;
    if (p > 0) h -= p * Math.log(p);
  }
  return `${K} codes: ${K - dead} alive, ${dead} dead. Perplexity of the usage ${fmt(Math.exp(h), 1)} of ${K}. ` +
    `The busiest code, at (${fmt(d.codebook[2 * top], 2)}, ${fmt(d.codebook[2 * top + 1], 2)}), takes ${fmt(total > 0 ? (100 * d.usage[top]) / total : 0, 1)}% of the points.`;
}

/** The three layers: cells (SVG, under), the dots (canvas: 1,200 SVG circles made 10 times a second kept the page
 * busy), the code marks (SVG, over, with the frame; it carries the accessible name and text). The cells and marks
 * are <g>s whose paths are reused from one update to the next. */
interface Layers {
  cells: SVGGElement;
  dots: HTMLCanvasElement;
  marks: SVGGElement;
}

const NS = "http://www.w3.org/2000/svg";

/** `n` <path>s in `g`, reusing those already there: the plane redraws ten times a second while a run trains. */
function paths(g: SVGGElement, n: number): SVGPathElement[] {
  while (g.childElementCount > n) g.lastElementChild!.remove();
  while (g.childElementCount < n) g.append(document.createElementNS(NS, "path"));
  return Array.from(g.children) as SVGPathElement[];
}

function set(el: Element, attrs: Record<string, string | number>): void {
  for (const [k, v] of Object.entries(attrs)) {
    const s = String(v);
    if (el.getAttribute(k) !== s) el.setAttribute(k, s);
  }
}

function draw(layers: Layers, d: VoronoiCodebookData, o: typeof defaults): void {
  const K = pairCount("codebook", d.codebook);
  check.numbers("usage", d.usage, K);
  if (d.dead) check.numbers("dead", d.dead, K);
  const data = d.data ?? [], encoded = d.encoded ?? [];
  pairCount("data", data);
  pairCount("encoded", encoded);
  let far = 0;
  for (const a of [d.codebook, data, encoded]) for (let i = 0; i < a.length; i++) if (Number.isFinite(a[i])) far = Math.max(far, Math.abs(a[i]));
  const e = Math.min(4 * o.extent, Math.max(o.extent, 1.05 * far)), s = o.size;
  const x = d3.scaleLinear([-e, e], [0, s]), y = d3.scaleLinear([-e, e], [s, 0]);
  let maxUse = 1e-12;
  for (let k = 0; k < K; k++) maxUse = Math.max(maxUse, d.usage[k]);
  // Coincident codes make a degenerate triangulation: nudge duplicates by a hair so each keeps a cell.
  const px = Array.from({length: K}, (_, k) => [x(d.codebook[2 * k]) + 1e-6 * k, y(d.codebook[2 * k + 1]) + 1e-6 * ((k * 7) % 5)] as [number, number]);
  const voronoi = d3.Delaunay.from(px).voronoi([0, 0, s, s]);
  const cellPaths = paths(layers.cells, K);
  for (let k = 0; k < K; k++) {
    const path = voronoi.renderCell(k);
    const dead = d.dead?.[k];
    set(cellPaths[k], {d: path || "M0,0Z", fill: dead ? muted : okabeIto.orange, "fill-opacity": dead ? 0.12 : 0.06 + 0.4 * Math.sqrt(d.usage[k] / maxUse),
      stroke: "currentColor", "stroke-opacity": 0.35, "stroke-width": 0.75});
  }
  const ctx = layers.dots.getContext("2d");
  if (ctx) {
    const ratio = layers.dots.width / s;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, s, s);
    const dots = (pts: ArrayLike<number>, fill: string, opacity: number) => {
      ctx.fillStyle = fill;
      ctx.globalAlpha = opacity;
      ctx.beginPath();
      for (let i = 0; i + 1 < pts.length; i += 2) {
        const cx = x(pts[i]), cy = y(pts[i + 1]);
        ctx.moveTo(cx + 1.6, cy);
        ctx.arc(cx, cy, 1.6, 0, 2 * Math.PI);
      }
      ctx.fill();
    };
    dots(data, muted, 0.45);
    dots(encoded, okabeIto.blue, 0.7);
    ctx.globalAlpha = 1;
  }
  const markPaths = paths(layers.marks, K);
  for (let k = 0; k < K; k++) {
    const cx = x(d.codebook[2 * k]), cy = y(d.codebook[2 * k + 1]), m = markPaths[k];
    if (d.dead?.[k]) {
      m.removeAttribute("fill");
      set(m, {d: `M${cx - 5},${cy - 5}L${cx + 5},${cy + 5}M${cx - 5},${cy + 5}L${cx + 5},${cy - 5}`, stroke: "currentColor", "stroke-width": 2});
    } else {
      set(m, {d: `M${cx},${cy - 7}L${cx + 7},${cy}L${cx},${cy + 7}L${cx - 7},${cy}Z`, fill: okabeIto.vermillion, stroke: "currentColor", "stroke-width": 1.2});
    }
  }
}

/** The codebook's Voronoi cells over data and encoder outputs. `voronoiCodebook(data)` → <figure>; `.update(data)`. */
export function voronoiCodebook(data: VoronoiCodebookData, options: VoronoiCodebookOptions = {}): VoronoiCodebookElement {
  const o = check.withDefaults(defaults, options);
  check.number("extent", o.extent, 0, true);
  check.number("size", o.size, 100);
  const shell = figureShell("voronoi-codebook", check.string("caption", o.caption));
  shell.body.before(legend([
    {label: "live code", color: okabeIto.vermillion, swatch: "diamond", stroke: "currentColor"},
    {label: "dead code", color: "currentColor", swatch: "cross"},
    {label: "data", color: muted, swatch: "dot"},
    {label: "encoder output", color: okabeIto.blue, swatch: "dot"},
    {label: "cell shade: usage", color: okabeIto.orange, swatch: "square"}
  ]));
  // The layers stack in one square box that scales with the page, as one SVG would.
  const box = document.createElement("div");
  box.setAttribute("style", `position:relative;width:${o.size}px;max-width:100%;aspect-ratio:1;color:currentColor`);
  const layer = "position:absolute;inset:0;width:100%;height:100%;display:block";
  const svgLayer = () => d3.create("svg").attr("viewBox", `0 0 ${o.size} ${o.size}`).attr("style", layer);
  const cells = svgLayer().attr("aria-hidden", "true");
  const dots = document.createElement("canvas");
  const ratio = Math.min(3, Math.max(1, globalThis.devicePixelRatio || 1));
  dots.width = dots.height = Math.round(o.size * ratio);
  dots.setAttribute("style", layer);
  dots.setAttribute("aria-hidden", "true");
  const marks = svgLayer();
  labelImage(marks.node()!, o.ariaLabel);
  box.append(cells.node()!, dots, marks.node()!);
  shell.body.append(box);
  const cellGroup = cells.append("g").node()!, markGroup = marks.append("g").node()!;
  marks.append("rect").attr("width", o.size).attr("height", o.size).attr("fill", "none").attr("stroke", "currentColor").attr("stroke-opacity", 0.4);
  const render = (d: VoronoiCodebookData) => {
    draw({cells: cellGroup, dots, marks: markGroup}, d, o);
    shell.describe(describeCodebook(d), marks.node());
  };
  render(data);
  return Object.assign(shell.figure, {update: render});
}
