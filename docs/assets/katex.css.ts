// Data loader (build time): KaTeX's stylesheet with its WOFF2 fonts inlined as data: URLs, so the math renders
// with the site's own files only (no font host, works offline). Older font formats are dropped: every browser
// that runs the rest of the site reads WOFF2.
import {readFileSync} from "node:fs";
import {createRequire} from "node:module";
import {dirname, join} from "node:path";

const dist = join(dirname(createRequire(import.meta.url).resolve("katex/package.json")), "dist");
const css = readFileSync(join(dist, "katex.min.css"), "utf8").replace(/src:([^;}]+)/g, (_, sources: string) => {
  const woff2 = /url\((fonts\/[^)]+\.woff2)\)/.exec(sources);
  if (!woff2) throw new Error(`no WOFF2 font in: ${sources}`);
  return `src:url(data:font/woff2;base64,${readFileSync(join(dist, woff2[1])).toString("base64")}) format("woff2")`;
});
process.stdout.write(css);
