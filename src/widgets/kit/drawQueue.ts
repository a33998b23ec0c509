// The views of every lab on a page take turns: one redraw per animation frame. A frame that redraws several views
// at once (a lab's traversals, KL bars, MI matrix and scatter; two runs' heatmaps and the charts they share) makes
// one long main-thread task, script and then layout and paint of it all; one view a frame keeps each frame short.
// A view queued again before its turn keeps its place and draws only the newest data. A view too costly for one
// frame draws in parts: its draw returns the next part, which takes its turn again.

/** What a queued redraw is keyed by (the view element): one pending redraw per key. */
type Key = object;

/** A redraw, or its first part returning the rest. */
export type Draw = () => void | Draw;

const pending = new Map<Key, {draw: Draw; fail(e: unknown): void}>();
let frame = 0;

function next(): void {
  frame = 0;
  const first = pending.entries().next();
  if (first.done) return;
  const [key, job] = first.value;
  pending.delete(key);
  try {
    const rest = job.draw();
    if (typeof rest === "function" && !pending.has(key)) pending.set(key, {draw: rest, fail: job.fail});
  } catch (e) {
    job.fail(e);
  }
  if (pending.size && !frame) frame = requestAnimationFrame(next);
}

/**
 * Redraws `key` with `draw` in a coming animation frame, one key a frame in the order first queued. `fail` gets what
 * `draw` throws (the lab turns it into a notice).
 */
export function queueDraw(key: Key, draw: Draw, fail: (e: unknown) => void = (e) => { throw e; }): void {
  const job = pending.get(key);
  if (job) { job.draw = draw; job.fail = fail; } else pending.set(key, {draw, fail});
  if (!frame) frame = requestAnimationFrame(next);
}

/** Forgets the pending redraws of these keys (a disposed widget's views). */
export function dropDraws(keys: Iterable<Key>): void {
  for (const k of keys) pending.delete(k);
}

/** How many redraws wait (for tests). */
export function pendingDraws(): number {
  return pending.size;
}
