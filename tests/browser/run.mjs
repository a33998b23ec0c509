// The browser test: opens every built page of dist/ in headless Chromium and checks what a reader would meet.
//
//   node tests/browser/run.mjs            (`npm test` builds the site first)
//   DIST=other/dist node tests/browser/run.mjs
//
// For every page: no console error or uncaught exception (page or worker), no failed request, no HTTP status ≥ 400,
// no request off the served origin (blob: and data: count as the site's own), the page becomes interactive
// (Framework's main content is rendered, no cell left loading, no cell showing an error), and axe-core finds no
// serious or critical violation, in the light and in the dark colour scheme.
// On every chapter page, for every VAE trainer widget (`.trainer`) and every lab widget (`.lab`): Train until 50
// (trainer) or 30 (lab) steps are recorded, Pause, and the mean loss of the last 10 records must be below that of
// the first 10. Then, in a second Chromium whose WebGPU runs on
// SwiftShader, the first such chapter opened with ?backend=webgpu must report a passing WebGPU self-test.
// Then the state in the address (state.mjs: round trip, hostile values, a refused typed value), the embeds from a
// page on another origin (embed.mjs), "Train both" of chapter 6 (together.mjs: one backend, in step) and a forked
// chapter built and opened (fork.mjs).
// One line per check, then "N passed, M failed"; the exit code is 1 if anything failed.
// Timings are never asserted: speed lives in `npm run bench`.
import {readdir, readFile} from "node:fs/promises";
import {join, relative, resolve, sep} from "node:path";
import {fileURLToPath} from "node:url";
import {chromium} from "playwright-core";
import {chromiumArgs, executablePath, webgpuArgs} from "./chromium.mjs";
import {checkElboState} from "./elboState.mjs";
import {checkEmbeds} from "./embed.mjs";
import {checkReparamState} from "./reparamState.mjs";
import {checkFork} from "./fork.mjs";
import {checkState} from "./state.mjs";
import {checkTogether} from "./together.mjs";
import {axe, cellErrors, makeReporter, waitInteractive as waitRendered, watch as watchOrigins} from "./lib.mjs";
import {serve} from "./serve.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));
const root = resolve(here, "../..");
const dist = resolve(root, process.env.DIST ?? "dist");
const timeouts = {
  interactive: 30_000, // the page's cells have all displayed
  trainer: 30_000, // a page that imports the trainer shows its widget
  ready: 90_000, // Train is enabled (the digits are loaded and the backends measured)
  train: 120_000, // 50 steps; WASM does ~7 steps/s on 2 cores, so this is generous
  pause: 15_000, // the step under way finishes after Pause
  webgpu: 150_000, // the WebGPU self-test on SwiftShader (~90 s seen)
  total: 1_500_000 // the whole run
};
const minSteps = 50;
const minLabSteps = 30;

const {report, counts} = makeReporter();

/** Every .html file under dist/, outside Framework's own asset folders (_observablehq, _node, _import, …). */
async function findPages(dir = dist) {
  const pages = [];
  for (const entry of await readdir(dir, {withFileTypes: true})) {
    if (dir === dist && entry.name.startsWith("_")) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) pages.push(...(await findPages(path)));
    else if (entry.name.endsWith(".html")) pages.push(relative(dist, path).split(sep).join("/"));
  }
  return pages.sort();
}

/** The URL path a reader uses for a built file: index.html → /, a/b.html → /a/b (Framework's clean URLs). */
function urlPath(file) {
  return "/" + file.replace(/(^|\/)index\.html$/, "$1").replace(/\.html$/, "");
}

/** Problems seen in `context` (lib.mjs): anything off the served origin counts as off-origin. */
const watch = (context) => watchOrigins(context, [origin]);

/** Resolves once Framework has rendered the page (no cell still loading) and the network has settled. */
async function waitInteractive(page) {
  await waitRendered(page, timeouts.interactive);
  await page.waitForLoadState("networkidle", {timeout: timeouts.interactive}).catch(() => {});
}

