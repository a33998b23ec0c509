// latentScatter: held-out digits at their 2-d latent means (z₁, z₂), coloured by class (Petroff's 10 colours, with
// a legend and each class's digit drawn at its median, so colour is not the only cue).
//
// Interactive: clicking near a point (within `pickRadius` pixels) selects it; so do the arrow keys once the chart
// has focus (Tab to it; arrows move to the nearest point in that direction, Escape clears; Tab leaves). The element
// exposes `.value` (the selected point's index in `points`, or null) and fires a bubbling `input` event on each
// change, so Framework's `view()` works on it. `el.update(points)` redraws in place and keeps the selection.
//
// Cheap to redraw: all points of a class are ONE <path> (10 paths, whatever the number of points); hit-testing
// uses a Delaunay triangulation built on the first click.
import * as d3 from "d3";
import {figureShell, fmt, uid} from "./a11y.js";
import {legend} from "./legend.js";
import {checkPoints, classCentres, describeLatent, finite, latentDomain, type LatentPoint} from "./latentPoints.js";
import {nearestInDirection} from "./nearestInDirection.js";
import {digitColor, digitStrokes} from "./palette.js";
import * as check from "./validate.js";

export {describeLatent, latentDomain, nearestInDirection, type LatentPoint};

/** Options of `latentScatter`. */
export interface LatentScatterOptions {
  /** Width in pixels. Default 480. */
  width?: number;
  /** Height in pixels. Default 480. */
  height?: number;
  /** Point radius in pixels. Default 2.5. */
  r?: number;
  /** Domain of both axes, [lo, hi]. Default: symmetric about 0, covering every point, rounded ("nice"). */
  domain?: readonly [number, number] | null;
  /** A click selects the nearest point within this many pixels. Default 16. */
  pickRadius?: number;
  /** The initially selected index, or null. Default null. */
  value?: number | null;
  /** Draw each class's digit at the class's median position. Default true. */
  classLabels?: boolean;
  /** Accessible name. Default "Held-out digits in the 2-d latent space, coloured by class". */
  ariaLabel?: string;
  /** Visible caption (figcaption). Default none. */
  caption?: string;
}

const defaults = {
  width: 480,
  height: 480,
  r: 2.5,
  domain: null as readonly [number, number] | null,
  pickRadius: 16,
  value: null as number | null,
  classLabels: true,
  ariaLabel: "Held-out digits in the 2-d latent space, coloured by class",
  caption: ""
};

/** The element `latentScatter` returns. */
export interface LatentScatterElement extends HTMLElement {
  /** The selected point's index in `points`, or null. Setting it does not fire `input`. */
  value: number | null;
  /** Redraws with new points (and changed options); keeps the selection while its index still exists. */
  update(points: readonly LatentPoint[], options?: LatentScatterOptions): void;
}

const margin = {top: 16, right: 16, bottom: 40, left: 48};

function checkOptions(o: typeof defaults, n: number): void {
  check.number("width", o.width, 100);
  check.number("height", o.height, 100);
  check.number("r", o.r, 0, true);
  check.number("pickRadius", o.pickRadius, 0);
  check.boolean("classLabels", o.classLabels);
  check.string("ariaLabel", o.ariaLabel);
  if (o.domain !== null) {
    const d = o.domain;
    if (!Array.isArray(d) || d.length !== 2 || !Number.isFinite(d[0]) || !Number.isFinite(d[1]) || !(d[0] < d[1])) {
      throw new Error(`invalid domain: ${check.show(d)}; expected [lo, hi] with finite lo < hi`);
    }
  }
  if (o.value !== null) check.integer("value", o.value, 0, n - 1);
}

const round2 = (v: number) => Math.round(v * 100) / 100;

/**
 * A scatter of held-out digits in a 2-d latent space, coloured by class, with click and arrow-key selection.
 * `latentScatter(points)` → <figure> with `.value` (index or null) firing `input`; `el.update(points)` redraws.
 */
