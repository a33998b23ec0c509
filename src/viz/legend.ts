// A small HTML legend: a swatch drawn like the mark (line with its dash, dot, bar, cross) and a text label, so a
// series is told apart by shape as well as colour. Text is 13px in the page's text colour.

/** One legend entry. */
export interface LegendItem {
  label: string;
  /** Fill or stroke colour of the swatch. */
  color: string;
  /** How the mark looks: a line (with `dash`), a dot, a filled square, a cross, a diamond. */
  swatch: "line" | "dot" | "square" | "cross" | "diamond";
  /** SVG stroke-dasharray for `line`; "none" for solid. */
  dash?: string;
  /** Outline colour for `dot`, `square` and `diamond`. */
  stroke?: string;
}

const NS = "http://www.w3.org/2000/svg";

function swatch(item: LegendItem): SVGSVGElement {
  const svg = document.createElementNS(NS, "svg");
  svg.setAttribute("width", "24");
  svg.setAttribute("height", "14");
  svg.setAttribute("viewBox", "0 0 24 14");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("style", "flex:none;overflow:visible");
  let el: SVGElement;
  switch (item.swatch) {
    case "line":
      el = document.createElementNS(NS, "path");
      el.setAttribute("d", "M1,7H23");
      el.setAttribute("stroke", item.color);
      el.setAttribute("stroke-width", "2");
      if (item.dash && item.dash !== "none") el.setAttribute("stroke-dasharray", item.dash);
      break;
    case "dot":
      el = document.createElementNS(NS, "circle");
      el.setAttribute("cx", "12");
      el.setAttribute("cy", "7");
      el.setAttribute("r", "4.5");
      el.setAttribute("fill", item.color);
      break;
    case "square":
      el = document.createElementNS(NS, "rect");
      el.setAttribute("x", "6");
      el.setAttribute("y", "1");
      el.setAttribute("width", "12");
      el.setAttribute("height", "12");
      el.setAttribute("fill", item.color);
      break;
    case "diamond":
      el = document.createElementNS(NS, "path");
      el.setAttribute("d", "M12,1L18,7L12,13L6,7Z");
      el.setAttribute("fill", item.color);
      break;
    case "cross":
      el = document.createElementNS(NS, "path");
      el.setAttribute("d", "M8,3L16,11M16,3L8,11");
      el.setAttribute("stroke", item.color);
      el.setAttribute("stroke-width", "2");
      break;
  }
  if (item.stroke && item.swatch !== "line" && item.swatch !== "cross") el.setAttribute("stroke", item.stroke);
  svg.append(el);
  return svg;
}

/** A wrapping row of legend entries. */
export function legend(items: readonly LegendItem[]): HTMLDivElement {
  const div = document.createElement("div");
  div.className = "vae-viz-legend";
  div.setAttribute("style", "display:flex;flex-wrap:wrap;gap:4px 16px;font:13px/1.4 system-ui,sans-serif;margin:0 0 4px 0");
  for (const item of items) {
    const span = document.createElement("span");
    span.setAttribute("style", "display:inline-flex;align-items:center;gap:4px");
    const text = document.createElement("span");
    text.textContent = item.label;
    span.append(swatch(item), text);
    div.append(span);
  }
  return div;
}
