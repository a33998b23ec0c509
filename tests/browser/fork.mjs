// Forking a chapter, as docs/instructors.md tells an instructor to: in a temporary copy of the project, the chapter
// template (templates/chapter.md) becomes docs/chapters/99-fork.md with its config cell changed, the page is added to
// `pages`, and Framework builds the site. Then the forked page is opened in Chromium: it must load with no console
// error, failed request, off-origin request or cell error, list itself in the sidebar, have no serious or critical
// axe-core violation, and its trainer must become ready with the forked setup (`el.client.settings`) and take a step.
// The template's lab is forked too, as the README's "Adding a chapter" says: the example lab's three files
// (src/labs/exampleLab*.ts) copied under a new name, with a changed default, and the page's lab cell pointed at them;
// the new lab must become ready with the page's setup over its own defaults and take a step.
//
// The copy, as a fresh clone would be: docs/ without Framework's cache (so the data loaders run and the npm packages
// are bundled again), src/ (to which the new lab is added), a symlink to every other top-level entry of the project
// (data/, node_modules/, package.json, …; docs/src → ../src stays as committed), and an observablehq.config.ts that
// imports the project's config and appends the page.
//
//   node tests/browser/fork.mjs                (alone; run.mjs calls checkFork after the page checks)
//   FORK_CACHE=1 node tests/browser/fork.mjs   (copies the cache too: a faster build, ~10 s instead of ~30 s)
import {spawn} from "node:child_process";
import {cp, mkdtemp, readdir, readFile, rm, symlink, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {fileURLToPath} from "node:url";
import {chromium} from "playwright-core";
import {chromiumArgs, executablePath} from "./chromium.mjs";
import {axe, cellErrors, firstLine, makeReporter, trainerSummary, waitInteractive, waitTrainerReady, watch} from "./lib.mjs";
import {serve} from "./serve.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));
const root = resolve(here, "../..");
const timeouts = {
  build: 240_000, // Framework's build of the copy (~25 s seen; ~7 s with FORK_CACHE)
  load: 30_000, // the forked page has rendered
  ready: 90_000, // its trainer has loaded the digits and measured the backends
  step: 30_000 // one step
};

/** The forked setup: the template's config cell, changed as an instructor would. */
const forked = {latentDim: 3, beta: 2, seed: 7};
/** The new lab: the example lab renamed, one default changed in its spec, and the page's setup of it. */
const newLab = {from: /exampleLab/g, to: "forkLab", From: /ExampleLab/g, To: "ForkLab", defaults: {hiddenDim: 32}, setup: {latentDim: 3, beta: 0.5}};
const forkPath = "/chapters/99-fork";

/** Runs `node args…` in `cwd`; resolves to {code, output} (stdout and stderr together). */
function run(args, cwd, timeout) {
  return new Promise((ok) => {
    const env = {...process.env, PATH: `${join(root, "node_modules", ".bin")}:${process.env.PATH}`, NO_COLOR: "1", OBSERVABLE_TELEMETRY_DISABLE: "true"};
    const child = spawn(process.execPath, args, {cwd, env, stdio: ["ignore", "pipe", "pipe"]});
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const timer = setTimeout(() => { output += `\n(killed after ${timeout / 1000} s)`; child.kill("SIGKILL"); }, timeout);
    child.on("close", (code) => { clearTimeout(timer); ok({code, output}); });
  });
}

/** The template with its title and config cell changed; throws if the template no longer has them. */
async function forkTemplate() {
  const template = await readFile(join(root, "templates", "chapter.md"), "utf8");
  const cell = /^const setup = \{.*\};$/m;
  if (!cell.test(template)) throw new Error("templates/chapter.md has no config cell `const setup = {…};`");
  const labCell = /^const labSetup = \{.*\};$/m;
  if (!labCell.test(template)) throw new Error("templates/chapter.md has no lab config cell `const labSetup = {…};`");
  const literal = (o) => Object.entries(o).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(", ");
  return template.replace(cell, `const setup = {${literal(forked)}};`).replace(labCell, `const labSetup = {${literal(newLab.setup)}};`)
    .replaceAll("TITLE OF YOUR CHAPTER", "A forked chapter").replaceAll("LAB TITLE", "A forked lab").replace(newLab.from, newLab.to);
}

/** The example lab's files copied into the fork's src/labs under the new name, with the changed default. */
async function addLab(work) {
  for (const file of ["exampleLabSpec.ts", "exampleLab.ts", "exampleLab.worker.ts"]) {
    let text = (await readFile(join(root, "src", "labs", file), "utf8")).replace(newLab.from, newLab.to).replace(newLab.From, newLab.To);
    if (file.endsWith("Spec.ts")) {
      for (const [k, v] of Object.entries(newLab.defaults)) {
        const before = new RegExp(`(defaults: \\{[^}]*\\b${k}: )[^,}]+`);
        if (!before.test(text)) throw new Error(`src/labs/${file} has no default ${k} in its \`defaults: {…}\``);
        text = text.replace(before, `$1${JSON.stringify(v)}`);
      }
    }
    await writeFile(join(work, "src", "labs", file.replace(newLab.from, newLab.to)), text);
  }
}

/** Builds the fork in a temporary directory; resolves to its dist/ path and the build's duration (s). */
async function buildFork(work) {
  const cache = join(root, "docs", ".observablehq", "cache");
  await cp(join(root, "docs"), join(work, "docs"), {
    recursive: true, verbatimSymlinks: true, preserveTimestamps: true,
    filter: (source) => Boolean(process.env.FORK_CACHE) || !source.startsWith(cache)
  });
  // Everything else at the top of the project (src/, data/, node_modules/, package.json, …) is linked, not copied:
  // data loaders run from the project root and may read any of it.
  await cp(join(root, "src"), join(work, "src"), {recursive: true, verbatimSymlinks: true});
  for (const entry of await readdir(root)) {
    if (!["docs", "src", "dist", "observablehq.config.ts", ".git"].includes(entry)) await symlink(join(root, entry), join(work, entry));
  }
  await addLab(work);
  await writeFile(join(work, "docs", "chapters", "99-fork.md"), await forkTemplate());
  await writeFile(join(work, "observablehq.config.ts"), `// The project's config, with the forked chapter appended to its pages.
import config from ${JSON.stringify(join(root, "observablehq.config.ts"))};

export default {...config, pages: [...config.pages, {name: "99. A forked chapter", path: ${JSON.stringify(forkPath)}}]};
`);
  const started = performance.now();
  const bin = join(root, "node_modules", "@observablehq", "framework", "dist", "bin", "observable.js");
  const {code, output} = await run([bin, "build"], work, timeouts.build);
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`observable build exited with ${code}:\n${output.trim().split("\n").slice(-15).join("\n")}`);
  return {dist: join(work, "dist"), seconds};
}

