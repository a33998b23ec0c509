// klHeatmap: the KL of every latent dimension over training steps, one row per dimension, one column per bin of
// steps (the mean KL of the steps in the bin), painted on a canvas under d3's SVG axes. A collapsed dimension is a row that fades
// to the colour of zero and stays there. Colour: d3's viridis on a square-root scale (perceptually ordered, readable
// with the common colour-vision deficiencies, and light-to-dark so the value is also a brightness); a colour bar
// with ticks names the scale. The text alternative states, per dimension, the KL at the start and at the end.
import * as d3 from "d3";
import {figureShell, fmtNats, labelImage, plural} from "./a11y.js";
import * as check from "./validate.js";

/** One step's KL per dimension. */
export interface KlRow {
  step: number;
  kl: ArrayLike<number>;
}

export interface KlHeatmapOptions {
  /** Most columns: longer runs are averaged into this many bins of steps. Default 120. */
  bins?: number;
  /** Top of the colour scale, nats (larger values get its colour); default: the largest bin mean, at least 0.05. */
  max?: number;
  /** A dimension whose last-bin KL is below this is called collapsed in the text. Default 0.01. */
  inactiveBelow?: number;
  width?: number;
    /** Height of one row in pixels. Default 18. */
  rowHeight?: number;
  /** Steps the x axis spans, [from, to); default the steps of the rows. Charts of runs compared side by side share it. */
  xDomain?: [number, number] | null;
  ariaLabel?: string;
  caption?: string;
  emptyText?: string;
}

const defaults = {
  bins: 120,
  max: NaN,
  inactiveBelow: 0.01,
  width: 640,
    rowHeight: 18,
  xDomain: null as [number, number] | null,
  ariaLabel: "KL per latent dimension over training steps",
  caption: "",
  emptyText: "No steps yet"
};

export interface KlHeatmapElement extends HTMLElement {
  update(rows: readonly KlRow[], options?: KlHeatmapOptions): void;
}

interface Bin {
  from: number;
  to: number;
  kl: number[];
}

/** Averages the rows into at most `bins` bins of consecutive steps. */
export function binRows(rows: readonly KlRow[], bins: number): Bin[] {
  const n = rows.length;
  if (n === 0) return [];
  const per = Math.ceil(n / bins);
  const out: Bin[] = [];
  for (let start = 0; start < n; start += per) {
    const part = rows.slice(start, start + per);
    const k = part[0].kl.length;
    const kl = new Array<number>(k).fill(0);
    for (const r of part) for (let j = 0; j < k; j++) kl[j] += r.kl[j] / part.length;
    out.push({from: part[0].step, to: part[part.length - 1].step, kl});
  }
  return out;
}

/** The text alternative: per dimension, the KL in the first and last bins, and which dimensions ended collapsed. */
export function describeHeatmap(bins: readonly Bin[], inactiveBelow: number, emptyText: string): string {
  if (bins.length === 0) return `${emptyText}.`;
  const first = bins[0], last = bins[bins.length - 1], k = last.kl.length;
  const dims = last.kl.map((v, j) => `z${j + 1} ${fmtNats(first.kl[j])} → ${fmtNats(v)}`);
  const dead = last.kl.map((v, j) => (v < inactiveBelow ? j + 1 : 0)).filter(Boolean);
  const head = `KL per dimension (nats) from steps ${first.from}–${first.to} to steps ${last.from}–${last.to}: ${dims.join("; ")}.`;
  const tail = dead.length === 0 ? ` No dimension is below ${fmtNats(inactiveBelow)} nats at the end.`
    : dead.length === k ? ` All ${plural(k, "dimension")} end below ${fmtNats(inactiveBelow)} nats: collapsed.`
    : ` ${dead.length} of ${k} end below ${fmtNats(inactiveBelow)} nats: z${dead.join(", z")}.`;
  return head + tail;
}

const margin = {top: 8, right: 12, bottom: 72, left: 40};

/** Where the plot sits in the chart and what its scales are, for the frame (SVG) and the cells (canvas) alike. */
interface Frame {
  k: number;
  /** Plot area, inside the margins. */
  w: number;
  h: number;
  /** Top of the colour scale. */
  top: number;
  x: d3.ScaleLinear<number, number>;
  y: d3.ScaleBand<number>;
  color: d3.ScaleSequential<string>;
  /** Same key, same axes and colour bar. */
  key: string;
}

