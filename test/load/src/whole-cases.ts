/**
 * P1, whole cases a second: nine-gate cases driven through the gateway by concurrent clients (each
 * case as the case driver walks it: every step, form, roll, ballot, key, attachment, the member
 * units' answers on their topic, every sign-off), the timers configured to seconds; beside a bare
 * workflow with the same number of updates, signals, timers and activities — counted from a driven
 * case's own history — driven by the bare client on the same Temporal server.
 */
import { driveCase, type SystemUnderTest } from '@jishi/e2e';
import { temporal } from '@temporalio/proto';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { BareEngine } from './bare-engine';
import { type CaseScript, factSignal, scriptedCase, stepUpdate } from './workflows/bench.workflows';

const millis = (d: { seconds?: unknown; nanos?: number | null } | null | undefined) =>
  Number(d?.seconds ?? 0) * 1000 + Math.round((d?.nanos ?? 0) / 1e6);

export class WholeCasesBench {
  private readonly engine = new BareEngine('bench-p1');
  private counter = 0;
  /** The last case driven through the gateway: the bare case's shape is counted from its history. */
  lastCaseId: string | undefined;

  constructor(private readonly system: SystemUnderTest) {}

  start(): Promise<void> {
    return this.engine.start();
  }

  stop(): Promise<void> {
    return this.engine.stop();
  }

  /** `cases` nine-gate cases through the gateway, `clients` at a time; cases completed a second. */
  async jishi(cases: number, clients: number): Promise<number> {
    let next = 0;
    const began = performance.now();
    const client = async () => {
      while (next < cases) {
        next += 1;
        this.counter += 1;
        const { caseId } = await driveCase(this.system, { label: `p1-${this.counter}` });
        this.lastCaseId = caseId;
      }
    };
    await Promise.all(Array.from({ length: Math.min(clients, cases) }, client));
    return cases / ((performance.now() - began) / 1000);
  }

  /** A driven case's workflow history: its events and its size in bytes (Temporal warns at 10,240 events and 10 MB). */
  async historyOf(caseId: string): Promise<{ events: number; bytes: number }> {
    const history = await this.engine.client.workflow.getHandle(`case-${caseId}`).fetchHistory();
    return {
      events: history.events?.length ?? 0,
      bytes: temporal.api.history.v1.History.encode(history).finish().length,
    };
  }

  /** What a driven case did, in order, read from its workflow history. */
  async scriptOf(caseId: string): Promise<CaseScript> {
    const history = await this.engine.client.workflow.getHandle(`case-${caseId}`).fetchHistory();
    const script: string[] = [];
    for (const event of history.events ?? []) {
      if (event.workflowExecutionUpdateAcceptedEventAttributes) script.push('U');
      else if (event.workflowExecutionSignaledEventAttributes) script.push('S');
      else if (event.activityTaskScheduledEventAttributes) script.push('A');
      else if (event.timerStartedEventAttributes) {
        const { timerId, startToFireTimeout } = event.timerStartedEventAttributes;
        script.push(`T:${timerId}:${millis(startToFireTimeout)}`);
      } else if (event.timerFiredEventAttributes) script.push(`F:${event.timerFiredEventAttributes.timerId}`);
      else if (event.timerCanceledEventAttributes)
        script.push(`C:${event.timerCanceledEventAttributes.timerId}`);
    }
    return script;
  }

  /**
   * `cases` bare cases of the script, `clients` at a time: each started, its updates and signals sent
   * in the script's order (an update answers once the case has reached it), its result awaited; cases
   * completed a second.
   */
  async bare(script: CaseScript, cases: number, clients: number): Promise<number> {
    const workflows = this.engine.client.workflow;
    let next = 0;
    const began = performance.now();
    const client = async () => {
      while (next < cases) {
        next += 1;
        const handle = await workflows.start(scriptedCase, {
          taskQueue: this.engine.taskQueue,
          workflowId: `bench-p1-${randomUUID()}`,
          args: [script],
        });
        for (const [i, item] of script.entries()) {
          if (item === 'U') await handle.executeUpdate(stepUpdate, { args: [`step-${i}`] });
          else if (item === 'S') await handle.signal(factSignal, `fact-${i}`);
        }
        await handle.result();
      }
    };
    await Promise.all(Array.from({ length: Math.min(clients, cases) }, client));
    return cases / ((performance.now() - began) / 1000);
  }
}
