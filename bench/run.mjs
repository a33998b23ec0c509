// The benchmark (`npm run bench`; never part of `npm test`): prints how fast the chapter's model trains, here.
//
//   npm run build && npm run bench
//   DIST=other/dist CHAPTER=/chapters/01-vae-on-mnist SECONDS=15 npm run bench
//
// (a) steps/s in headless Chromium for each backend, opening the chapter with ?backend=NAME and reading the
//     trainer's own step records (`el.client.records`: {step, time}); WebGPU runs on SwiftShader (no GPU here);
// (b) the longest main-thread task while the page trains 20 s on wasm (PerformanceObserver "longtask");
// (c) the held-out −ELBO (`el.client.evals`) reached after 60 s of training on the backend "auto" picks;
// (d) steps/s in Node for cpu and wasm, driving the engine directly (bench/node.ts);
// (e) steps/s in Node (wasm) of every chapter's lab at its defaults (bench/labs.ts);
// (f) for the first lab of chapters 5–9, in headless Chromium on the backend it picks: steps/s and the longest
//     main-thread task while it trains (the page draws its views on the main thread; the model trains in a Worker);
// (g) the native reference, measured in the same run: the chapter's model and step (784-400-20, batch 128, Adam,
//     float32) written by hand in numpy (bench/numpyVae.py, `python3` from PATH), on 2 BLAS threads and on 1.
//     The chapter's steps/s rows print their ratio to it: the page's to numpy on 2 threads (a cross-origin-isolated
//     page may use both cores too), Node's to numpy on 1 thread (wasm in Node has no threads) and on 2. The child runs
//     without OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE, which some machines set for old OpenBLAS builds and which make a
//     current one pick a slower kernel; its row names the kernel it ran. It is measured before the page's figures
//     and again after Node's, and the ratios use the mean of the two (a note says when they differ by over 15%).
// Figures depend on the machine; they are printed, never asserted.
import {spawn} from "node:child_process";
import {existsSync} from "node:fs";
import {resolve} from "node:path";
import {fileURLToPath} from "node:url";
import {chromium} from "playwright-core";
import {chromiumArgs, executablePath, webgpuArgs} from "../tests/browser/chromium.mjs";
import {serve} from "../tests/browser/serve.mjs";

const root = resolve(fileURLToPath(new URL(".", import.meta.url)), "..");
const dist = resolve(root, process.env.DIST ?? "dist");
const chapter = process.env.CHAPTER ?? "/chapters/01-vae-on-mnist";
const measureSeconds = Number(process.env.SECONDS ?? 15); // steps/s window, after a warm-up
const warmupSeconds = 3; // first steps compile shaders / allocate: not counted
const longtaskSeconds = 20; // (b)
const heldOutSeconds = 60; // (c)
const browserBackends = ["wasm", "webgl", "cpu", "webgpu"];
const numpyThreads = [2, 1]; // (g)

const rows = [];
function row(measure, backend, environment, figure) {
  rows.push({measure, backend, environment, figure});
  console.error(`  ${measure} · ${backend} · ${environment}: ${figure}`); // progress, on stderr
}

/** A steps/s row of the chapter's model; its figure gains its ratio to numpy on each of `vsThreads` when printed. */
function rateRow(backend, environment, rate, detail, vsThreads) {
  row("steps/s", backend, environment, `${rate.toFixed(2)} steps/s (${detail})`);
  Object.assign(rows.at(-1), {rate, detail, vsThreads});
}

/** (g)'s steps/s by thread count, once measured. */
const numpyRate = new Map();
const threadsText = (n) => `${n} thread${n === 1 ? "" : "s"}`;

function figureWithRatios(r) {
  const ratios = (r.vsThreads ?? []).filter((n) => numpyRate.has(n))
    .map((n) => `${(r.rate / numpyRate.get(n)).toPrecision(2)}× numpy ${threadsText(n)}`);
  return ratios.length ? `${r.rate.toFixed(2)} steps/s (${ratios.join(", ")}; ${r.detail})` : r.figure;
}

