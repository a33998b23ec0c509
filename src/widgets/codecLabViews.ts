// The views of the codec lab widget (codecLab.ts): the live reconstructions and latent channels with their numbers,
// and the finished runs (rate–distortion charts for PSNR and SSIM, the table, the gallery). Plain data in, DOM out.
import {ACTIVE_THRESHOLD} from "../math/activeUnits.js";
import type {CodecEval, CodecLabViews} from "../labs/codecLabSpec.js";
import {decodeBytes, type CodecReferenceRow} from "../labs/codecReferenceData.js";
import {fmt} from "../viz/a11y.js";
import {codecGallery, type GalleryRun} from "../viz/codecGallery.js";
import {codecPoints, type PointRow} from "../viz/codecPoints.js";
import {imageGrid, type ImageGridElement} from "../viz/imageGrid.js";
import {rateDistortion, type RateDistortionElement} from "../viz/rateDistortion.js";

export type CodecRun = PointRow & GalleryRun;

/** A finished (or added) evaluation as a run of the chart. */
export function runFromEval(e: CodecEval): CodecRun {
  return {f: e.f, c: e.c, compression: e.compression, psnr: e.psnr, ssim: e.ssim, loss: e.loss, beta: e.beta, sharpness: e.sharpness,
    scalingFactor: e.scalingFactor, step: e.step, reference: false, reconstructions: e.reconstructions.slice(0, 4 * 1024)};
}

/** A reference row (codecReference.ts) as a run of the chart. */
export function runFromReference(r: CodecReferenceRow): CodecRun {
  return {f: r.f, c: r.c, compression: r.compression, psnr: r.psnr, ssim: r.ssim, loss: r.loss, beta: r.beta, sharpness: r.sharpness,
    scalingFactor: r.scalingFactor, step: r.step, reference: true, reconstructions: decodeBytes(r.reconstructions)};
}

/** μ of one digit [s·s·c] (NHWC) → c images of s×s, each scaled to [0, 1] over the whole latent (one shared scale). */
export function latentChannels(latent: Float32Array, side: number, c: number): Float32Array {
  let lo = Infinity, hi = -Infinity;
  for (const v of latent) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  const span = hi - lo || 1, out = new Float32Array(side * side * c);
  for (let p = 0; p < side * side; p++) for (let k = 0; k < c; k++) out[k * side * side + p] = (latent[p * c + k] - lo) / span;
  return out;
}

/** The live panel: originals over reconstructions, the first digit's latent channels, and the readout. */
export function livePanel() {
  const root = document.createElement("div");
  root.className = "lab-views";
  const pairsPanel = document.createElement("div"), latentPanel = document.createElement("div");
  pairsPanel.className = latentPanel.className = "lab-panel";
  const h1 = Object.assign(document.createElement("h4"), {textContent: "Held-out digits (top) and their reconstructions (bottom)"});
  const h2 = Object.assign(document.createElement("h4"), {textContent: "The latent of the first digit, one image per channel"});
  const readout = document.createElement("p");
  readout.className = "codec-readout";
  readout.setAttribute("aria-live", "off");
  let pairs: ImageGridElement | null = null, channels: ImageGridElement | null = null;
  pairsPanel.append(h1);
  latentPanel.append(h2);
  root.append(pairsPanel, latentPanel, readout);
  readout.classList.add("lab-wide");

  function update(v: CodecLabViews): void {
    const n = v.originals.length / 1024, both = new Float32Array(2 * n * 1024);
    both.set(v.originals); both.set(v.reconstructions, n * 1024);
    const label = `${n} held-out digits and their reconstructions at step ${v.step}: PSNR ${fmt(v.psnr, 1)} dB, SSIM ${fmt(v.ssim, 3)}`;
    if (!pairs) { pairs = imageGrid(both, {side: 32, cols: n, scale: 2, ariaLabel: label, description: ""}); pairsPanel.append(pairs); }
    else pairs.update(both, {ariaLabel: label});
    const s = v.latentSide, img = latentChannels(v.latent, s, v.c), scale = Math.max(1, Math.round(64 / s));
    const cl = `${v.c} latent channel${v.c === 1 ? "" : "s"} of ${s}×${s} for the first digit (grey level: value, one scale for all)`;
    if (!channels) { channels = imageGrid(img, {side: s, cols: Math.min(v.c, 8), scale, ariaLabel: cl, description: ""}); latentPanel.append(channels); }
    else channels.update(img, {side: s, cols: Math.min(v.c, 8), scale, ariaLabel: cl});
    readout.textContent = `Step ${v.step} on ${v.latentSide}×${v.latentSide}×${v.c} latents (${v.compression < 1 ? fmt(v.compression, 2) : fmt(v.compression, 0)} pixel${v.compression === 1 ? "" : "s"} per number): ` +
      `PSNR ${fmt(v.psnr, 2)} dB · SSIM ${fmt(v.ssim, 3)} · sharpness ${fmt(v.sharpness, 2)} · KL ${fmt(v.klPerNumber, 2)} nats per number, ${v.activeNumbers.toLocaleString("en")} of ${v.latentNumbers.toLocaleString("en")} numbers active · ` +
      `scaling factor 1/std(z) = ${fmt(v.scalingFactor, 3)}, shift mean(z) = ${fmt(v.shiftFactor, 3)} (on ${32} held-out digits).` +
      // Before step 100 a small initial encoder, not the KL, is why means hardly vary: no collapse is claimed then.
      (v.activeNumbers < v.latentNumbers && v.step >= 100 ? ` ${(v.latentNumbers - v.activeNumbers).toLocaleString("en")} latent numbers are inactive (their posterior mean hardly varies over the digits, variance ≤ ${ACTIVE_THRESHOLD}): the KL weight has switched them off, as in chapter 5's posterior collapse.` : "");
  }
  return {element: root, update};
}

/** The finished runs: two charts, the table and the gallery, redrawn when the list of runs changes. */
export function runsPanel(reference: readonly CodecRun[]) {
  const root = document.createElement("div");
  root.className = "lab-views";
  const psnr: RateDistortionElement = rateDistortion(reference, {metric: "psnr", caption: "PSNR against compression"});
  const ssim: RateDistortionElement = rateDistortion(reference, {metric: "ssim", caption: "SSIM against compression"});
  const table = document.createElement("div"), gallery = document.createElement("div");
  table.className = gallery.className = "lab-wide";
  root.append(psnr, ssim, table, gallery);
  function update(mine: readonly CodecRun[], originals: Float32Array | null): void {
    const all = [...reference, ...mine];
    psnr.update(all); ssim.update(all);
    table.replaceChildren(codecPoints(all, {caption: `Finished runs: ${reference.length} reference, ${mine.length} yours`}));
    gallery.replaceChildren(...(originals ? [codecGallery(originals, mine.length ? mine : reference, {caption: mine.length ? "Your runs' reconstructions" : "Reference runs' reconstructions (yours appear here)"})] : []));
  }
  return {element: root, update};
}
