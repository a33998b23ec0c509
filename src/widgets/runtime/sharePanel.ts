// "Share or embed": a link to this exact setup, an iframe snippet and an ES-module snippet, each copyable.
// Any widget: it says how to write its state as a query and as a plain object.
import {iframeSnippet, moduleSnippet} from "./embedSnippets.js";

export interface ShareOptions {
  /** The query string of the current state (e.g. "?seed=3"): for the embed page, and for the link when `link` is
   * not given. */
  query: () => string;
  /** The query for the embed page when it differs from `query` (a widget whose page parameters carry a prefix). */
  embedQuery?: () => string;
  /** A link to this page with the current state, or null when the page's address does not carry it (the embed's
   * page is linked instead). */
  link?: () => string | null;
  /** The state that differs from the defaults, as a plain object (for the module snippet). */
  diff: () => object;
  /** The site's root URL. */
  siteRoot: string;
  /** The embed's name: docs/embed/NAME.md and docs/embed/NAME.js. */
  name: string;
  /** What docs/embed/NAME.js exports. */
  exportName: string;
  /** The iframe's title. */
  title: string;
}

export interface SharePanel extends HTMLDetailsElement {
  /** Rewrites the snippets for the current state (cheap; called when settings change). */
  refresh(): void;
}

let uid = 0;

export function sharePanel(o: ShareOptions): SharePanel {
  const details = document.createElement("details") as unknown as SharePanel;
  details.className = "trainer-share";
  const summary = document.createElement("summary");
  summary.textContent = "Share or embed this setup";
  details.append(summary);
  const id = `share${++uid}`;
  const boxes: [string, () => string][] = [
    ["Link to this setup", () => (o.link ? o.link() ?? new URL(`embed/${o.name}${(o.embedQuery ?? o.query)()}`, o.siteRoot).href : new URL(`${location.pathname}${o.query()}`, location.href).href)],
    ["Iframe for a course page (sizes itself)", () => iframeSnippet(o.siteRoot, o.name, (o.embedQuery ?? o.query)(), o.title)],
    ["ES module for a course page", () => moduleSnippet(o.siteRoot, o.name, o.exportName, o.diff())]
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
    boxes.forEach(([, make], i) => (areas[i].value = make()));
  };
  details.addEventListener("toggle", () => details.refresh());
  return details;
}
