// The embeds, used from another origin, as a course page would: the built site (dist/) is served on one port and
// two host pages on a second port of 127.0.0.1 (so every request from the host to the site is cross-origin).
// The host pages are the snippets of templates/embed-iframe.html and templates/embed-module.html, with
// https://SITE/ replaced by the site's address, inside a bare HTML page served without COOP/COEP (so the host is
// not crossOriginIsolated: the trainer runs without WASM threads, as it would on most course pages).
//
//   iframe: the frame's trainer becomes ready with the setup from the iframe's query, trains ≥ 5 steps (Train
//           pressed inside the frame), and the iframe's height follows the height the page posts (snippet's
//           listener), so the framed page does not scroll; hiding two views shrinks the iframe again.
//   module: the page's trainer becomes ready with the snippet's `state`, leaves the host page's address alone
//           (syncUrl defaults to false), and trains ≥ 5 steps.
// Both: no console error, uncaught exception, failed request, HTTP error, or request to a third origin.
//
//   node tests/browser/embed.mjs        (alone, on dist/; run.mjs calls checkEmbeds after the page checks)
import {readFile} from "node:fs/promises";
import {createServer} from "node:http";
import {resolve} from "node:path";
import {fileURLToPath} from "node:url";
import vm from "node:vm";
import {chromium} from "playwright-core";
import {chromiumArgs, executablePath} from "./chromium.mjs";
import {firstLine, makeReporter, trainerSummary, trainSteps, waitInteractive, waitTrainerReady, watch} from "./lib.mjs";
import {serve} from "./serve.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));
const root = resolve(here, "../..");
const timeouts = {
  load: 30_000, // the host page and the framed page have rendered
  ready: 90_000, // the trainer has loaded the digits and measured the backends
  train: 60_000, // 5 steps, Pause
  height: 15_000 // the iframe has taken the posted height
};
const minSteps = 5;

/** A bare host page around `snippet`: nothing from the site but what the snippet loads. */
function hostPage(title, snippet) {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${title}</title>
</head>
<body style="font-family: sans-serif; margin: 16px">
<main>
<h1>${title}</h1>
<p>A course page on another origin. The trainer below comes from the textbook's site.</p>
${snippet}
<p>Text after the embed.</p>
</main>
</body>
</html>
`;
}

/** The snippet of a template with the site's address in place of https://SITE/. */
async function snippet(template, site) {
  const text = await readFile(resolve(root, "templates", template), "utf8");
  if (!text.includes("https://SITE/")) throw new Error(`templates/${template} has no https://SITE/ to replace`);
  return text.replaceAll("https://SITE/", `${site}/`);
}

/** Serves `pages` ({"/path": html}) on another port of 127.0.0.1, without COOP/COEP. */
function serveHost(pages) {
  const server = createServer((req, res) => {
    const body = pages[new URL(req.url, "http://x").pathname];
    if (body === undefined) return void res.writeHead(404, {"content-type": "text/plain"}).end("not found");
    res.writeHead(200, {"content-type": "text/html; charset=utf-8"}).end(body);
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok({server, url: `http://127.0.0.1:${server.address().port}`})));
}

/** Keys of `expected` whose value differs in `state` (arrays compared element by element). */
function mismatches(state, expected) {
  return Object.entries(expected)
    .filter(([k, v]) => JSON.stringify(state?.[k]) !== JSON.stringify(v))
    .map(([k, v]) => `${k}: expected ${JSON.stringify(v)}, got ${JSON.stringify(state?.[k])}`);
}

/** The state an iframe src asks for, as the widget holds it: numbers as numbers, pick and show as arrays. */
function stateFromQuery(src) {
  const expected = {};
  for (const [k, v] of new URL(src).searchParams) {
    expected[k] = k === "show" ? v.split(",") : k === "pick" ? v.split(",").map(Number) : k === "backend" ? v : Number(v);
  }
  return expected;
}

