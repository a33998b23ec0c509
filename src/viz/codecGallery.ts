// codecGallery: the reconstructions behind each point of the rate–distortion chart, one small image grid per run,
// captioned with its configuration and numbers, after a row of the original digits. 32×32 images in [0, 1].
import {figureShell, fmt} from "./a11y.js";
import {imageGrid} from "./imageGrid.js";
import {pointLabel, type RatePoint} from "./rateDistortion.js";
import * as check from "./validate.js";

export interface GalleryRun extends RatePoint {
  /** n reconstructions of the first n originals, [n·1024]. */
  reconstructions: Float32Array;
  /** Steps the run trained. */
  step?: number;
}

export interface CodecGalleryOptions {
  /** Images shown per run (the first ones). Default 4. */
  perRun?: number;
  /** Screen pixels per image pixel. Default 2. */
  scale?: number;
  caption?: string;
}

const defaults = {perRun: 4, scale: 2, caption: ""};

/** "f4c4 · 4× · 22.4 dB · SSIM 0.919 · 300 steps". */
export function runCaption(r: GalleryRun): string {
  return [pointLabel(r), `${fmt(r.compression, r.compression < 1 ? 2 : 0)}×`, `${fmt(r.psnr, 1)} dB`, `SSIM ${fmt(r.ssim, 3)}`,
    r.step !== undefined ? `${r.step} steps` : "", r.reference ? "reference" : "yours"].filter(Boolean).join(" · ");
}

/** `codecGallery(originals, runs)` → <figure> with the originals and one captioned grid per run. */
export function codecGallery(originals: Float32Array, runs: readonly GalleryRun[], options: CodecGalleryOptions = {}): HTMLElement {
  const o = check.withDefaults(defaults, options);
  const n = check.integer("perRun", o.perRun, 1, 16);
  const count = check.imageCount("originals", originals, 32);
  if (count < n) throw new Error(`invalid originals: ${count} images; expected at least perRun = ${n}`);
  const shell = figureShell("codec-gallery", check.string("caption", o.caption));
  const grid = document.createElement("div");
  grid.className = "codec-gallery";
  const cell = (images: Float32Array, caption: string, label: string) =>
    imageGrid(images.subarray(0, n * 1024), {side: 32, cols: n, scale: o.scale, caption, ariaLabel: label, description: ""});
  grid.append(cell(originals, "Originals (held-out digits)", `The first ${n} held-out digits, 32×32`));
  runs.forEach((r, i) => {
    if (check.imageCount(`runs[${i}].reconstructions`, r.reconstructions, 32) < n) throw new Error(`invalid runs[${i}].reconstructions: fewer than ${n} images`);
    const text = runCaption(r);
    grid.append(cell(r.reconstructions, text, `Reconstructions by ${text}`));
  });
  shell.body.append(grid);
  shell.describe(runs.length ? `Reconstructions of the same ${n} held-out digits by ${runs.length} codec run${runs.length === 1 ? "" : "s"}: ${runs.map(runCaption).join("; ")}.` : "No runs yet.");
  return shell.figure;
}
