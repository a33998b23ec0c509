// The points of a square grid over a 2-d latent space, in the order the decoded grid is drawn (src/viz/latentGrid.ts)
// and computed (src/train/vaeViews.ts): one definition for both sides.

/**
 * The k×k latent points: [k·k·2] = (z₁, z₂) pairs, row by row from the top (z₂ = extent) down, left (z₁ = −extent)
 * to right; cell centres evenly spaced from −extent to extent.
 */
export function latentGridPoints(k: number, extent = 3): Float32Array {
  if (!Number.isInteger(k) || k < 1) throw new Error(`invalid k: ${k}; expected an integer ≥ 1`);
  if (!(extent > 0 && Number.isFinite(extent))) throw new Error(`invalid extent: ${extent}; expected a number > 0`);
  const at = (i: number) => (k === 1 ? 0 : -extent + (2 * extent * i) / (k - 1));
  const z = new Float32Array(k * k * 2);
  for (let r = 0; r < k; r++) {
    for (let c = 0; c < k; c++) {
      z[2 * (r * k + c)] = at(c); // z₁ grows to the right
      z[2 * (r * k + c) + 1] = at(k - 1 - r); // z₂ grows upwards
    }
  }
  return z;
}