export async function checkFork({report}) {
  const name = `fork: templates/chapter.md as docs/chapters/99-fork.md with setup ${JSON.stringify(forked)}`;
  const work = await mkdtemp(join(tmpdir(), "vae-fork-"));
  let built;
  try {
    built = await buildFork(work);
    report(true, `${name} builds (${built.seconds.toFixed(0)} s)`);
  } catch (error) {
    report(false, `${name} builds`, [String(error.message)]);
    await rm(work, {recursive: true, force: true});
    return;
  }
  const {server, url: origin} = await serve(built.dist);
  const browser = await chromium.launch({executablePath, args: chromiumArgs});
  const context = await browser.newContext();
  const watcher = watch(context, [origin]);
  const problems = [];
  let detail = "";
  try {
    const page = await context.newPage();
    const response = await page.goto(origin + forkPath, {waitUntil: "load", timeout: timeouts.load});
    if (!response?.ok()) problems.push(`navigation: HTTP ${response?.status()}`);
    await waitInteractive(page, timeouts.load);
    problems.push(...(await cellErrors(page)));
    const listed = await page.locator(`#observablehq-sidebar a[href$="99-fork"]`).count();
    if (!listed) problems.push("the sidebar has no link to the forked chapter");
    const {lines} = await axe(page); // the template's own markup: the site's pages do not build it
    problems.push(...lines);
    await page.waitForSelector(".trainer", {timeout: timeouts.load});
    await waitTrainerReady(page, timeouts.ready).catch(async (error) => {
      throw new Error(`not ready: ${firstLine(error)}; trainer: ${JSON.stringify(await trainerSummary(page))}`);
    });
    const {settings} = await trainerSummary(page);
    for (const [k, v] of Object.entries(forked)) {
      if (settings[k] !== v) problems.push(`el.client.settings.${k} is ${JSON.stringify(settings[k])}, the fork set ${v}`);
    }
    await page.locator(".trainer").getByRole("button", {name: "Step", exact: true}).click({timeout: timeouts.step});
    await page.waitForFunction(() => document.querySelector(".trainer").client.records.length >= 1, null, {timeout: timeouts.step});
    const after = await trainerSummary(page);
    detail = ` (latentDim ${after.settings.latentDim}, beta ${after.settings.beta}, seed ${after.settings.seed}; ${after.steps} step on ${after.backend})`;
    // the new lab: ready with the page's setup over its own (changed) defaults, and a step
    const lab = page.locator(".lab").first();
    await lab.scrollIntoViewIfNeeded({timeout: timeouts.load}); // labs start when on screen
    const labState = () => page.evaluate(() => {
      const c = document.querySelector(".lab")?.client;
      return c && {status: c.status, backend: c.backend, steps: c.records.length, settings: c.settings, notices: c.notices.map((n) => n.text)};
    });
    await page.waitForFunction(() => { const c = document.querySelector(".lab")?.client; return c && c.status !== "loading" && c.backend !== ""; }, null, {timeout: timeouts.ready})
      .catch(async (error) => { throw new Error(`the new lab is not ready: ${firstLine(error)}; ${JSON.stringify(await labState())}`); });
    const want = {...newLab.defaults, ...newLab.setup};
    const {settings: labSettings} = await labState();
    for (const [k, v] of Object.entries(want)) if (labSettings[k] !== v) problems.push(`the new lab's settings.${k} is ${JSON.stringify(labSettings[k])}; expected ${v}`);
    await lab.getByRole("button", {name: "Step", exact: true}).click({timeout: timeouts.step});
    await page.waitForFunction(() => document.querySelector(".lab").client.records.length >= 1, null, {timeout: timeouts.step})
      .catch(async (error) => { throw new Error(`the new lab took no step: ${firstLine(error)}; ${JSON.stringify(await labState())}`); });
    const labAfter = await labState();
    detail += `; the new lab ${JSON.stringify(want)}: ${labAfter.steps} step on ${labAfter.backend}`;
    await page.waitForTimeout(500); // let late messages arrive
  } catch (error) {
    problems.push(firstLine(error));
  } finally {
    problems.push(...watcher.take());
    await browser.close();
    server.close();
    await rm(work, {recursive: true, force: true});
  }
  report(problems.length === 0, `fork: ${forkPath} loads, is listed, passes axe, and its trainer and new lab are ready with the forked setup${detail}`, problems);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const {report, counts} = makeReporter();
  const started = performance.now();
  await checkFork({report});
  console.log(`(fork, ${((performance.now() - started) / 1000).toFixed(0)} s)`);
  console.log(`${counts.passed} passed, ${counts.failed} failed`);
  process.exit(counts.failed ? 1 : 0);
}
