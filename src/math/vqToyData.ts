// The 2-d data and starting codebooks of the VQ toy, tf-free (seeded; the lab and its tests share them).
import type {Rng} from "./rng.js";

/** n points [n·2]: "blobs", eight Gaussians (sd 0.2) on a circle of radius 2; "rings", radii 1 and 2.2 (noise 0.08). */
export function toyData(kind: "blobs" | "rings", n: number, rng: Rng): Float32Array {
  const out = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    if (kind === "blobs") {
      const a = (2 * Math.PI * rng.int(8)) / 8;
      out[2 * i] = 2 * Math.cos(a) + 0.2 * rng.normal();
      out[2 * i + 1] = 2 * Math.sin(a) + 0.2 * rng.normal();
    } else {
      const r = (rng.uniform() < 0.35 ? 1 : 2.2) + 0.08 * rng.normal(), a = 2 * Math.PI * rng.uniform();
      out[2 * i] = r * Math.cos(a);
      out[2 * i + 1] = r * Math.sin(a);
    }
  }
  return out;
}

/**
 * K starting codes [K·2]: "corner", a tight cluster (sd 0.15) around (3, 3), where only the few codes facing the
 * data can win any; "data", K distinct data points; "uniform", uniform on [−3, 3]².
 */
export function toyCodebook(init: "corner" | "data" | "uniform", K: number, data: Float32Array, rng: Rng): Float32Array {
  if (init === "corner") return Float32Array.from({length: 2 * K}, () => 3 + 0.15 * rng.normal());
  if (init === "uniform") return rng.uniforms(2 * K, -3, 3);
  const n = data.length / 2, order = rng.shuffle(Int32Array.from({length: n}, (_, i) => i));
  return Float32Array.from({length: 2 * K}, (_, i) => data[2 * order[i >> 1] + (i & 1)]);
}
