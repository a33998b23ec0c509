// The codec lab widget of the chapter "The VAE as the codec of latent diffusion": choose f and c (and the loss, β, run
// length, seed), train the small convolutional VAE in a Worker (../labs/codecLab.ts), and watch its reconstructions
// and latent. At step `runSteps` the lab pauses and the run becomes a point on the rate–distortion charts, beside the
// reference runs measured in Node; "Add to chart" adds the current state at any time.
import {codecLabSpec, codecLossNames, codecLosses, type CodecLabSettings, type CodecLabViews, type CodecLoss} from "../labs/codecLabSpec.js";
import {codecReference} from "../labs/codecReference.js";
import {latentShape} from "../math/codecs.js";
import {fmt} from "../viz/a11y.js";
import {codecField, ensureCodecStyle} from "./codecStyle.js";
import {livePanel, runFromEval, runFromReference, runsPanel, type CodecRun} from "./codecLabViews.js";
import {el} from "./kit/kit.js";
import {labShell} from "./kit/labShell.js";

export interface CodecLabOptions extends Partial<CodecLabSettings> {
  /** URL of the packed MNIST file (FileAttachment("../data/mnist.bin").href). */
  dataUrl: string;
  /** Accessible name and title. Default "Codec lab: a convolutional VAE on 32×32 digits". */
  title?: string;
  /** Show the f × c reference runs (scripts/codecReference.ts; cross-entropy, β = 0.001). Default true. */
  reference?: boolean;
}

export interface CodecLabElement extends HTMLElement {
  /** The runs the reader added. */
  readonly runs: readonly CodecRun[];
  dispose(): void;
}

const select = (options: readonly (readonly [string, string])[], value: string) => {
  const s = document.createElement("select");
  for (const [v, t] of options) s.append(new Option(t, v));
  s.value = value;
  return s;
};

/** "8×8×4 = 256 numbers for 1,024 pixels: 4 pixels per number". */
export function latentText(f: number, c: number): string {
  const l = latentShape({height: 32, width: 32, channels: 1, f, c});
  return `${l.h}×${l.w}×${l.c} = ${l.numbers.toLocaleString("en-US")} numbers for 1,024 pixels: ${l.compression < 1 ? `${fmt(l.compression, 2)} pixels per number (more numbers than pixels)` : `${fmt(l.compression, 0)} pixel${l.compression === 1 ? "" : "s"} per number`}`;
}

