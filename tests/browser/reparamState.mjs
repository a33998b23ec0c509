// The widgets of "The reparameterisation trick" in the page address, in real Chromium: hostile or out-of-range values
// under each widget's prefix ("lab.", "fit.", "step.") are clamped or dropped with a visible note and never run; a
// link reproduces every widget's setup, a change is written back and survives a reload, and the share panel's snippets
// carry it; the embed pages (and their exported modules) show the setup of their address (or of the `state` they are
// given); and the share panel's iframe and module snippets work on a page of another origin, the iframe taking the
// height its page posts.
//
//   checkReparamState({report, site}) — called by run.mjs with the served origin.
//   node tests/browser/reparamState.mjs     (alone, on dist/ or DIST=…)
import {createServer} from "node:http";
import {resolve} from "node:path";
import {fileURLToPath} from "node:url";
import {chromium} from "playwright-core";
import {chromiumArgs, executablePath} from "./chromium.mjs";
import {cellErrors, firstLine, makeReporter, waitInteractive, watch} from "./lib.mjs";
import {serve} from "./serve.mjs";

const TIMEOUT = 30_000;
const chapter = "/chapters/04-reparameterisation";
// The widgets' starting settings, as in src/widgets/reparamAddress.ts (the chapter's options are the same).
const lab = {fn: "square", k: 4, mu: 1, sigma: 0.5, param: "mu", seed: 1, sameAxis: true, perFrame: 200};
const fit = {fn: "square", k: 4, mu0: 1.5, sigma0: 1, lr: 0.05, samples: 1, steps: 300, seed: 1};
const step = {seed: 1, index: 0};

/** Script-looking and out-of-range values under each widget's prefix. */
const hostile = new URLSearchParams({
  "lab.mu": "1e9",
  "lab.fn": `<img src=x onerror="window.__pwned=1">`,
  "lab.param": "javascript:window.__pwned=2",
  "lab.sameAxis": "<script>window.__pwned=3</script>",
  "fit.samples": "1e6",
  "fit.lr": "${window.__pwned=4}",
  "fit.sigma0": "-5",
  "step.index": "99999",
  "step.seed": "NaN"
});

/** The page's three widgets once drawn: their values, notices (null when hidden), and any sign of script. */
async function widgets(page) {
  await page.waitForFunction(() => document.querySelector(".rp-lab")?.value && document.querySelector(".rp-fit")?.value && document.querySelector(".rp-walk")?.value, null, {timeout: TIMEOUT});
  return page.evaluate(() => {
    const notice = (el) => { const n = el.querySelector(".rp-notice"); return n && !n.hidden && n.offsetHeight > 0 ? n.textContent : null; };
    const els = [".rp-lab", ".rp-fit", ".rp-walk"].map((s) => document.querySelector(s));
    return {
      lab: els[0].value, fit: els[1].value, step: els[2].value, notices: els.map(notice),
      pwned: window.__pwned ?? null, injected: document.querySelectorAll('img[src="x"], .rp-box script').length, search: location.search
    };
  });
}

/** Keys of `expected` whose value differs in `actual`. */
const mismatches = (what, actual, expected) => Object.entries(expected)
  .filter(([k, v]) => JSON.stringify(actual?.[k]) !== JSON.stringify(v))
  .map(([k, v]) => `${what}.${k}: expected ${JSON.stringify(v)}, got ${JSON.stringify(actual?.[k])}`);

/** A bare page on another origin around the share panel's snippets. */
const hostPage = (body) => `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>A course page</title></head>
<body><h1>A course page</h1>
${body}
</body></html>`;

