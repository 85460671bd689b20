import { fromBinary } from '@bufbuild/protobuf';
import {
  CALENDAR_CHANGED_SIGNAL,
  calendarAwaiting,
  CalendarChange,
  type CalendarChangedArgs,
  CalendarYearChangedSchema,
  CASE_AWAITING,
  CASE_GATE,
  type Envelope,
  EnvelopeError,
} from '@jishi/contracts';
import { type Client, WorkflowNotFoundError } from '@temporalio/client';

/** How long after a year is loaded the bridge keeps looking for cases that wait for it. */
const SWEEP_FOR_MS = 2 * 60_000;
const SWEEP_EVERY_MS = 10_000;

/** What a calendar event asks of the cases: which year changed, to which version. */
export function calendarChangeOf(envelope: Envelope): CalendarChangedArgs | undefined {
  if (envelope.type !== CalendarYearChangedSchema.typeName) return undefined;
  const change = fromBinary(CalendarYearChangedSchema, envelope.payload);
  if (change.year < 2000 || change.year > 2200) throw new EnvelopeError('payload.year', 'must be a year');
  if (change.version < 1) throw new EnvelopeError('payload.version', 'must be 1 or more');
  if (change.change === CalendarChange.UNSPECIFIED) throw new EnvelopeError('payload.change', 'is required');
  // A withdrawn year wakes nobody who waits for it, but an announcement counted by it counts again.
  return { year: change.year, version: change.version };
}

/**
 * Wakes the cases waiting for a year's official schedule when it is loaded: every running case whose
 * `CaseAwaiting` names `calendar:<year>` gets the `calendarChanged` signal and reads the year again;
 * so does every case in its announcement, which counts its period again if that year counted in it.
 * Visibility trails the workflows by a moment, so a case that began to wait just as the year was
 * loaded may not be listed yet: for two minutes after a load the bridge looks again every ten
 * seconds, and signals each case it has not signalled for that version.
 */
export class CalendarFanOut {
  private readonly sweeps = new Map<number, { version: number; until: number; signalled: Set<string> }>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly temporal: Client,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Signals the cases waiting for the year now and, for two minutes after the change happened, keeps
   * sweeping (an old change read again, as when the topic is replayed, is signalled once). Returns
   * how many cases it signalled.
   */
  async changed(args: CalendarChangedArgs, happenedAt: number): Promise<number> {
    const known = this.sweeps.get(args.year);
    const sweep =
      known && known.version === args.version
        ? known
        : { version: args.version, until: 0, signalled: new Set<string>() };
    sweep.until = Math.max(sweep.until, happenedAt + SWEEP_FOR_MS);
    if (sweep.until > this.now()) {
      this.sweeps.set(args.year, sweep);
      this.schedule();
    }
    return this.signalWaiting(args, sweep.signalled);
  }

  private async signalWaiting(args: CalendarChangedArgs, signalled: Set<string>): Promise<number> {
    // Waiting for the year, or in the announcement, which may have been counted by an earlier version.
    const query = `(${CASE_AWAITING.name} = '${calendarAwaiting(args.year)}' OR ${CASE_GATE.name} = 'appointment') AND ExecutionStatus = 'Running'`;
    let count = 0;
    for await (const workflow of this.temporal.workflow.list({ query })) {
      const key = `${workflow.workflowId}/${workflow.runId}`;
      if (signalled.has(key)) continue;
      try {
        await this.temporal.workflow
          .getHandle(workflow.workflowId, workflow.runId)
          .signal(CALENDAR_CHANGED_SIGNAL, args);
        signalled.add(key);
        count += 1;
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError)) throw err; // it ended meanwhile: nothing to wake
      }
    }
    return count;
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.sweep();
    }, SWEEP_EVERY_MS);
  }

  private async sweep(): Promise<void> {
    for (const [year, sweep] of this.sweeps) {
      if (sweep.until < this.now()) {
        this.sweeps.delete(year);
        continue;
      }
      try {
        await this.signalWaiting({ year, version: sweep.version }, sweep.signalled);
      } catch {
        // Temporal unreachable for a moment: the next sweep, or the case's own recheck, catches up.
      }
    }
    if (this.sweeps.size > 0) this.schedule();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
