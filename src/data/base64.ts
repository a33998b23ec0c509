// Base64 of little-endian float32 arrays, without Node's Buffer (btoa/atob exist in browsers, workers and Node ≥ 16):
// how model files carry their weights.

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function float32Bytes(a: Float32Array): Uint8Array {
  if (LITTLE_ENDIAN) return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const out = new Uint8Array(a.length * 4), view = new DataView(out.buffer);
  a.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return out;
}

/** Base64 of the little-endian bytes of `a`. */
export function float32ToBase64(a: Float32Array): string {
  const bytes = float32Bytes(a);
  const chunks: string[] = [];
  for (let i = 0; i < bytes.length; i += 0x8000) chunks.push(String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000) as unknown as number[]));
  return btoa(chunks.join(""));
}

/** The float32 numbers of base64 text `s` (little-endian); throws if `s` is not base64 or not whole numbers. */
export function base64ToFloat32(s: string): Float32Array {
  const bin = atob(s);
  if (bin.length % 4 !== 0) throw new Error(`base64 data of ${bin.length} bytes is not a whole number of float32 values`);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  if (LITTLE_ENDIAN) return new Float32Array(bytes.buffer);
  const view = new DataView(bytes.buffer), out = new Float32Array(bytes.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}
