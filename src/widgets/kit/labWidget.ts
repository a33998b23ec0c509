// The whole widget of a lab whose settings are a schema (train/settingsSchema.ts): the lab frame (labShell.ts), its
// controls made from the schema (schemaControls.ts) and the training loss with its reconstruction and KL parts, plus
// whatever views the page adds. A new lab needs no widget file of its own:
//
//   display(labWidget({title: "…", spec: fooSpec, workerUrl: new URL(import.meta.resolve("../src/labs/foo.worker.js"), location.href)}));
//
// (the literal import.meta.resolve in the page is what makes Framework bundle the worker).
import type {SchemaSpec} from "../../train/settingsSchema.js";
import {lossChart, type LossChartElement, type LossRecord} from "../../viz/index.js";
import {panel} from "./kit.js";
import type {LabClient} from "../runtime/labClient.js";
import {labShell, type LabShellElement, type LabShellOptions} from "./labShell.js";
import {schemaControls} from "./schemaControls.js";

export interface LabWidgetOptions<S extends object, V> extends Omit<LabShellOptions<S, V>, "render" | "spec"> {
  spec: SchemaSpec<S>;
  /** The settings offered as controls (default: all of the schema's). */
  controls?: (keyof S & string)[];
  /** More views, drawn after the loss chart with the latest views and records. */
  render?(views: V | null, client: LabClient<S, V>, body: HTMLElement): void;
}

/** The y axis of the loss chart: nats per example (records carry loss, recon and kl). */
const records = (client: LabClient<object, unknown>): LossRecord[] =>
  client.records.map((r) => ({step: r.step, loss: r.loss, recon: r.recon ?? r.loss, kl: r.kl ?? 0}));

export function labWidget<S extends object, V>(options: LabWidgetOptions<S, V>): LabShellElement<S, V> {
  const {controls: keys, render: more, ...rest} = options;
  let chart: LossChartElement | null = null;
  const chartBox = document.createElement("div");
  let shown = -1;
  let shownSettings: S | null = null;
  const shell = labShell<S, V>({
    ...rest,
    render(views, client) {
      if (client.settings !== shownSettings) controls.show((shownSettings = client.settings)); // only what the lab confirmed anew
      const last = client.records.at(-1)?.step ?? 0;
      if (last !== shown || !chart) {
        shown = last;
        const data = records(client as unknown as LabClient<object, unknown>);
        const opts = {width: Math.max(280, chartBox.clientWidth || 560), height: 220, emptyText: "No steps yet: press Train or Step."};
        if (chart) chart.update(data, opts); else chartBox.append((chart = lossChart(data, opts)));
      }
      more?.(views, client, shell.body);
    }
  });
  const controls = schemaControls(options.spec, shell.client, {...options.spec.defaults, ...options.settings} as S, keys);
  shell.body.append(controls.element, panel("Training loss", [chartBox]));
  return shell.element;
}
