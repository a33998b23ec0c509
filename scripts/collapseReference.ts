// The measured numbers of the chapters "Posterior collapse" and "KL annealing and free bits": trains the annealing
// lab (src/labs/annealing.ts) in Node on the WASM backend at the widget's defaults (seed 0, 14×14 MNIST, 8 latents,
// batch 64, Adam 3e-3), one run per setting, and prints per run the active units at steps 100 … 600, the held-out
// −ELBO at steps 300, 400 and the end, and the KL per dimension at the end (the held-out probe runs every 10 steps,
// as in the widget). About 20 s per run of 600 steps here.
//   npx tsx scripts/collapseReference.ts                      every run of chapter 6's table, then mlp and cyc6
//   npx tsx scripts/collapseReference.ts none fb05 --seed 1   some runs, another seed
//   npx tsx scripts/collapseReference.ts none --steps 300     chapter 5's numbers (KL and mean variance at step 300)
// The tests pin the step-300 numbers of "none" and "fb05" (tests/unit/collapse/collapseDemo.test.ts).
import * as tf from "@tensorflow/tfjs";
import "../src/train/nodeBackends.js";
import {loadMnistNode} from "../src/data/mnistNode.js";
import {createAnnealingLab} from "../src/labs/annealing.js";
import {annealingDefaults, describeSchedule, type AnnealingSettings} from "../src/labs/annealingSpec.js";

const runs: Record<string, Partial<AnnealingSettings>> = {
  none: {kind: "none"},
  fb05: {kind: "freeBits", lambda: 0.5},
  fb02: {kind: "freeBits", lambda: 0.2},
  fb005: {kind: "freeBits", lambda: 0.05},
  const02: {kind: "constant", beta: 0.2},
  linear300: {kind: "linear", warmup: 300},
  sigmoid: {kind: "sigmoid", centre: 200, steepness: 0.03},
  cyclical: {kind: "cyclical", total: 600, cycles: 3, ratio: 0.5},
  mlp: {kind: "none", decoder: "mlp"}, // chapter 5: the same VAE without the pixel path
  cyc6: {kind: "cyclical", total: 600, cycles: 6, ratio: 0.25} // chapter 6, "things to try"
};

const argv = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const at = argv.indexOf(name);
  return at >= 0 ? Number(argv.splice(at, 2)[1]) : fallback;
};
const seed = option("--seed", 0), steps = option("--steps", 600);
const names = argv.length ? argv : Object.keys(runs);
for (const n of names) if (!(n in runs)) throw new Error(`unknown run: ${n}; expected one of ${Object.keys(runs).join(", ")}`);

await tf.setBackend("wasm");
const mnist = await loadMnistNode();
const f = (v: number, d: number) => v.toFixed(d);
for (const name of names) {
  const settings = {...annealingDefaults, seed, ...runs[name]};
  const lab = await createAnnealingLab(settings, {mnist: async () => mnist});
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) await lab.step();
  const {probe, probes} = await lab.views();
  lab.dispose();
  const at = (s: number) => probes.find((p) => p.step === s);
  const marks = [100, 200, 300, 400, 500, 600].filter((s) => s <= steps);
  console.log([
    `${name} (${describeSchedule(settings)}${settings.decoder === "mlp" ? ", mlp decoder" : ""}), seed ${seed}, ${steps} steps in ${f((performance.now() - t0) / 1000, 0)} s`,
    `  active units at steps ${marks.join("/")}: ${marks.map((s) => at(s)?.active).join("/")}`,
    `  held-out −ELBO: ${[300, 400].filter((s) => s < steps).map((s) => `${f(at(s)!.negElbo, 2)} at ${s}, `).join("")}${f(probe.negElbo, 2)} at ${probe.step}`,
    `  KL at ${probe.step}: ${f(probe.klPerDim.reduce((a, b) => a + b, 0), 3)} nats (${probe.klPerDim.map((v) => f(v, 4)).join(" ")})`,
    `  posterior-mean variance at ${probe.step}: ${probe.meanVariance.map((v) => f(v, 4)).join(" ")}`,
    `  active units every 10 steps: ${probes.map((p) => p.active).join("")}`
  ].join("\n"));
}
