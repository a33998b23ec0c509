// The ELBO chapter's widgets in the page address, in real Chromium: hostile or out-of-range values under one widget's
// prefix are clamped or dropped with a visible note and never run; a link reproduces every widget's setup, a change
// is written back and survives a reload, and the share panel's snippets carry it; the embed pages (and their exported
// modules) show the setup of their address (or of the `state` they are given).
//
//   checkElboState({report, site}) — called by run.mjs with the served origin.
//   node tests/browser/elboState.mjs     (alone, on dist/ or DIST=…)
import {resolve} from "node:path";
import {fileURLToPath} from "node:url";
import {chromium} from "playwright-core";
import {chromiumArgs, executablePath} from "./chromium.mjs";
import {cellErrors, firstLine, makeReporter, waitInteractive, watch} from "./lib.mjs";
import {serve} from "./serve.mjs";

const TIMEOUT = 30_000;
const chapter = "/chapters/03-elbo";
// The widgets' starting settings, as in src/widgets/elboSettings.ts.
const linear = {model: "linear", decoder: "square", x: 1.5, w: 1, s: 0.7, m: 0, v: 1};
const nonlinear = {model: "nonlinear", decoder: "square", x: 2, w: 1, s: 0.5, m: 0.5, v: 0.2};

/** Script-looking and out-of-range values for the non-linear explorer ("nl.") and the IWAE widget ("iwae."). */
const hostile = new URLSearchParams({
  "nl.x": "1e9",
  "nl.s": "-5",
  "nl.m": `<img src=x onerror="window.__pwned=1">`,
  "nl.decoder": "javascript:window.__pwned=2",
  "nl.model": "<script>window.__pwned=3</script>",
  "nl.v": "NaN",
  "iwae.k": "${window.__pwned=4}",
  "iwae.seed": "-1"
});

/** The page's ELBO widgets once drawn: explorers' values, IWAE state, notices (null when hidden). */
async function widgets(page) {
  await page.waitForFunction(() => document.querySelectorAll(".elbo-explorer").length === 2 && document.querySelector(".elbo-iwae")?.result, null, {timeout: TIMEOUT});
  return page.evaluate(() => {
    const notice = (el) => { const n = el.querySelector(".elbo-notice"); return n && !n.hidden && n.offsetHeight > 0 ? n.textContent : null; };
    const [lin, nl] = document.querySelectorAll(".elbo-explorer"), iwae = document.querySelector(".elbo-iwae");
    return {
      lin: lin.value, nl: nl.value, iwae: iwae.state, notices: [notice(lin), notice(nl), notice(iwae)],
      pwned: window.__pwned ?? null, injected: document.querySelectorAll('img[src="x"], .elbo-widget script').length, search: location.search
    };
  });
}

/** Keys of `expected` whose value differs in `actual`. */
const mismatches = (what, actual, expected) => Object.entries(expected)
  .filter(([k, v]) => JSON.stringify(actual?.[k]) !== JSON.stringify(v))
  .map(([k, v]) => `${what}.${k}: expected ${JSON.stringify(v)}, got ${JSON.stringify(actual?.[k])}`);

