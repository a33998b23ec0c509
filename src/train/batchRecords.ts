// How a lab's Worker sends its messages to the page (labRunner.ts): step records in batches.

/** How long a step's record may wait to travel with the next ones, ms. */
export const RECORD_BATCH_MS = 20;

/**
 * A `post` that sends step records in batches (arrays of messages): a small lab takes a thousand steps a second, and a
 * message per step kept the page's main thread busy receiving them. Any other message goes at once, after the records
 * before it, so the order is kept.
 */
export function batchRecords<M extends {type: string}>(send: (batch: M[]) => void, everyMs = RECORD_BATCH_MS): (m: M) => void {
  let pending: M[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (pending.length) send(pending);
    pending = [];
  };
  return (m) => {
    pending.push(m);
    if (m.type !== "record") flush();
    else timer ??= setTimeout(flush, everyMs);
  };
}