/** Runs a child process from the project root; never rejects (a command that cannot start gives `spawnError`). */
async function runChild(command, args, options = {}) {
  const child = spawn(command, args, {cwd: root, stdio: ["ignore", "pipe", "pipe"], ...options});
  let out = "", err = "", spawnError = null;
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (err += d));
  const code = await new Promise((ok) => {
    child.on("error", (e) => { spawnError = e; ok(null); });
    child.on("close", ok);
  });
  const jsonLines = out.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l));
  const why = () => (err.split("\n").find((l) => /error/i.test(l)) ?? `exit code ${code}`).trim();
  return {code, err, spawnError, jsonLines, why};
}

/** Registered before any page script: collects main-thread tasks longer than 50 ms. */
function observeLongTasks() {
  window.__longtasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longtasks.push({start: e.startTime, duration: e.duration});
    }).observe({type: "longtask", buffered: true});
  } catch {
    window.__longtasks = null; // not supported
  }
}

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));
const trainerState = (page) => page.evaluate(() => {
  const t = document.querySelector(".trainer")?.client;
  if (!t) return null;
  const last = t.records.at(-1);
  return {status: t.status, backend: t.backend, steps: t.records.length, last: last && {step: last.step, time: last.time},
    heldOut: t.evals.at(-1) ?? null, notices: t.notices, report: t.backendReport};
});

/** Opens the chapter in `browser` and waits until its trainer is ready to train. */
async function openChapter(browser, query) {
  const page = await browser.newPage();
  await page.addInitScript(observeLongTasks);
  await page.goto(`${origin}${chapter}${query}`, {waitUntil: "load"});
  await page.waitForFunction(() => ["ready", "paused", "error"].includes(document.querySelector(".trainer")?.client?.status),
    null, {timeout: 240_000, polling: 500});
  const state = await trainerState(page);
  if (state.status === "error") throw new Error(`trainer error: ${state.notices.join("; ")}`);
  return page;
}

const button = (page, name) => page.locator(".trainer").first().getByRole("button", {name, exact: true});

/** Clicks Train; returns the page's clock at the click (ms). */
async function train(page) {
  const t = await page.evaluate(() => performance.now());
  await button(page, "Train").click();
  return t;
}

async function pause(page) {
  const b = button(page, "Pause");
  if (await b.count()) await b.click();
  else await page.locator('.trainer button[aria-pressed="true"]').first().click();
  await page.waitForFunction(() => document.querySelector(".trainer").client.status !== "training", null, {timeout: 60_000})
    .catch(() => {});
}

/** (a) and, on wasm, (b). */
async function benchBackend(name) {
  const browser = await chromium.launch({executablePath, args: name === "webgpu" ? [...chromiumArgs, ...webgpuArgs] : chromiumArgs});
  const env = name === "webgpu" ? "headless Chromium, SwiftShader WebGPU" : name === "webgl" ? "headless Chromium, SwiftShader WebGL" : "headless Chromium";
  try {
    const page = await openChapter(browser, `?backend=${name}`);
    const {backend} = await trainerState(page);
    const label = backend === name ? name : `${name} → ${backend}`;
    if (backend !== name) console.error(`  (asked for ${name}, the trainer chose ${backend})`);
    const clicked = await train(page);
    await page.waitForFunction(() => document.querySelector(".trainer").client.records.length > 0, null, {timeout: 240_000, polling: 200});
    await sleep(warmupSeconds * 1000);
    const a = (await trainerState(page)).last;
    await sleep(measureSeconds * 1000);
    let b = (await trainerState(page)).last;
    // A slow backend may finish no step in the window: wait for a few more, up to a minute.
    for (let waited = 0; b.step - a.step < 3 && waited < 60; waited++) { await sleep(1000); b = (await trainerState(page)).last; }
    const rate = (b.step - a.step) / ((b.time - a.time) / 1000);
    if (b.step > a.step) rateRow(label, env, rate, `${b.step - a.step} steps in ${((b.time - a.time) / 1000).toFixed(1)} s`, [2]);
    else row("steps/s", label, env, "no step finished");
    if (name === "wasm") {
      const rest = clicked + longtaskSeconds * 1000 - (await page.evaluate(() => performance.now()));
      if (rest > 0) await sleep(rest);
      const tasks = await page.evaluate((t0) => window.__longtasks?.filter((e) => e.start >= t0), clicked);
      const longest = tasks?.reduce((m, e) => Math.max(m, e.duration), 0);
      row("longest main-thread task", label, `${env}, while training ${longtaskSeconds} s`,
        tasks == null ? "longtask timing unsupported" : tasks.length ? `${longest.toFixed(0)} ms (${tasks.length} tasks > 50 ms)` : "none > 50 ms");
    }
    await pause(page);
  } catch (error) {
    row("steps/s", name, env, `failed: ${error.message.split("\n")[0]}`);
  } finally {
    await browser.close();
  }
}

