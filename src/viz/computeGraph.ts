// computeGraph: the computation graph of one VAE loss evaluation, drawn twice with d3 as one SVG.
//   top:    z ~ q(z | x) sampled directly. z is a random node: the backward pass reaches z and stops there,
//           because a draw has no derivative with respect to μ and σ.
//   bottom: z = μ + σ ⊙ ε with ε ~ N(0, I) drawn outside the graph. z is a deterministic node; the backward pass
//           goes through it (∂z/∂μ = 1, ∂z/∂σ = ε) to μ, σ and the encoder.
// Deterministic nodes are rectangles, random nodes dashed ellipses; forward edges are solid grey arrows, gradient
// edges dashed vermillion arrows under them, and the blocked edge carries a ✕ and the word "blocked", so nothing
// depends on colour alone. The SVG is one image with an accessible name and a text alternative.
import * as d3 from "d3";
import {figureShell, labelImage, uid} from "./a11y.js";
import {muted, okabeIto} from "./palette.js";
import * as check from "./validate.js";

/** Options of `computeGraph`. */
export interface ComputeGraphOptions {
  /** Width of the drawing in pixels; it scales down with its container. Default 720. */
  width?: number;
  /** Accessible name. Default "Computation graph of the VAE loss, sampled directly and reparameterised". */
  ariaLabel?: string;
  /** Visible caption (figcaption). Default none. */
  caption?: string;
}

const defaults = {
  width: 720,
  ariaLabel: "Computation graph of the VAE loss, sampled directly and reparameterised",
  caption: ""
};

/** The text alternative: both graphs, edge by edge. */
export const computeGraphDescription =
  "Two graphs. First, sampling directly: the input x goes through the encoder to μ and σ; z is drawn from " +
  "N(μ, σ²), a random node; z goes through the decoder to the loss. Gradients flow back from the loss through the " +
  "decoder to z and stop there: the edge from μ and σ into the draw is blocked. " +
  "Second, reparameterised: the same chain, but ε is drawn from N(0, I) on its own, outside the chain, and " +
  "z = μ + σ ⊙ ε is an ordinary deterministic node. Gradients flow back from the loss through the decoder to z, " +
  "through z to μ (∂z/∂μ = 1) and to σ (∂z/∂σ = ε), and on into the encoder's weights. Nothing flows into ε, " +
  "which needs none.";

interface Node {
  id: string;
  x: number;
  y: number;
  label: string;
  sub?: string;
  random?: boolean;
  w?: number;
}

const NS = "http://www.w3.org/2000/svg";
const heights = [136, 196]; // of the two panels: sampled, reparameterised
const grad = okabeIto.vermillion;

function defs(svg: d3.Selection<SVGSVGElement, undefined, null, undefined>, id: string): void {
  const d = svg.append("defs");
  for (const [name, color] of [["fwd", muted], ["grad", grad]] as const) {
    d.append("marker")
      .attr("id", `${id}-${name}`).attr("viewBox", "0 0 10 10").attr("refX", 9).attr("refY", 5)
      .attr("markerWidth", 7).attr("markerHeight", 7).attr("orient", "auto-start-reverse")
      .append("path").attr("d", "M0,0L10,5L0,10Z").attr("fill", color);
  }
}