async function checkIframe(browser, report, site, host, src, initialHeight) {
  const expected = stateFromQuery(src);
  const name = `embed: iframe of /embed/vae-trainer${new URL(src).search} on another origin`;
  const context = await browser.newContext({viewport: {width: 1100, height: 800}});
  const watcher = watch(context, [site, host]);
  const problems = [];
  let detail = "";
  try {
    const page = await context.newPage();
    await page.goto(`${host}/iframe.html`, {waitUntil: "load", timeout: timeouts.load});
    const frame = await (await page.waitForSelector("iframe", {timeout: timeouts.load})).contentFrame();
    await waitInteractive(frame, timeouts.load);
    if (new URL(frame.url()).origin !== site) problems.push(`the frame shows ${frame.url()}, not a page of ${site}`);
    await waitTrainerReady(frame, timeouts.ready).catch(async (error) => {
      throw new Error(`not ready: ${firstLine(error)}; trainer: ${JSON.stringify(await trainerSummary(frame))}`);
    });
    const before = await trainerSummary(frame);
    problems.push(...mismatches(before.state, expected).map((m) => `state from the iframe's query: ${m}`));
    await trainSteps(frame, minSteps, {timeout: timeouts.train}).catch(async (error) => {
      throw new Error(`training: ${firstLine(error)}; trainer: ${JSON.stringify(await trainerSummary(frame))}`);
    });
    const after = await trainerSummary(frame);
    // The frame's height: what the page inside measures (and posts), against the iframe's box in the host page.
    const measure = async () => ({
      content: await frame.evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height)),
      overflow: await frame.evaluate(() => document.documentElement.scrollHeight - window.innerHeight),
      iframe: await page.evaluate(() => document.querySelector("iframe").getBoundingClientRect().height)
    });
    /** Waits until the iframe fits the framed page and `moved(height)` holds; returns the last measure. */
    const settle = async (moved) => {
      let h = await measure();
      for (const start = Date.now(); Date.now() - start < timeouts.height; h = await measure()) {
        if (Math.abs(h.iframe - h.content) <= 1 && h.overflow <= 1 && moved(h.iframe)) break;
        await page.waitForTimeout(250);
      }
      return h;
    };
    const fits = (h, when) => [
      ...(Math.abs(h.iframe - h.content) > 1 ? [`${when}: iframe height ${h.iframe}px, framed page ${h.content}px`] : []),
      ...(h.overflow > 1 ? [`${when}: the framed page scrolls by ${h.overflow}px`] : [])
    ];
    const grown = await settle((height) => height !== initialHeight);
    if (grown.iframe === initialHeight) problems.push(`the iframe kept its initial height ${initialHeight}px: no height was applied`);
    problems.push(...fits(grown, "after training"));
    // Hiding two views makes the trainer shorter: the iframe must shrink with it (no height that only grows).
    for (const view of ["interpolation", "latent map"]) await frame.getByRole("checkbox", {name: view}).uncheck({timeout: timeouts.load});
    const shrunk = await settle((height) => height < grown.iframe);
    if (!(shrunk.iframe < grown.iframe)) problems.push(`after hiding two views the iframe stayed ${shrunk.iframe}px`);
    problems.push(...fits(shrunk, "after hiding two views"));
    const isolated = await frame.evaluate(() => crossOriginIsolated);
    detail = ` (${after.steps} steps on ${after.backend}, crossOriginIsolated ${isolated}; iframe ${initialHeight} → ${grown.iframe} → ${shrunk.iframe}px)`;
  } catch (error) {
    problems.push(firstLine(error));
  }
  problems.push(...watcher.take());
  report(problems.length === 0, `${name}: ready with its state, trains ≥ ${minSteps} steps, sizes itself${detail}`, problems);
  await context.close();
}

async function checkModule(browser, report, site, host, expected) {
  const name = `embed: ES module /embed/vae-trainer.js imported by a page on another origin, state ${JSON.stringify(expected)}`;
  const context = await browser.newContext({viewport: {width: 1100, height: 800}});
  const watcher = watch(context, [site, host]);
  const problems = [];
  let detail = "";
  try {
    const page = await context.newPage();
    await page.goto(`${host}/module.html`, {waitUntil: "load", timeout: timeouts.load});
    await page.waitForSelector(".trainer", {timeout: timeouts.load});
    await waitTrainerReady(page, timeouts.ready).catch(async (error) => {
      throw new Error(`not ready: ${firstLine(error)}; trainer: ${JSON.stringify(await trainerSummary(page))}`);
    });
    const before = await trainerSummary(page);
    problems.push(...mismatches(before.state, expected).map((m) => `state from the snippet: ${m}`));
    await trainSteps(page, minSteps, {timeout: timeouts.train}).catch(async (error) => {
      throw new Error(`training: ${firstLine(error)}; trainer: ${JSON.stringify(await trainerSummary(page))}`);
    });
    const after = await trainerSummary(page);
    const search = await page.evaluate(() => location.search);
    if (search !== "") problems.push(`the widget wrote ${search} into the host page's address (syncUrl should default to false)`);
    const isolated = await page.evaluate(() => crossOriginIsolated);
    detail = ` (${after.steps} steps on ${after.backend}, crossOriginIsolated ${isolated})`;
  } catch (error) {
    problems.push(firstLine(error));
  }
  problems.push(...watcher.take());
  report(problems.length === 0, `${name}: ready, trains ≥ ${minSteps} steps${detail}`, problems);
  await context.close();
}

/** Runs both checks against the site served at `site` (which must send Access-Control-Allow-Origin). */
export async function checkEmbeds({report, site}) {
  let iframeSnippet, moduleSnippet;
  try {
    iframeSnippet = await snippet("embed-iframe.html", site);
    moduleSnippet = await snippet("embed-module.html", site);
  } catch (error) {
    return report(false, "embed: read the snippets in templates/", [firstLine(error)]);
  }
  const src = /<iframe[^>]*\ssrc="([^"]+)"/.exec(iframeSnippet)?.[1]?.replaceAll("&amp;", "&");
  const initialHeight = Number(/<iframe[^>]*\sheight="(\d+)"/.exec(iframeSnippet)?.[1]);
  const stateLiteral = /\(\{state: (\{.*?\})\}\)/.exec(moduleSnippet)?.[1];
  if (!src || !initialHeight || !stateLiteral) {
    return report(false, "embed: read the snippets in templates/", [`iframe src ${src}, height ${initialHeight}; module state ${stateLiteral}`]);
  }
  const expected = vm.runInNewContext(`(${stateLiteral})`); // our own template's object literal, e.g. {latentDim: 2}
  const {server, url: host} = await serveHost({
    "/iframe.html": hostPage("Embed test: the trainer in an iframe", iframeSnippet),
    "/module.html": hostPage("Embed test: the trainer as an ES module", moduleSnippet)
  });
  const browser = await chromium.launch({executablePath, args: chromiumArgs});
  try {
    await checkIframe(browser, report, site, host, src, initialHeight);
    await checkModule(browser, report, site, host, expected);
  } finally {
    await browser.close();
    server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const {report, counts} = makeReporter();
  const {server, url} = await serve(resolve(root, process.env.DIST ?? "dist"));
  const started = performance.now();
  await checkEmbeds({report, site: url});
  server.close();
  console.log(`(embeds, ${((performance.now() - started) / 1000).toFixed(0)} s)`);
  console.log(`${counts.passed} passed, ${counts.failed} failed`);
  process.exit(counts.failed ? 1 : 0);
}
