// "Save model" and "Load model…": one model file (JSON) out of and into a trainer. Reading and checking the file
// happen in the Worker; a bad file leaves the current model as it was, with a message saying why.
import type {ModelFile} from "../train/lab.js";
import {MODEL_FILE_MAX_BYTES} from "../train/modelFile.js";
import {el} from "./kit/kit.js";
import type {Notice} from "./runtime/labClient.js";

/** What the controls need of a lab's client (LabClient, for a lab that writes model files). */
export interface ModelFileClient extends EventTarget {
  exported: ModelFile | null;
  exportModel(): void;
  importModel(data: ArrayBuffer, name: string): void;
  notice(level: Notice["level"], text: string): void;
}

export function modelFileControls(client: ModelFileClient): HTMLElement {
  const row = el("div", {className: "trainer-files"});
  row.setAttribute("role", "group");
  row.setAttribute("aria-label", "Model file");
  const save = el("button", {type: "button", textContent: "Save model", onclick: () => client.exportModel()});
  // reached through the "Load model…" button
  const input = el("input", {type: "file", accept: ".json,application/json", className: "trainer-file-input", tabIndex: -1});
  input.setAttribute("aria-label", "Load model file");
  input.addEventListener("change", async () => {
    const file = input.files?.[0];
    input.value = "";
    if (!file) return;
    const unchanged = "The current model is unchanged.";
    if (file.size > MODEL_FILE_MAX_BYTES) return client.notice("error", `${file.name}: the file is ${(file.size / 1e6).toFixed(0)} MB; a model file of this site is at most ${MODEL_FILE_MAX_BYTES / 1e6} MB. ${unchanged}`);
    try { client.importModel(await file.arrayBuffer(), file.name); }
    catch (e) { client.notice("error", `${file.name}: the file could not be read (${(e as Error).message}). ${unchanged}`); }
  });
  const load = el("button", {type: "button", textContent: "Load model…", onclick: () => input.click()});
  const hint = el("small", {textContent: "One .json file: weights, settings, seed, backend, versions, step and metrics."});
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
