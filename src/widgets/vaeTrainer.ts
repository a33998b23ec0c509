// The trainer widget of the chapter "A VAE on MNIST": controls, status, notices and live views of its lab
// (labs/vaeMnist.ts). Training runs in a Worker (LabClient); this file only draws, at most once per animation frame.
import {ACTIVE_THRESHOLD} from "../math/activeUnits.js";
import type {VaeMnistAssets} from "../labs/vaeMnist.js";
import type {EvalRecord, StepRecord} from "../train/trainer.js";
import type {Settings, Views} from "../train/vaeSettings.js";
import {decodeWarmStart, matchesWarmStart, type WarmStart} from "../train/warmStart.js";
import {digitPicker, type DigitPickerElement} from "../viz/index.js";
import {modelFileControls} from "./modelFileControls.js";
import {settingsForm} from "./settingsForm.js";
import {sharePanel} from "./runtime/sharePanel.js";
import {LabClient} from "./runtime/labClient.js";
import {trainerViews, type ViewSource} from "./trainerViews.js";
import {ensureTrainerStyle} from "./trainerStyle.js";
import {diffFrom} from "./runtime/urlCodec.js";
import {dropDraws, queueDraw, type Draw} from "./kit/drawQueue.js";
import {el} from "./kit/kit.js";
import {parseState, stateDefaults, stateToSearch, viewNames, type ViewName, type WidgetState} from "./runtime/urlState.js";

export interface VaeTrainerOptions {
  /** URL of the packed MNIST file (FileAttachment("…/mnist.bin").href). */
  dataUrl: string;
  /** Starting state (settings and shown views); the page URL's parameters override it. */
  state?: Partial<WidgetState>;
  /** Accessible name of the widget. */
  label?: string;
  /** Read the state from the page URL and write changes back to it, so a link reproduces the setup (default true). */
  syncUrl?: boolean;
  /** Prefix of this widget's URL parameters, for pages with several widgets (default none). */
  urlPrefix?: string;
  /** The site's root URL, for the embed snippets. Default: two levels above the data file (Framework serves it at
   * ROOT/_file/data/…). */
  siteRoot?: string;
  /** Trainers of the same group may train at the same time (a side-by-side comparison); default none. */
  group?: string;
  /** A precomputed run to show before the reader trains (the JSON of scripts/warmstart.ts, or a promise of it);
   * shown only while the settings match it. */
  warmStart?: unknown;
}

/** The trainer's client: its step records are the Trainer's, its evaluations the held-out −ELBO. */
export type VaeTrainerClient = LabClient<Settings, Views, EvalRecord, VaeMnistAssets>;

export interface VaeTrainerElement extends HTMLElement {
  client: VaeTrainerClient;
  /** The current settings and shown views. */
  readonly state: WidgetState;
  dispose(): void;
}

/** The status line redraws at most this often while only new steps arrive. */
const STATUS_MS = 250;