/** Opens a page in `context` and runs the load and accessibility checks; returns the page, still open. */
async function checkPage(context, watcher, path) {
  const page = await context.newPage();
  const problems = [];
  try {
    const response = await page.goto(origin + path, {waitUntil: "load", timeout: timeouts.interactive});
    if (!response?.ok()) problems.push(`navigation: HTTP ${response?.status()}`);
    await waitInteractive(page);
  } catch (error) {
    problems.push(`never became interactive: ${error.message.split("\n")[0]}`);
  }
  problems.push(...watcher.take(), ...(await cellErrors(page).catch(() => [])));
  report(problems.length === 0, `${path} loads and becomes interactive`, problems);
  for (const colorScheme of ["light", "dark"]) {
    try {
      await page.emulateMedia({colorScheme});
      const {lines, minor} = await axe(page);
      const notes = minor.length ? [`not failing (moderate/minor): ${minor.join("; ")}`] : [];
      report(lines.length === 0, `${path} has no serious or critical axe violations (${colorScheme})`, [...lines, ...notes]);
    } catch (error) {
      report(false, `${path} axe (${colorScheme})`, [error.message.split("\n")[0]]);
    }
  }
  await page.emulateMedia({colorScheme: "light"});
  return page;
}

/** Mean of `key` over records. */
const mean = (records, key) => records.reduce((s, r) => s + r[key], 0) / records.length;

/**
 * The two kinds of training widget, both with their LabClient at `.client`: the chapter-1 VAE trainer (`.trainer`)
 * and the labs of later chapters (`.lab`). `marker` is what a built page's HTML contains when its code imports the
 * widget (Framework preloads the module by name).
 */
const kinds = [
  {name: "trainer", selector: ".trainer", client: "client", list: "records", marker: /vaeTrainer/, minSteps},
  {name: "lab", selector: ".lab", client: "client", list: "records", marker: /labShell/, minSteps: minLabSteps}
];

/** Train, wait for `kind.minSteps` records, Pause; the loss must have come down. */
async function checkTraining(page, watcher, path, kind, index) {
  const name = `${path} ${kind.name} #${index + 1}`;
  const widget = page.locator(kind.selector).nth(index);
  const label = await widget.getAttribute("aria-label").catch(() => null);
  const problems = [];
  const args = [kind.selector, kind.client, kind.list, index];
  const state = () => page.evaluate(([sel, c, list, i]) => {
    const t = document.querySelectorAll(sel)[i]?.[c];
    return t && {status: t.status, backend: t.backend, steps: t[list]?.length, notices: t.notices};
  }, args).catch(() => null);
  try {
    await widget.scrollIntoViewIfNeeded(); // widgets off screen pause
    await widget.getByRole("button", {name: "Train", exact: true}).first().click({timeout: timeouts.ready});
    await page.waitForFunction(([[sel, c, list, i], n]) => document.querySelectorAll(sel)[i][c]?.[list]?.length >= n,
      [args, kind.minSteps], {timeout: timeouts.train, polling: 500});
    const pause = widget.getByRole("button", {name: "Pause", exact: true});
    if (await pause.count()) await pause.first().click();
    else await widget.locator('button[aria-pressed="true"]').first().click(); // a toggle that keeps its name
    await page.waitForFunction(([sel, c, , i]) => document.querySelectorAll(sel)[i][c].status !== "training",
      args, {timeout: timeouts.pause})
      .catch(() => problems.push(`status still "training" ${timeouts.pause / 1000} s after Pause`));
  } catch (error) {
    problems.push(`${error.message.split("\n")[0]}; ${kind.name} state: ${JSON.stringify(await state())}`);
  }
  const t = await page.evaluate(([sel, c, list, i]) => {
    const run = document.querySelectorAll(sel)[i][c] ?? {};
    return {history: run[list]?.map(({step, loss}) => ({step, loss})) ?? [], backend: run.backend};
  }, args);
  problems.push(...watcher.take());
  const title = `${name}${label ? ` (${label})` : ""} trains and the loss decreases`;
  if (t.history.length >= 20) {
    const first = mean(t.history.slice(0, 10), "loss"), last = mean(t.history.slice(-10), "loss");
    const summary = `${t.history.length} steps on ${t.backend}: mean loss of first 10 ${first.toPrecision(4)}, last 10 ${last.toPrecision(4)}`;
    if (!(last < first)) problems.push(`loss did not decrease: ${summary}`);
    report(problems.length === 0, `${title} (${summary})`, problems);
  } else {
    report(false, title, [`only ${t.history.length} steps recorded`, ...problems]);
  }
}

