// "Share or embed": a link to this exact setup, an iframe snippet and an ES-module snippet, each copyable.
import {iframeSnippet, moduleSnippet} from "./embedSnippets.js";
import {stateToSearch, type WidgetState} from "./urlState.js";

export interface SharePanel extends HTMLDetailsElement {
  /** Rewrites the snippets for the current state (cheap; called when settings change). */
  refresh(): void;
}

let uid = 0;

export function sharePanel(getState: () => WidgetState, siteRoot: string, name = "vae-trainer", exportName = "vaeTrainer"): SharePanel {
  const details = document.createElement("details") as unknown as SharePanel;
  details.className = "trainer-share";
  const summary = document.createElement("summary");
  summary.textContent = "Share or embed this setup";
  details.append(summary);
  const id = `share${++uid}`;
  const boxes: [string, (s: WidgetState) => string][] = [
    ["Link to this setup", (s) => new URL(`${location.pathname}${stateToSearch(s, "", new URLSearchParams(location.search))}`, location.href).href],
    ["Iframe for a course page (sizes itself)", (s) => iframeSnippet(siteRoot, name, s)],
    ["ES module for a course page", (s) => moduleSnippet(siteRoot, name, exportName, s)]
  ];
  const areas = boxes.map(([label], i) => {
    const wrap = document.createElement("div");
    wrap.className = "trainer-snippet";
    const area = document.createElement("textarea");
    area.id = `${id}-${i}`;
    area.readOnly = true;
    area.rows = i === 0 ? 2 : 5;
    area.spellcheck = false;
    const labelEl = document.createElement("label");
    labelEl.htmlFor = area.id;
    labelEl.textContent = label;
    const copy = document.createElement("button");
    copy.type = "button";
    copy.textContent = "Copy";
    copy.setAttribute("aria-label", `Copy: ${label}`);
    const said = document.createElement("span");
    said.setAttribute("role", "status");
    copy.addEventListener("click", async () => {
      area.select();
      try { await navigator.clipboard.writeText(area.value); said.textContent = "Copied."; }
      catch { said.textContent = "Selected: press Ctrl+C (⌘C) to copy."; }
    });
    wrap.append(labelEl, area, copy, said);
    details.append(wrap);
    return area;
  });
  details.refresh = () => {
    if (!details.open) return;
    const s = getState();
    boxes.forEach(([, make], i) => (areas[i].value = make(s)));
  };
  details.addEventListener("toggle", () => details.refresh());
  return details;
}
