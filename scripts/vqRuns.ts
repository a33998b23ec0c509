// The chapter "VQ-VAE" quotes these: the MNIST VQ-VAE lab (src/labs/vqMnist.ts) from seed 0 for 600 steps with each
// quantiser, in Node on the wasm backend. Prints recon, batch and held-out perplexity, dead codes and resets, and the
// held-out bits per code of the three priors. Usage: npx tsx scripts/vqRuns.ts [steps]
import * as tf from "@tensorflow/tfjs";
import "../src/train/nodeBackends.js";
import {loadMnistNode} from "../src/data/mnistNode.js";
import {createVqMnistLab} from "../src/labs/vqMnist.js";
import {vqMnistDefaults, type VqMnistSettings} from "../src/labs/vqMnistSpec.js";

const steps = Number(process.argv[2] ?? 600);
const runs: [string, Partial<VqMnistSettings>][] = [
  ["VQ, gradient", {}], ["VQ, gradient + reset", {reset: true}], ["VQ, EMA", {quantizer: "ema"}],
  ["VQ, EMA + reset", {quantizer: "ema", reset: true}], ["FSQ, levels 4, 4, 4", {quantizer: "fsq"}]
];

async function main(): Promise<void> {
  await tf.setBackend("wasm");
  for (const [name, changes] of runs) {
    const lab = await createVqMnistLab({...vqMnistDefaults, ...changes}, {mnist: loadMnistNode});
    let r = await lab.step();
    for (let t = 1; t < steps; t++) r = await lab.step();
    const v = await lab.views();
    console.log(`${name}: step ${r.step}, recon ${r.recon.toFixed(1)}, batch perplexity ${r.perplexity.toFixed(1)}, ` +
      `held-out perplexity ${v.heldOutPerplexity.toFixed(1)}, dead ${r.dead}, re-seeded ${r.resets}; bits per code: ` +
      `uniform ${v.bits.uniform.toFixed(2)}, position ${v.bits.position.toFixed(2)}, neighbour ${v.bits.neighbour.toFixed(2)}`);
    lab.dispose();
  }
}

void main();
