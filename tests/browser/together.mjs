// "Train both" in real Chromium: the two runs of chapter 6's comparison train together, on one backend (the group's
// first lab measures, the other starts on its choice), never more than a few steps apart (labGroup.ts: MAX_LEAD = 10
// steps, plus the steps a Worker finishes while its record reaches the page and the pause comes back), both lower
// their loss, and "Pause both" stops both.
//
//   checkTogether({report, site}) — called by run.mjs with the served origin.
//   node tests/browser/together.mjs     (alone, on dist/ or DIST=…)
import {resolve} from "node:path";
import {fileURLToPath} from "node:url";
import {chromium} from "playwright-core";
import {chromiumArgs, executablePath} from "./chromium.mjs";
import {firstLine, makeReporter, waitInteractive, watch} from "./lib.mjs";
import {serve} from "./serve.mjs";

const chapter = "/chapters/06-kl-annealing";
const steps = 60; // both runs reach this many steps
const maxLead = 10; // labGroup.ts's MAX_LEAD
// The steps a Worker may finish before its pause arrives: those of one round trip through the page's main thread,
// which may be busy with a frame's drawing (up to 50 ms, the long-task bound), plus the time a record may wait to
// travel in a batch (labRunner.ts: RECORD_BATCH_MS = 20), at the pair's measured speed; at least 3.
const inFlight = (stepsPerSecond) => Math.max(3, Math.ceil(stepsPerSecond * (0.05 + 0.02)));
const timeouts = {ready: 120_000, train: 300_000, pause: 15_000};

const mean = (a) => a.reduce((s, v) => s + v, 0) / a.length;

export async function checkTogether({report, site}) {
  const name = `${chapter}: "Train both" trains both runs on one backend, in step, and "Pause both" stops them`;
  const browser = await chromium.launch({executablePath, args: chromiumArgs});
  const problems = [];
  try {
    const context = await browser.newContext();
    const watcher = watch(context, [site]);
    const page = await context.newPage();
    await page.goto(`${site}${chapter}`, {waitUntil: "load"});
    await waitInteractive(page, 30_000);
    const compare = page.locator(".collapse-compare").first();
    await compare.scrollIntoViewIfNeeded();
    const both = compare.locator(".run-together button").first();
    await page.waitForFunction(() => [...document.querySelectorAll(".collapse-compare .lab")].every((l) => l.client && !["loading", "error"].includes(l.client.status)),
      null, {timeout: timeouts.ready, polling: 500});
    await both.click();
    const started = Date.now();
    // Sample both runs' steps while they train: the largest gap seen.
    const runs = () => page.evaluate(() => [...document.querySelectorAll(".collapse-compare .lab")].slice(0, 2).map((l) => ({
      step: l.client.lastStep, backend: l.client.backend, status: l.client.status, held: l.client.held, losses: l.client.records.map((r) => r.loss)
    })));
    let gap = 0, heldSeen = false, last = await runs();
    const deadline = Date.now() + timeouts.train;
    while (Math.min(...last.map((r) => r.step)) < steps && Date.now() < deadline) {
      await page.waitForTimeout(250);
      last = await runs();
      gap = Math.max(gap, Math.abs(last[0].step - last[1].step));
      heldSeen ||= last.some((r) => r.held.includes("pacing"));
    }
    if (Math.min(...last.map((r) => r.step)) < steps) problems.push(`only ${last.map((r) => r.step).join(" and ")} steps after ${timeouts.train / 1000} s`);
    if (last[0].backend !== last[1].backend) problems.push(`the runs chose different backends: ${last[0].backend} and ${last[1].backend}`);
    const rate = Math.max(...last.map((r) => r.step)) / Math.max(0.001, (Date.now() - started) / 1000);
    const allowedGap = maxLead + inFlight(rate);
    if (gap > allowedGap) problems.push(`the runs drifted ${gap} steps apart (at most ${allowedGap} expected at ${rate.toFixed(0)} steps/s)`);
    await both.click();
    await page.waitForFunction(() => [...document.querySelectorAll(".collapse-compare .lab")].every((l) => l.client.status !== "training"), null, {timeout: timeouts.pause})
      .catch(() => problems.push(`a run still trains ${timeouts.pause / 1000} s after "Pause both"`));
    last = await runs();
    for (const [i, r] of last.entries()) {
      if (r.losses.length >= 20 && !(mean(r.losses.slice(-10)) < mean(r.losses.slice(0, 10)))) problems.push(`run ${i + 1}'s loss did not decrease`);
    }
    problems.push(...watcher.take());
    report(problems.length === 0, `${name} (${last.map((r) => r.step).join(" and ")} steps on ${last[0].backend}; largest gap ${gap} steps${heldSeen ? ", the faster run waited" : ""})`, problems);
  } catch (error) {
    report(false, name, [firstLine(error), ...problems]);
  } finally {
    await browser.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = resolve(fileURLToPath(new URL(".", import.meta.url)), "../..");
  const {report, counts} = makeReporter();
  const {server, url} = await serve(resolve(root, process.env.DIST ?? "dist"));
  await checkTogether({report, site: url});
  server.close();
  console.log(`${counts.passed} passed, ${counts.failed} failed`);
  process.exit(counts.failed ? 1 : 0);
}
