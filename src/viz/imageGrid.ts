// imageGrid: n greyscale images (side×side values in [0, 1], one flat Float32Array) on ONE <canvas>, `cols` per
// row, each image pixel drawn as scale×scale screen pixels. Ink (value 1, as MNIST stores it) is drawn dark on
// white paper. Optional captions sit under the cells as HTML text.
//
// The pixels come from `imagesToRgba`, a pure function (testable without a 2-d context); the view draws them with
// one putImageData and never throws when the canvas has no 2-d context (jsdom). `el.update(images)` repaints the
// same canvas, which is the cheap way to redraw every second.
import {figureShell, labelImage} from "./a11y.js";
import * as check from "./validate.js";

/** Options of `imageGrid`. */
export interface ImageGridOptions {
  /** Side of each image in image pixels. Default 28 (MNIST). */
  side?: number;
  /** Images per row (never more than there are images). Default 10. */
  cols?: number;
  /** Screen pixels per image pixel, an integer. Default 2. */
  scale?: number;
  /** Space between cells, in screen pixels; it stays transparent. Default 2. */
  gap?: number;
  /** One caption per image, drawn under its cell (keep them short: a cell is side·scale pixels wide). Default none. */
  labels?: readonly string[] | null;
  /** true: ink dark on white paper; false: white ink on black, as MNIST is stored. Default true. */
  inkDark?: boolean;
  /** Accessible name of the canvas. Default "{n} images of {side}×{side} pixels". */
  ariaLabel?: string;
  /** Text alternative. Default: the accessible name followed by the captions. "" for none. */
  description?: string;
  /** Visible caption (figcaption). Default none. */
  caption?: string;
}

const defaults = {
  side: 28,
  cols: 10,
  scale: 2,
  gap: 2,
  labels: null as readonly string[] | null,
  inkDark: true,
  ariaLabel: "",
  description: undefined as string | undefined,
  caption: ""
};

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Height in screen pixels of the caption band under each row of cells, when there are captions. */
export const CAPTION_HEIGHT = 18;

/** Where the cells go: the canvas is `width`×`height`; cell i's top-left is `x(i)`, `y(i)`. */
export interface GridLayout {
  n: number;
  side: number;
  cols: number;
  rows: number;
  scale: number;
  gap: number;
  /** Screen pixels under each row kept free for captions. */
  captionHeight: number;
  /** Cell side in screen pixels: side·scale. */
  cell: number;
  width: number;
  height: number;
  x(i: number): number;
  y(i: number): number;
}

/** Layout options shared by `gridLayout` and `imagesToRgba`. */
export interface GridLayoutOptions {
  side?: number;
  cols?: number;
  scale?: number;
  gap?: number;
  captionHeight?: number;
}

/** The layout of n cells: `cols` is capped at n; an empty grid is 0×0. */
export function gridLayout(n: number, options: GridLayoutOptions = {}): GridLayout {
  const {side = 28, cols = 10, scale = 2, gap = 2, captionHeight = 0} = options;
  check.integer("n", n, 0);
  check.integer("side", side, 1);
  check.integer("cols", cols, 1);
  check.integer("scale", scale, 1, 64);
  check.integer("gap", gap, 0);
  check.integer("captionHeight", captionHeight, 0);
  const c = Math.max(1, Math.min(cols, n));
  const rows = Math.ceil(n / c);
  const cell = side * scale;
  const pitchX = cell + gap;
  const pitchY = cell + captionHeight + gap;
  return {
    n, side, cols: c, rows, scale, gap, captionHeight, cell,
    width: n === 0 ? 0 : c * pitchX - gap,
    height: n === 0 ? 0 : rows * pitchY - gap,
    x: (i) => (i % c) * pitchX,
    y: (i) => Math.floor(i / c) * pitchY
  };
}

/**
 * The RGBA pixels (row-major, `layout.width`×`layout.height`) of images laid out by `gridLayout`.
 * A value v in [0, 1] becomes grey 255·(1 − v) (`inkDark`, the default) or 255·v; values outside [0, 1] are clamped
 * and NaN draws as black. Gaps and caption bands are transparent (alpha 0).
 */
export function imagesToRgba(
  images: ArrayLike<number>,
  options: GridLayoutOptions & {inkDark?: boolean} = {}
): Uint8ClampedArray {
  const side = options.side ?? 28;
  const n = check.imageCount("images", images, side);
  const L = gridLayout(n, options);
  const inkDark = options.inkDark ?? true;
  const {width, scale, cell} = L;
  const out = new Uint8ClampedArray(L.width * L.height * 4);
  // One 32-bit write per pixel; grey has r = g = b, so only where alpha goes depends on the byte order.
  const words = new Uint32Array(out.buffer);
  const alpha = LITTLE_ENDIAN ? 0xff000000 : 0xff;
  const shift = LITTLE_ENDIAN ? 0 : 8;
  for (let i = 0; i < n; i++) {
    const x0 = L.x(i);
    const y0 = L.y(i);
    const base = i * side * side;
    for (let r = 0; r < side; r++) {
      // Fill the first screen row of image row r, then copy it scale − 1 times below.
      const first = (y0 + r * scale) * width + x0;
      let p = first;
      for (let c = 0; c < side; c++) {
        const v = images[base + r * side + c];
        const x = inkDark ? 255 - 255 * v : 255 * v;
        const g = x >= 255 ? 255 : x > 0 ? Math.round(x) : 0; // clamps; NaN → 0
        const word = (alpha | (((g << 16) | (g << 8) | g) << shift)) >>> 0;
        for (let s = 0; s < scale; s++) words[p++] = word;
      }
      for (let s = 1; s < scale; s++) words.copyWithin(first + s * width, first, first + cell);
    }
  }
  return out;
}