/** (c) */
async function benchHeldOut() {
  const browser = await chromium.launch({executablePath, args: chromiumArgs});
  const env = `headless Chromium, after ${heldOutSeconds} s of training`;
  try {
    const page = await openChapter(browser, "");
    const {backend} = await trainerState(page);
    await train(page);
    await sleep(heldOutSeconds * 1000);
    await pause(page);
    const {last} = await trainerState(page);
    // Wait briefly for an evaluation of the final weights, if the trainer makes one on pause.
    await page.waitForFunction((step) => document.querySelector(".trainer").client.evals.at(-1)?.step >= step, last.step,
      {timeout: 15_000, polling: 500}).catch(() => {});
    const {heldOut} = await trainerState(page);
    const reached = await page.evaluate((target) => {
      const t = document.querySelector(".trainer").client, h = t.records;
      const hit = t.evals.find((r) => r.step > 0 && r.loss <= target);
      if (!hit || h.length < 2) return null;
      const start = h[0].time - (h[1].time - h[0].time); // the first step began about one step before it ended
      return {seconds: (hit.time - start) / 1000, step: hit.step};
    }, 130);
    row("time to held-out −ELBO ≤ 130", `auto → ${backend}`, "headless Chromium, from pressing Train", reached
      ? `${reached.seconds.toFixed(1)} s (step ${reached.step})` : `not reached within ${heldOutSeconds} s`);
    row("held-out −ELBO", `auto → ${backend}`, env, heldOut
      ? `${heldOut.loss.toFixed(1)} nats at step ${heldOut.step} (recon ${heldOut.recon.toFixed(1)}, KL ${heldOut.kl.toFixed(1)}; ${last.step} steps trained)`
      : `no held-out evaluation recorded (${last.step} steps trained)`);
  } catch (error) {
    row("held-out −ELBO", "auto", env, `failed: ${error.message.split("\n")[0]}`);
  } finally {
    await browser.close();
  }
}

/** (f) */
const labChapters = ["/chapters/05-posterior-collapse", "/chapters/06-kl-annealing", "/chapters/07-beta-vae", "/chapters/08-vq-vae", "/chapters/09-latent-diffusion-codec"];
const labSeconds = 10;