/** In a Chromium with WebGPU on SwiftShader, ?backend=webgpu must pass the trainer's WebGPU self-test. */
async function checkWebgpu(path) {
  const name = `${path}?backend=webgpu passes the WebGPU self-test (SwiftShader)`;
  const browser = await chromium.launch({executablePath, args: [...chromiumArgs, ...webgpuArgs]});
  try {
    const context = await browser.newContext();
    const watcher = watch(context);
    const page = await context.newPage();
    const problems = [];
    const started = performance.now();
    await page.goto(`${origin}${path}?backend=webgpu`, {waitUntil: "load"});
    const done = await page.waitForFunction(() => {
      const report = document.querySelector(".trainer")?.client?.backendReport ?? [];
      const webgpu = report.find((r) => r.name === "webgpu");
      return webgpu && (webgpu.selfTest || webgpu.error || webgpu.available === false) ? webgpu : false;
    }, null, {timeout: timeouts.webgpu, polling: 1000}).then((h) => h.jsonValue()).catch((error) => {
      problems.push(error.message.split("\n")[0]);
      return null;
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(0);
    if (done && !done.selfTest?.ok) problems.push(`backendReport entry: ${JSON.stringify(done)}`);
    if (!done) {
      const state = await page.evaluate(() => {
        const t = document.querySelector(".trainer")?.client;
        return t && {status: t.status, backend: t.backend, backendReport: t.backendReport, notices: t.notices};
      }).catch(() => null);
      problems.push(`trainer state: ${JSON.stringify(state)}`);
    }
    problems.push(...watcher.take());
    report(problems.length === 0, `${name}${done?.selfTest?.ok ? ` (maxError ${done.selfTest.maxError}, ${seconds} s)` : ""}`, problems);
  } catch (error) {
    report(false, name, [error.message.split("\n")[0]]);
  } finally {
    await browser.close();
  }
}

const started = performance.now();
// A last resort against a hang: the whole run must stay well under 10 minutes.
setTimeout(() => {
  console.log(`FAIL the browser test did not finish within ${timeouts.total / 60_000} minutes`);
  console.log(`${counts.passed} passed, ${counts.failed + 1} failed`);
  process.exit(1);
}, timeouts.total).unref();

const files = await findPages();
if (files.length === 0) {
  console.error(`no pages in ${dist}: run \`npm run build\` first`);
  process.exit(1);
}
const {server, url: origin} = await serve(dist);
const browser = await chromium.launch({executablePath, args: chromiumArgs});
const trainerPaths = [];
try {
  for (const file of files) {
    const path = urlPath(file);
    // A fresh context per page: an empty cache (every request is seen) and problems attributed to their page.
    const context = await browser.newContext();
    const watcher = watch(context);
    const page = await checkPage(context, watcher, path);
    if (path.startsWith("/chapters/")) {
      const html = await readFile(join(dist, file), "utf8");
      for (const kind of kinds) {
        // The widget may appear after its data loads; a page whose built code imports the widget must show one.
        const imports = kind.marker.test(html);
        const count = imports
          ? await page.waitForSelector(kind.selector, {timeout: timeouts.trainer}).then(() => page.locator(kind.selector).count(), () => 0)
          : await page.locator(kind.selector).count();
        if (imports && count === 0) report(false, `${path} shows its ${kind.name} widget`, [`no ${kind.selector} after ${timeouts.trainer / 1000} s`, ...watcher.take()]);
        if (count > 0 && kind.name === "trainer") trainerPaths.push(path);
        for (let i = 0; i < count; ++i) await checkTraining(page, watcher, path, kind, i);
      }
    }
    await page.waitForTimeout(500); // let late messages arrive
    const late = watcher.take();
    if (late.length) report(false, `${path} stays free of errors after loading`, late);
    await context.close();
  }
} finally {
  await browser.close();
}
if (trainerPaths.length) {
  await checkWebgpu(trainerPaths[0]);
  await checkState({report, site: origin, path: trainerPaths[0]});
}
else console.log("(no chapter page has a trainer widget: no training or WebGPU checks)");
await checkEmbeds({report, site: origin});
await checkElboState({report, site: origin});
await checkReparamState({report, site: origin});
await checkTogether({report, site: origin});
server.close();
await checkFork({report});
console.log(`(${files.length} pages, ${((performance.now() - started) / 1000).toFixed(0)} s)`);
console.log(`${counts.passed} passed, ${counts.failed} failed`);
process.exit(counts.failed ? 1 : 0);
