// Training speed of the chapter's model in Node, by backend, driving the engine directly (no page, no worker).
//
//   node --import tsx bench/node.ts [backend …] [--seconds S]     (bench/run.mjs runs it for cpu and wasm)
//
// Prints one JSON line per backend: {backend, stepsPerSec, steps, seconds, loss}. Warm-up steps are not counted.
import * as tf from "@tensorflow/tfjs";
import "../src/train/nodeBackends.js";
import {loadMnistNode} from "../src/data/mnistNode.js";
import {createVae} from "../src/models/vae.js";
import {Rng} from "../src/math/rng.js";
import {Trainer} from "../src/train/trainer.js";

const args = process.argv.slice(2);
const secondsAt = args.indexOf("--seconds");
const seconds = secondsAt >= 0 ? Number(args.splice(secondsAt, 2)[1]) : 15;
const backends = args.length ? args : ["cpu", "wasm"];
const warmup = 3; // steps left out of the figure: the first ones allocate and compile

const data = await loadMnistNode();
for (const backend of backends) {
  if (!(await tf.setBackend(backend))) throw new Error(`the ${backend} backend could not be initialised in Node`);
  await tf.ready();
  const trainer = new Trainer(createVae({}, new Rng(0, "init")), data.train, {seed: 0, batchSize: 128, lr: 1e-3});
  for (let i = 0; i < warmup; i++) await trainer.step();
  const start = performance.now();
  let steps = 0, loss = NaN;
  while (performance.now() - start < seconds * 1000) {
    ({loss} = await trainer.step());
    steps++;
  }
  const elapsed = (performance.now() - start) / 1000;
  trainer.dispose();
  trainer.model.dispose();
  console.log(JSON.stringify({backend, stepsPerSec: steps / elapsed, steps, seconds: elapsed, loss}));
}
