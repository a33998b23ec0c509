// Gradient, EMA and FSQ side by side (chapter "VQ-VAE"): three MNIST VQ-VAE runs from the same seed, the same
// initial encoder and decoder weights and the same batches, differing only in the quantiser; they train together,
// and one chart overlays their perplexity and dead codes.
import type {VqMnistViews} from "../labs/vqMnist.js";
import type {VqMnistSettings} from "../labs/vqMnistSpec.js";
import {perplexityChart, type HealthRecord} from "../viz/perplexityChart.js";
import {dropDraws, queueDraw} from "./kit/drawQueue.js";
import type {LabShellElement} from "./kit/labShell.js";
import {vqMnistLab} from "./vqMnistLab.js";

export interface VqCompareOptions extends Partial<VqMnistSettings> {
  dataUrl: string;
}

const RUNS = [["gradient", "VQ, gradient codebook"], ["ema", "VQ, EMA codebook"], ["fsq", "FSQ"]] as const;

export function vqCompare(options: VqCompareOptions): HTMLElement & {dispose(): void} {
  const {dataUrl, ...common} = options;
  const element = document.createElement("div");
  const labs: LabShellElement<VqMnistSettings, VqMnistViews>[] = RUNS.map(([quantizer, name]) => vqMnistLab({
    ...common, quantizer, dataUrl, title: name, group: "vq-compare", show: ["recon", "usage"], controls: quantizer === "fsq" ? ["levels"] : ["reset"]
  }));
  const bar = document.createElement("div");
  bar.className = "run-together";
  const button = document.createElement("button");
  button.type = "button";
  const sync = () => {
    const any = labs.some((l) => l.client.wanted);
    const text = any ? "Pause all three" : "Train all three";
    if (button.textContent !== text) button.textContent = text; // the same text set again still relays the page out
    button.setAttribute("aria-pressed", String(any));
  };
  button.addEventListener("click", () => {
    const any = labs.some((l) => l.client.wanted);
    for (const l of labs) (any ? l.client.pause() : l.client.play());
    sync();
  });
  bar.append(button);
  const side = document.createElement("div");
  side.className = "lab-side vq-three";
  side.append(...labs);
  const chart = perplexityChart(RUNS.map(([, name]) => ({name, records: []})), {width: 640, height: 170,
    caption: "Perplexity of each batch's codes (top) and dead codes (bottom), the three runs together"});
  element.append(bar, side, chart);
  // The chart redraws at most once a second while training: a wait is a timer, not a frame requested every frame.
  let frame = 0, timer = 0, last = -Infinity;
  const draw = () => {
    frame = 0;
    sync();
    const now = performance.now();
    const wait = last + 1000 - now;
    if (wait > 0 && labs.some((l) => l.client.wanted)) {
      if (!timer) timer = window.setTimeout(() => { timer = 0; if (!frame) frame = requestAnimationFrame(draw); }, wait);
      return;
    }
    last = now;
    queueDraw(chart, () => {
      const [top, bottom] = chart.updateParts(labs.map((l, i) => ({name: RUNS[i][1], records: l.client.records as unknown as HealthRecord[]})));
      top(); // the two Plot panels, one a frame
      return bottom;
    });
  };
  for (const l of labs) l.client.addEventListener("update", () => { if (!frame) frame = requestAnimationFrame(draw); });
  return Object.assign(element, {dispose: () => { if (frame) cancelAnimationFrame(frame); if (timer) clearTimeout(timer); dropDraws([chart]); for (const l of labs) l.dispose(); }});
}
