// Helpers shared by the browser checks (run.mjs, embed.mjs, fork.mjs): reporting, watching a browser context for
// problems, axe-core, waiting for a Framework page and for a trainer widget.
import {readFile} from "node:fs/promises";
import {createRequire} from "node:module";

const axeSource = await readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** One line per check ("ok  " or "FAIL", then details indented); `counts` is what the final line reports. */
export function makeReporter() {
  const counts = {passed: 0, failed: 0};
  function report(ok, name, details = []) {
    ok ? ++counts.passed : ++counts.failed;
    console.log(`${ok ? "ok  " : "FAIL"} ${name}`);
    for (const detail of details) console.log(`       ${String(detail).replace(/\n\s*/g, "\n         ")}`);
  }
  return {report, counts};
}

/**
 * Listens to everything the pages, frames and workers of `context` do, and collects what counts as a problem:
 * console errors, uncaught exceptions, failed requests (but not those the browser aborted itself), HTTP statuses ≥ 400,
 * and requests to any origin not in `origins` (blob: and data: count as the site's own). `take()` returns the
 * problems seen since the previous call.
 */
export function watch(context, origins) {
  let problems = [];
  const own = (url) => origins.some((o) => url.startsWith(o + "/")) || url.startsWith("blob:") || url.startsWith("data:");
  context.on("console", (m) => {
    if (m.type() === "error") problems.push(`console error: ${m.text()}${m.location()?.url ? ` (${m.location().url})` : ""}`);
  });
  context.on("weberror", (e) => problems.push(`uncaught: ${e.error().stack ?? e.error().message}`));
  context.on("request", (r) => {
    if (!own(r.url())) problems.push(`off-origin request: ${r.method()} ${r.url()}`);
  });
  context.on("requestfailed", (r) => {
    // net::ERR_ABORTED is the browser cancelling a request itself: a reload or navigation while the favicon was still
    // loading (seen once in CI, in state.mjs's reloads). A missing file is a 404 below, a dead server another error.
    if (own(r.url()) && r.failure()?.errorText !== "net::ERR_ABORTED") problems.push(`failed request: ${r.url()} (${r.failure()?.errorText})`);
  });
  context.on("response", (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return {take: () => problems.splice(0)};
}

/** Resolves once Framework has rendered the page (or frame): main exists, no cell is still loading. */
export async function waitInteractive(page, timeout) {
  await page.waitForFunction(() => document.readyState === "complete"
    && document.querySelector("#observablehq-main, main") !== null
    && document.querySelector("main observablehq-loading") === null, null, {timeout});
}

/** Cells that display an error instead of their value (Framework shows them in the page, e.g. "non-local import"). */
export function cellErrors(page) {
  return page.$$eval("main .observablehq--error", (nodes) => nodes.map((n) => `cell error: ${n.textContent.trim()}`));
}

/** axe-core's serious and critical violations, printed one node per line. */
export async function axe(page) {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({content: axeSource});
  // Closed <details> hide their content from axe: open them for the run (a dark-mode contrast bug hid in one), then
  // put them back as they were.
  const {violations} = await page.evaluate(async () => {
    const closed = [...document.querySelectorAll("details:not([open])")];
    for (const d of closed) d.open = true;
    try {
      return await window.axe.run(document, {resultTypes: ["violations"]});
    } finally {
      for (const d of closed) d.open = false;
    }
  });
  const lines = [], minor = [];
  for (const v of violations) {
    if (v.impact !== "serious" && v.impact !== "critical") {
      minor.push(`${v.id} (${v.impact}) at ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}${v.nodes.length > 3 ? ", …" : ""}`);
      continue;
    }
    lines.push(`${v.id} (${v.impact}): ${v.help} — ${v.helpUrl}`);
    for (const n of v.nodes.slice(0, 8)) {
      lines.push(`  at ${n.target.join(" ")}: ${n.failureSummary.replace(/\s*\n\s*/g, "; ")}`);
    }
    if (v.nodes.length > 8) lines.push(`  … and ${v.nodes.length - 8} more`);
  }
  return {lines, minor};
}

/** The first message of an error, without Playwright's call log. */
export const firstLine = (error) => String(error?.message ?? error).split("\n")[0];

/** A plain summary of the `index`-th trainer widget in a page or frame, for failure messages and assertions. */
export function trainerSummary(target, index = 0) {
  return target.evaluate((i) => {
    const el = document.querySelectorAll(".trainer")[i];
    const t = el?.client;
    return t ? {status: t.status, backend: t.backend, steps: t.records.length, settings: t.settings, state: el.state, notices: t.notices.map((n) => `${n.level}: ${n.text}`)} : null;
  }, index).catch((error) => ({unreadable: firstLine(error)}));
}

/** Waits until the `index`-th trainer of a page or frame is ready: data loaded, backends measured, Train enabled. */
export function waitTrainerReady(target, timeout, index = 0) {
  return target.waitForFunction((i) => {
    const t = document.querySelectorAll(".trainer")[i]?.client;
    return t && t.status !== "loading" && t.status !== "error" && t.backend !== "";
  }, index, {timeout, polling: 250});
}

/** Presses Train, waits for `steps` records, presses Pause and waits for the step under way to finish. */
export async function trainSteps(target, steps, {timeout, index = 0}) {
  const widget = target.locator(".trainer").nth(index);
  await widget.getByRole("button", {name: "Train", exact: true}).click({timeout});
  await target.waitForFunction(([i, n]) => document.querySelectorAll(".trainer")[i].client.records.length >= n,
    [index, steps], {timeout, polling: 250});
  const pause = widget.getByRole("button", {name: "Pause", exact: true});
  if (await pause.count()) await pause.click({timeout});
  else await widget.locator('button[aria-pressed="true"]').first().click({timeout}); // a toggle that keeps its name
  await target.waitForFunction((i) => document.querySelectorAll(".trainer")[i].client.status !== "training", index, {timeout});
}