function frameOf(bins: readonly Bin[], o: typeof defaults): Frame {
  const k = bins[0].kl.length;
  const h = k * o.rowHeight;
  const w = o.width - margin.left - margin.right;
  const top = Number.isFinite(o.max) ? o.max : Math.max(0.05, d3.max(bins, (b) => d3.max(b.kl)) ?? 0);
  const color = d3.scaleSequentialSqrt(d3.interpolateViridis).domain([0, top]).clamp(true);
  const last = bins[bins.length - 1].to + 1;
  const domain = o.xDomain ? [Math.min(o.xDomain[0], bins[0].from), Math.max(o.xDomain[1], last)] : [bins[0].from, last];
  const x = d3.scaleLinear().domain(domain).range([0, w]);
  const y = d3.scaleBand<number>().domain(d3.range(k)).range([0, h]).paddingInner(0.06);
  return {k, w, h, top, x, y, color, key: `${k}|${o.width}|${o.rowHeight}|${top}|${domain.join(",")}`};
}

/** One cell per bin and dimension, in plot coordinates (the plot area's top-left is 0, 0). */
export interface HeatmapCell {
  x: number;
  y: number;
  width: number;
  height: number;
  fill: string;
}

/** The cells `klHeatmap` paints: each bin spans its steps (at least 1 px), overlapping the next by half a pixel so no seam shows. */
export function heatmapCells(bins: readonly Bin[], options: KlHeatmapOptions = {}): HeatmapCell[] {
  return bins.length === 0 ? [] : cellsOf(bins, frameOf(bins, check.withDefaults(defaults, options)));
}

function cellsOf(bins: readonly Bin[], f: Frame): HeatmapCell[] {
  const out: HeatmapCell[] = [];
  for (const b of bins) {
    const x0 = f.x(b.from), x1 = Math.max(x0 + 1, f.x(b.to + 1));
    for (let j = 0; j < f.k; j++) out.push({x: x0, y: f.y(j)!, width: x1 - x0 + 0.5, height: f.y.bandwidth(), fill: f.color(b.kl[j])});
  }
  return out;
}

/** The axes, row names and colour bar (the cells are painted on a canvas over the plot area). */
function drawFrame(f: Frame, o: typeof defaults): SVGSVGElement {
  const {w, h, x, y, color, top} = f;
  const height = h + margin.top + margin.bottom;
  const svg = d3.create("svg").attr("width", o.width).attr("height", height)
    .attr("viewBox", `0 0 ${o.width} ${height}`).style("font", "12px system-ui, sans-serif")
    .style("display", "block").style("width", "100%").style("height", "auto");
  const g = svg.append("g").attr("transform", `translate(${margin.left},${margin.top})`);
  g.append("g").attr("transform", `translate(0,${h})`).call(d3.axisBottom(x).ticks(Math.max(2, Math.floor(w / 80)), "~s"))
    .call((a) => a.append("text").attr("x", w / 2).attr("y", 30).attr("fill", "currentColor").attr("text-anchor", "middle").text("training step"));
  g.append("g").call(d3.axisLeft(y).tickFormat((j) => `z${j + 1}`).tickSize(0).tickPadding(4)).call((a) => a.select(".domain").remove());
  // Colour bar, under the axis label.
  const barW = Math.min(220, w), barY = h + 40, id = `kl-grad-${Math.random().toString(36).slice(2)}`;
  const grad = svg.append("defs").append("linearGradient").attr("id", id);
  for (let i = 0; i <= 10; i++) grad.append("stop").attr("offset", `${i * 10}%`).attr("stop-color", color(top * (i / 10) ** 2));
  const bar = g.append("g").attr("transform", `translate(${w - barW},${barY})`);
  bar.append("rect").attr("width", barW).attr("height", 8).attr("fill", `url(#${id})`);
  const bx = d3.scaleSqrt().domain([0, top]).range([0, barW]);
  bar.append("g").attr("transform", "translate(0,8)").call(d3.axisBottom(bx).ticks(4).tickSize(3).tickFormat((v) => fmtNats(+v)))
    .call((a) => a.select(".domain").remove());
  bar.append("text").attr("x", -6).attr("y", 8).attr("text-anchor", "end").attr("fill", "currentColor").text("KL (nats)");
  svg.selectAll(".tick text").attr("fill", "currentColor");
  svg.selectAll(".tick line, .domain").attr("stroke", "currentColor");
  return svg.node()!;
}

