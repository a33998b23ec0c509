// codecTable: the codecs of latent diffusion (src/math/codecs.ts) at one image resolution, as an HTML table: latent
// shape, numbers, how many times fewer numbers than the RGB image (3f²/c), transformer tokens, memory per latent, and
// the published scaling and shift factors. A row whose f (or patch) does not divide the resolution says so.
// `el.update(height, width)` redraws in place.
import {codecLatent, type Codec, type Dtype} from "../math/codecs.js";
import {figureShell} from "./a11y.js";
import * as check from "./validate.js";

export interface CodecTableOptions {
  /** Storage type of the memory column. Default "bf16". */
  dtype?: Dtype;
  /** Row id to mark as selected (aria-current). Default none. */
  selected?: string | null;
  /** Visible caption. Default: the resolution. */
  caption?: string;
}

const defaults = {dtype: "bf16" as Dtype, selected: null as string | null, caption: ""};

/** Bytes in words: "32 KiB", "1.5 MiB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KiB", "MiB", "GiB"];
  let v = bytes / 1024, u = 0;
  while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
  return `${Number.isInteger(v) ? v : v.toFixed(v < 10 ? 2 : 1)} ${units[u]}`;
}

/** Thousands separated by commas: 16,384. */
export const int = (v: number): string => v.toLocaleString("en-US");

/** "48×", "12×", "0.75×". */
export function times(v: number): string {
  return `${Number.isInteger(v) ? v : +v.toFixed(2)}×`;
}

export interface CodecTableElement extends HTMLElement {
  update(height: number, width: number, options?: CodecTableOptions): void;
}

const headers = ["Codec", "Used by", "f", "c", "Latent h×w×c", "Numbers", "Fewer numbers (3f²/c)", "Tokens × numbers each (patch p)", "Memory", "scaling_factor", "shift_factor"];

/** The cells of one row at height×width (strings; a row that does not fit gives its reason in the shape cell). */
export function codecRow(row: Codec, height: number, width: number, dtype: Dtype): string[] {
  const head = [row.name, row.models, String(row.f), String(row.c)];
  const factor = (v: number | null) => (v === null ? "—" : String(v));
  try {
    const s = codecLatent(row, height, width);
    return [...head, `${s.h}×${s.w}×${s.c}`, int(s.numbers), times(s.compression), `${int(s.tokens)} × ${int(s.tokenDim)} (p = ${row.patch})`,
      formatBytes(s.bytesPerImage(dtype)), factor(row.scalingFactor), factor(row.shiftFactor)];
  } catch (e) {
    const why = (e as Error).message.split(";")[0].replace(/^invalid /, "");
    return [...head, `does not fit (${why})`, "—", times((3 * row.f * row.f) / row.c), `— (p = ${row.patch})`, "—", factor(row.scalingFactor), factor(row.shiftFactor)];
  }
}

/** `codecTable(codecs, 1024, 1024)` → <figure> holding an accessible table (caption, column headers, row headers). */
export function codecTable(rows: readonly Codec[], height: number, width: number, options: CodecTableOptions = {}): CodecTableElement {
  let o = check.withDefaults(defaults, options);
  const shell = figureShell("codec-table", "");
  const wrap = document.createElement("div");
  wrap.setAttribute("style", "overflow-x:auto;max-width:100%");
  wrap.tabIndex = 0; // a scrollable region must be reachable by keyboard
  wrap.setAttribute("role", "region");
  const table = document.createElement("table");
  table.setAttribute("style", "border-collapse:collapse;font:12.5px/1.3 system-ui,sans-serif;font-variant-numeric:tabular-nums;width:100%");
  wrap.append(table);
  shell.body.append(wrap);

  function render(h: number, w: number) {
    check.integer("height", h, 1);
    check.integer("width", w, 1);
    check.oneOf("dtype", o.dtype, ["fp32", "fp16", "bf16"] as const);
    const caption = document.createElement("caption");
    caption.textContent = o.caption || `Codecs at ${int(h)}×${int(w)} pixels (memory of one latent in ${o.dtype})`;
    caption.setAttribute("style", "text-align:left;font-weight:600;padding:0 0 6px");
    wrap.setAttribute("aria-label", caption.textContent);
    const thead = document.createElement("thead");
    const tr = document.createElement("tr");
    for (const text of headers.filter((h) => h !== "Used by")) {
      const th = document.createElement("th");
      th.scope = "col";
      th.textContent = text === "Memory" ? `Memory (${o.dtype})` : text.replace("_factor", " factor");
      th.setAttribute("style", "text-align:left;vertical-align:bottom;padding:3px 5px;border-bottom:2px solid currentColor");
      tr.append(th);
    }
    thead.append(tr);
    const tbody = document.createElement("tbody");
    for (const row of rows) {
      const r = document.createElement("tr");
      if (row.id === o.selected) { r.setAttribute("aria-current", "true"); r.setAttribute("style", "background:color-mix(in srgb, currentColor 8%, transparent)"); }
      const cells = codecRow(row, h, w, o.dtype);
      cells.forEach((text, i) => {
        if (i === 1) return; // "used by" goes under the name
        const cell = document.createElement(i === 0 ? "th" : "td");
        if (i === 0) {
          (cell as HTMLTableCellElement).scope = "row";
          const small = document.createElement("small");
          small.textContent = cells[1];
          small.setAttribute("style", "display:block;font-weight:400;opacity:.85");
          cell.append(text, small);
        } else cell.textContent = text;
        cell.setAttribute("style", `padding:3px 5px;vertical-align:top;border-bottom:1px solid color-mix(in srgb, currentColor 25%, transparent);text-align:${i >= 2 ? "right" : "left"};font-weight:${i === 0 ? 600 : 400}`);
        r.append(cell);
      });
      tbody.append(r);
    }
    table.replaceChildren(caption, thead, tbody);
  }
  render(height, width);
  return Object.assign(shell.figure, {
    update(h: number, w: number, changed: CodecTableOptions = {}) {
      o = check.withDefaults(o, changed);
      render(h, w);
    }
  });
}