export async function checkElboState({report, site}) {
  const browser = await chromium.launch({executablePath, args: chromiumArgs});
  try {
    const context = await browser.newContext();
    const watcher = watch(context, [site]);
    const page = await context.newPage();
    const dialogs = [];
    page.on("dialog", (d) => { dialogs.push(d.message()); void d.dismiss(); });

    // 1. Hostile and out-of-range values under the "nl." and "iwae." prefixes.
    let problems = [];
    try {
      await page.goto(`${site}${chapter}?${hostile}`, {waitUntil: "load"});
      await waitInteractive(page, TIMEOUT);
      const seen = await widgets(page);
      if (seen.pwned !== null) problems.push(`a URL value ran as script: window.__pwned = ${seen.pwned}`);
      if (seen.injected) problems.push(`${seen.injected} element(s) injected from the URL`);
      if (dialogs.length) problems.push(`dialogs opened: ${dialogs.join("; ")}`);
      problems.push(...mismatches("nl", seen.nl, {...nonlinear, x: 4, s: 0.2}), ...mismatches("lin", seen.lin, linear));
      problems.push(...mismatches("iwae", seen.iwae, {k: 10, seed: 0}));
      if (!/x="1e9" is outside -3–4; using 4\./.test(seen.notices[1] ?? "")) problems.push(`no visible note about x on the non-linear explorer: ${JSON.stringify(seen.notices[1])}`);
      if (!/seed="-1" is outside 0–2147483647/.test(seen.notices[2] ?? "")) problems.push(`no visible note about the seed on the IWAE widget: ${JSON.stringify(seen.notices[2])}`);
      if (seen.notices[0] !== null) problems.push(`the linear explorer shows a note it should not: ${seen.notices[0]}`);
      problems.push(...(await cellErrors(page)));
    } catch (error) {
      problems.push(firstLine(error));
    }
    problems.push(...watcher.take());
    report(problems.length === 0, `${chapter} with hostile "nl."/"iwae." values clamps or drops them with a visible note, runs none`, problems);

    // 2. A link reproduces every widget's setup; a typed change is written back and survives a reload; the share
    //    panel's link and module snippet carry it.
    problems = [];
    try {
      const link = "lin.x=-2&lin.m=0.8&lin.v=0.25&nl.decoder=tanh&nl.x=1.9&iwae.k=100&iwae.seed=7";
      await page.goto(`${site}${chapter}?${link}`, {waitUntil: "load"});
      await waitInteractive(page, TIMEOUT);
      const seen = await widgets(page);
      const lin = {...linear, x: -2, m: 0.8, v: 0.25};
      problems.push(...mismatches("lin", seen.lin, lin), ...mismatches("nl", seen.nl, {...nonlinear, decoder: "tanh", x: 1.9}));
      problems.push(...mismatches("iwae", seen.iwae, {k: 100, seed: 7, x: -2, m: 0.8, v: 0.25})); // q follows the first explorer
      if (seen.notices.some((n) => n !== null)) problems.push(`notes shown for a valid link: ${JSON.stringify(seen.notices)}`);
      const explorer = page.locator(".elbo-explorer").first();
      const box = explorer.getByLabel("m, mean of q, typed value", {exact: true});
      await box.fill("1.5");
      await box.press("Enter");
      await page.waitForFunction(() => new URLSearchParams(location.search).get("lin.m") === "1.5", null, {timeout: TIMEOUT});
      await explorer.locator("summary", {hasText: "Share or embed this setup"}).click();
      const [linkBox, , moduleBox] = await explorer.locator(".trainer-snippet textarea").evaluateAll((areas) => areas.map((a) => a.value));
      if (!linkBox.startsWith(`${site}${chapter}?`) || new URL(linkBox).searchParams.get("lin.m") !== "1.5" || new URL(linkBox).searchParams.get("nl.x") !== "1.9") problems.push(`share link: ${linkBox}`);
      if (!moduleBox.includes(`import {elboExplorer} from "${site}/embed/elbo-explorer.js";`) || !moduleBox.includes(`elboExplorer({state: {"x":-2,"m":1.5,"v":0.25}})`)) problems.push(`module snippet: ${moduleBox}`);
      await page.reload({waitUntil: "load"});
      await waitInteractive(page, TIMEOUT);
      const again = await widgets(page);
      problems.push(...mismatches("lin after a reload", again.lin, {...lin, m: 1.5}), ...mismatches("iwae after a reload", again.iwae, {k: 100, seed: 7, m: 1.5}));
    } catch (error) {
      problems.push(firstLine(error));
    }
    problems.push(...watcher.take());
    report(problems.length === 0, `${chapter} widget state round-trips through the address; the share panel carries it`, problems);

    // 3. The embed pages show their address's setup; their exported modules, the `state` they are given.
    problems = [];
    try {
      await page.goto(`${site}/embed/elbo-explorer?model=nonlinear&decoder=tanh&x=1.9&m=-0.4&v=0.3`, {waitUntil: "load"});
      await waitInteractive(page, TIMEOUT);
      await page.waitForSelector(".elbo-explorer .elbo-equations .katex", {timeout: TIMEOUT});
      const embedded = await page.evaluate(() => ({
        value: document.querySelector(".elbo-explorer")?.value, katex: document.querySelectorAll(".elbo-equations .katex").length,
        sidebar: document.querySelector("#observablehq-sidebar") !== null
      }));
      problems.push(...mismatches("embed", embedded.value, {...nonlinear, decoder: "tanh", x: 1.9, m: -0.4, v: 0.3}));
      if (!embedded.katex) problems.push("the embedded explorer shows no equations");
      if (embedded.sidebar) problems.push("the embed page has a sidebar");
      // The exported module, imported here as a course page would (it may be served from another origin: embed.mjs).
      const fromModule = await page.evaluate(async (src) => {
        const {elboExplorer} = await import(src);
        const el = document.body.appendChild(elboExplorer({state: {model: "nonlinear", x: 3, v: 0.1}}));
        const out = {value: el.value, search: location.search};
        el.dispose();
        el.remove();
        return out;
      }, `${site}/embed/elbo-explorer.js`);
      problems.push(...mismatches("module", fromModule.value, {...nonlinear, x: 3, v: 0.1}));
      if (fromModule.search !== "?model=nonlinear&decoder=tanh&x=1.9&m=-0.4&v=0.3") problems.push(`the module widget changed the host's address: ${fromModule.search}`);

      await page.goto(`${site}/embed/iwae-explorer?k=50&seed=3&m=1`, {waitUntil: "load"});
      await waitInteractive(page, TIMEOUT);
      await page.waitForFunction(() => document.querySelector(".elbo-iwae")?.result, null, {timeout: TIMEOUT});
      problems.push(...mismatches("iwae embed", await page.evaluate(() => document.querySelector(".elbo-iwae").state), {...linear, k: 50, seed: 3, m: 1}));
      const iwaeModule = await page.evaluate(async (src) => {
        const {iwaeExplorer} = await import(src);
        const el = document.body.appendChild(iwaeExplorer({state: {k: 200, seed: 9, model: "nonlinear"}}));
        const state = el.state;
        el.dispose();
        el.remove();
        return state;
      }, `${site}/embed/iwae-explorer.js`);
      problems.push(...mismatches("iwae module", iwaeModule, {...nonlinear, k: 200, seed: 9}));
      problems.push(...(await cellErrors(page)));
    } catch (error) {
      problems.push(firstLine(error));
    }
    problems.push(...watcher.take());
    report(problems.length === 0, "/embed/elbo-explorer and /embed/iwae-explorer show their address's setup; their modules take `state`", problems);
    await context.close();
  } catch (error) {
    report(false, `${chapter} URL state checks`, [firstLine(error)]);
  } finally {
    await browser.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = resolve(fileURLToPath(new URL(".", import.meta.url)), "../..");
  const {report, counts} = makeReporter();
  const {server, url} = await serve(resolve(root, process.env.DIST ?? "dist"));
  await checkElboState({report, site: url});
  server.close();
  console.log(`${counts.passed} passed, ${counts.failed} failed`);
  process.exit(counts.failed ? 1 : 0);
}
