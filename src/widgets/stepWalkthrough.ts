// The walkthrough of ONE training step of the MNIST VAE in the chapter "The reparameterisation trick": a button takes
// one SGD step on one held-out digit, on the main thread with tfjs's default backend (one digit, one step per click:
// small on purpose; the chapter "A VAE on MNIST" trains in a Worker), and shows every number on the way: the digit,
// μ and log σ², the drawn ε, z = μ + σ ⊙ ε, the decoded image, the loss parts, the gradients that reach μ and log σ²
// through z, and the gradient norm of each layer. Weights come from Rng(seed, "init"), ε from Rng(seed, "eps").
import * as tf from "@tensorflow/tfjs";
import type {Digits} from "../data/mnistPack.js";
import {createVae, type Vae} from "../models/vae.js";
import {Rng} from "../math/rng.js";
import {fmt} from "../viz/a11y.js";
import {digitPicker} from "../viz/digitPicker.js";
import {imageGrid, type ImageGridElement} from "../viz/imageGrid.js";
import {fmtNorm, layerNorms, type LayerNormsElement} from "../viz/layerNorms.js";
import {vaeStep, type StepNumbers} from "./reparamStep.js";
import {addressNoticeElement, reparamAddress, reparamShare, stepDefaults, stepSchema, type StepSettings} from "./reparamAddress.js";
import {el, ensureReparamStyle, field, numberInput, tableWrap} from "./reparamStyle.js";

export interface StepWalkthroughOptions {
  /** The held-out digits (decodeMnist(…).test). */
  digits: Digits;
  /** Seed of the weights and of ε. Default 1. */
  seed?: number;
  /** The digit, an index into `digits`. Default 0. */
  index?: number;
  /** SGD learning rate. Default 1e-3. */
  lr?: number;
  /** Latent dimensions shown in the table (of 20). Default 5. */
  shownDims?: number;
  /** Accessible name. Default "One training step, number by number". */
  label?: string;
  /** Starting seed and digit as an object (the module snippet's); they override `seed` and `index`, and the page
   * address overrides both. */
  state?: Partial<StepSettings>;
  /** Read the seed and digit from the page address and write changes back, so a link reproduces them. Default true. */
  syncUrl?: boolean;
  /** Prefix of this widget's parameters in the address, for a page with several widgets (e.g. "step."). Default none. */
  urlPrefix?: string;
  /** The site's root URL, for the embed snippets. Default: the site that serves this module. */
  siteRoot?: string;
}

export interface StepWalkthroughElement extends HTMLElement {
  /** The seed and the digit shown (what a link carries). */
  readonly value: StepSettings;
  /** Takes one step (as the button does); resolves to its numbers. */
  step(): Promise<StepNumbers>;
  /** Steps taken since the weights were drawn. */
  readonly steps: number;
  dispose(): void;
}

const f3 = (v: number) => fmt(v, 3);