function panel(
  g: d3.Selection<SVGGElement, undefined, null, undefined>, id: string, reparam: boolean, width: number
): void {
  const col = (i: number) => 40 + (i * (width - 80)) / 5;
  const yMid = 78;
  const nodes: Node[] = [
    {id: "x", x: col(0), y: yMid, label: "x", sub: "digit"},
    {id: "enc", x: col(1), y: yMid, label: "encoder", sub: "weights φ", w: 92},
    {id: "mu", x: col(2), y: yMid - 30, label: "μ"},
    {id: "sigma", x: col(2), y: yMid + 30, label: "σ"},
    reparam
      ? {id: "z", x: col(3), y: yMid, label: "z = μ + σ⊙ε", w: 100}
      : {id: "z", x: col(3), y: yMid, label: "z ~ N(μ, σ²)", random: true, w: 108},
    {id: "dec", x: col(4), y: yMid, label: "decoder", sub: "weights θ", w: 92},
    {id: "loss", x: col(5), y: yMid, label: "loss", w: 60}
  ];
  if (reparam) nodes.push({id: "eps", x: col(3), y: yMid + 74, label: "ε ~ N(0, I)", random: true, w: 96});
  const at = new Map(nodes.map((n) => [n.id, n]));
  const half = (n: Node) => (n.w ?? 44) / 2;
  const edge = (a: string, b: string) => {
    const p = at.get(a)!, q = at.get(b)!;
    const dx = q.x - p.x, dy = q.y - p.y;
    const len = Math.hypot(dx, dy);
    // Leave each node's box: trim by half its width along x, 16px along y.
    const tp = Math.min(half(p) / Math.abs(dx || 1e-9), 17 / Math.abs(dy || 1e-9)) * len;
    const tq = Math.min(half(q) / Math.abs(dx || 1e-9), 17 / Math.abs(dy || 1e-9)) * len;
    return {x1: p.x + (dx / len) * (tp + 3), y1: p.y + (dy / len) * (tp + 3), x2: q.x - (dx / len) * (tq + 3), y2: q.y - (dy / len) * (tq + 3)};
  };
  const forward: [string, string][] = [["x", "enc"], ["enc", "mu"], ["enc", "sigma"], ["mu", "z"], ["sigma", "z"], ["z", "dec"], ["dec", "loss"]];
  if (reparam) forward.push(["eps", "z"]);
  // Gradient edges run backwards, drawn just below the forward edges.
  const backward: [string, string][] = reparam
    ? [["loss", "dec"], ["dec", "z"], ["z", "mu"], ["z", "sigma"], ["mu", "enc"], ["sigma", "enc"]]
    : [["loss", "dec"], ["dec", "z"]];
  const blocked: [string, string][] = reparam ? [] : [["z", "mu"], ["z", "sigma"]];

  const line = (e: ReturnType<typeof edge>, shift: number) => {
    const len = Math.hypot(e.x2 - e.x1, e.y2 - e.y1);
    const nx = -(e.y2 - e.y1) / len, ny = (e.x2 - e.x1) / len;
    return {x1: e.x1 + nx * shift, y1: e.y1 + ny * shift, x2: e.x2 + nx * shift, y2: e.y2 + ny * shift};
  };
  for (const [a, b] of forward) {
    const e = edge(a, b);
    g.append("line").attr("x1", e.x1).attr("y1", e.y1).attr("x2", e.x2).attr("y2", e.y2)
      .attr("stroke", muted).attr("stroke-width", 1.5).attr("marker-end", `url(#${id}-fwd)`);
  }
  for (const [a, b] of backward) {
    const e = line(edge(a, b), -7); // on the other side of the forward edge (it runs the other way)
    g.append("line").attr("x1", e.x1).attr("y1", e.y1).attr("x2", e.x2).attr("y2", e.y2)
      .attr("stroke", grad).attr("stroke-width", 2).attr("stroke-dasharray", "5,3").attr("marker-end", `url(#${id}-grad)`);
  }
  for (const [a, b] of blocked) {
    const e = line(edge(a, b), -7);
    const mx = (e.x1 + e.x2) / 2, my = (e.y1 + e.y2) / 2;
    g.append("line").attr("x1", e.x1).attr("y1", e.y1).attr("x2", mx).attr("y2", my)
      .attr("stroke", grad).attr("stroke-width", 2).attr("stroke-dasharray", "5,3");
    g.append("path").attr("d", `M${mx - 6},${my - 6}L${mx + 6},${my + 6}M${mx + 6},${my - 6}L${mx - 6},${my + 6}`)
      .attr("stroke", grad).attr("stroke-width", 3);
  }
  const z = at.get("z")!;
  if (!reparam) {
    g.append("text").attr("x", z.x - 66).attr("y", z.y + 42).attr("text-anchor", "start").attr("fill", "currentColor")
      .attr("font-size", 12).text("✕ blocked: a draw has no ∂z/∂μ, ∂z/∂σ");
  } else {
    g.append("text").attr("x", z.x - 58).attr("y", z.y + 78).attr("text-anchor", "end").attr("fill", "currentColor")
      .attr("font-size", 12).text("∂z/∂μ = 1, ∂z/∂σ = ε");
  }

  for (const n of nodes) {
    const node = g.append("g").attr("transform", `translate(${n.x},${n.y})`);
    const w = n.w ?? 44, h = n.sub ? 38 : 30;
    if (n.random) {
      node.append("ellipse").attr("rx", w / 2).attr("ry", h / 2 + 2).attr("fill", "#fff7e6")
        .attr("stroke", "currentColor").attr("stroke-width", 1.5).attr("stroke-dasharray", "4,3");
    } else {
      node.append("rect").attr("x", -w / 2).attr("y", -h / 2).attr("width", w).attr("height", h).attr("rx", 5)
        .attr("fill", "#eef4fb").attr("stroke", "currentColor").attr("stroke-width", 1.2);
    }
    node.append("text").attr("text-anchor", "middle").attr("dy", n.sub ? -2 : 5).attr("font-size", 14)
      .attr("fill", "currentColor").text(n.label);
    if (n.sub) node.append("text").attr("text-anchor", "middle").attr("dy", 13).attr("font-size", 11).attr("fill", "currentColor").text(n.sub);
  }
}

