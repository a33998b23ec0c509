// Copyable snippets that reproduce a widget's current state elsewhere: an iframe of its chrome-less page
// (docs/embed/NAME.md, which posts its height so the snippet can size it) and an ES-module import (docs/embed/NAME.js,
// Framework's exported module). Any widget: the state arrives as a query string and as a plain object.

/** An iframe of the embed page with `query` (e.g. "?seed=3"), and a listener that applies the height it posts. */
export function iframeSnippet(siteRoot: string, name: string, query: string, title: string): string {
  const src = new URL(`embed/${name}${query}`, siteRoot).href;
  return [
    `<iframe src="${escapeAttr(src)}" title="${escapeAttr(title)}" style="width:100%;border:0" height="900" loading="lazy"></iframe>`,
    `<script>addEventListener("message", (e) => { if (e.data?.type !== "vae-textbook:height") return;`,
    `  for (const f of document.querySelectorAll("iframe")) if (f.contentWindow === e.source) f.style.height = Math.max(0, Number(e.data.height) || 0) + "px"; });</script>`
  ].join("\n");
}

/** A module script that imports the exported widget and mounts it with `{state}`. */
export function moduleSnippet(siteRoot: string, name: string, exportName: string, state: object, id = `vae-${name}`): string {
  const src = new URL(`embed/${name}.js`, siteRoot).href;
  return [
    `<div id="${escapeAttr(id)}"></div>`,
    `<script type="module">`,
    `import {${exportName}} from ${JSON.stringify(src)};`,
    `document.getElementById(${JSON.stringify(id)}).append(${exportName}({state: ${JSON.stringify(state)}}));`,
    `</script>`
  ].join("\n");
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
}
