// Runs compared side by side ("Train both", chapter 2's pair, chapter 6's schedules, chapter 8's quantisers): the labs
// of one group start on the backend the first of them chose, and train in step. Each LabClient with a `group` joins
// the LabGroup of that name; trainTogether.ts gives the group one control bar.

/** A group's runs keep within this many steps of each other. */
export const MAX_LEAD = 10;

/** What the group needs of a lab's client. */
export interface GroupMember {
  /** The reader asked this run to train. */
  readonly wanted: boolean;
  /** Reasons it is held ("offscreen", "hidden", "pacing"). */
  readonly held: string[];
  readonly lastStep: number;
  hold(reason: string): void;
  release(reason: string): void;
}

const groups = new Map<string, LabGroup>();

export class LabGroup {
  readonly members = new Set<GroupMember>();
  /** The backend the group's first lab chose; null until a lab leads the choice. */
  private choice: Promise<string> | null = null;
  private leader: {member: GroupMember; resolve(backend: string): void; reject(): void} | null = null;

  private constructor(readonly name: string) {}

  /** The group called `name` (made on first use). */
  static named(name: string): LabGroup {
    let group = groups.get(name);
    if (!group) groups.set(name, (group = new LabGroup(name)));
    return group;
  }

  /**
   * Adds a member. One that asks for "auto" learns which backend to start on: the first such member measures the
   * backends (null: it starts at once, on "auto") and tells the group its choice (`chose`), so that runs compared side
   * by side compute alike (two Workers that each measured on their own, while both loaded the machine, were seen to
   * pick cpu and wasm); the others wait for that choice, or measure on their own if the first left before choosing.
   */
  join(member: GroupMember, asksAuto: boolean): Promise<string> | null {
    this.members.add(member);
    if (!asksAuto) return null;
    if (this.choice) return this.choice.catch(() => "auto");
    const choice = new Promise<string>((resolve, reject) => { this.leader = {member, resolve, reject}; });
    choice.catch(() => { if (this.choice === choice) this.choice = null; });
    this.choice = choice;
    return null;
  }

  /** The leading member's worker chose `backend`. */
  chose(member: GroupMember, backend: string): void {
    if (this.leader?.member !== member) return;
    this.leader.resolve(backend);
    this.leader = null;
  }

  /** A member goes (disposed, or its worker stopped): if it was measuring for the group, the next one measures. */
  leave(member: GroupMember, {stays = false} = {}): void {
    if (this.leader?.member === member) {
      this.leader.reject();
      this.leader = null;
    }
    if (stays) return;
    this.members.delete(member);
    this.keepPace();
  }

  /**
   * Keeps the runs the reader is training within MAX_LEAD steps of each other, so that side-by-side views compare the
   * same step (two Workers sharing two cores drifted 60–90 steps apart): a run ahead is held ("pacing") until the
   * slowest catches up. Runs paused by the reader, off screen or in a hidden tab are not waited for.
   */
  keepPace(): void {
    const members = [...this.members];
    const pacing = members.filter((c) => c.wanted && c.held.every((h) => h === "pacing"));
    const slowest = Math.min(...pacing.map((c) => c.lastStep));
    for (const c of members) {
      const ahead = pacing.includes(c) && c.lastStep - slowest > MAX_LEAD;
      if (ahead && !c.held.includes("pacing")) c.hold("pacing");
      else if (!ahead && c.held.includes("pacing")) c.release("pacing");
    }
  }
}
