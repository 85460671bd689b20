import { ConflictException } from '@nestjs/common';

/**
 * The ballot box: secret ballots are never written in their voter's transaction, nor one by one. A
 * ballot that has passed its checks waits here, in memory, with its request held open, until enough
 * ballots of the same item (a candidate of a meeting, a round) are waiting — `mixSize`, leaving no one
 * or at least `mixSize` others who may still vote; or every voter who may still vote — or until the
 * round closes; then one transaction writes the whole batch: the
 * voters' marks in the order of their ids, the ballots in the order of their content. The rows, their
 * transaction id, their physical order, the WAL, the commit time and the statement log then say who
 * voted and what the batch held, never which voter cast which ballot; every voter of the batch is
 * answered at the same moment. A ballot is acknowledged only once its batch has committed: a crash
 * before that loses no acknowledged ballot (the voter, answered with an error or nothing, votes again),
 * and a ballot that waits past `waitMs` is handed back, not taken.
 *
 * The anonymity of a ballot is that of its batch: at least `mixSize` ballots, unless fewer voters than
 * that vote on the item at all. Voters who may vote but do not (absent, or present and silent) hold the
 * last ballots until the round closes, or until they are handed back (`waitMs`) and cast again.
 * One box per process: a deployment with several replicas of a service routes a case's ballots to one.
 */
export interface BallotBoxSettings {
  /** Ballots of one item written together, at least (BALLOT_MIX_SIZE, default 3). */
  readonly mixSize: number;
  /** How long a ballot waits for its batch before it is handed back (BALLOT_WAIT_MS, default 60 000). */
  readonly waitMs: number;
}

export const BALLOT_BOX_SETTINGS = Symbol('BALLOT_BOX_SETTINGS');

interface Waiting<B> {
  readonly voterId: string;
  readonly ballot: B;
  readonly resolve: () => void;
  readonly reject: (err: unknown) => void;
  readonly timer: NodeJS.Timeout;
}

/** How many voters of an item may still vote (not yet marked), as the database says now. */
export type Eligible = (item: string) => Promise<number>;

/** What a service does with a batch: check each voter again and write marks and ballots in one transaction. */
export type WriteBatch<B> = (
  item: string,
  batch: readonly { readonly voterId: string; readonly ballot: B }[],
) => Promise<ReadonlyMap<string, unknown>>;

/**
 * Checks each voter of a batch again, inside the batch's transaction: the ballots of those who may
 * still vote are taken, the others answered with the refusal their check throws.
 */
export async function recheck<B>(
  batch: readonly { readonly voterId: string; readonly ballot: B }[],
  check: (voterId: string) => Promise<void>,
): Promise<{ taken: { voterId: string; ballot: B }[]; refused: Map<string, unknown> }> {
  const taken: { voterId: string; ballot: B }[] = [];
  const refused = new Map<string, unknown>();
  for (const b of batch) {
    try {
      await check(b.voterId);
      taken.push({ voterId: b.voterId, ballot: b.ballot });
    } catch (err) {
      refused.set(b.voterId, err);
    }
  }
  return { taken, refused };
}

export class BallotBox<B> {
  private readonly waiting = new Map<string, Waiting<B>[]>();
  private readonly writing = new Map<string, Promise<boolean>>();

  constructor(
    private readonly settings: BallotBoxSettings,
    private readonly write: WriteBatch<B>,
    private readonly eligible: Eligible,
  ) {}