async function benchBrowserLab(path) {
  const browser = await chromium.launch({executablePath, args: chromiumArgs});
  const env = `headless Chromium, ${path.split("/").pop()}`;
  let name = "first lab";
  try {
    const page = await browser.newPage();
    await page.addInitScript(observeLongTasks);
    await page.goto(`${origin}${path}`, {waitUntil: "load"});
    const lab = page.locator(".lab").first();
    await lab.waitFor({timeout: 60_000});
    name = (await lab.getAttribute("aria-label")) ?? name;
    await lab.scrollIntoViewIfNeeded();
    await page.waitForFunction(() => { const c = document.querySelector(".lab")?.client; return c && !["loading", "error"].includes(c.status); },
      null, {timeout: 240_000, polling: 500});
    const state = () => page.evaluate(() => { const c = document.querySelector(".lab").client; return {step: c.lastStep, backend: c.backend, now: performance.now()}; });
    await lab.getByRole("button", {name: "Train", exact: true}).first().click();
    await sleep(warmupSeconds * 1000);
    const a = await state();
    await sleep(labSeconds * 1000);
    const b = await state();
    const rate = (b.step - a.step) / ((b.now - a.now) / 1000);
    row(`lab steps/s: ${name}`, b.backend, env, `${rate.toFixed(2)} steps/s (${b.step - a.step} steps in ${((b.now - a.now) / 1000).toFixed(1)} s)`);
    const tasks = await page.evaluate((t0) => window.__longtasks?.filter((e) => e.start >= t0), a.now);
    const longest = tasks?.reduce((m, e) => Math.max(m, e.duration), 0);
    row(`longest main-thread task: ${name}`, b.backend, `${env}, while training ${labSeconds} s`,
      tasks == null ? "longtask timing unsupported" : tasks.length ? `${longest.toFixed(0)} ms (${tasks.length} tasks > 50 ms)` : "none > 50 ms");
  } catch (error) {
    row(`lab steps/s: ${name}`, "auto", env, `failed: ${error.message.split("\n")[0]}`);
  } finally {
    await browser.close();
  }
}

/** (d): bench/node.ts in a child process, one JSON line per backend. */
async function benchNode(backends) {
  const {jsonLines, why} = await runChild(process.execPath, ["--import", "tsx", "bench/node.ts", ...backends, "--seconds", String(measureSeconds)]);
  const seen = new Set();
  for (const r of jsonLines) {
    seen.add(r.backend);
    rateRow(r.backend, `Node ${process.version}`, r.stepsPerSec, `${r.steps} steps in ${r.seconds.toFixed(1)} s`, [1, 2]);
  }
  for (const b of backends.filter((b) => !seen.has(b))) row("steps/s", b, `Node ${process.version}`, `failed: ${why()}`);
}

/** (e): bench/labs.ts in a child process, one JSON line per lab. */
async function benchLabs() {
  const {code, jsonLines, why} = await runChild(process.execPath, ["--import", "tsx", "bench/labs.ts", "wasm", "--seconds", String(Math.min(measureSeconds, 8))]);
  for (const r of jsonLines) {
    row(`lab steps/s: ${r.lab}`, r.backend, `Node ${process.version}`, `${r.stepsPerSec.toFixed(2)} steps/s (${r.steps} steps in ${r.seconds.toFixed(1)} s)`);
  }
  if (code !== 0) row("lab steps/s", "wasm", `Node ${process.version}`, `failed: ${why()}`);
}

/** (g): the numpy runs so far, per thread count: one before the page's figures and one after them. */
const numpyRuns = new Map();

/** (g): bench/numpyVae.py in a child process on `threads` BLAS threads, one JSON line; kept in numpyRuns. */
async function benchNumpy(threads) {
  const env = {...process.env};
  delete env.OPENBLAS_CORETYPE; // both together, for this child only (see the header)
  delete env.OPENBLAS_L2_SIZE;
  const {spawnError, err, jsonLines, why} = await runChild("python3", ["bench/numpyVae.py", "--threads", String(threads), "--seconds", String(measureSeconds)], {env});
  const r = jsonLines.find((l) => l.reference === "numpy");
  if (!r) {
    const missing = spawnError?.code === "ENOENT" || /No module named '?numpy/.test(err);
    numpyRuns.set(threads, {failed: missing ? "not measured (python3 with numpy not found)" : `failed: ${spawnError?.message ?? why()}`});
    return;
  }
  const runs = numpyRuns.get(threads);
  numpyRuns.set(threads, runs && !runs.failed ? [...runs, r] : [r]);
}

