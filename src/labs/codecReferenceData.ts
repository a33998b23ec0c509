// The reference runs of the codec lab (codecReference.ts, written by scripts/codecReference.ts): their row type and
// the byte codec of their reconstructions. tf-free, so the page draws the reference points without a Worker.
import type {CodecEval} from "./codecLabSpec.js";

/** A reference run: the held-out figures of CodecEval at its last step, and how it trained. */
export type CodecReferenceRow = Pick<CodecEval, "f" | "c" | "loss" | "beta" | "compression" | "psnr" | "ssim" | "sharpness"
  | "scalingFactor" | "shiftFactor" | "klPerNumber"> & {
  /** Steps trained. */
  step: number;
  /** Training speed measured in Node (wasm backend), and the last training loss. */
  stepsPerSecond: number;
  trainLoss: number;
  /** The first 4 held-out reconstructions, 32×32 each, as base64 bytes round(255·v). */
  reconstructions: string;
};

/** Values in [0, 1] → base64 (btoa) of the bytes round(255·v), clamped. */
export function encodeBytes(values: ArrayLike<number>): string {
  const bytes = Array.from(values as ArrayLike<number>, (v) => Math.round(255 * Math.min(1, Math.max(0, v))));
  return btoa(String.fromCharCode(...bytes));
}

/** The inverse of `encodeBytes`: base64 → Float32Array of byte/255. Throws a message on text that is not base64. */
export function decodeBytes(text: string): Float32Array {
  let raw: string;
  try {
    raw = atob(text);
  } catch {
    throw new Error(`invalid reconstructions: ${JSON.stringify(text.slice(0, 12))}…; expected base64 text`);
  }
  return Float32Array.from(raw, (ch) => ch.charCodeAt(0) / 255);
}
