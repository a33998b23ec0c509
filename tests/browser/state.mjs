// The widget state in the page address, in real Chromium: a link reproduces a setup and follows changes; hostile
// or out-of-range values are clamped or dropped with a visible note and never run as script; a bad value typed into
// a control is refused and the previous value kept.
//
//   checkState({report, site, path}) — called by run.mjs with the served origin and the first trainer chapter.
import {chromium} from "playwright-core";
import {chromiumArgs, executablePath} from "./chromium.mjs";
import {firstLine, trainerSummary, waitTrainerReady, watch} from "./lib.mjs";

const READY = 90_000;

/** Script-looking values for every parameter; if any ran, window.__pwned or a dialog would show it. */
const hostile = new URLSearchParams({
  seed: `<img src=x onerror="window.__pwned=1">`,
  backend: "javascript:window.__pwned=2",
  latentDim: "1e9",
  lr: "NaN",
  beta: "-5",
  show: `loss,<script>window.__pwned=3</script>,map`,
  pick: "1,2,3",
  variational: "maybe",
  speed: "${window.__pwned=4}"
});

export async function checkState({report, site, path}) {
  const browser = await chromium.launch({executablePath, args: chromiumArgs});
  try {
    const context = await browser.newContext();
    const watcher = watch(context, [site]);
    const page = await context.newPage();
    const dialogs = [];
    page.on("dialog", (d) => { dialogs.push(d.message()); void d.dismiss(); });

    // 1. Hostile and out-of-range values.
    let problems = [];
    try {
      await page.goto(`${site}${path}?${hostile}`, {waitUntil: "load"});
      await waitTrainerReady(page, READY);
      const seen = await page.evaluate(() => ({
        pwned: window.__pwned ?? null,
        injected: document.querySelectorAll('img[src="x"], .trainer script').length,
        notices: document.querySelector(".trainer-notices")?.textContent ?? "",
        settings: document.querySelector(".trainer").client.settings,
        show: document.querySelector(".trainer").state.show
      }));
      if (seen.pwned !== null) problems.push(`a URL value ran as script: window.__pwned = ${seen.pwned}`);
      if (seen.injected) problems.push(`${seen.injected} element(s) injected from the URL`);
      if (dialogs.length) problems.push(`dialogs opened: ${dialogs.join("; ")}`);
      if (seen.settings.latentDim !== 64) problems.push(`latentDim=1e9 should be clamped to 64, got ${seen.settings.latentDim}`);
      if (seen.settings.beta !== 0) problems.push(`beta=-5 should be clamped to 0, got ${seen.settings.beta}`);
      if (seen.settings.seed !== 0 || seen.settings.backend === "javascript:window.__pwned=2") problems.push(`hostile seed/backend were not dropped: ${JSON.stringify(seen.settings)}`);
      if (JSON.stringify(seen.show) !== JSON.stringify(["loss", "map"])) problems.push(`show should keep loss,map only, got ${JSON.stringify(seen.show)}`);
      if (!/latentDim="1e9" is outside 1–64/.test(seen.notices)) problems.push(`no visible note about latentDim; notices: ${seen.notices.slice(0, 300)}`);
    } catch (error) {
      problems.push(`${firstLine(error)}; trainer: ${JSON.stringify(await trainerSummary(page))}`);
    }
    problems.push(...watcher.take());
    report(problems.length === 0, `${path} with hostile URL values clamps or drops them with a note, runs none of them`, problems);

    // 2. A link reproduces a setup; a change is written back to the address and survives a reload.
    problems = [];
    try {
      await page.goto(`${site}${path}?latentDim=2&seed=3&beta=2&show=loss,map`, {waitUntil: "load"});
      await waitTrainerReady(page, READY);
      const state = await page.evaluate(() => document.querySelector(".trainer").state);
      if (state.latentDim !== 2 || state.seed !== 3 || state.beta !== 2 || state.show.join() !== "loss,map") problems.push(`state from the link: ${JSON.stringify(state)}`);
      const seed = page.getByLabel("Seed", {exact: true});
      await seed.fill("5");
      await seed.press("Enter");
      await seed.blur();
      await page.waitForFunction(() => new URLSearchParams(location.search).get("seed") === "5", null, {timeout: READY});
      await page.reload({waitUntil: "load"});
      await waitTrainerReady(page, READY);
      const again = await page.evaluate(() => ({state: document.querySelector(".trainer").state, search: location.search}));
      if (again.state.seed !== 5 || again.state.latentDim !== 2 || again.state.show.join() !== "loss,map") problems.push(`after the change and a reload: ${JSON.stringify(again)}`);

      // 3. A value typed out of range is refused with a message; the previous value stays.
      const dim = page.getByLabel("Latent dimension", {exact: true});
      await dim.fill("999");
      await dim.press("Enter");
      await dim.blur();
      const after = await page.evaluate(() => {
        const input = [...document.querySelectorAll(".trainer input")].find((i) => i.id.endsWith("-latentDim"));
        return {value: input.value, invalid: input.getAttribute("aria-invalid"), note: document.getElementById(`${input.id}-note`).textContent,
          latentDim: document.querySelector(".trainer").client.settings.latentDim};
      });
      if (after.value !== "2" || after.invalid !== "true" || !/invalid latentDim: 999/.test(after.note) || after.latentDim !== 2) problems.push(`typed 999: ${JSON.stringify(after)}`);
    } catch (error) {
      problems.push(`${firstLine(error)}; trainer: ${JSON.stringify(await trainerSummary(page))}`);
    }
    problems.push(...watcher.take());
    report(problems.length === 0, `${path} state round-trips through the address; a typed out-of-range value is refused`, problems);
    await context.close();
  } catch (error) {
    report(false, `${path} URL state checks`, [firstLine(error)]);
  } finally {
    await browser.close();
  }
}
