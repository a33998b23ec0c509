// Keyboard navigation in a scatter: from the selected point, the nearest point in the direction of an arrow key.

/** The index of the point nearest to `from` in the direction (dx, dy), within a 45° cone; -1 if none. */
export function nearestInDirection(px: ArrayLike<number>, py: ArrayLike<number>, from: number, dx: number, dy: number): number {
  let best = -1;
  let bestScore = Infinity;
  for (let j = 0; j < px.length; j++) {
    if (j === from || !Number.isFinite(px[j]) || !Number.isFinite(py[j])) continue;
    const ex = px[j] - px[from];
    const ey = py[j] - py[from];
    const along = ex * dx + ey * dy;
    const across = Math.abs(ex * dy - ey * dx);
    if (along <= 0 || across > along) continue;
    const score = along + 2 * across;
    if (score < bestScore) {
      bestScore = score;
      best = j;
    }
  }
  return best;
}
