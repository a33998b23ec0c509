// What every view shares for accessibility: unique ids, visually-hidden text, the figure shell (accessible name +
// text alternative that states the numbers), and number formatting for those texts.
import * as d3 from "d3";

let counter = 0;

/** A document-unique id, `vae-viz-1`, `vae-viz-2`, … */
export function uid(prefix = "vae-viz"): string {
  return `${prefix}-${++counter}`;
}

/** Hides an element visually but keeps it in the accessibility tree (the usual "sr-only" rules, inline). */
export const visuallyHiddenStyle =
  "position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;" +
  "clip:rect(0 0 0 0);clip-path:inset(50%);white-space:nowrap;border:0";

/** A visually-hidden `<p>` with `text` and a fresh id (point `aria-describedby` at it). */
export function visuallyHidden(text: string, tag: "p" | "span" = "p"): HTMLElement {
  const el = document.createElement(tag);
  el.id = uid();
  el.setAttribute("style", visuallyHiddenStyle);
  el.textContent = text;
  return el;
}

/** The parts of a view's `<figure>`: fill `body`, then `describe()` whenever the numbers change. */
export interface FigureShell {
  figure: HTMLElement;
  /** Where the chart goes (between the legend, if any, and the text alternative). */
  body: HTMLDivElement;
  /** The visually-hidden text alternative. */
  description: HTMLElement;
  /** Sets the text alternative and points `chart`'s aria-describedby at it. */
  describe(text: string, chart?: Element | null): void;
}

/**
 * `<figure class="vae-viz vae-{name}">` with an optional visible `<figcaption>`, a body and a visually-hidden
 * text alternative. The chart inside carries the accessible name (aria-label) and aria-describedby.
 */
export function figureShell(name: string, caption: string): FigureShell {
  const figure = document.createElement("figure");
  figure.className = `vae-viz vae-${name}`;
  figure.setAttribute("style", "margin:0 0 1rem 0;max-width:100%;position:relative");
  if (caption) {
    const fc = document.createElement("figcaption");
    fc.textContent = caption;
    fc.setAttribute("style", "font:14px/1.4 system-ui,sans-serif;margin:0 0 4px 0");
    figure.append(fc);
  }
  const body = document.createElement("div");
  body.className = "vae-viz-body";
  const description = visuallyHidden("");
  description.className = "vae-viz-description";
  figure.append(body, description);
  return {
    figure,
    body,
    description,
    describe(text, chart) {
      description.textContent = text;
      if (chart) chart.setAttribute("aria-describedby", description.id);
    }
  };
}

/** Marks `el` as an image with accessible name `label`. */
export function labelImage(el: Element, label: string): void {
  el.setAttribute("role", "img");
  el.setAttribute("aria-label", label);
}

/** Fixed decimals with a real minus sign (U+2212), "NaN" for NaN: `fmt(-1.234, 2)` is "−1.23". */
export function fmt(v: number, decimals = 2): string {
  return d3.format(`.${decimals}f`)(v);
}

/** Nats for texts: one decimal from 10 up, two decimals from 0.1, two significant digits below, "0.0000" under 10⁻⁴. */
export function fmtNats(v: number): string {
  const a = Math.abs(v);
  if (!Number.isFinite(v)) return String(v);
  if (a >= 10) return fmt(v, 1);
  if (a >= 0.1 || a === 0) return fmt(v, 2);
  // Below 10⁻⁴ the digits are noise of a trained KL and "0.0000000019" reads badly (aloud too).
  if (a < 1e-4) return "0.0000";
  return d3.format(".2~r")(v);
}

/** "1 step", "340 steps". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * Makes a Plot chart one image named `label`. Plot labels its inner <g> marks with aria-label, which axe reports
 * (aria-label on an element with no role); the chart's name and text alternative replace them.
 */
export function plotImage(svg: Element, label: string): void {
  for (const el of svg.querySelectorAll("[aria-label]")) el.removeAttribute("aria-label");
  labelImage(svg, label);
  hoistPlotStyle(svg);
}

/**
 * Moves the <style> Plot puts in every chart into one copy in the document's head. A chart redrawn while a lab
 * trains inserted and removed a stylesheet each time, and each made the browser recompute the style of the whole
 * page. The rules are scoped to the chart's class (:where(.plot-…)), so one shared copy styles every chart alike.
 */
function hoistPlotStyle(svg: Element): void {
  const style = svg.querySelector(":scope > style");
  if (!style) return;
  const doc = svg.ownerDocument;
  const id = `vae-${[...svg.classList].find((c) => c.startsWith("plot-")) ?? "plot"}-style`;
  if (!doc.getElementById(id)) {
    const shared = doc.createElement("style");
    shared.id = id;
    shared.textContent = style.textContent;
    doc.head.append(shared);
  }
  style.remove();
}
