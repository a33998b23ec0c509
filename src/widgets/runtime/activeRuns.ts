// Which runs on the page are training: one at a time, or the members of one group (side-by-side comparisons),
// so two Workers never halve each other's speed unasked. VAE trainers and labs share this one list.

export interface Run {
  /** Runs of the same (non-null) group may train together; any other run that starts pauses them. */
  readonly group: string | null;
  pause(): void;
}

const active = new Set<Run>();

/** Marks `run` as training and pauses every run that may not train beside it. */
export function claim(run: Run): void {
  for (const other of active) if (other !== run && (run.group === null || other.group !== run.group)) other.pause();
  active.add(run);
}

export function unclaim(run: Run): void {
  active.delete(run);
}

export function isClaimed(run: Run): boolean {
  return active.has(run);
}