export function codecLab(options: CodecLabOptions): CodecLabElement {
  ensureCodecStyle();
  const {dataUrl, title = "Codec lab: a convolutional VAE on 32×32 digits", reference = true, ...given} = options;
  const settings: CodecLabSettings = {...codecLabSpec.defaults, ...given};
  const bad = codecLabSpec.check(settings);
  if (bad) throw new Error(bad);
  // The f × c grid of reference runs (cross-entropy, β = 0.001); the loss and β variants are the chapter's blur table.
  const references = reference ? codecReference.filter((r) => r.loss === "bernoulli" && r.beta === 1e-3).map(runFromReference) : [];
  const mine: CodecRun[] = [];
  const added = new Set<string>();
  let pausedFor = -1;

  const live = livePanel(), runs = runsPanel(references);
  const shell = labShell<CodecLabSettings, CodecLabViews>({
    title, spec: codecLabSpec, settings, dataUrl, group: null,
    workerUrl: new URL(import.meta.resolve("../labs/codecLab.worker.js"), location.href),
    render,
    describe: (c) => {
      const v = c.views, r = c.records[c.records.length - 1];
      return [r ? `loss ${fmt(r.loss, 1)}` : "", v ? `PSNR ${fmt(v.psnr, 1)} dB, KL ${fmt(v.klPerNumber, 2)} nats per number, ${v.activeNumbers} of ${v.latentNumbers} active at step ${v.step}` : "", `run of ${c.settings.runSteps} steps`].filter(Boolean).join(" · ");
    }
  });
  const {client} = shell;

  // Controls. f, c, loss and seed rebuild the model; β and the run length apply at once.
  const form = document.createElement("div");
  form.className = "lab-controls";
  const fSel = select([["2", "2 (16×16 latent)"], ["4", "4 (8×8 latent)"], ["8", "8 (4×4 latent)"]], String(settings.f));
  const cSel = select([1, 2, 4, 8, 16].map((c) => [String(c), String(c)] as const), String(settings.c));
  const lossSel = select(codecLosses.map((l) => [l, codecLossNames[l]] as const), settings.loss);
  const betaSel = select([["1", "1 (the ELBO)"], ["0.001", "0.001"], ["0.000001", "0.000001 (SD's autoencoder)"]], String(settings.beta));
  const num = (value: number, min: number, max: number) => Object.assign(document.createElement("input"), {type: "number", value: String(value), min: String(min), max: String(max), step: "1"});
  const runIn = num(settings.runSteps, 10, 5000), seedIn = num(settings.seed, 0, 2 ** 31 - 1);
  const shape = el("p", {className: "codec-note lab-wide"});
  shape.setAttribute("aria-live", "polite");
  const message = el("p", {className: "codec-message lab-wide"});
  message.setAttribute("role", "alert");
  form.append(codecField("Downsampling f", fSel), codecField("Latent channels c", cSel), codecField("Reconstruction loss", lossSel),
    codecField("KL weight β", betaSel), codecField("Run length (steps)", runIn), codecField("Seed", seedIn), shape, message);

  let chosen = {...settings}; // what the reader has chosen (the worker confirms it a moment later)
  function change(changes: Partial<CodecLabSettings>, input?: HTMLInputElement): void {
    const next = {...chosen, ...changes};
    const why = codecLabSpec.check(next);
    input?.setAttribute("aria-invalid", String(!!why));
    if (why) { message.textContent = `${why}. The previous value is kept.`; return; }
    message.textContent = "";
    chosen = next;
    shape.textContent = `Latent: ${latentText(next.f, next.c)}.`;
    client.set(changes);
  }
  fSel.addEventListener("change", () => change({f: Number(fSel.value) as 2}));
  cSel.addEventListener("change", () => change({c: Number(cSel.value)}));
  lossSel.addEventListener("change", () => change({loss: lossSel.value as CodecLoss}));
  betaSel.addEventListener("change", () => change({beta: Number(betaSel.value)}));
  runIn.addEventListener("change", () => change({runSteps: Number(runIn.value)}, runIn));
  seedIn.addEventListener("change", () => change({seed: Number(seedIn.value)}, seedIn));
  shape.textContent = `Latent: ${latentText(settings.f, settings.c)}.`;

  const bar = document.createElement("div");
  bar.className = "lab-bar";
  const addButton = Object.assign(document.createElement("button"), {type: "button", className: "lab-action", textContent: "Add to chart"});
  const clearButton = Object.assign(document.createElement("button"), {type: "button", className: "lab-action", textContent: "Clear my runs"});
  const progress = document.createElement("span");
  progress.className = "lab-status";
  bar.append(addButton, clearButton, progress);
  const runsHeading = Object.assign(document.createElement("h4"), {textContent: "What channels buy: finished runs"});
  shell.body.append(form, live.element, bar, runsHeading, runs.element);

  function add(run: CodecRun): void {
    const key = `${run.f}|${run.c}|${run.loss}|${run.beta}|${run.step}|${client.settings.seed}`;
    if (added.has(key)) return;
    added.add(key);
    mine.push(run);
    runs.update(mine, client.views?.originals ?? null);
  }
  addButton.addEventListener("click", () => { if (client.views) add(runFromEval(client.views)); });
  clearButton.addEventListener("click", () => { mine.length = 0; added.clear(); runs.update(mine, client.views?.originals ?? null); });
  runs.update(mine, null);

  let originalsShown = false;
  function render(v: CodecLabViews | null): void {
    const last = client.records[client.records.length - 1]?.step ?? 0;
    const runSteps = client.settings.runSteps;
    // A run is finished at runSteps: pause once, and add the evaluation the lab kept at that step.
    if (last >= runSteps && client.wanted && pausedFor !== runSteps) { pausedFor = runSteps; client.pause(); }
    if (last < runSteps) pausedFor = -1;
    if (v?.finished) add(runFromEval(v.finished));
    addButton.disabled = !v;
    progress.textContent = `Step ${last} of ${runSteps}${last >= runSteps ? " (finished; Train continues past it)" : ""} · ${mine.length} of your runs on the chart`;
    if (v) {
      live.update(v);
      if (!originalsShown) { originalsShown = true; runs.update(mine, v.originals); }
    }
  }

  const element = shell.element as unknown as CodecLabElement;
  Object.defineProperty(element, "runs", {get: () => mine});
  return element;
}