/** The element `computeGraph` returns. */
export interface ComputeGraphElement extends HTMLElement {
  svg: SVGSVGElement;
}

/** Both computation graphs, sampled and reparameterised, in one SVG: `computeGraph({width: 720})` → <figure>. */
export function computeGraph(options: ComputeGraphOptions = {}): ComputeGraphElement {
  const o = check.withDefaults(defaults, options);
  const width = check.number("width", o.width, 400);
  check.string("ariaLabel", o.ariaLabel);
  const shell = figureShell("compute-graph", check.string("caption", o.caption));
  const id = uid(); // vae-viz-N: markers are per figure
  const legendH = 34;
  const height = heights[0] + heights[1] + 2 * 26 + legendH;
  const svg = d3.create("svg").attr("xmlns", NS).attr("width", width).attr("height", height)
    .attr("viewBox", `0 0 ${width} ${height}`)
    .attr("style", "max-width:100%;height:auto;font-family:system-ui,sans-serif;overflow:visible");
  defs(svg, id);
  const titles = ["1. Sampling z ~ q(z | x) directly: the gradient stops at z", "2. Reparameterised, z = μ + σ ⊙ ε: the gradient reaches the encoder"];
  titles.forEach((title, i) => {
    const top = legendH + (i === 0 ? 0 : heights[0] + 26);
    svg.append("text").attr("x", 4).attr("y", top + 16).attr("font-size", 14).attr("font-weight", 600).attr("fill", "currentColor").text(title);
    const g = svg.append("g").attr("transform", `translate(0,${top + 22})`);
    panel(g, id, i === 1, width);
  });
  // Legend: node shapes and edge styles.
  const lg = svg.append("g").attr("font-size", 12).attr("fill", "currentColor");
  let x = 4;
  const item = (draw: (g: d3.Selection<SVGGElement, undefined, null, undefined>) => void, text: string, w: number) => {
    const gi = lg.append("g").attr("transform", `translate(${x},12)`);
    draw(gi);
    gi.append("text").attr("x", 34).attr("y", 4).attr("fill", "currentColor").text(text);
    x += w;
  };
  item((gi) => gi.append("rect").attr("x", 0).attr("y", -8).attr("width", 28).attr("height", 16).attr("rx", 3).attr("fill", "#eef4fb").attr("stroke", "currentColor"), "deterministic", 130);
  item((gi) => gi.append("ellipse").attr("cx", 14).attr("rx", 14).attr("ry", 8).attr("fill", "#fff7e6").attr("stroke", "currentColor").attr("stroke-dasharray", "4,3"), "random draw", 130);
  item((gi) => gi.append("line").attr("x1", 0).attr("x2", 26).attr("stroke", muted).attr("stroke-width", 1.5).attr("marker-end", `url(#${id}-fwd)`), "forward", 100);
  item((gi) => gi.append("line").attr("x1", 0).attr("x2", 26).attr("stroke", grad).attr("stroke-width", 2).attr("stroke-dasharray", "5,3").attr("marker-end", `url(#${id}-grad)`), "gradient", 100);
  const node = svg.node()!;
  labelImage(node, o.ariaLabel);
  shell.body.append(node);
  shell.describe(computeGraphDescription, node);
  return Object.assign(shell.figure, {svg: node});
}
