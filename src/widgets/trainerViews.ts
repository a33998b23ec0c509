// The live views of a trainer, drawn from plain data (a ViewSource): the reader's own run, or a precomputed one.
// Views are made once and then updated in place, which keeps each redraw to a few milliseconds.
import type {Views} from "../train/vaeSettings.js";
import type {EvalRecord, StepRecord} from "../train/trainer.js";
import {imageGrid, interpolationStrip, klBars, latentGrid, latentScatter, lossChart, reconstructionPairs} from "../viz/index.js";
import type {ImageGridElement, InterpolationStripElement, KlBarsElement, LatentGridElement, LatentScatterElement, LossChartElement, ReconstructionPairsElement} from "../viz/index.js";
import type {ViewName} from "./runtime/urlState.js";

export interface ViewSource {
  history: readonly StepRecord[];
  heldOut: readonly EvalRecord[];
  views: Views | null;
  /** Class labels of the held-out digits (for captions and text alternatives). */
  labels: readonly number[] | null;
  pick: [number, number];
}

export interface TrainerViews {
  element: HTMLElement;
  slots: Record<ViewName, HTMLElement>;
  /** Where the interpolation's digit pickers go. */
  pickers: HTMLElement;
  drawLoss(src: ViewSource): void;
  /** The KL bars of the latest held-out evaluation. */
  drawKl(src: ViewSource): void;
  /** The image views, as parts to draw one a frame. */
  imageParts(src: ViewSource): (() => void)[];
}

function panel(title: string, wide = false): HTMLElement {
  const div = document.createElement("div");
  div.className = wide ? "trainer-panel trainer-wide" : "trainer-panel";
  const h = document.createElement("h3");
  h.textContent = title;
  div.append(h);
  return div;
}

const fit = (slot: HTMLElement) => Math.max(280, Math.min(640, slot.clientWidth || 640));

export function trainerViews(): TrainerViews {
  const slots: Record<ViewName, HTMLElement> = {
    loss: panel("Loss per digit (nats)"),
    kl: panel("KL per latent dimension (held-out)"),
    recon: panel("Held-out digits and their reconstructions", true),
    samples: panel("Samples from the prior, z ~ N(0, I)", true),
    interp: panel("Interpolation in latent space", true),
    map: panel("The latent space (2-d only)", true)
  };
  const mapViews = document.createElement("div");
  mapViews.className = "trainer-map";
  const mapNote = document.createElement("p");
  mapNote.className = "trainer-hint";
  mapNote.textContent = "Set the latent dimension to 2 to see the held-out digits as a map, and the decoder's picture of it.";
  slots.map.append(mapNote, mapViews);
  const pickers = document.createElement("div");
  pickers.className = "trainer-pickers";
  slots.interp.append(pickers);
  const element = document.createElement("div");
  element.className = "trainer-views";
  element.append(...Object.values(slots));

  const v: {loss?: LossChartElement; kl?: KlBarsElement; recon?: ReconstructionPairsElement; samples?: ImageGridElement; interp?: InterpolationStripElement; scatter?: LatentScatterElement; grid?: LatentGridElement} = {};

  const drawLoss = (src: ViewSource) => {
    const opts = {heldOut: src.heldOut, width: fit(slots.loss), height: 240, caption: "", maxPoints: 400};
    if (v.loss) v.loss.update(src.history, opts); else slots.loss.append((v.loss = lossChart(src.history, opts)));
  };
  const drawKl = (src: ViewSource) => {
    const kl = src.heldOut.at(-1)?.klPerDim;
    if (kl) { if (v.kl) v.kl.update(kl); else slots.kl.append((v.kl = klBars(kl, {width: fit(slots.kl), height: 200}))); }
  };

  /** The image views, each a part to draw in a frame of its own (drawQueue.ts), or none before there are views. */
  const imageParts = (src: ViewSource): (() => void)[] => {
    const views = src.views;
    if (!views) return [];
    return [() => {
      const digits = views.shownIndices.map((i) => src.labels?.[i] ?? 0);
      if (v.recon) v.recon.update(views.originals, views.reconstructions, {digits});
      else slots.recon.append((v.recon = reconstructionPairs(views.originals, views.reconstructions, {digits})));
    }, () => {
      if (v.samples) v.samples.update(views.samples);
      else slots.samples.append((v.samples = imageGrid(views.samples, {cols: 10, ariaLabel: "Ten digits decoded from fixed draws of z from the prior"})));
    }, () => {
      const names = src.pick.map((i) => `digit ${src.labels?.[i] ?? "?"} (#${i})`);
      const io = {t: views.interpolationT, fromLabel: names[0], toLabel: names[1]};
      if (v.interp) v.interp.update(views.interpolation, io); else slots.interp.append((v.interp = interpolationStrip(views.interpolation, io)));
    }, () => {
      if (views.scatter && views.grid) {
        mapNote.hidden = true;
        if (v.scatter) v.scatter.update(views.scatter); else mapViews.append((v.scatter = latentScatter(views.scatter, {width: 360, height: 360})));
        if (v.grid) v.grid.update(views.grid, {extent: views.gridExtent}); else mapViews.append((v.grid = latentGrid(views.grid, {extent: views.gridExtent})));
      } else {
        mapNote.hidden = false;
        v.scatter?.remove(); v.grid?.remove();
        v.scatter = v.grid = undefined;
      }
    }];
  };

  return {element, slots, pickers, drawLoss, drawKl, imageParts};
}
