// The 2-d VQ toy widget (chapter "VQ-VAE"): data, encoder outputs and the codebook with its Voronoi cells, redrawn
// as the codebook trains, so collapse, and revival by the dead-code reset, can be watched; perplexity and dead
// codes over the steps beside it. The lab runs in a Worker (../labs/vqToy.ts).
import type {VqToyViews} from "../labs/vqToy.js";
import {vqToySpec, type VqToySettings} from "../labs/vqToySpec.js";
import {fmt} from "../viz/a11y.js";
import {perplexityChart} from "../viz/perplexityChart.js";
import {voronoiCodebook} from "../viz/voronoiCodebook.js";
import type {LabClient} from "./runtime/labClient.js";
import {labShell} from "./kit/labShell.js";
import {schemaControls} from "./kit/schemaControls.js";
import {panel} from "./kit/kit.js";
import {healthRedraw} from "./vqPanel.js";

export interface VqToyLabOptions extends Partial<VqToySettings> {
  /** Accessible name and title. Default "Vector quantisation in 2-d". */
  title?: string;
  group?: string | null;
}

export function vqToyLab(options: VqToyLabOptions = {}): HTMLElement & {dispose(): void} {
  const {title = "Vector quantisation in 2-d", group = null, ...initial} = options;
  const settings = {...vqToySpec.defaults, ...initial};
  const bad = vqToySpec.check(settings);
  if (bad) throw new Error(bad);
  const shell = labShell<VqToySettings, VqToyViews>({
    title,
    workerUrl: new URL(import.meta.resolve("../labs/vqToy.worker.js"), location.href),
    spec: vqToySpec,
    settings,
    dataUrl: null,
    group,
    render,
    describe: (c) => {
      const r = c.records[c.records.length - 1];
      return r ? `loss ${fmt(r.loss, 3)} · perplexity ${fmt(r.perplexity, 1)} · ${r.dead} dead of ${c.settings.K}` : "";
    }
  });
  // all but the reset rebuild the lab
  const controls = schemaControls(vqToySpec, shell.client, settings, ["update", "reset", "init", "encoder", "data", "K", "seed"]);
  const plane = voronoiCodebook({codebook: new Float32Array(2 * settings.K), usage: new Float64Array(settings.K)}, {size: 420});
  const health = perplexityChart([], {codes: settings.K, width: 400});
  const views = document.createElement("div");
  views.className = "lab-views";
  views.append(panel("The plane: codes, their cells, data and encoder outputs", [plane]), panel("Codebook health", [health]));
  shell.body.append(controls.element, views);

  let shownViews: VqToyViews | null = null, shownSettings: VqToySettings | null = null;
  const redrawHealth = healthRedraw(shell.queue, health, 500);
  function render(v: VqToyViews | null, client: LabClient<VqToySettings, VqToyViews>): void {
    if (client.settings !== shownSettings) { shownSettings = client.settings; controls.show(client.settings); }
    if (v && v !== shownViews) {
      shownViews = v;
      shell.queue(plane, () => plane.update({codebook: v.codebook, usage: v.usage, dead: v.dead, data: v.data, encoded: v.encoded}));
    }
    redrawHealth(client as unknown as LabClient<object, unknown>);
  }
  return Object.assign(shell.element, {dispose: shell.dispose});
}