export function latentScatter(points: readonly LatentPoint[], options: LatentScatterOptions = {}): LatentScatterElement {
  let o = check.withDefaults(defaults, options);
  let data = checkPoints(points);
  checkOptions(o, data.length);
  let value: number | null = o.value;
  const shell = figureShell("latent-scatter", check.string("caption", o.caption));
  shell.body.before(
    legend(d3.range(10).map((c) => ({label: String(c), color: digitColor(c), stroke: digitStrokes[c], swatch: "dot" as const})))
  );
  const status = document.createElement("p");
  status.id = uid();
  status.setAttribute("aria-live", "polite");
  status.setAttribute("style", "font:13px/1.4 system-ui,sans-serif;margin:4px 0 0 0;min-height:1.4em");
  shell.body.after(status);

  const svg = d3
    .create("svg")
    .attr("tabindex", 0)
    .attr("role", "application")
    .attr("aria-roledescription", "scatter plot")
    .attr("aria-keyshortcuts", "ArrowLeft ArrowRight ArrowUp ArrowDown Escape")
    .attr("style", "display:block;max-width:100%;height:auto;font:12px system-ui,sans-serif");
  const node = svg.node()!;
  shell.body.append(node);

  // Pixel positions of the current points (NaN for non-finite ones), and the lazily built Delaunay.
  let px = new Float64Array(0);
  let py = new Float64Array(0);
  let delaunay: d3.Delaunay<number> | null = null;
  let delaunayIndex: number[] = [];
  let selection: d3.Selection<SVGGElement, undefined, null, undefined>;

  function showSelection(): void {
    selection.selectAll("*").remove();
    if (value === null) {
      status.textContent = data.length ? "No digit selected: click a point, or focus the chart and use the arrow keys." : "";
      return;
    }
    const p = data[value];
    const cx = px[value];
    const cy = py[value];
    status.textContent = `Selected #${value}: digit ${p.label} at z₁ = ${fmt(p.x)}, z₂ = ${fmt(p.y)}.`;
    if (!Number.isFinite(cx) || !Number.isFinite(cy)) return;
    selection.append("circle").attr("cx", round2(cx)).attr("cy", round2(cy)).attr("r", o.r + 5)
      .attr("fill", "none").attr("stroke", "currentColor").attr("stroke-width", 2);
    selection.append("text").attr("x", round2(cx + o.r + 8)).attr("y", round2(cy)).attr("dy", "0.32em")
      .attr("font-size", 14).attr("font-weight", "bold").attr("fill", "currentColor")
      .attr("style", "paint-order:stroke;stroke:var(--theme-background, white);stroke-width:3px")
      .text(String(p.label));
  }

  function select(i: number | null, fire: boolean): void {
    if (i === value) return;
    value = i;
    showSelection();
    if (fire) node.dispatchEvent(new Event("input", {bubbles: true}));
  }

  function render(): void {
    const {width: W, height: H} = o;
    const domain = o.domain ?? latentDomain(data);
    const x = d3.scaleLinear(domain, [margin.left, W - margin.right]);
    const y = d3.scaleLinear(domain, [H - margin.bottom, margin.top]);
    svg.attr("width", W).attr("height", H).attr("viewBox", `0 0 ${W} ${H}`).attr("aria-label", o.ariaLabel);
    svg.selectAll("*").remove();
    const frame = svg.append("g").attr("aria-hidden", "true");
    // Grid and the axes through 0 (the prior's mean).
    const xt = x.ticks(6);
    const yt = y.ticks(6);
    frame.append("g").attr("stroke", "currentColor").attr("stroke-opacity", 0.1)
      .selectAll("line").data(xt).join("line")
      .attr("x1", (t) => round2(x(t))).attr("x2", (t) => round2(x(t))).attr("y1", margin.top).attr("y2", H - margin.bottom);
    frame.append("g").attr("stroke", "currentColor").attr("stroke-opacity", 0.1)
      .selectAll("line").data(yt).join("line")
      .attr("y1", (t) => round2(y(t))).attr("y2", (t) => round2(y(t))).attr("x1", margin.left).attr("x2", W - margin.right);
    frame.append("g").attr("transform", `translate(0,${H - margin.bottom})`)
      .call(d3.axisBottom(x).ticks(6).tickFormat(d3.format("~f"))).attr("font-size", 12).attr("font-family", null);
    frame.append("g").attr("transform", `translate(${margin.left},0)`)
      .call(d3.axisLeft(y).ticks(6).tickFormat(d3.format("~f"))).attr("font-size", 12).attr("font-family", null);
    frame.append("text").attr("x", W - margin.right).attr("y", H - 6).attr("text-anchor", "end")
      .attr("fill", "currentColor").attr("font-size", 13).text("z₁ →");
    frame.append("text").attr("x", 4).attr("y", margin.top - 4).attr("text-anchor", "start")
      .attr("fill", "currentColor").attr("font-size", 13).text("↑ z₂");

    // Points: one path per class.
    const n = data.length;
    px = new Float64Array(n);
    py = new Float64Array(n);
    const paths: string[][] = d3.range(10).map(() => []);
    const r = o.r;
    for (let i = 0; i < n; i++) {
      const p = data[i];
      if (!finite(p)) {
        px[i] = py[i] = NaN;
        continue;
      }
      const cx = (px[i] = x(p.x));
      const cy = (py[i] = y(p.y));
      paths[p.label].push(`M${round2(cx + r)},${round2(cy)}A${r},${r},0,1,1,${round2(cx - r)},${round2(cy)}A${r},${r},0,1,1,${round2(cx + r)},${round2(cy)}`);
    }
    const marks = svg.append("g").attr("aria-hidden", "true");
    for (let c = 0; c < 10; c++) {
      if (paths[c].length === 0) continue;
      marks.append("path").attr("d", paths[c].join("")).attr("fill", digitColor(c)).attr("fill-opacity", 0.85)
        .attr("stroke", digitStrokes[c]).attr("stroke-width", 0.75);
    }
    if (o.classLabels) {
      svg.append("g").attr("aria-hidden", "true").attr("font-size", 16).attr("font-weight", "bold")
        .attr("text-anchor", "middle").attr("fill", "currentColor")
        .attr("style", "paint-order:stroke;stroke:var(--theme-background, white);stroke-width:4px;stroke-linejoin:round")
        .selectAll("text").data(classCentres(data)).join("text")
        .attr("x", (d) => round2(x(d[1]))).attr("y", (d) => round2(y(d[2]))).attr("dy", "0.35em")
        .text((d) => String(d[0]));
    }
    selection = svg.append("g").attr("aria-hidden", "true").attr("pointer-events", "none");
    delaunay = null;
    shell.describe(describeLatent(data), node);
    node.setAttribute("aria-describedby", `${shell.description.id} ${status.id}`);
    showSelection();
  }

  /** The index of the drawn point closest to (mx, my) in pixels, or null when nothing is drawn. */
  function closest(mx: number, my: number): number | null {
    if (!delaunay) {
      delaunayIndex = [];
      for (let i = 0; i < px.length; i++) if (Number.isFinite(px[i])) delaunayIndex.push(i);
      delaunay = d3.Delaunay.from(delaunayIndex, (i) => px[i], (i) => py[i]);
    }
    return delaunayIndex.length ? delaunayIndex[delaunay.find(mx, my)] : null;
  }

  node.addEventListener("click", (event) => {
    const [mx, my] = d3.pointer(event, node);
    const i = closest(mx, my);
    if (i !== null && Math.hypot(px[i] - mx, py[i] - my) <= o.pickRadius) select(i, true);
  });

  const directions: Record<string, [number, number]> = {
    ArrowRight: [1, 0],
    ArrowLeft: [-1, 0],
    ArrowUp: [0, -1],
    ArrowDown: [0, 1]
  };
  node.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      if (value !== null) select(null, true);
      return;
    }
    const dir = directions[event.key];
    if (!dir || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault(); // do not scroll the page; Tab is left alone so focus is never trapped
    if (value === null || !Number.isFinite(px[value])) {
      // Start at the point nearest the centre of the plot.
      const i = closest((margin.left + o.width - margin.right) / 2, (margin.top + o.height - margin.bottom) / 2);
      if (i !== null) select(i, true);
      return;
    }
    const j = nearestInDirection(px, py, value, dir[0], dir[1]);
    if (j >= 0) select(j, true);
  });

  render();
  const el = Object.assign(shell.figure, {
    update(next: readonly LatentPoint[], changed: LatentScatterOptions = {}) {
      const pts = checkPoints(next);
      // The selection survives a redraw (unless `changed.value` sets it) while its index still exists.
      const keep = changed.value !== undefined ? changed.value : value !== null && value < pts.length ? value : null;
      const o2 = check.withDefaults(o, {...changed, value: keep});
      checkOptions(o2, pts.length);
      const lost = value !== null && keep === null && changed.value === undefined;
      o = o2;
      data = pts;
      value = keep;
      render();
      if (lost) node.dispatchEvent(new Event("input", {bubbles: true}));
    }
  });
  Object.defineProperty(el, "value", {
    get: () => value,
    set: (v: number | null) => {
      if (v !== null) check.integer("value", v, 0, data.length - 1);
      value = v;
      showSelection();
    },
    enumerable: true
  });
  return el as LatentScatterElement;
}