/** Paints the cells on `canvas`, which covers the plot area; false when there is no 2-d context (jsdom). */
function paintCells(canvas: HTMLCanvasElement, cells: readonly HeatmapCell[], f: Frame): boolean {
  const ratio = Math.min(3, Math.max(1, globalThis.devicePixelRatio || 1));
  const cw = Math.round(f.w * ratio), ch = Math.round(f.h * ratio);
  if (canvas.width !== cw) canvas.width = cw;
  if (canvas.height !== ch) canvas.height = ch;
  let ctx: CanvasRenderingContext2D | null = null;
  try { ctx = canvas.getContext("2d"); } catch { ctx = null; }
  if (!ctx) return false;
  ctx.setTransform(cw / f.w, 0, 0, ch / f.h, 0, 0);
  ctx.clearRect(0, 0, f.w, f.h);
  for (const c of cells) {
    ctx.fillStyle = c.fill;
    ctx.fillRect(c.x, c.y, c.width, c.height);
  }
  return true;
}

function checkOptions(o: typeof defaults): void {
  check.integer("bins", o.bins, 2);
  if (!Number.isNaN(o.max)) check.number("max", o.max, 0, true);
  check.number("inactiveBelow", o.inactiveBelow, 0);
  check.number("width", o.width, 160);
    check.number("rowHeight", o.rowHeight, 4);
  if (o.xDomain !== null) {
    const [a, b] = check.numbers("xDomain", o.xDomain, 2) as [number, number];
    if (!(b > a)) throw new Error(`invalid xDomain: [${a}, ${b}]; expected [from, to] with to > from`);
  }
}

function checkRows(rows: unknown): readonly KlRow[] {
  if (!Array.isArray(rows)) throw new Error(`invalid rows: ${check.show(rows)}; expected an array of {step, kl}`);
  const k = rows[0]?.kl?.length;
  rows.forEach((r, i) => {
    if (r == null || typeof r.step !== "number") throw new Error(`invalid rows[${i}]: ${check.show(r)}; expected {step, kl}`);
    check.numbers(`rows[${i}].kl`, r.kl, k);
  });
  if (rows.length && k < 1) throw new Error("invalid rows[0].kl: length 0; expected at least one latent dimension");
  return rows;
}

/** `klHeatmap(rows, options)` → <figure>; `el.update(rows)` redraws in place. */
export function klHeatmap(rows: readonly KlRow[], options: KlHeatmapOptions = {}): KlHeatmapElement {
  let o = check.withDefaults(defaults, options);
  checkOptions(o);
  const shell = figureShell("kl-heatmap", check.string("caption", o.caption));
  // The cells change with every update; the axes and colour bar only when the frame's key does. Thousands of SVG
  // rects rebuilt several times a second kept the page busy while training, so the cells go on one reused canvas
  // laid over the plot area, and the SVG (which carries the name and text alternative) is kept until it changes.
  const box = document.createElement("div");
  const canvas = document.createElement("canvas");
  canvas.setAttribute("aria-hidden", "true");
  let svg: SVGSVGElement | null = null, shownKey = "";
  function render(r: readonly KlRow[]): void {
    const bins = binRows(checkRows(r), o.bins);
    if (bins.length === 0) {
      const p = document.createElement("p");
      p.textContent = o.emptyText;
      p.setAttribute("style", "margin:0;color:inherit;opacity:.75");
      shell.body.replaceChildren(p);
      shell.describe(`${o.emptyText}.`);
      svg = null;
      shownKey = "";
      return;
    }
    const f = frameOf(bins, o);
    if (!svg || f.key !== shownKey) {
      const next = drawFrame(f, o);
      labelImage(next, o.ariaLabel);
      const H = f.h + margin.top + margin.bottom, pct = (v: number, of: number) => `${+((100 * v) / of).toFixed(4)}%`;
      box.setAttribute("style", `position:relative;width:${o.width}px;max-width:100%`);
      canvas.setAttribute("style", `position:absolute;display:block;left:${pct(margin.left, o.width)};top:${pct(margin.top, H)};width:${pct(f.w, o.width)};height:${pct(f.h, H)}`);
      if (svg) svg.replaceWith(next); else box.replaceChildren(next, canvas);
      if (box.parentNode !== shell.body) shell.body.replaceChildren(box);
      svg = next;
      shownKey = f.key;
    }
    paintCells(canvas, cellsOf(bins, f), f);
    shell.describe(describeHeatmap(bins, o.inactiveBelow, o.emptyText), svg);
  }
  render(rows);
  return Object.assign(shell.figure, {
    update(next: readonly KlRow[], changed: KlHeatmapOptions = {}) {
      const o2 = check.withDefaults(o, changed);
      checkOptions(o2);
      o = o2;
      render(next);
    }
  });
}
