// Gradient, EMA and FSQ side by side (chapter "VQ-VAE"): three MNIST VQ-VAE runs from the same seed, the same
// initial encoder and decoder weights and the same batches, differing only in the quantiser; they train together,
// and one chart overlays their perplexity and dead codes.
import type {VqMnistViews} from "../labs/vqMnist.js";
import type {VqMnistSettings} from "../labs/vqMnistSpec.js";
import {perplexityChart, type HealthRecord} from "../viz/perplexityChart.js";
import type {LabShellElement} from "./labShell.js";
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
    button.textContent = any ? "Pause all three" : "Train all three";
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
  let frame = 0, last = 0;
  const draw = () => {
    frame = 0;
    sync();
    const now = performance.now();
    if (now - last < 1000 && labs.some((l) => l.client.wanted)) { frame = requestAnimationFrame(draw); return; }
    last = now;
    chart.update(labs.map((l, i) => ({name: RUNS[i][1], records: l.client.records as unknown as HealthRecord[]})));
  };
  for (const l of labs) l.client.addEventListener("update", () => { if (!frame) frame = requestAnimationFrame(draw); });
  return Object.assign(element, {dispose: () => { if (frame) cancelAnimationFrame(frame); for (const l of labs) l.dispose(); }});
}
