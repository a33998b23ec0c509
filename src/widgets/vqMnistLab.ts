// The MNIST VQ-VAE widget (chapter "VQ-VAE"): one run of the lab in ../labs/vqMnist.ts with its views, each
// optional: reconstructions, one digit's grid of code indices, the held-out code usage as a sorted histogram,
// perplexity and dead codes over the steps, and samples decoded from three priors over code grids.
import type {PriorKind, VqMnistViews} from "../labs/vqMnist.js";
import {vqMnistFixed as F, vqMnistSpec, type VqMnistSettings} from "../labs/vqMnistSpec.js";
import {fmt, uid} from "../viz/a11y.js";
import {codeGrid} from "../viz/codeGrid.js";
import {codeUsage} from "../viz/codeUsage.js";
import {imageGrid} from "../viz/imageGrid.js";
import {perplexityChart} from "../viz/perplexityChart.js";
import type {LabClient} from "./runtime/labClient.js";
import {labShell, type LabShellElement} from "./kit/labShell.js";
import {schemaControls} from "./kit/schemaControls.js";
import {panel} from "./kit/kit.js";
import {healthRedraw} from "./vqPanel.js";

export type VqMnistView = "recon" | "grid" | "usage" | "health" | "samples";

export interface VqMnistLabOptions extends Partial<VqMnistSettings> {
  title?: string;
  /** The MNIST file's URL: FileAttachment("../data/mnist.bin").href. */
  dataUrl: string;
  group?: string | null;
  show?: readonly VqMnistView[];
  /** Which settings get a control. Default all. */
  controls?: readonly (keyof VqMnistSettings)[];
}

export const PRIOR_NAMES: Record<PriorKind, string> = {uniform: "uniform over codes", position: "one categorical per position", neighbour: "conditioned on left and upper codes"};

/** The settings offered as controls by default, in this order (the digit shown has its own picker). */
const CONTROLS: (keyof VqMnistSettings & string)[] = ["quantizer", "reset", "K", "D", "levels", "beta", "lr", "seed"];

export function vqMnistLab(options: VqMnistLabOptions): LabShellElement<VqMnistSettings, VqMnistViews> {
  const {title = "A VQ-VAE on MNIST", dataUrl, group = null, show = ["recon", "grid", "usage", "health", "samples"], controls: keys, ...initial} = options;
  const settings = {...vqMnistSpec.defaults, ...initial};
  const bad = vqMnistSpec.check(settings);
  if (bad) throw new Error(bad);
  const shell = labShell<VqMnistSettings, VqMnistViews>({
    title,
    workerUrl: new URL(import.meta.resolve("../labs/vqMnist.worker.js"), location.href),
    spec: vqMnistSpec, settings, dataUrl, group, render,
    describe: (c) => {
      const r = c.records[c.records.length - 1];
      return r ? `loss ${fmt(r.loss, 1)} · perplexity ${fmt(r.perplexity, 1)} · ${r.dead} dead` : "";
    }
  });
  const controls = schemaControls(vqMnistSpec, shell.client, settings, keys ? CONTROLS.filter((k) => keys.includes(k)) : CONTROLS);
  const px = 28 * 28, n = 8;
  const recon = imageGrid(new Float32Array(2 * n * px), {cols: n, scale: 2, ariaLabel: "Held-out digits (top row) and their reconstructions (bottom row)"});
  const picker = document.createElement("select");
  picker.id = uid("vq-pick");
  for (let i = 0; i < F.shown; i++) picker.append(new Option(`held-out digit ${i + 1}`, String(i)));
  const pickLabel = document.createElement("label");
  pickLabel.htmlFor = picker.id;
  pickLabel.textContent = "Digit: ";
  const pick = document.createElement("p");
  pick.append(pickLabel, picker);
  let chosen = settings.image;
  picker.value = String(chosen);
  const grid = codeGrid(new Float32Array(px), new Int32Array(49), {scale: 8});
  const usage = codeUsage(new Float64Array(settings.K), {what: "held-out code positions (256 digits)"});
  const usageText = document.createElement("p");
  const health = perplexityChart([], {width: 400});
  const samples = Object.fromEntries((["uniform", "position", "neighbour"] as PriorKind[]).map((k) =>
    [k, imageGrid(new Float32Array(F.samples * px), {cols: F.samples, scale: 2, caption: `Prior: ${PRIOR_NAMES[k]}`, ariaLabel: `${F.samples} samples decoded from code grids drawn ${k === "uniform" ? "uniformly" : `from the prior ${PRIOR_NAMES[k]}`}`})])) as Record<PriorKind, ReturnType<typeof imageGrid>>;
  const bitsText = document.createElement("p");

  const views = document.createElement("div");
  views.className = "lab-views";
  const parts: Record<VqMnistView, () => HTMLElement> = {
    recon: () => panel("Reconstructions (held-out digits)", [recon]),
    grid: () => panel("The grid of code indices for one digit", [pick, grid]),
    usage: () => panel("Code usage, most used first", [usage, usageText]),
    health: () => panel("Codebook health during training", [health]),
    samples: () => { const p = panel("Samples: decode code grids drawn from a prior", [samples.uniform, samples.position, samples.neighbour, bitsText]); p.classList.add("lab-wide"); return p; }
  };
  for (const v of show) views.append(parts[v]());
  const on = new Set(show);
  shell.body.append(controls.element, views);

  picker.addEventListener("change", () => { chosen = Number(picker.value); if (shell.client.views) drawGrid(shell.client.views); });
  function drawGrid(v: VqMnistViews): void {
    grid.update(v.originals.slice(chosen * px, (chosen + 1) * px), v.grids.subarray(chosen * 49, (chosen + 1) * 49));
  }

  let shownViews: VqMnistViews | null = null, shownSettings: VqMnistSettings | null = null;
  const redrawHealth = healthRedraw(shell.queue, health, 1000);
  function render(v: VqMnistViews | null, client: LabClient<VqMnistSettings, VqMnistViews>): void {
    if (client.settings !== shownSettings) { shownSettings = client.settings; controls.show(client.settings); }
    if (v && v !== shownViews) {
      shownViews = v;
      // Each view in a frame of its own (./drawQueue.ts).
      // Views left out of `show` are not drawn at all.
      if (on.has("recon")) shell.queue(recon, () => {
        const both = new Float32Array(2 * n * px);
        both.set(v.originals.subarray(0, n * px));
        both.set(v.recons.subarray(0, n * px), n * px);
        recon.update(both);
      });
      if (on.has("grid")) shell.queue(grid, () => drawGrid(v));
      if (on.has("usage")) shell.queue(usage, () => usage.update(v.heldOutCounts));
      usageText.textContent = `Held-out perplexity ${fmt(v.heldOutPerplexity, 1)} of ${v.codes} codes; ${v.dead} codes dead by the training usage (share below 3% of 1/K).`;
      if (on.has("samples")) for (const k of ["uniform", "position", "neighbour"] as PriorKind[]) shell.queue(samples[k], () => samples[k].update(v.samples[k]));
      bitsText.textContent = `Priors fitted at step ${v.priorStep} on 1,024 training digits' code grids. Held-out cost per code: ` +
        `uniform ${fmt(v.bits.uniform, 2)} bits, per position ${fmt(v.bits.position, 2)} bits, neighbour-conditioned ${fmt(v.bits.neighbour, 2)} bits.`;
    }
    if (on.has("health")) redrawHealth(client as unknown as LabClient<object, unknown>);
  }
  return shell.element;
}