  /**
   * Puts a checked ballot in the box and waits until its batch is written: when `mixSize` ballots of
   * the item wait, or every voter who may still vote on it does (then there are no more to wait for).
   */
  cast(item: string, voterId: string, ballot: B): Promise<void> {
    const queue = this.waiting.get(item) ?? [];
    if (queue.some((w) => w.voterId === voterId))
      return Promise.reject(
        new ConflictException({
          code: 'BALLOT.PENDING',
          zh: '您的选票已在票箱中等待计入',
          en: 'your ballot is already in the box, waiting to be written',
        }),
      );
    const taken = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => this.handBack(item, voterId), this.settings.waitMs);
      queue.push({ voterId, ballot, resolve, reject, timer });
    });
    this.waiting.set(item, queue);
    void this.consider(item);
    return taken;
  }

  /**
   * Writes the item's waiting ballots if they make a batch: `mixSize` of them, leaving either no one
   * or at least another `mixSize` voters who may still vote — so that no batch, the last included, is
   * ever smaller than `mixSize` while enough voters remain; or every voter left. Asked on every cast.
   */
  private async consider(item: string): Promise<void> {
    if (this.pending(item) === 0) return;
    let eligible: number;
    try {
      eligible = await this.eligible(item);
    } catch {
      return; // the next cast, or the close, asks again
    }
    const pending = this.pending(item);
    const left = eligible - pending;
    if (pending >= eligible || (pending >= this.settings.mixSize && left >= this.settings.mixSize))
      await this.flush(item);
  }

  /**
   * Writes what waits for an item now, the round closing, and waits until it is written; a batch that
   * could not be written fails the close.
   */
  async drain(item: string): Promise<void> {
    await this.writing.get(item);
    if (!(await this.flush(item))) throw new Error(`the ballots waiting for ${item} could not be written`);
  }

  /** Writes what waits for every item whose name starts with `prefix` (a meeting's or a round's items). */
  async drainAll(prefix: string): Promise<void> {
    for (const item of [...new Set([...this.waiting.keys(), ...this.writing.keys()])])
      if (item.startsWith(prefix)) await this.drain(item);
  }

  /** The ballots waiting for an item, without their voters (what a close would add, to check it first). */
  waitingBallots(item: string): B[] {
    return (this.waiting.get(item) ?? []).map((w) => w.ballot);
  }

  /** How many ballots wait for an item. */
  pending(item: string): number {
    return this.waiting.get(item)?.length ?? 0;
  }

  /** Writes the item's waiting ballots as one batch; false when the write failed. */
  private async flush(item: string): Promise<boolean> {
    // The batch is fixed now: its ballots are no longer handed back, whatever the write waits for.
    const batch = this.waiting.get(item) ?? [];
    this.waiting.delete(item);
    for (const w of batch) clearTimeout(w.timer);
    // One batch of an item at a time, in order.
    const before = this.writing.get(item) ?? Promise.resolve(true);
    const run = before.then(async () => {
      if (batch.length === 0) return true;
      let refused: ReadonlyMap<string, unknown>;
      try {
        refused = await this.write(
          item,
          batch.map((w) => ({ voterId: w.voterId, ballot: w.ballot })),
        );
      } catch (err) {
        for (const w of batch) w.reject(err);
        return false;
      }
      // Everyone of the batch is answered at once.
      for (const w of batch) {
        const why = refused.get(w.voterId);
        if (why === undefined) w.resolve();
        else w.reject(why);
      }
      return true;
    });
    const settled = run.catch(() => false);
    this.writing.set(item, settled);
    const written = await settled;
    if (this.writing.get(item) === settled) this.writing.delete(item);
    return written;
  }

  private handBack(item: string, voterId: string): void {
    const queue = this.waiting.get(item) ?? [];
    const at = queue.findIndex((w) => w.voterId === voterId);
    if (at < 0) return;
    const [w] = queue.splice(at, 1);
    if (queue.length === 0) this.waiting.delete(item);
    w?.reject(
      new ConflictException({
        code: 'BALLOT.NOT_TAKEN',
        zh: '票箱尚未凑足一批选票（为保证无记名，选票成批计入）；您的选票未被计入，请稍后再投',
        en: 'the ballot box did not gather a batch in time (ballots are written in batches, to keep them secret); yours was not taken: cast it again shortly',
      }),
    );
  }
}

/** The ballot box's settings from `<PREFIX>_BALLOT_MIX_SIZE` and `<PREFIX>_BALLOT_WAIT_MS`. */
export function ballotBoxSettings(
  prefix: string,
  env: NodeJS.ProcessEnv,
  problems: string[],
): BallotBoxSettings {
  const mixSize = Number(env[`${prefix}_BALLOT_MIX_SIZE`] ?? '3');
  if (!Number.isInteger(mixSize) || mixSize < 1 || mixSize > 1000)
    problems.push(`${prefix}_BALLOT_MIX_SIZE must be a whole number from 1 to 1000`);
  // The gateway waits 75 s for a ballot's answer: a ballot is handed back well before that.
  const waitMs = Number(env[`${prefix}_BALLOT_WAIT_MS`] ?? '60000');
  if (!Number.isInteger(waitMs) || waitMs < 100 || waitMs > 60_000)
    problems.push(`${prefix}_BALLOT_WAIT_MS must be a whole number of milliseconds from 100 to 60000`);
  return { mixSize, waitMs };
}
