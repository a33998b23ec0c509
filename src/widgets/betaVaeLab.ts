// The β-VAE lab widget (chapter "β-VAE and disentanglement"): procedural dSprites, a VAE trained in a Worker
// (../labs/betaVae.ts) with the β-VAE or β-TCVAE objective, and its views: latent traversals, KL per dimension,
// which latent holds which factor (MIG's parts), the KL split three ways, the loss, and the trade-off scatter that
// gains a point per finished run. Charts fed by every step redraw at most once a second; the views take turns,
// one a frame.
import {ACTIVE_THRESHOLD} from "../math/activeUnits.js";
import {renderSprite, type Factors} from "../data/dsprites.js";
import {betaVaeFixed, betaVaeSpec, FACTOR_SETS, type BetaVaeSettings, type BetaVaeViews} from "../labs/betaVaeSpec.js";
import {fmt} from "../viz/a11y.js";
import {imageGrid} from "../viz/imageGrid.js";
import {klBars} from "../viz/klBars.js";
import {lossChart} from "../viz/lossChart.js";
import {miMatrix} from "../viz/miMatrix.js";
import {tcTerms} from "../viz/tcTerms.js";
import {tradeoffScatter, type TradeoffPoint} from "../viz/tradeoffScatter.js";
import {traversalGrid} from "../viz/traversalGrid.js";
import {betaVaeControls, SWEEP_BETAS} from "./betaVaeControls.js";
import type {LabClient} from "./runtime/labClient.js";
import {labShell} from "./kit/labShell.js";
import {panel} from "./kit/kit.js";

export interface BetaVaeLabOptions extends Partial<BetaVaeSettings> {
  /** Accessible name and title. Default "β-VAE on procedural dSprites". */
  title?: string;
  /** Runs computed beforehand (scripts/betaVaeReference.ts) with all five factors varying, drawn hollow in the scatter while the lab's factors are all five. Default none. */
  reference?: readonly TradeoffPoint[];
}

export const FACTOR_LABELS = ["shape", "scale", "orientation", "x position", "y position"] as const;
const NAMES = {"beta-vae": "β-VAE", "beta-tcvae": "β-TCVAE"} as const;

