// Training speed of every chapter's lab in Node, at its default settings, driving the lab directly (no page, no
// worker): the figure that says how long a run of the chapter takes before the page's own overheads.
//
//   node --import tsx bench/labs.ts [backend] [--seconds S]     (bench/run.mjs runs it on wasm)
//
// Prints one JSON line per lab: {lab, backend, stepsPerSec, steps, seconds, loss}, counting training steps (a lab's
// `step()` may take several) as the page does. Warm-up steps are not counted.
import * as tf from "@tensorflow/tfjs";
import "../src/train/nodeBackends.js";
import {loadMnistNode} from "../src/data/mnistNode.js";
import type {LabFactory, LabRecord, LabSpec} from "../src/train/lab.js";
import {createAnnealingLab} from "../src/labs/annealing.js";
import {annealingSpec} from "../src/labs/annealingSpec.js";
import {createBetaVaeLab} from "../src/labs/betaVae.js";
import {betaVaeSpec} from "../src/labs/betaVaeSpec.js";
import {createCodecLab} from "../src/labs/codecLab.js";
import {codecLabSpec} from "../src/labs/codecLabSpec.js";
import {createLinearVaeLab} from "../src/labs/linearVae.js";
import {linearVaeLabSpec} from "../src/labs/linearVaeSpec.js";
import {createVqMnistLab} from "../src/labs/vqMnist.js";
import {vqMnistSpec} from "../src/labs/vqMnistSpec.js";
import {createVqToyLab} from "../src/labs/vqToy.js";
import {vqToySpec} from "../src/labs/vqToySpec.js";

const labs: [LabSpec<object>, LabFactory<object, unknown>][] = [
  [linearVaeLabSpec, createLinearVaeLab], [annealingSpec, createAnnealingLab], [betaVaeSpec, createBetaVaeLab],
  [vqToySpec, createVqToyLab], [vqMnistSpec, createVqMnistLab], [codecLabSpec, createCodecLab]
] as unknown as [LabSpec<object>, LabFactory<object, unknown>][];

const args = process.argv.slice(2);
const secondsAt = args.indexOf("--seconds");
const seconds = secondsAt >= 0 ? Number(args.splice(secondsAt, 2)[1]) : 5;
const backend = args[0] ?? "wasm";
const warmup = 3;

if (!(await tf.setBackend(backend))) throw new Error(`the ${backend} backend could not be initialised in Node`);
await tf.ready();
const context = {mnist: loadMnistNode};
for (const [spec, factory] of labs) {
  const lab = await factory({...spec.defaults}, context);
  let first: LabRecord = {step: 0, loss: NaN};
  for (let i = 0; i < warmup; i++) first = await lab.step();
  const start = performance.now();
  let records = 0, last = first, loss = NaN;
  while (performance.now() - start < seconds * 1000 || records < 2) {
    last = await lab.step();
    ({loss} = last);
    records++;
  }
  const elapsed = (performance.now() - start) / 1000;
  // training steps, as the page counts them (a record may stand for several: the linear VAE's stepsPerRecord)
  const steps = last.step - first.step;
  lab.dispose();
  console.log(JSON.stringify({lab: spec.name, backend, stepsPerSec: steps / elapsed, steps, seconds: elapsed, loss}));
}
