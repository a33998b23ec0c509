// Copyable snippets that reproduce a widget's current state elsewhere: a link, an iframe (the chrome-less page
// docs/embed/NAME.md, which posts its height so the snippet can size it) and an ES-module import
// (docs/embed/NAME.js, Framework's exported module).
import {stateDefaults, stateToSearch, type WidgetState} from "./urlState.js";

/** Only the state that differs from the defaults, as a plain object literal for the module snippet. */
export function stateDiff(state: WidgetState): Partial<WidgetState> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(stateDefaults) as (keyof WidgetState)[]) {
    if (JSON.stringify(state[key]) !== JSON.stringify(stateDefaults[key])) out[key] = state[key];
  }
  return out as Partial<WidgetState>;
}

/** An iframe of the embed page with the state in its query, and a listener that applies the height it posts. */
export function iframeSnippet(siteRoot: string, name: string, state: WidgetState, title = "VAE trainer"): string {
  const src = new URL(`embed/${name}${stateToSearch(state)}`, siteRoot).href;
  return [
    `<iframe src="${escapeAttr(src)}" title="${escapeAttr(title)}" style="width:100%;border:0" height="900" loading="lazy"></iframe>`,
    `<script>addEventListener("message", (e) => { if (e.data?.type !== "vae-textbook:height") return;`,
    `  for (const f of document.querySelectorAll("iframe")) if (f.contentWindow === e.source) f.style.height = e.data.height + "px"; });</script>`
  ].join("\n");
}

/** A module script that imports the exported widget and mounts it with the state. */
export function moduleSnippet(siteRoot: string, name: string, exportName: string, state: WidgetState, id = `vae-${name}`): string {
  const src = new URL(`embed/${name}.js`, siteRoot).href;
  return [
    `<div id="${escapeAttr(id)}"></div>`,
    `<script type="module">`,
    `import {${exportName}} from ${JSON.stringify(src)};`,
    `document.getElementById(${JSON.stringify(id)}).append(${exportName}({state: ${JSON.stringify(stateDiff(state))}}));`,
    `</script>`
  ].join("\n");
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
}
