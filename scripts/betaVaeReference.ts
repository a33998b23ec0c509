// Reference runs for the chapter "β-VAE and disentanglement": trains the chapter's lab (src/labs/betaVae.ts) in Node
// on the WASM backend with its default settings, one run per (β, objective), and prints the trade-off points as JSON.
//   npx tsx scripts/betaVaeReference.ts 1 2 4 8 16 tc:6 > docs/data/beta-vae-reference.json
// "tc:6" is a β-TCVAE run with β = 6; "--seed 1" changes the seed; "--set factors=position,latentDim=2,lr=0.003"
// changes other settings; "--eval 1000" measures on the first 1,000 evaluation sprites instead of 5,000. Runs in one
// call share the lab, so every run starts from the same weights.
import * as tf from "@tensorflow/tfjs";
import "../src/train/nodeBackends.js";
import {createBetaVaeLab} from "../src/labs/betaVae.js";
import {betaVaeDefaults, betaVaeSpec, type BetaVaeSettings} from "../src/labs/betaVaeSpec.js";

const argv = process.argv.slice(2);
const seedAt = argv.indexOf("--seed");
const seed = seedAt >= 0 ? Number(argv.splice(seedAt, 2)[1]) : 0;
const setAt = argv.indexOf("--set");
const set: Record<string, string | number> = Object.fromEntries((setAt >= 0 ? argv.splice(setAt, 2)[1] : "").split(",").filter(Boolean).map((kv) => {
  const [k, v] = kv.split("=");
  return [k, k === "factors" ? v : Number(v)];
}));
const evalAt = argv.indexOf("--eval");
const evalCount = evalAt >= 0 ? Number(argv.splice(evalAt, 2)[1]) : undefined;
const runs = argv.map((a) => {
  const [objective, beta] = a.startsWith("tc:") ? ["beta-tcvae", Number(a.slice(3))] : ["beta-vae", Number(a)];
  return {objective: objective as BetaVaeSettings["objective"], beta};
});
if (!runs.length) throw new Error("usage: tsx scripts/betaVaeReference.ts β… [tc:β…]");

await tf.setBackend("wasm");
const settings: BetaVaeSettings = {...betaVaeDefaults, ...set, seed, beta: runs[0].beta, objective: runs[0].objective};
const bad = betaVaeSpec.check(settings);
if (bad) throw new Error(bad);
const lab = await createBetaVaeLab(settings, {mnist: () => Promise.reject(new Error("not used"))}, evalCount);
const timings: number[] = [];
for (const [i, r] of runs.entries()) {
  if (i > 0) lab.update!({beta: r.beta, objective: r.objective});
  await lab.views();
  const t0 = performance.now();
  for (let s = 0; s < settings.runSteps; s++) await lab.step();
  timings.push(settings.runSteps / ((performance.now() - t0) / 1000));
  const point = (await lab.views()).points.at(-1);
  process.stderr.write(`β = ${r.beta} (${r.objective}): ${timings[i].toFixed(2)} steps/s ${JSON.stringify(point)}\n`);
}
const v = await lab.views();
lab.dispose();
console.log(JSON.stringify({
  about: "Reference runs of the β-VAE lab: defaults below, Node + tfjs WASM, scripts/betaVaeReference.ts",
  settings: {...settings, beta: undefined, objective: undefined},
  stepsPerSecond: timings.map((t) => +t.toFixed(2)),
  points: v.points.map((p) => ({...p, recon: +p.recon.toFixed(3), kl: +p.kl.toFixed(3), mig: +p.mig.toFixed(4)}))
}, null, 1));