/**
 * (g): one row per thread count, at the mean of its runs, which the ratios use. This machine's speed can drift
 * within a bench run; the row gives both runs, and a note says when they differ by more than 15%.
 */
function numpyRows() {
  for (const threads of numpyThreads) {
    const backend = `numpy reference, ${threadsText(threads)}`;
    const runs = numpyRuns.get(threads);
    if (!runs || runs.failed) { row("steps/s", backend, "python3", runs?.failed ?? "not measured"); continue; }
    const r = runs[runs.length - 1];
    const mean = runs.reduce((s, x) => s + x.stepsPerSec, 0) / runs.length;
    numpyRate.set(threads, mean);
    const blas = [r.blas ?? "unknown BLAS", r.kernel && `${r.kernel} kernel`, r.blasThreads != null && r.blasThreads !== threads && `BLAS reports ${threadsText(r.blasThreads)}`]
      .filter(Boolean).join(", ");
    const data = r.data.startsWith("mnist") ? "" : ", random images";
    const each = runs.length > 1 ? `; before the page ${runs[0].stepsPerSec.toFixed(2)}, after it ${runs[runs.length - 1].stepsPerSec.toFixed(2)}` : "";
    row("steps/s", backend, `Python ${r.python}, numpy ${r.numpy}, ${blas}${data}`,
      `${mean.toFixed(2)} steps/s (mean of ${runs.length} run${runs.length > 1 ? "s" : ""}${each}; ${runs.reduce((s, x) => s + x.steps, 0)} steps)`);
    const [lo, hi] = [Math.min(...runs.map((x) => x.stepsPerSec)), Math.max(...runs.map((x) => x.stepsPerSec))];
    if (hi > 1.15 * lo) driftNotes.push(`note: numpy on ${threadsText(threads)} ran ${lo.toFixed(1)} and ${hi.toFixed(1)} steps/s in this run: the machine's speed drifted, so the ratios (against the mean) are uncertain by as much`);
  }
}
const driftNotes = [];

function printTable() {
  const all = rows.map((r) => ({...r, figure: figureWithRatios(r)}));
  const head = {measure: "measure", backend: "backend", environment: "environment", figure: "figure"};
  const keys = Object.keys(head);
  const width = Object.fromEntries(keys.map((k) => [k, Math.max(...[head, ...all].map((r) => r[k].length))]));
  const line = (r) => keys.map((k) => r[k].padEnd(width[k])).join("  ").trimEnd();
  console.log(line(head));
  console.log(keys.map((k) => "-".repeat(width[k])).join("  "));
  for (const r of all) console.log(line(r));
  if (numpyRate.get(2) < numpyRate.get(1)) {
    // OpenBLAS's two threads wait on each other at every product: a core taken by another process slows them down.
    console.log("note: numpy ran slower on 2 threads than on 1 (another process was busy?); the ratios to it flatter tfjs");
  }
  for (const note of driftNotes) console.log(note);
}

const started = performance.now();
let origin = null, server = null;
if (existsSync(resolve(dist, `.${chapter}.html`))) {
  for (const threads of numpyThreads) await benchNumpy(threads); // the reference is measured on both sides of the page
  ({server, url: origin} = await serve(dist));
  console.error(`benchmarking ${chapter} from ${dist} (${origin})`);
  for (const name of browserBackends) await benchBackend(name);
  await benchHeldOut();
  for (const path of labChapters) if (existsSync(resolve(dist, `.${path}.html`))) await benchBrowserLab(path);
  server.close();
} else {
  console.error(`${dist}${chapter}.html is missing: run \`npm run build\` first; browser figures skipped`);
}
await benchNode(["cpu", "wasm"]);
for (const threads of numpyThreads) await benchNumpy(threads);
numpyRows();
await benchLabs();
console.error(`(${((performance.now() - started) / 1000).toFixed(0)} s)`);
printTable();
