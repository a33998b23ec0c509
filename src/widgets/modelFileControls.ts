// "Save model" and "Load model…": one model file (JSON) out of and into a trainer. Reading and checking the file
// happen in the Worker; a bad file leaves the current model as it was, with a message saying why.
import type {ModelFile} from "../train/lab.js";
import {MODEL_FILE_MAX_BYTES} from "../train/modelFile.js";
import type {Notice} from "./labClient.js";

/** What the controls need of a lab's client (LabClient, for a lab that writes model files). */
export interface ModelFileClient extends EventTarget {
  exported: ModelFile | null;
  exportModel(): void;
  importModel(data: ArrayBuffer, name: string): void;
  notice(level: Notice["level"], text: string): void;
}

export function modelFileControls(client: ModelFileClient): HTMLElement {
  const row = document.createElement("div");
  row.className = "trainer-files";
  row.setAttribute("role", "group");
  row.setAttribute("aria-label", "Model file");
  const save = document.createElement("button");
  save.type = "button";
  save.textContent = "Save model";
  save.addEventListener("click", () => client.exportModel());
  const input = document.createElement("input");
  input.type = "file";
  input.accept = ".json,application/json";
  input.className = "trainer-file-input";
  input.setAttribute("aria-label", "Load model file");
  input.tabIndex = -1; // reached through the "Load model…" button
  input.addEventListener("change", async () => {
    const file = input.files?.[0];
    input.value = "";
    if (!file) return;
    const unchanged = "The current model is unchanged.";
    if (file.size > MODEL_FILE_MAX_BYTES) return client.notice("error", `${file.name}: the file is ${(file.size / 1e6).toFixed(0)} MB; a model file of this site is at most ${MODEL_FILE_MAX_BYTES / 1e6} MB. ${unchanged}`);
    try { client.importModel(await file.arrayBuffer(), file.name); }
    catch (e) { client.notice("error", `${file.name}: the file could not be read (${(e as Error).message}). ${unchanged}`); }
  });
  const load = document.createElement("button");
  load.type = "button";
  load.textContent = "Load model…";
  load.addEventListener("click", () => input.click());
  const hint = document.createElement("small");
  hint.textContent = "One .json file: weights, settings, seed, backend, versions, step and metrics.";
  row.append(save, load, input, hint);
  client.addEventListener("update", (e) => {
    if ((e as CustomEvent<string>).detail !== "exported" || !client.exported) return;
    const url = URL.createObjectURL(new Blob([client.exported.text], {type: "application/json"}));
    const a = Object.assign(document.createElement("a"), {href: url, download: client.exported.name});
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  });
  return row;
}
