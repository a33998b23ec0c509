// The frame every lab widget shares: Train / Pause, Step and Reset, a status line, the lab's notices, and a body
// for the widget's own controls and views. It pauses the lab off screen and in a hidden tab, and redraws at most
// once per animation frame and once per drawEveryMs; the widget queues its costlier views to draw in later frames.
// The widget file keeps the literal import.meta.resolve of its worker (Framework bundles
// the worker from it) and passes the URL here.
import type {LabSpec} from "../../train/lab.js";
import {dropDraws, queueDraw, type Draw} from "./drawQueue.js";
import {LabClient, type LabClientOptions} from "../runtime/labClient.js";
import {ensureLabStyle} from "./labStyle.js";
import {setText} from "./kit.js";

export interface LabShellOptions<S extends object, V> extends Omit<LabClientOptions<S>, "settings"> {
  /** The widget's accessible name (and visible title unless `showTitle` is false). */
  title: string;
  showTitle?: boolean;
  spec: LabSpec<S>;
  /** Initial settings, over spec.defaults. */
  settings?: Partial<S>;
  /** Draws the latest views and records; called at most once per frame, and every drawEveryMs, after anything changed. */
  render(views: V | null, client: LabClient<S, V>): void;
  /** The status line's figures after "Step n": defaults to the loss. */
  describe?(client: LabClient<S, V>): string;
}

export interface LabShellElement<S extends object, V> extends HTMLElement {
  client: LabClient<S, V>;
  dispose(): void;
}

export interface LabShell<S extends object, V> {
  element: LabShellElement<S, V>;
  /** Where the widget puts its controls and views. */
  body: HTMLElement;
  client: LabClient<S, V>;
  /** Redraws one view in a coming frame, taking turns with every other view on the page (./drawQueue.ts). */
  queue(view: object, draw: Draw): void;
  dispose(): void;
}

/** The shortest time between two draws of a lab (5 a second), unless its views are an animation that the lab recomputes
 * more often (spec.viewsEveryMs, the VQ toy's 100 ms). */
export const DRAW_EVERY_MS = 200;


const heldText: Record<string, string> = {offscreen: "off screen", hidden: "tab hidden", pacing: "waiting for the run beside it to catch up"};

export function labShell<S extends object, V>(options: LabShellOptions<S, V>): LabShell<S, V> {
  ensureLabStyle();
  const {title, spec, render} = options;
  const settings = {...spec.defaults, ...options.settings} as S;
  const client = new LabClient<S, V>({...options, settings});
  const element = document.createElement("section") as unknown as LabShellElement<S, V>;
  element.className = "lab";
  element.dataset.lab = spec.name;
  element.setAttribute("aria-label", title);
  element.client = client;
  if (options.showTitle !== false) {
    const h = document.createElement("p");
    h.className = "lab-title";
    h.textContent = title;
    element.append(h);
  }

  const bar = document.createElement("div");
  bar.className = "lab-bar";
  bar.setAttribute("role", "group");
  bar.setAttribute("aria-label", `${title}: training controls`);
  const button = (text: string, onClick: () => void, className = "") => {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    b.className = className;
    b.disabled = true;
    b.addEventListener("click", onClick);
    bar.append(b);
    return b;
  };
  const train = button("Train", () => (client.wanted ? client.pause() : client.play()), "lab-train");
  const step = button("Step", () => client.step());
  const reset = button("Reset", () => client.reset());
  const status = document.createElement("span");
  status.className = "lab-status";
  status.setAttribute("role", "status");
  bar.append(status);
  const notices = document.createElement("div");
  notices.className = "lab-notices";
  notices.setAttribute("aria-live", "polite");
  const body = document.createElement("div");
  body.className = "lab-body";
  element.append(bar, notices, body);

  const describe = options.describe ?? ((c: LabClient<S, V>) => {
    const r = c.records[c.records.length - 1];
    return r ? `loss ${r.loss.toFixed(3)}` : "";
  });
  let shownNotices = 0;
  const drawBar = () => {
    const ready = client.status !== "loading" && client.status !== "error";
    train.disabled = step.disabled = reset.disabled = !ready;
    setText(train, client.wanted ? "Pause" : "Train");
    train.setAttribute("aria-pressed", String(client.wanted));
    const stepNo = client.records[client.records.length - 1]?.step ?? client.viewsStep;
    const held = client.wanted && client.held.length ? ` (paused: ${client.held.map((h) => heldText[h] ?? h).join(", ")})` : "";
    setText(status, client.status === "loading" ? "Loading and measuring the backends…"
      : client.status === "error" ? "Stopped: see the message below."
      : [`Step ${stepNo}`, describe(client), client.backend ? `on ${client.backend}` : ""].filter(Boolean).join(" · ") + held);
    if (client.notices.length !== shownNotices) {
      shownNotices = client.notices.length;
      notices.replaceChildren(...client.notices.slice(-3).map((n) => {
        const p = document.createElement("p");
        p.className = `lab-${n.level}`;
        if (n.level === "error") p.setAttribute("role", "alert");
        p.textContent = n.text;
        return p;
      }));
    }
  };

  let frame = 0, timer = 0, drawn = -Infinity;
  const draw = () => {
    frame = 0;
    drawn = performance.now();
    drawBar();
    try {
      render(client.views, client);
    } catch (e) {
      client.notice("error", `The views could not be drawn: ${(e as Error).message}`);
    }
  };
  // At most one draw per drawEveryMs: a fast lab records a step every few ms, and redrawing the status and views at
  // 60 frames a second kept the main thread 80% busy in paint and layout (VQ toy, traced in Chromium); at 12.5 a
  // second, chapter 6's page still kept half a core busy, beside a worker that needs both of a 2-core device's.
  const drawEveryMs = Math.min(DRAW_EVERY_MS, options.spec.viewsEveryMs ?? Infinity);
  const schedule = () => {
    if (frame || timer) return;
    const wait = drawn + drawEveryMs - performance.now();
    if (wait <= 0) frame = requestAnimationFrame(draw);
    else timer = window.setTimeout(() => { timer = 0; frame = requestAnimationFrame(draw); }, wait);
  };
  client.addEventListener("update", schedule);

  // Pause off screen and in a hidden tab; resume when back, if the reader had pressed Train.
  const observer = new IntersectionObserver((entries) => (entries[entries.length - 1].isIntersecting ? client.release("offscreen") : client.hold("offscreen")));
  observer.observe(element);
  const onVisibility = () => (document.hidden ? client.hold("hidden") : client.release("hidden"));
  document.addEventListener("visibilitychange", onVisibility);

  const queued = new Set<object>();
  const queue = (view: object, drawView: Draw) => {
    queued.add(view);
    queueDraw(view, drawView, (e) => client.notice("error", `The views could not be drawn: ${(e as Error).message}`));
  };

  const dispose = () => {
    dropDraws(queued);
    observer.disconnect();
    document.removeEventListener("visibilitychange", onVisibility);
    if (frame) cancelAnimationFrame(frame);
    if (timer) clearTimeout(timer);
    client.dispose();
  };
  element.dispose = dispose;
  schedule();
  return {element, body, client, queue, dispose};
}