export function vaeTrainer({dataUrl, state = {}, label = "VAE trainer on MNIST", syncUrl = true, urlPrefix = "", siteRoot, group, warmStart}: VaeTrainerOptions): VaeTrainerElement {
  ensureTrainerStyle();
  const fromPage = syncUrl ? parseState(location.search, urlPrefix) : {state: {}, notes: []};
  const baseline: WidgetState = {...stateDefaults, ...state}; // the chapter's setup: links record what differs from it
  const initial: WidgetState = {...baseline, ...fromPage.state};
  const {show: initialShow, ...settings} = initial;
  let show: ViewName[] = initialShow;
  const dataHref = new URL(dataUrl, location.href).href;
  const client: VaeTrainerClient = new LabClient({
    workerUrl: new URL(import.meta.resolve("../labs/vaeMnist.worker.js"), location.href),
    settings, dataUrl: dataHref, group: group ?? null, backend: settings.backend
  });
  const steps = () => client.records as unknown as StepRecord[];
  const root = el("section", {className: "trainer"}) as unknown as VaeTrainerElement;
  root.setAttribute("aria-label", label);
  root.client = client;

  const train = el("button", {type: "button", textContent: "Train", disabled: true});
  const step = el("button", {type: "button", textContent: "Step", disabled: true});
  const reset = el("button", {type: "button", textContent: "Reset", disabled: true});
  const status = el("span", {className: "trainer-status", textContent: "Loading the digits and measuring backends…"});
  const notices = el("div", {className: "trainer-notices"});
  notices.setAttribute("role", "log");
  notices.setAttribute("aria-live", "polite");
  notices.setAttribute("aria-label", "Trainer messages");
  const form = settingsForm(client.settings, (change) => client.set(change), label);
  const backends = el("details", {className: "trainer-backends"}, el("summary", {textContent: "Backends measured on this device"}));
  const backendTable = el("table");
  backends.append(backendTable);

  train.addEventListener("click", () => (client.wanted ? client.pause() : client.play()));
  step.addEventListener("click", () => client.step());
  reset.addEventListener("click", () => client.reset());

  const tv = trainerViews();
  const files = modelFileControls(client);
  const precomputedNote = el("p", {className: "trainer-precomputed", hidden: true});
  const collapse = el("p", {className: "trainer-collapse trainer-warning", hidden: true});
  root.append(
    el("div", {className: "trainer-bar"}, train, step, reset, status),
    collapse, notices, form, backends, files, precomputedNote, tv.element
  );
  if (fromPage.notes.length) client.notices.push({level: "warning", text: `This page's address asked for settings that could not be used as they were. ${fromPage.notes.join(" ")}`, time: Date.now()});
  Object.defineProperty(root, "state", {get: (): WidgetState => ({...client.settings, show: [...show]})});

  // Which views are shown: part of the state, so a link (or an embed) can show just one.
  const slots = tv.slots;
  const viewLabels: Record<ViewName, string> = {loss: "loss", kl: "KL bars", recon: "reconstructions", samples: "samples", interp: "interpolation", map: "latent map"};
  const toggles = el("fieldset", {className: "trainer-toggles"}, el("legend", {textContent: "Views shown"}));
  for (const name of viewNames) {
    const box = document.createElement("input");
    box.type = "checkbox";
    box.checked = show.includes(name);
    box.addEventListener("change", () => { show = viewNames.filter((n) => (n === name ? box.checked : show.includes(n))); applyShow(); writeUrl(); });
    const label = document.createElement("label");
    label.append(box, ` ${viewLabels[name]}`);
    toggles.append(label);
  }
  const applyShow = () => { for (const name of viewNames) slots[name].hidden = !show.includes(name); };
  applyShow();
  backends.after(toggles);
  const share = sharePanel({
    query: () => stateToSearch(root.state),
    link: () => (syncUrl ? new URL(`${location.pathname}${stateToSearch(root.state, urlPrefix, new URLSearchParams(location.search), baseline)}`, location.href).href : null),
    diff: () => diffFrom(root.state, stateDefaults),
    siteRoot: siteRoot ?? new URL("../../", dataHref).href,
    name: "vae-trainer", exportName: "vaeTrainer", title: label
  });
  toggles.after(share);
  const writeUrl = () => {
    share.refresh();
    if (!syncUrl) return;
    const search = stateToSearch(root.state, urlPrefix, new URLSearchParams(location.search), baseline);
    if (search !== location.search) history.replaceState(history.state, "", `${location.pathname}${search}${location.hash}`);
  };

  const views: {from?: DigitPickerElement; to?: DigitPickerElement} = {};
  const dirty = new Set<string>(["notice"]);
  let frame = 0, lastLossDraw = 0;

  const drawStatus = () => {
    const last = steps().at(-1), held = client.evals.at(-1);
    const units = collapseState();
    const speed = client.backendReport.find((r) => r.name === client.backend)?.stepsPerSec;
    const parts = [
      client.status === "loading" ? "Loading the digits and measuring backends…" : `${precomputed() ? "Your run: step" : "Step"} ${last?.step ?? 0}`,
      last ? `loss ${last.loss.toFixed(1)}` : "",
      held ? `${client.settings.variational ? "held-out −ELBO" : "held-out reconstruction loss"} ${held.loss.toFixed(1)} nats` : "",
      units ? `KL ${units.kl.toFixed(1)} nats, ${units.active} of ${units.of} units active` : "",
      client.backend ? `on ${client.backend}${speed ? ` (${speed.toFixed(1)} steps/s measured)` : ""}` : "",
      client.held.length && client.wanted ? `paused while ${client.held.map((r) => (r === "hidden" ? "the tab is hidden" : "off screen")).join(" and ")}` : ""
    ];
    status.textContent = parts.filter(Boolean).join(" · ");
    collapse.hidden = !units?.inactive;
    if (units?.inactive) collapse.textContent = `${units.inactive} of ${units.of} latent units ${units.inactive === 1 ? "is" : "are"} inactive: their posterior means hardly vary over the held-out digits (variance ≤ ${ACTIVE_THRESHOLD}) and their KL is ${units.inactiveKl.toFixed(2)} nats in all, so they carry no information about the input. This is posterior collapse (chapter 5 explains it).`;
    const ready = client.status !== "loading" && client.status !== "error";
    train.disabled = step.disabled = reset.disabled = !ready;
    train.textContent = client.wanted ? "Pause" : "Train";
    root.dataset.status = client.status;
  };

  // Active units (Burda et al. 2016) of the latest held-out evaluation shown, next to the KL; a VAE's collapsed units
  // are reported under the status line, and a notice says so when more collapse during the reader's run.
  let warnedInactive = 0;
  const collapseState = () => {
    const held = source().heldOut.at(-1);
    if (!held || !client.settings.variational || held.activeUnits === undefined) return null;
    const of = held.unitVariance.length, inactive = of - held.activeUnits;
    const inactiveKl = held.klPerDim.reduce((sum, k, i) => sum + (held.unitVariance[i] > ACTIVE_THRESHOLD ? 0 : k), 0);
    return {kl: held.kl, active: held.activeUnits, of, inactive, inactiveKl, step: held.step};
  };
  const warnCollapse = () => {
    const held = client.evals.at(-1);
    if (!held || !client.settings.variational || held.step < 100) return;
    const inactive = held.unitVariance.length - held.activeUnits;
    if (inactive > warnedInactive) client.notice("warning", `Posterior collapse: at step ${held.step}, ${inactive} of ${held.unitVariance.length} latent units are inactive (KL ≈ 0; the decoder ignores them).`);
    warnedInactive = inactive;
  };
  client.addEventListener("update", (e) => {
    const type = (e as CustomEvent<string>).detail;
    if (type === "eval") warnCollapse();
    else if (type === "reset") warnedInactive = 0;
  });

  // The log gets each new notice once (screen readers announce additions); the oldest go when more than three show.
  let shownNotices = 0;
  const drawNotices = () => {
    for (const n of client.notices.slice(shownNotices)) notices.append(el("p", {className: `trainer-notice trainer-${n.level}`, textContent: n.text}));
    shownNotices = client.notices.length;
    while (notices.childElementCount > 3) notices.firstElementChild!.remove();
  };

  const drawBackends = () => {
    backendTable.replaceChildren(
      el("caption", {textContent: "Each candidate is self-tested against the CPU, then timed on this model."}),
      el("tr", {}, ...["backend", "self-test", "steps/s", "note"].map((h) => el("th", {scope: "col", textContent: h}))),
      ...client.backendReport.map((r) => el("tr", {},
        el("td", {textContent: r.name + (r.threads ? ` (${r.threads} thread${r.threads > 1 ? "s" : ""})` : "") + (r.name === client.backend ? " (active)" : "")}),
        el("td", {textContent: r.selfTest ? `${r.selfTest.ok ? "passed" : "failed"} (${r.selfTest.maxError.toExponential(1)})` : "—"}),
        el("td", {textContent: r.stepsPerSec ? r.stepsPerSec.toFixed(1) : "—"}),
        el("td", {textContent: r.error ?? ""})))
    );
  };

  // A precomputed run (made by scripts/warmstart.ts) stands in until the reader's own run has a step to show.
  let warm: WarmStart | null = null;
  Promise.resolve(warmStart).then((json) => {
    if (json == null) return;
    warm = decodeWarmStart(json);
    for (const k of ["reset", "views"]) dirty.add(k);
    schedule();
  }).catch((e) => client.notice("warning", `The precomputed run could not be shown: ${(e as Error).message}`));
  const precomputed = (): WarmStart | null =>
    warm && client.records.length === 0 && (client.views?.step ?? 0) === 0 && matchesWarmStart(warm, client.settings) ? warm : null;
  const source = (): ViewSource => {
    const w = precomputed(), labels = client.assets?.labels ?? null;
    return w ? {history: w.history, heldOut: w.heldOut, views: w.views, labels, pick: w.settings.pick}
      : {history: steps(), heldOut: client.evals, views: client.views, labels, pick: client.settings.pick};
  };
  const drawPrecomputedNote = () => {
    const w = precomputed();
    precomputedNote.hidden = !w;
    if (w) precomputedNote.textContent = `Showing a precomputed run, not yours: ${w.steps} steps with these settings (seed ${w.settings.seed}), made by ${w.createdWith} on ${w.backend}. Press Train to start your own; it replaces this one.`;
  };
  const drawLoss = () => {
    lastLossDraw = performance.now();
    tv.drawLoss(source());
    queueDraw(tv.slots.kl, () => timed("kl", () => tv.drawKl(source())), (e) => client.notice("error", `The KL bars could not be drawn: ${(e as Error).message}`));
  };
  // The image views draw one a frame, in turn with every lab's views on the page (drawQueue.ts): drawn in one go they
  // made one long main-thread task while the model trained. New views replace the parts not drawn yet.
  const drawViews = () => {
    drawPrecomputedNote();
    const inTurn = (parts: (() => void)[]): Draw | undefined => parts.length ? () => { timed("views", parts[0]); return inTurn(parts.slice(1)); } : undefined;
    const first = inTurn(tv.imageParts(source()));
    if (first) queueDraw(tv, first, (e) => client.notice("error", `The views could not be drawn: ${(e as Error).message}`));
  };

  const drawPickers = () => {
    const t = client.assets;
    if (!t || views.from) return;
    const [a, b] = client.settings.pick;
    views.from = digitPicker(t.images, t.labels, {label: "From", value: a});
    views.to = digitPicker(t.images, t.labels, {label: "To", value: b});
    const pick = () => client.set({pick: [views.from!.value, views.to!.value]});
    views.from.addEventListener("input", pick);
    views.to.addEventListener("input", pick);
    tv.pickers.append(views.from, views.to);
  };

  // Each draw is a User Timing measure ("trainer:views", …), so the benchmark can tell what a long task was.
  const timed = (name: string, fn: () => void) => { const t0 = performance.now(); fn(); performance.measure(`trainer:${name}`, {start: t0}); };
  // One heavy draw per animation frame (images, then the charts), so no frame's task grows with the number of views.
  let lastStatus = -Infinity;
  const render = () => {
    frame = 0;
    drawStatus();
    lastStatus = performance.now();
    if (dirty.has("notice")) { drawNotices(); dirty.delete("notice"); }
    if (dirty.has("backend")) { drawBackends(); dirty.delete("backend"); }
    if (dirty.has("settings")) { form.show(client.settings); writeUrl(); dirty.delete("settings"); }
    if (dirty.has("assets")) { timed("pickers", drawPickers); dirty.delete("assets"); }
    else if (dirty.has("views") || dirty.has("reset")) { drawViews(); dirty.delete("views"); if (dirty.has("reset")) dirty.add("loss"); dirty.delete("reset"); }
    else if (dirty.has("loss") || dirty.has("eval") || (dirty.has("record") && performance.now() - lastLossDraw > 1000)) {
      timed("loss", drawLoss);
      for (const k of ["loss", "eval", "record"]) dirty.delete(k);
    }
    for (const k of ["status", "exported", "wanted"]) dirty.delete(k);
    if (dirty.size === 1 && dirty.has("record")) later();
    else if (dirty.size) schedule();
  };
  let timer: ReturnType<typeof setTimeout> | 0 = 0;
  const schedule = () => { if (!frame) frame = requestAnimationFrame(render); };
  // Only new steps: the status line when its quarter second is up, the loss chart when its second is. A frame per
  // step (50 a second) kept the renderer and the rasteriser busy on the cores the training worker needs.
  const later = () => {
    if (frame || timer) return;
    const now = performance.now();
    timer = setTimeout(() => { timer = 0; schedule(); }, Math.max(0, Math.min(1000 - (now - lastLossDraw), STATUS_MS - (now - lastStatus))));
  };
  client.addEventListener("update", (e) => {
    dirty.add((e as CustomEvent<string>).detail);
    if (dirty.size === 1 && dirty.has("record")) later();
    else schedule();
  });

  // Pause when off screen or in a hidden tab; resume when back, if the reader had pressed Train.
  const observer = new IntersectionObserver((entries) => (entries[entries.length - 1].isIntersecting ? client.release("offscreen") : client.hold("offscreen")));
  observer.observe(root);
  const onVisibility = () => (document.hidden ? client.hold("hidden") : client.release("hidden"));
  document.addEventListener("visibilitychange", onVisibility);

  root.dispose = () => {
    dropDraws([tv, tv.slots.kl]);
    observer.disconnect();
    document.removeEventListener("visibilitychange", onVisibility);
    if (frame) cancelAnimationFrame(frame);
    if (timer) clearTimeout(timer);
    client.dispose();
  };
  schedule();
  return root;
}
