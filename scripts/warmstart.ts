// Makes the warm start a chapter shows before the reader trains (src/train/warmStart.ts): the page's own lab and runner,
// run in Node on the wasm backend from a seed, every step record, the held-out −ELBO every 50 steps, the final views.
//
//   npx tsx scripts/warmstart.ts                      the default settings, 600 steps → data/warmstart/vae-mnist.json
//   npx tsx scripts/warmstart.ts --latentDim 2 --out data/warmstart/vae-mnist-2d.json   (also --steps, --hiddenDim,
//                                                       --beta, --variational true|false, --lr, --batchSize, --seed)
//
// Run it from the project root. Re-running it with the same settings gives the same numbers (only `created` and the
// wall-clock `time` fields change); tests/unit/warmStart.test.ts checks the first steps against the committed file.
import * as tf from "@tensorflow/tfjs";
import "../src/train/nodeBackends.js";
import {mkdirSync, writeFileSync} from "node:fs";
import {dirname} from "node:path";
import {loadMnistNode} from "../src/data/mnistNode.ts";
import {vaeMnistLab, type VaeMnistAssets} from "../src/labs/vaeMnist.ts";
import {vaeMnistSpec} from "../src/labs/vaeMnistSpec.ts";
import type {FromLab} from "../src/train/lab.ts";
import {LabSession} from "../src/train/labSession.ts";
import type {EvalRecord, StepRecord} from "../src/train/trainer.ts";
import {settingDefaults, settingsError, type Settings, type Views} from "../src/train/vaeSettings.ts";
import {decodeWarmStart, encodeWarmStart, warmStartKeys} from "../src/train/warmStart.ts";

const EVAL_EVERY = 50;

function parseArgs(argv: string[]): {settings: Settings; steps: number; out: string} {
  const settings: Settings = {...settingDefaults, backend: "wasm"};
  let steps = 600, out = "data/warmstart/vae-mnist.json";
  for (let i = 0; i < argv.length; i += 2) {
    const [key, value] = [argv[i].replace(/^--/, ""), argv[i + 1]];
    if (value === undefined) throw new Error(`missing value after ${argv[i]}`);
    if (key === "steps") steps = Number(value);
    else if (key === "out") out = value;
    else if ((warmStartKeys as readonly string[]).includes(key)) {
      const k = key as (typeof warmStartKeys)[number];
      (settings as unknown as Record<string, number | boolean>)[k] = typeof settingDefaults[k] === "boolean" ? value === "true" : Number(value);
    }
    else throw new Error(`unknown option ${argv[i]}; expected --steps, --out or --${warmStartKeys.join(", --")}`);
  }
  if (!Number.isInteger(steps) || steps < EVAL_EVERY || steps % EVAL_EVERY !== 0) // so the last step has a held-out −ELBO
    throw new Error(`invalid steps: ${steps}; expected a positive multiple of ${EVAL_EVERY}`);
  const bad = settingsError(settings);
  if (bad) throw new Error(bad);
  return {settings, steps, out};
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const {settings, steps, out} = parseArgs(args);
  const history: StepRecord[] = [], heldOut: EvalRecord[] = [];
  let views: Views | null = null, backend = "";
  const problems: string[] = [];
  const post = (m: FromLab<Settings, Views, EvalRecord, VaeMnistAssets>) => {
    if (m.type === "record") history.push(m.record as unknown as StepRecord);
    else if (m.type === "eval") heldOut.push(m.record);
    else if (m.type === "views") views = m.views;
    else if (m.type === "backend" && m.active) backend = m.active;
    else if (m.type === "notice" && m.level !== "info") problems.push(m.text);
  };
  const session = new LabSession(vaeMnistSpec, vaeMnistLab({evalSize: 1000}), post, () => loadMnistNode(), {candidates: ["wasm"], evalEvery: EVAL_EVERY, viewsEveryMs: 0});
  const t0 = performance.now();
  await session.handle({type: "init", dataUrl: "mnist", settings, backend: "wasm"}); // the loader reads the npm package
  if (backend !== "wasm") throw new Error(`the session chose the ${backend} backend, not wasm: ${problems.join("; ")}`);
  for (let i = 0; i < steps; i++) {
    await session.handle({type: "step"});
    if (problems.length) throw new Error(`training stopped at step ${history.length}: ${problems.join("; ")}`);
    if ((i + 1) % 100 === 0) console.error(`step ${i + 1}/${steps}: loss ${history.at(-1)!.loss.toFixed(2)}`);
  }
  const seconds = (performance.now() - t0) / 1000;

  const file = encodeWarmStart({
    settings: session.settings,
    steps,
    backend,
    createdWith: ["npx tsx scripts/warmstart.ts", ...args].join(" "),
    created: new Date().toISOString(),
    tfjs: tf.version.tfjs,
    history,
    heldOut,
    views: views!
  });
  const text = JSON.stringify(file) + "\n";
  decodeWarmStart(JSON.parse(text)); // what we write must read back
  mkdirSync(dirname(out), {recursive: true});
  writeFileSync(out, text);
  const last = heldOut.at(-1)!;
  console.error(`wrote ${out} (${(text.length / 1024).toFixed(1)} KB) in ${seconds.toFixed(1)} s: ${steps} steps on ${backend}, held-out −ELBO ${last.loss.toFixed(2)} at step ${last.step}`);
}

main().catch((e) => {
  console.error(`warmstart: ${(e as Error).message}`);
  process.exit(1);
});
