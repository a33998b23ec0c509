// Two runs of the collapse VAE side by side, from one seed: the first as given (β = 1 by default), the second
// under the reader's schedule or free bits. Each run shows the KL of every latent over training as a heatmap; below,
// the schedules, the active units (Burda et al. 2016, on 500 held-out digits) and the held-out −ELBO of both runs.
// The two labs form one group, so "Train both" runs them together. Used by chapters 5 (fixed: none vs free bits)
// and 6 (the second run's schedule editable).
import {sampleSchedule} from "../math/klSchedules.js";
import {annealingKinds, annealingSpec, checkAnnealing, describeSchedule, scheduleSpec, type AnnealingKind, type AnnealingSettings} from "../labs/annealingSpec.js";
import type {AnnealingViews} from "../labs/annealing.js";
import {fmt} from "../viz/a11y.js";
import {klHeatmap, type KlRow} from "../viz/klHeatmap.js";
import {runCompareChart} from "../viz/runCompareChart.js";
import {scheduleChart} from "../viz/scheduleChart.js";
import {ensureCollapseStyle} from "./collapseControls.js";
import {field, numberInput, select, setText} from "./kit/kit.js";
import {dropDraws, queueDraw} from "./kit/drawQueue.js";
import {labShell, type LabShell} from "./kit/labShell.js";

export interface CollapseCompareOptions {
  /** Settings of the two runs, over the lab's defaults; the seed of the first is used for both. */
  first?: Partial<AnnealingSettings>;
  second?: Partial<AnnealingSettings>;
  /** Show the form that changes the second run's schedule. Default false. */
  editable?: boolean;
  /** URL of the MNIST file (FileAttachment("../data/mnist.bin").href). */
  dataUrl: string;
  /** Steps the schedule chart spans at least. Default 600. */
  steps?: number;
  /** Accessible name of the whole comparison. */
  title?: string;
  /** Group name, unique on the page. */
  group?: string;
}

export interface CollapseCompareElement extends HTMLElement {
  dispose(): void;
}

const kindText: Record<AnnealingKind, string> = {
  none: "none (β = 1)", linear: "linear warm-up", cyclical: "cyclical", sigmoid: "sigmoid", constant: "constant β", freeBits: "free bits"
};
/** The fields of each kind: [settings key, label, min, max, step]. */
const kindFields: Record<AnnealingKind, [keyof AnnealingSettings, string, number, number, number | "any"][]> = {
  none: [],
  linear: [["warmup", "Warm-up W (steps)", 0, 100000, 1]],
  cyclical: [["total", "T (steps)", 1, 100000, 1], ["cycles", "Cycles M", 1, 100, 1], ["ratio", "Rising proportion R", 0.01, 1, 0.01]],
  sigmoid: [["centre", "Centre c (step)", 0, 100000, 1], ["steepness", "Steepness k (per step)", 0.0001, 1, "any"]],
  constant: [["beta", "β", 0, 100, 0.05]],
  freeBits: [["lambda", "λ (nats per dimension)", 0.01, 10, 0.05]]
};

const rowsOf = (records: readonly {[k: string]: number}[], k: number): KlRow[] =>
  records.map((r) => ({step: r.step, kl: Array.from({length: k}, (_, j) => r[`kl${j + 1}`])}));