export function betaVaeLab(options: BetaVaeLabOptions = {}): HTMLElement & {dispose(): void} {
  const {title = "β-VAE on procedural dSprites", reference = [], ...initial} = options;
  const settings = {...betaVaeSpec.defaults, ...initial};
  const bad = betaVaeSpec.check(settings);
  if (bad) throw new Error(bad);

  const shell = labShell<BetaVaeSettings, BetaVaeViews>({
    title,
    workerUrl: new URL(import.meta.resolve("../labs/betaVae.worker.js"), location.href),
    spec: betaVaeSpec,
    settings,
    dataUrl: null,
    render,
    describe: (c) => {
      const v = c.views, r = c.records[c.records.length - 1];
      if (!v) return "";
      const last = v.migHistory[v.migHistory.length - 1];
      const at = v.run.step < v.run.steps ? `at ${v.run.step} of ${v.run.steps} steps` : `finished at ${v.run.steps} steps, now at ${v.run.step}`;
      const active = v.unitVariance.filter((u) => u > ACTIVE_THRESHOLD).length;
      return `run ${v.run.index} (${NAMES[v.run.objective]}, β = ${fmt(v.run.beta, 2)}) ${at}` +
        (r && r.run === v.run.index ? ` · loss ${fmt(r.loss, 1)}` : "") +
        ` · KL ${fmt(v.klPerDim.reduce((a, b) => a + b, 0), 1)} nats, ${active} of ${v.latentDim} units active` +
        (last ? ` · MIG ${fmt(last.mig, 3)} at step ${last.step}` : "");
    }
  });
  const controls = betaVaeControls(shell.client, settings);
  const S = betaVaeFixed.side;

  const first = new Float32Array(2 * S * S); // the sprite is drawn here at once (tf-free); its reconstruction comes from the Worker
  renderSprite(betaVaeFixed.traversalSprite as unknown as Factors, betaVaeFixed, first);
  const base = imageGrid(first, {side: S, cols: 2, scale: 3, inkDark: false, labels: ["sprite", "decoded"], ariaLabel: "The starting sprite and its reconstruction"});
  const traversal = traversalGrid({images: new Float32Array(settings.latentDim * 7 * S * S), values: betaVaeFixed.traversal, side: S, klPerDim: new Array(settings.latentDim).fill(0)},
    {startText: "the code of a large upright heart in the middle"});
  const kl = klBars(new Array(settings.latentDim).fill(0), {inactiveBelow: 0.05, width: 420, height: 200, caption: "KL per latent dimension (nats), averaged over recent batches"});
  const names = (factors: readonly number[]) => factors.map((k) => FACTOR_LABELS[k]);
  const varying = FACTOR_SETS[settings.factors];
  const mi = miMatrix({values: varying.map(() => new Array(settings.latentDim).fill(0)), factorNames: names(varying), gaps: varying.map(() => 0)});
  const migText = document.createElement("p");
  migText.setAttribute("style", "margin:4px 0;max-width:none");
  const loss = lossChart([], {width: 520, height: 220, emptyText: "No steps in this run yet", yLabel: "nats per sprite"});
  const tc = tcTerms([], {width: 520, height: 240});
  const scatter = tradeoffScatter([], {width: 560, reference});

  const views = document.createElement("div");
  views.className = "lab-views";
  const wide = (el: HTMLElement) => { el.classList.add("lab-wide"); return el; };
  views.append(
    wide(panel("Latent traversals (rows: latent dimensions, most informative first; columns: its value)", [traversal, base], 3)), // 7 columns of sprites: wider than half the lab
    panel("KL per dimension", [kl], 3),
    panel("Which latent holds which factor: I(z_j; v_k) / H(v_k)", [mi, migText], 3),
    panel("Loss of this run (nats per sprite)", [loss], 3),
    panel("The KL term split three ways (batch estimates)", [tc], 3),
    wide(panel("Reconstruction against disentanglement: one point per finished run", [scatter], 3))
  );
  // Collapsed units (Burda et al.'s criterion, as every trainer on the site), said under the controls.
  const collapse = document.createElement("p");
  collapse.className = "lab-warning";
  collapse.setAttribute("style", "margin:6px 0;padding:4px 8px;border-radius:4px;max-width:none;color:#1b1e23");
  collapse.hidden = true;
  shell.body.append(controls.element, collapse, views);

  let shownViews: BetaVaeViews | null = null, shownSettings: BetaVaeSettings | null = null;
  let lastCharts = 0, pointsSeen = 0;

  function render(v: BetaVaeViews | null, client: LabClient<BetaVaeSettings, BetaVaeViews>): void {
    if (client.settings !== shownSettings) { shownSettings = client.settings; controls.show(client.settings); }
    if (!v) return;
    const fresh = v !== shownViews;
    if (fresh) drawViews(v);
    const now = performance.now();
    if (fresh || now - lastCharts > 1000) {
      lastCharts = now;
      const runRecords = () => client.records.filter((r) => r.run === v.run.index);
      shell.queue(loss, () => loss.update(runRecords() as never, {yLabel: "nats per sprite"}));
      shell.queue(tc, () => tc.update(runRecords().map((r) => ({step: r.runStep, mi: r.mi, tc: r.tc, dwKl: r.dwKl, kl: r.kl}))));
    }
    if (fresh && v.points.length > pointsSeen) {
      const finished = v.points.length > 0 && v.points[v.points.length - 1].run === v.run.index;
      pointsSeen = v.points.length;
      const next = SWEEP_BETAS.find((b) => b > v.run.beta);
      if (finished && controls.sweeping() && next !== undefined && client.wanted) client.set({beta: next});
    }
    if (v.points.length < pointsSeen) pointsSeen = v.points.length; // rebuilt
  }

  function drawViews(v: BetaVaeViews): void {
    shownViews = v;
    const factorOf = Array.from({length: v.latentDim}, (_, j) => {
      let best = 0;
      for (let k = 1; k < v.factors.length; k++) if (v.miNormalised[k][j] > v.miNormalised[best][j]) best = k;
      return v.miNormalised[best][j] >= 0.1 ? ([FACTOR_LABELS[v.factors[best]], v.miNormalised[best][j]] as const) : null;
    });
    // Each view in a frame of its own (./drawQueue.ts): drawn together they made one long task.
    shell.queue(traversal, () => traversal.update({images: v.traversal, values: betaVaeFixed.traversal, side: v.side, klPerDim: v.klPerDim, factorOf}));
    shell.queue(base, () => base.update(v.traversalBase));
    shell.queue(kl, () => kl.update(v.klPerDim));
    shell.queue(mi, () => mi.update({values: v.miNormalised, factorNames: names(v.factors), gaps: v.gaps}));
    const last = v.migHistory[v.migHistory.length - 1];
    const inactive = v.unitVariance.flatMap((u, j) => (u > ACTIVE_THRESHOLD ? [] : [`z${j + 1}`]));
    // Before step 100 a fresh encoder's means hardly vary anyway: collapse is only said once training has had a chance.
    const warn = inactive.length > 0 && last.step >= 100;
    collapse.hidden = !warn;
    collapse.textContent = !warn ? "" : `${inactive.length} of ${v.latentDim} latent units ${inactive.length === 1 ? "is" : "are"} inactive at step ${last.step} ` +
      `(${inactive.join(", ")}): ${inactive.length === 1 ? "its posterior mean hardly varies" : "their posterior means hardly vary"} over the evaluation sprites (variance ≤ ${ACTIVE_THRESHOLD}), ` +
      `so ${inactive.length === 1 ? "it carries" : "they carry"} nothing about the input. Above β = 1 some switching off is the trade of (1); at β = 1 it is posterior collapse (chapter 5).`;
    migText.textContent = `MIG = ${fmt(last.mig, 3)} at step ${last.step} (the mean of the gap column; ${fmt(v.migCeiling, 2)} is the most this estimator gives the true factors themselves). ` +
      `During this run: ${v.migHistory.map((h) => `${fmt(h.mig, 2)} at ${h.step}`).join(", ")}.`;
    const current = last.step > 0 && v.run.step < v.run.steps ? {beta: v.run.beta, objective: v.run.objective, recon: last.recon, mig: last.mig} : null;
    // The reference runs trained on all five factors: with fewer varying they answer another question, so they hide.
    shell.queue(scatter, () => scatter.update(v.points, {current, ceiling: v.migCeiling, reference: v.factors.length === 5 ? reference : []}));
  }

  return shell.element;
}