export function stepWalkthrough(options: StepWalkthroughOptions): StepWalkthroughElement {
  ensureReparamStyle();
  const {digits} = options;
  // The seed and digit: the defaults, then the page's options, then the page address (clamped; notes for the reader).
  // (An index the page gives that is not a digit is an error, reported by the picker; one from the address is clamped.)
  const schema = stepSchema(Math.floor(digits.images.length / 784));
  const {initial, sync} = reparamAddress(schema, stepDefaults, options);
  let seed = initial.seed;
  const lr = options.lr ?? 1e-3;
  const shown = options.shownDims ?? 5;
  const title = options.label ?? "One training step, number by number";
  const root = el("section", {className: "rp-box rp-walk"}) as unknown as StepWalkthroughElement;
  root.setAttribute("aria-label", title);

  let vae: Vae | null = null;
  let epsRng = new Rng(seed, "eps");
  let steps = 0;
  let busy = false;
  let disposed = false;
  const history: {step: number; loss: number; after: number}[] = [];

  const picker = digitPicker(digits.images, digits.labels, {label: "Digit (held out)", value: initial.index, scale: 2});
  const settings = (): StepSettings => ({seed, index: picker.value});
  const saved = () => {
    sync.write(settings());
    share.refresh();
  };
  picker.addEventListener("input", () => {
    history.length = 0;
    live.textContent = `Digit changed to ${digits.labels[picker.value]} (#${picker.value}); the weights are kept.`;
    saved();
  });
  const seedInput = numberInput(seed, 0, 2147483647, "1", (v) => {
    seed = v;
    resetWeights(`Seed ${v}: new weights and a new ε stream.`);
    saved();
  });
  const stepButton = el("button", {type: "button", className: "rp-primary", textContent: "Take one step", disabled: true});
  const resetButton = el("button", {type: "button", textContent: "Reset weights", disabled: true});
  const live = el("span", {className: "rp-status", textContent: "Preparing TensorFlow.js…"});
  live.setAttribute("role", "status");
  const controls = el("div", {className: "rp-controls"}, picker, field("Seed", seedInput, "Weights and every ε."));
  const bar = el("div", {className: "rp-bar"}, stepButton, resetButton, live);

  const out = el("div", {className: "rp-walk-out"});
  out.append(el("p", {className: "rp-note", textContent: "Press “Take one step”: the numbers of that step appear here."}));
  const notice = addressNoticeElement(sync.notes);
  const share = reparamShare({schema, defaults: stepDefaults, sync, syncUrl: options.syncUrl, state: settings, siteRoot: options.siteRoot,
    name: "step-walkthrough", exportName: "stepWalkthrough", title});
  root.append(notice, controls, bar, out, share);

  let images: ImageGridElement | null = null;
  let norms: LayerNormsElement | null = null;

  function resetWeights(message: string): void {
    vae?.dispose();
    vae = createVae({}, new Rng(seed, "init"));
    epsRng = new Rng(seed, "eps");
    steps = 0;
    history.length = 0;
    live.textContent = message;
  }

  stepButton.addEventListener("click", () => void step().catch((e) => {
    live.textContent = `The step failed: ${e instanceof Error ? e.message : e}`;
    live.className = "rp-status rp-error";
  }));
  resetButton.addEventListener("click", () => resetWeights(`Weights drawn again from seed ${seed}; ε starts again.`));

  async function step(): Promise<StepNumbers> {
    if (!vae) throw new Error("the model is not ready yet");
    if (busy) throw new Error("a step is already running");
    busy = true;
    stepButton.disabled = true;
    try {
      const i = picker.value;
      const x = digits.images.subarray(i * 784, (i + 1) * 784);
      const eps = epsRng.normals(vae.latentDim);
      const t0 = performance.now();
      const r = await vaeStep(vae, x, eps, lr);
      const ms = performance.now() - t0;
      steps++;
      history.push({step: steps, loss: r.loss, after: r.lossAfter});
      if (!disposed) show(r, x, digits.labels[i], i, ms);
      live.className = "rp-status";
      live.textContent = `Step ${steps} on digit ${digits.labels[i]} (#${i}): loss ${fmt(r.loss, 1)} → ${fmt(r.lossAfter, 1)} nats with the same ε.`;
      return r;
    } finally {
      busy = false;
      stepButton.disabled = disposed;
    }
  }

  function show(r: StepNumbers, x: Float32Array, label: number, index: number, ms: number): void {
    const pair = new Float32Array(2 * 784);
    pair.set(x, 0);
    pair.set(r.decoded, 784);
    const imgOpts = {
      cols: 2, scale: 3, labels: ["input x", "decoded"],
      ariaLabel: `Digit ${label} (#${index}) and the decoder's pixel probabilities for z`,
      description: `Left, the input digit ${label}. Right, the image decoded from z after ${steps - 1} ${steps - 1 === 1 ? "step" : "steps"} of training: ` +
        (steps <= 3 ? "an untrained decoder gives an almost uniform grey." : "it drifts toward this digit as the steps repeat.")
    };
    if (!images) images = imageGrid(pair, imgOpts);
    else images.update(pair, imgOpts);

    const k = Math.min(shown, r.mu.length);
    const cols = ["j", "μⱼ", "log σ²ⱼ", "σⱼ", "εⱼ", "zⱼ = μⱼ + σⱼεⱼ", "∂recon/∂zⱼ", "∂loss/∂μⱼ", "∂loss/∂log σ²ⱼ"];
    const rows = Array.from({length: k}, (_, j) => el("tr", {},
      el("th", {scope: "row", textContent: String(j + 1)}),
      ...[r.mu[j], r.logVar[j], r.sigma[j], r.eps[j], r.z[j], r.dReconDz[j], r.dLossDmu[j], r.dLossDlogVar[j]].map((v) => el("td", {textContent: f3(v)}))));
    const table = el("table", {},
      el("caption", {textContent: `The first ${k} of ${r.mu.length} latent dimensions, forward (μ to z) and backward (gradients). ` +
        `Autodiff's gradient of the μ-head bias agrees with ∂loss/∂μ to ${fmtNorm(maxDiff(r.gradBmu, r.dLossDmu))}.`}),
      el("thead", {}, el("tr", {}, ...cols.map((c) => el("th", {scope: "col", textContent: c})))),
      el("tbody", {}, ...rows));

    const numbers = el("dl", {className: "rp-numbers"},
      el("dt", {textContent: "reconstruction"}), el("dd", {textContent: `${fmt(r.recon, 2)} nats`}),
      el("dt", {textContent: "KL"}), el("dd", {textContent: `${fmt(r.kl, 3)} nats`}),
      el("dt", {textContent: "loss = recon + KL"}), el("dd", {textContent: `${fmt(r.loss, 2)} nats`}),
      el("dt", {textContent: `after the update (η = ${r.lr})`}), el("dd", {textContent: `${fmt(r.lossAfter, 2)} nats`}),
      el("dt", {textContent: "time for this step"}), el("dd", {textContent: `${Math.round(ms)} ms (${tf.getBackend()})`}));

    const normItems = r.layerNorms.map((d) => ({name: d.name, value: d.norm}));
    const normOpts = {ariaLabel: "Gradient norm per layer", xLabel: "‖∇ loss‖ for the layer's weights and bias (log scale)"};
    if (!norms) norms = layerNorms(normItems, {...normOpts, width: 600});
    else norms.update(normItems, normOpts);

    const hist = history.slice(-6).map((h) => `step ${h.step}: ${fmt(h.loss, 1)} → ${fmt(h.after, 1)}`).join("; ");
    out.replaceChildren(
      el("div", {className: "rp-row"},
        el("div", {}, el("h3", {textContent: "The digit and its decoding"}), images),
        el("div", {}, el("h3", {textContent: "The loss"}), numbers, el("p", {className: "rp-note", textContent: `This digit so far: ${hist}.`}))),
      el("h3", {textContent: "Encode, draw ε, form z; then the gradients back through z"}),
      tableWrap(table, "Latent numbers of this step"),
      el("h3", {textContent: "Gradient norm per layer"}),
      norms);
  }

  (async () => {
    await tf.ready();
    if (disposed) return;
    resetWeights(`Ready (TensorFlow.js backend: ${tf.getBackend()}). Weights from seed ${seed}.`);
    stepButton.disabled = false;
    resetButton.disabled = false;
  })().catch((e) => {
    live.textContent = `TensorFlow.js could not start: ${e instanceof Error ? e.message : e}`;
    live.className = "rp-status rp-error";
  });

  Object.defineProperty(root, "steps", {get: () => steps});
  Object.defineProperty(root, "value", {get: settings});
  return Object.assign(root, {
    step,
    dispose() {
      disposed = true;
      sync.dispose();
      stepButton.disabled = true;
      vae?.dispose();
      vae = null;
    }
  });
}

function maxDiff(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