/**
 * Puts `rgba` (width×height) on `canvas`, resizing it if needed. Returns false, without throwing, when the canvas
 * has no 2-d context (jsdom, or a browser that refuses one).
 */
export function paintRgba(canvas: HTMLCanvasElement, rgba: Uint8ClampedArray, width: number, height: number): boolean {
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  if (width === 0 || height === 0) return true;
  let ctx: CanvasRenderingContext2D | null = null;
  try {
    ctx = canvas.getContext("2d");
  } catch {
    ctx = null;
  }
  if (!ctx) return false;
  const image = ctx.createImageData(width, height);
  image.data.set(rgba);
  ctx.putImageData(image, 0, 0);
  return true;
}

/** The element `imageGrid` returns: a <figure> whose canvas can be repainted in place. */
export interface ImageGridElement extends HTMLElement {
  /** The one canvas. */
  canvas: HTMLCanvasElement;
  /** Redraws with new images (and changed options), reusing the canvas; cheap when the layout is unchanged. */
  update(images: Float32Array | readonly number[], options?: ImageGridOptions): void;
}

interface Resolved {
  n: number;
  layout: GridLayout;
  labels: readonly string[] | null;
  inkDark: boolean;
  ariaLabel: string;
  description: string;
}

function resolve(images: unknown, o: typeof defaults): Resolved {
  const side = check.integer("side", o.side, 1);
  const n = check.imageCount("images", images, side);
  check.integer("cols", o.cols, 1);
  check.integer("scale", o.scale, 1, 64);
  check.integer("gap", o.gap, 0);
  check.boolean("inkDark", o.inkDark);
  const labels = o.labels ?? null;
  if (labels !== null) {
    if (!Array.isArray(labels) || labels.some((s) => typeof s !== "string")) {
      throw new Error(`invalid labels: ${check.show(labels)}; expected an array of strings`);
    }
    if (labels.length !== n) throw new Error(`invalid labels: length ${labels.length}; expected one per image (${n})`);
  }
  const layout = gridLayout(n, {side, cols: o.cols, scale: o.scale, gap: o.gap, captionHeight: labels ? CAPTION_HEIGHT : 0});
  const ariaLabel = check.string("ariaLabel", o.ariaLabel) || `${n} ${n === 1 ? "image" : "images"} of ${side}×${side} pixels`;
  const description =
    o.description !== undefined
      ? check.string("description", o.description)
      : labels && n > 0
        ? `${ariaLabel}. Captions, in reading order: ${labels.join(", ")}.`
        : "";
  return {n, layout, labels, inkDark: o.inkDark, ariaLabel, description};
}

function captionSpans(layout: GridLayout, labels: readonly string[]): HTMLElement {
  const box = document.createElement("div");
  box.setAttribute("aria-hidden", "true"); // the canvas's name and description already say them
  const {width: W, height: H, cell, captionHeight} = layout;
  const pct = (v: number, of: number) => `${+((100 * v) / of).toFixed(3)}%`;
  labels.forEach((text, i) => {
    const span = document.createElement("span");
    span.textContent = text;
    span.setAttribute(
      "style",
      `position:absolute;left:${pct(layout.x(i), W)};top:${pct(layout.y(i) + cell, H)};width:${pct(cell, W)};` +
        `line-height:${captionHeight}px;font:12px/${captionHeight}px system-ui,sans-serif;text-align:center;white-space:nowrap`
    );
    box.append(span);
  });
  return box;
}

/**
 * n greyscale side×side images on one canvas, `cols` per row, with optional captions.
 * `imageGrid(images, {cols: 8, labels: ["7", "2", …]})` → <figure> with `.canvas` and `.update(images)`.
 */
export function imageGrid(images: Float32Array | readonly number[], options: ImageGridOptions = {}): ImageGridElement {
  let o = check.withDefaults(defaults, options);
  let r = resolve(images, o);
  const shell = figureShell("image-grid", check.string("caption", o.caption));
  const wrap = document.createElement("div");
  const canvas = document.createElement("canvas");
  canvas.setAttribute("style", "display:block;width:100%;height:auto;image-rendering:pixelated");
  wrap.append(canvas);
  shell.body.append(wrap);
  let captions: HTMLElement | null = null;
  let captionKey = "";

  function render(imgs: ArrayLike<number>): void {
    const {layout} = r;
    wrap.setAttribute("style", `position:relative;width:100%;max-width:${layout.width}px`);
    labelImage(canvas, r.ariaLabel);
    const key = r.labels ? `${layout.width}x${layout.height}|${r.labels.join("\u0000")}` : "";
    if (key !== captionKey) {
      captions?.remove();
      captions = r.labels ? captionSpans(layout, r.labels) : null;
      if (captions) wrap.append(captions);
      captionKey = key;
    }
    const rgba = imagesToRgba(imgs, {
      side: layout.side, cols: layout.cols, scale: layout.scale, gap: layout.gap,
      captionHeight: layout.captionHeight, inkDark: r.inkDark
    });
    paintRgba(canvas, rgba, layout.width, layout.height);
    shell.describe(r.description, r.description ? canvas : null);
    if (!r.description) canvas.removeAttribute("aria-describedby");
  }

  render(images);
  return Object.assign(shell.figure, {
    canvas,
    update(next: Float32Array | readonly number[], changed: ImageGridOptions = {}) {
      o = check.withDefaults(o, changed);
      r = resolve(next, o);
      render(next);
    }
  });
}