export async function checkReparamState({report, site}) {
  const browser = await chromium.launch({executablePath, args: chromiumArgs});
  let host = null;
  try {
    const context = await browser.newContext();
    const watcher = watch(context, [site]);
    const page = await context.newPage();
    const dialogs = [];
    page.on("dialog", (d) => { dialogs.push(d.message()); void d.dismiss(); });

    // 1. Hostile and out-of-range values under the "lab.", "fit." and "step." prefixes.
    let problems = [];
    try {
      await page.goto(`${site}${chapter}?${hostile}`, {waitUntil: "load"});
      await waitInteractive(page, TIMEOUT);
      const seen = await widgets(page);
      if (seen.pwned !== null) problems.push(`a URL value ran as script: window.__pwned = ${seen.pwned}`);
      if (seen.injected) problems.push(`${seen.injected} element(s) injected from the URL`);
      if (dialogs.length) problems.push(`dialogs opened: ${dialogs.join("; ")}`);
      problems.push(...mismatches("lab", seen.lab, {...lab, mu: 2}), ...mismatches("fit", seen.fit, {...fit, samples: 100, sigma0: 0.1}));
      problems.push(...mismatches("step", seen.step, {seed: 1, index: 999}));
      if (!/mu="1e9" is outside -2–2; using 2\./.test(seen.notices[0] ?? "")) problems.push(`no visible note about μ on the lab: ${JSON.stringify(seen.notices[0])}`);
      if (!/samples="1e6" is outside 1–100/.test(seen.notices[1] ?? "")) problems.push(`no visible note about S on the fit: ${JSON.stringify(seen.notices[1])}`);
      if (!/index="99999" is outside 0–999/.test(seen.notices[2] ?? "")) problems.push(`no visible note about the digit on the walkthrough: ${JSON.stringify(seen.notices[2])}`);
      problems.push(...(await cellErrors(page)));
    } catch (error) {
      problems.push(firstLine(error));
    }
    problems.push(...watcher.take());
    report(problems.length === 0, `${chapter} with hostile "lab."/"fit."/"step." values clamps or drops them with a visible note, runs none`, problems);

    // 2. A link reproduces every widget's setup; a typed change is written back and survives a reload; the share
    //    panel's link and module snippet carry it.
    problems = [];
    let iframeSnippet = "", moduleSnippet = "";
    try {
      const link = "lab.fn=sin&lab.mu=0.8&lab.sigma=0.6&lab.param=sigma&fit.fn=step&fit.samples=5&step.seed=3&step.index=17";
      await page.goto(`${site}${chapter}?${link}`, {waitUntil: "load"});
      await waitInteractive(page, TIMEOUT);
      const seen = await widgets(page);
      const labWant = {...lab, fn: "sin", mu: 0.8, sigma: 0.6, param: "sigma"};
      problems.push(...mismatches("lab", seen.lab, labWant), ...mismatches("fit", seen.fit, {...fit, fn: "step", samples: 5}), ...mismatches("step", seen.step, {seed: 3, index: 17}));
      if (seen.notices.some((n) => n !== null)) problems.push(`notes shown for a valid link: ${JSON.stringify(seen.notices)}`);
      const labEl = page.locator(".rp-lab");
      const seedBox = labEl.getByLabel("Seed", {exact: true});
      await seedBox.fill("42");
      await seedBox.press("Enter");
      await page.waitForFunction(() => new URLSearchParams(location.search).get("lab.seed") === "42", null, {timeout: TIMEOUT});
      await labEl.locator("summary", {hasText: "Share or embed this setup"}).click();
      const [linkBox, iframeBox, moduleBox] = await labEl.locator(".trainer-snippet textarea").evaluateAll((areas) => areas.map((a) => a.value));
      const shared = new URL(linkBox);
      if (!linkBox.startsWith(`${site}${chapter}?`) || shared.searchParams.get("lab.seed") !== "42" || shared.searchParams.get("fit.fn") !== "step" || shared.searchParams.get("step.index") !== "17") problems.push(`share link: ${linkBox}`);
      if (!moduleBox.includes(`import {estimatorLab} from "${site}/embed/estimator-lab.js";`) || !moduleBox.includes(`estimatorLab({state: {"fn":"sin","mu":0.8,"sigma":0.6,"param":"sigma","seed":42}})`)) problems.push(`module snippet: ${moduleBox}`);
      if (!iframeBox.includes(`src="${site}/embed/estimator-lab?fn=sin&amp;mu=0.8&amp;sigma=0.6&amp;param=sigma&amp;seed=42"`)) problems.push(`iframe snippet: ${iframeBox}`);
      iframeSnippet = iframeBox;
      const fitEl = page.locator(".rp-fit");
      await fitEl.locator("summary", {hasText: "Share or embed this setup"}).click();
      moduleSnippet = (await fitEl.locator(".trainer-snippet textarea").evaluateAll((areas) => areas.map((a) => a.value)))[2];
      await page.reload({waitUntil: "load"});
      await waitInteractive(page, TIMEOUT);
      const again = await widgets(page);
      problems.push(...mismatches("lab after a reload", again.lab, {...labWant, seed: 42}), ...mismatches("step after a reload", again.step, {seed: 3, index: 17}));
    } catch (error) {
      problems.push(firstLine(error));
    }
    problems.push(...watcher.take());
    report(problems.length === 0, `${chapter} widget state round-trips through the address; the share panel carries it`, problems);

    // 3. The embed pages show their address's setup, without chrome; their exported modules, the `state` they are given.
    problems = [];
    try {
      const embeds = [
        {path: "/embed/estimator-lab?fn=step&sigma=1.2&seed=5", sel: ".rp-lab", want: {...lab, fn: "step", sigma: 1.2, seed: 5}},
        {path: "/embed/estimator-fit?fn=sin&mu0=-1&steps=100", sel: ".rp-fit", want: {...fit, fn: "sin", mu0: -1, steps: 100}},
        {path: "/embed/step-walkthrough?seed=4&index=12", sel: ".rp-walk", want: {seed: 4, index: 12}}
      ];
      for (const {path, sel, want} of embeds) {
        await page.goto(`${site}${path}`, {waitUntil: "load"});
        await waitInteractive(page, TIMEOUT);
        await page.waitForFunction((s) => document.querySelector(s)?.value, sel, {timeout: TIMEOUT});
        const embedded = await page.evaluate((s) => ({value: document.querySelector(s).value, chrome: document.querySelector("#observablehq-sidebar, #observablehq-header, #observablehq-footer") !== null}), sel);
        problems.push(...mismatches(path, embedded.value, want));
        if (embedded.chrome) problems.push(`${path} has a sidebar, header or footer`);
        problems.push(...(await cellErrors(page)));
      }
      // The walkthrough in its embed takes a step (TensorFlow.js in the page, the digits from the site).
      await page.getByRole("button", {name: "Take one step"}).click({timeout: 60_000});
      await page.waitForFunction(() => document.querySelector(".rp-walk").steps === 1, null, {timeout: 60_000});
      // The exported modules, imported here as a course page would (from another origin: check 4).
      const modules = [
        {src: "/embed/estimator-lab.js", name: "estimatorLab", state: {fn: "sigmoid", k: 20, param: "sigma"}, want: {...lab, fn: "sigmoid", k: 20, param: "sigma"}},
        {src: "/embed/estimator-fit.js", name: "estimatorFit", state: {lr: 0.2, samples: 3}, want: {...fit, lr: 0.2, samples: 3}},
        {src: "/embed/step-walkthrough.js", name: "stepWalkthrough", state: {seed: 9, index: 33}, want: {seed: 9, index: 33}}
      ];
      for (const {src, name, state, want} of modules) {
        const fromModule = await page.evaluate(async ([src, name, state]) => {
          const mod = await import(src);
          const el = document.body.appendChild(mod[name]({state}));
          await new Promise((r) => setTimeout(r, 400)); // a module widget must not write to its host's address
          const out = {value: el.value, search: location.search};
          el.dispose();
          el.remove();
          return out;
        }, [`${site}${src}`, name, state]);
        problems.push(...mismatches(src, fromModule.value, want));
        if (fromModule.search !== "?seed=4&index=12") problems.push(`${src}: the module widget changed the host's address: ${fromModule.search}`);
      }
    } catch (error) {
      problems.push(firstLine(error));
    }
    problems.push(...watcher.take());
    report(problems.length === 0, "/embed/estimator-lab, estimator-fit and step-walkthrough show their address's setup; their modules take `state`", problems);
    await context.close();

    // 4. The share panel's snippets on a page of another origin: the iframe shows the setup and takes the height its
    //    page posts; the module mounts the fit with its state.
    problems = [];
    try {
      if (!iframeSnippet || !moduleSnippet) throw new Error("no snippets from check 2");
      const html = hostPage(`${iframeSnippet}\n${moduleSnippet}`);
      host = createServer((req, res) => res.writeHead(200, {"content-type": "text/html; charset=utf-8"}).end(html));
      const hostUrl = await new Promise((ok) => host.listen(0, "127.0.0.1", () => ok(`http://127.0.0.1:${host.address().port}`)));
      const other = await browser.newContext();
      const otherWatcher = watch(other, [site, hostUrl]);
      const hostTab = await other.newPage();
      await hostTab.goto(`${hostUrl}/course`, {waitUntil: "load"});
      const frameEl = await hostTab.waitForSelector("iframe", {timeout: TIMEOUT});
      const frame = await frameEl.contentFrame();
      await waitInteractive(frame, TIMEOUT);
      await frame.waitForFunction(() => document.querySelector(".rp-lab")?.value, null, {timeout: TIMEOUT});
      problems.push(...mismatches("iframe", await frame.evaluate(() => document.querySelector(".rp-lab").value), {...lab, fn: "sin", mu: 0.8, sigma: 0.6, param: "sigma", seed: 42}));
      await hostTab.waitForFunction(() => {
        const f = document.querySelector("iframe");
        return f.style.height && f.style.height !== "900px" && Math.abs(parseFloat(f.style.height) - f.getBoundingClientRect().height) < 2;
      }, null, {timeout: TIMEOUT}).catch(() => problems.push("the iframe never took the height its page posted"));
      const sizes = await frame.evaluate(() => ({scroll: document.documentElement.scrollHeight, view: innerHeight}));
      if (sizes.scroll > sizes.view + 2) problems.push(`the framed page scrolls: ${sizes.scroll} px in a ${sizes.view} px frame`);
      await hostTab.waitForFunction(() => document.querySelector("[id^=vae-estimator-fit] .rp-fit")?.value, null, {timeout: TIMEOUT});
      const mounted = await hostTab.evaluate(() => ({value: document.querySelector("[id^=vae-estimator-fit] .rp-fit").value, search: location.search}));
      problems.push(...mismatches("module on the host", mounted.value, {...fit, fn: "step", samples: 5}));
      if (mounted.search !== "") problems.push(`the module changed the host's address: ${mounted.search}`);
      problems.push(...otherWatcher.take());
      await other.close();
    } catch (error) {
      problems.push(firstLine(error));
    }
    report(problems.length === 0, "the lab's iframe snippet and the fit's module snippet work on a page of another origin", problems);
  } catch (error) {
    report(false, `${chapter} URL state checks`, [firstLine(error)]);
  } finally {
    host?.close();
    await browser.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = resolve(fileURLToPath(new URL(".", import.meta.url)), "../..");
  const {report, counts} = makeReporter();
  const {server, url} = await serve(resolve(root, process.env.DIST ?? "dist"));
  await checkReparamState({report, site: url});
  server.close();
  console.log(`${counts.passed} passed, ${counts.failed} failed`);
  process.exit(counts.failed ? 1 : 0);
}
