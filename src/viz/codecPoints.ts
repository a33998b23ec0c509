// codecPoints: finished codec runs as an accessible table, one row per run: configuration, reconstruction loss, β,
// compression, PSNR, SSIM, sharpness (gradient energy of the reconstructions over the originals') and SD's scaling
// factor 1/std(z). The numbers behind the rate–distortion chart, for reading and for screen readers.
import {fmt} from "./a11y.js";
import {pointLabel, type RatePoint} from "./rateDistortion.js";

export interface PointRow extends RatePoint {
  sharpness: number;
  scalingFactor: number;
  step?: number;
}

const lossText: Record<string, string> = {bernoulli: "cross-entropy", gaussian: "squared error", laplace: "absolute error"};

const columns: [string, (r: PointRow) => string][] = [
  ["Run", (r) => `${pointLabel(r)}${r.reference ? " (reference)" : ""}`],
  ["Loss", (r) => lossText[r.loss ?? "bernoulli"] ?? String(r.loss)],
  ["β", (r) => (r.beta === undefined ? "—" : String(r.beta))],
  ["Compression", (r) => `${fmt(r.compression, r.compression < 1 ? 2 : 0)}×`],
  ["PSNR (dB)", (r) => fmt(r.psnr, 2)],
  ["SSIM", (r) => fmt(r.ssim, 3)],
  ["Sharpness", (r) => fmt(r.sharpness, 2)],
  ["scaling factor", (r) => fmt(r.scalingFactor, 3)],
  ["Steps", (r) => (r.step === undefined ? "—" : String(r.step))]
];

/** The cells of the table, header row first (tests read them). */
export function pointCells(rows: readonly PointRow[]): string[][] {
  return [columns.map(([h]) => h), ...rows.map((r) => columns.map(([, cell]) => cell(r)))];
}

/** `codecPoints(rows, {caption})` → a scrollable, keyboard-reachable <div> holding a <table> with a caption. */
export function codecPoints(rows: readonly PointRow[], {caption = "Finished runs"}: {caption?: string} = {}): HTMLElement {
  const wrap = document.createElement("div");
  wrap.className = "codec-points";
  wrap.setAttribute("style", "overflow-x:auto;max-width:100%");
  wrap.setAttribute("role", "region");
  wrap.setAttribute("aria-label", caption);
  wrap.tabIndex = 0;
  const table = document.createElement("table");
  const cap = document.createElement("caption");
  cap.textContent = caption;
  cap.setAttribute("style", "text-align:left;font-weight:600;padding:0 0 4px");
  const [head, ...body] = pointCells(rows);
  const thead = document.createElement("thead"), tr = document.createElement("tr");
  for (const h of head) { const th = document.createElement("th"); th.scope = "col"; th.textContent = h; tr.append(th); }
  thead.append(tr);
  const tbody = document.createElement("tbody");
  for (const cells of body) {
    const r = document.createElement("tr");
    cells.forEach((text, i) => {
      const c = document.createElement(i === 0 ? "th" : "td");
      if (i === 0) (c as HTMLTableCellElement).scope = "row";
      c.textContent = text;
      r.append(c);
    });
    tbody.append(r);
  }
  if (body.length === 0) {
    const r = document.createElement("tr"), td = document.createElement("td");
    td.colSpan = head.length; td.textContent = "No finished runs yet."; td.style.textAlign = "left";
    r.append(td); tbody.append(r);
  }
  table.append(cap, thead, tbody);
  wrap.append(table);
  return wrap;
}