export function collapseCompare(options: CollapseCompareOptions): CollapseCompareElement {
  const {dataUrl, editable = false, steps = 600, title = "Two runs from one seed", group = `collapse-${Math.random().toString(36).slice(2)}`} = options;
  const base = {...annealingSpec.defaults, ...options.first};
  const settings = [base, {...annealingSpec.defaults, ...options.second, seed: base.seed}];
  for (const s of settings) { const bad = checkAnnealing(s); if (bad) throw new Error(bad); }

  ensureCollapseStyle();
  const root = document.createElement("section") as unknown as CollapseCompareElement;
  root.className = "collapse-compare";
  root.setAttribute("aria-label", title);

  // Widths near the panels' own (about 320 and 340 px beside each other), so the 12 px labels are not scaled down.
  const heatmaps = settings.map(() => klHeatmap([], {width: 320, max: 1, caption: "KL of each latent dimension (rows) over training steps (1 nat or more: the brightest colour)", emptyText: "No steps yet: press Train both"}));
  const summaries = settings.map(() => document.createElement("p"));
  const shells: LabShell<AnnealingSettings, AnnealingViews>[] = settings.map((s, i) => labShell<AnnealingSettings, AnnealingViews>({
    title: `Run ${i + 1}: ${describeSchedule(s)}`,
    workerUrl: new URL(import.meta.resolve("../labs/annealing.worker.js"), location.href),
    spec: annealingSpec, settings: s, dataUrl, group,
        render: (views, client) => {
      const k = client.settings.latentDim;
      shells[i].queue(heatmaps[i], () => heatmaps[i].update(rowsOf(client.records, k), {xDomain: [0, span()]}));
      const p = views?.probe;
      setText(summaries[i], p ? `At step ${p.step}: ${p.active} of ${k} units active; held-out −ELBO ${fmt(p.negElbo, 2)} nats; KL ${fmt(p.klPerDim.reduce((a, b) => a + b, 0), 2)} nats.` : "");
      scheduleShared();
    },
    describe: (client) => {
      const r = client.records[client.records.length - 1];
      return r ? `β ${fmt(r.beta, 2)} · −ELBO ${fmt(r.negElbo, 1)} · ${r.active} active` : "";
    }
  }));
  shells.forEach((sh, i) => sh.body.append(summaries[i], heatmaps[i]));

  // Train both / Pause both.
  const together = document.createElement("div");
  together.className = "run-together";
  const both = document.createElement("button");
  both.type = "button";
  both.textContent = "Train both";
  // Runs being rebuilt after Apply: Train both waits for them (a play sent before a queued rebuild would be undone by it).
  const rebuilding = new Set<number>();
  shells.forEach((sh, i) => sh.client.addEventListener("update", (e) => {
    if ((e as CustomEvent).detail === "reset" && rebuilding.delete(i)) scheduleShared();
  }));
  both.addEventListener("click", () => {
    const on = shells.some((s) => s.client.wanted);
    for (const s of shells) (on ? s.client.pause() : s.client.play());
  });
  together.append(both);

  // The second run's schedule form.
  const form = document.createElement("form");
  form.className = "lab-controls";
  form.noValidate = true; // our check names the bad value; the browser's would block the submit silently
  form.setAttribute("aria-label", "Schedule of run 2");
  const message = document.createElement("p");
  message.setAttribute("role", "status");
  message.setAttribute("style", "grid-column:1/-1;margin:0");
  const kind = select(annealingKinds.map((k) => [k, kindText[k]] as const), settings[1].kind);
  const seed = numberInput(base.seed, 0, 2 ** 31 - 1, 1);
  const paramBox = document.createElement("div");
  paramBox.setAttribute("style", "display:contents");
  let inputs: [keyof AnnealingSettings, HTMLInputElement][] = [];
  const drawParams = () => {
    const k = kind.value as AnnealingKind;
    inputs = kindFields[k].map(([key, , min, max, step]) => [key, numberInput(settings[1][key] as number, min, max, step)]);
    paramBox.replaceChildren(...inputs.map(([key, input], j) => field(kindFields[k][j][1], input)));
  };
  kind.addEventListener("change", drawParams);
  drawParams();
  const apply = document.createElement("button");
  apply.type = "submit";
  apply.textContent = "Apply and restart both";
  form.append(field("Run 2: schedule", kind), paramBox, field("Seed (both runs)", seed), apply, message);
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const next: AnnealingSettings = {...settings[1], kind: kind.value as AnnealingKind, seed: Number(seed.value)};
    for (const [key, input] of inputs) (next as unknown as Record<string, unknown>)[key] = input.value.trim() === "" ? NaN : Number(input.value);
    const bad = checkAnnealing(next);
    if (bad) { message.textContent = `${bad}. Nothing changed.`; return; }
    const changed = (Object.keys(next) as (keyof AnnealingSettings)[]).some((key) => !Object.is(next[key], settings[1][key]));
    const seedChanged = next.seed !== settings[0].seed;
    settings[1] = next;
    settings[0] = {...settings[0], seed: next.seed};
    message.textContent = `Run 2 now uses ${describeSchedule(next)}; both runs restart from step 0 with seed ${next.seed}.`;
    // A changed setting rebuilds the run from step 0 (annealingSpec.resetKeys); otherwise Reset does.
    for (const s of shells) s.client.pause();
    rebuilding.add(0).add(1);
    if (seedChanged) shells[0].client.set({seed: next.seed}); else shells[0].client.reset();
    if (changed) shells[1].client.set(next); else shells[1].client.reset();
    const t = shells[1].element.querySelector(".lab-title");
    if (t) t.textContent = `Run 2: ${describeSchedule(next)}`;
    shells[1].element.setAttribute("aria-label", `Run 2: ${describeSchedule(next)}`);
    scheduleShared();
  });

  // Shared charts.
  const sched = scheduleChart(series(), {caption: "β, the weight of the KL term, at each step (free bits trains at β = 1)"});
  const active = runCompareChart([], {width: 340, yLabel: "active units", decimals: 0, stepCurve: true, ariaLabel: "Active units of each run over training steps", emptyText: "No steps yet: press Train both", caption: "Active units (posterior-mean variance over 500 held-out digits > 0.01)"});
  const elbo = runCompareChart([], {width: 340, yLabel: "−ELBO (nats)", decimals: 2, ariaLabel: "Held-out negative ELBO of each run over training steps", emptyText: "No steps yet: press Train both", caption: "Held-out −ELBO per digit at β = 1 (lower is better)"});
  /**
   * The steps every chart spans: the planned steps, or more once a run has gone past them, in tenths of the plan, so
   * the axes (and the charts that share them) change a few times per run rather than at every step. All x axes share it.
   */
  function span(): number {
    const reached = Math.max(0, ...(shells ?? []).map((s) => (s.client.records[s.client.records.length - 1]?.step ?? 0) + 1));
    if (reached <= steps) return steps;
    const chunk = Math.max(1, Math.ceil(steps / 10));
    return steps + Math.ceil((reached - steps) / chunk) * chunk;
  }
  function series() {
    const at = span();
    return settings.map((s) => ({label: `run ${settings.indexOf(s) + 1}: ${describeSchedule(s)}`, points: sampleSchedule(scheduleSpec(s), at, 300)}));
  }
  // The shared charts redraw only when what they show has changed, each in a frame of its own (./drawQueue.ts); the
  // schedule's "current step" rule moves at most every SCHEDULE_MS while the runs train.
  const SCHEDULE_MS = 250;
  let frame = 0, later = 0, schedKey = "", schedAt = -Infinity, probesKey = "";
  function scheduleShared(): void {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      const labels = settings.map((s, i) => `run ${i + 1}: ${describeSchedule(s)}`);
      const current = Math.max(0, ...shells.map((s) => s.client.records[s.client.records.length - 1]?.step ?? 0));
      const at = span(), now = performance.now();
      const shape = `${labels.join("|")}|${at}`;
      if (shape !== schedKey.split("@")[0] || (`${shape}@${current}` !== schedKey && now - schedAt >= SCHEDULE_MS)) {
        schedKey = `${shape}@${current}`;
        schedAt = now;
        queueDraw(sched, () => sched.update(series(), {currentStep: current || null}));
      } else if (`${shape}@${current}` !== schedKey && !later) {
        later = window.setTimeout(() => { later = 0; scheduleShared(); }, SCHEDULE_MS - (now - schedAt)); // the last step reached gets its rule
      }
      const probes = shells.map((s) => s.client.views?.probes ?? []);
      const key = `${shape}|${probes.map((p) => `${p.length}:${p[p.length - 1]?.step ?? ""}`).join("|")}`;
      if (key !== probesKey) {
        probesKey = key;
        const xDomain: [number, number] = [0, at - 1];
        queueDraw(active, () => active.update(probes.map((p, i) => ({label: labels[i], points: p.map((q) => ({step: q.step, value: q.active}))})), {yDomain: [0, settings[0].latentDim], xDomain}));
        // The untrained model's −ELBO is far above the rest: the y axis starts 15 nats above the best value, clipped.
        const best = Math.min(...probes.flat().map((q) => q.negElbo));
        queueDraw(elbo, () => elbo.update(probes.map((p, i) => ({label: labels[i], points: p.map((q) => ({step: q.step, value: q.negElbo}))})),
          {yDomain: Number.isFinite(best) ? [Math.floor(best) - 1, Math.floor(best) + 15] : undefined, xDomain}));
      }
      // set only what changed: this runs with every batch of records, and each write relaid the page out
      setText(both, shells.some((s) => s.client.wanted) ? "Pause both" : "Train both");
      const busy = rebuilding.size > 0 || shells.some((s) => s.client.status === "loading");
      if (both.disabled !== busy) both.disabled = apply.disabled = busy;
      const title = busy ? "The runs are loading or restarting" : "";
      if (both.title !== title) both.title = title;
    });
  }

  const side = document.createElement("div");
  side.className = "lab-side";
  side.append(...shells.map((s) => s.element));
  const charts = document.createElement("div");
  charts.className = "lab-views";
  for (const c of [active, elbo]) { const d = document.createElement("div"); d.className = "lab-panel"; d.append(c); charts.append(d); }
  if (editable) root.append(form);
  root.append(sched, together, side, charts);
  root.dispose = () => { if (frame) cancelAnimationFrame(frame); if (later) clearTimeout(later); dropDraws([sched, active, elbo]); for (const s of shells) s.dispose(); };
  return root;
}
