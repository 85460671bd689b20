import { CASE_WORKFLOW_TYPE } from '@jishi/contracts';
import { anySpecStep, GATE_KEYS, signOffGate } from '@jishi/domain';
import { cached, Observability } from '@jishi/observability';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway.config';
import { TemporalClient } from './temporal.provider';

const CLOSED = ['completed', 'not_appointed', 'removed'] as const;

/**
 * The cases' metrics at the gateway: the people's steps by gate, step and outcome, refusals by gate
 * and rule, and the cases of this deployment by gate and status, with those overdue (counted through
 * Temporal's visibility store every 30 s in the background: one count per gate and status, never a
 * listing). Its readiness check (`temporal`) asks Temporal's health service. At shutdown, readiness
 * says so first, and the operations port closes last.
 */
@Injectable()
export class CaseMetrics implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly steps;
  private readonly refusals;
  private timer: NodeJS.Timeout | undefined;
  private removeCheck: (() => void) | undefined;

  constructor(
    private readonly observability: Observability,
    private readonly temporal: TemporalClient,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {
    this.steps = observability.counter({
      name: 'jishi_case_steps_total',
      help: "People's steps submitted through the gateway, by gate, step and outcome (accepted, refused, pending, failed)",
      labelNames: ['gate', 'step', 'outcome'],
    });
    this.refusals = observability.counter({
      name: 'jishi_case_refusals_total',
      help: "Steps refused, by gate and the rule's code",
      labelNames: ['gate', 'code'],
    });
  }

  onModuleInit(): void {
    const cases = this.observability.gauge({
      name: 'jishi_cases',
      help: 'Cases of this deployment by gate and status (running at a gate; closed ones while Temporal keeps them)',
      labelNames: ['gate', 'status'],
    });
    const overdue = this.observability.gauge({
      name: 'jishi_cases_overdue',
      help: 'Running cases that owe a step past its deadline, by gate',
      labelNames: ['gate'],
    });
    // Counted in the background: a scrape shows the last counts and never waits on Temporal.
    const refresh = () => {
      this.countCases().then(
        (read) => {
          for (const [labels, value] of read.cases) cases.set(labels, value);
          for (const [gate, value] of read.overdue) overdue.set({ gate }, value);
        },
        // Temporal away: the last counts stay; the readiness check says why.
        () => undefined,
      );
    };
    refresh();
    this.timer = setInterval(refresh, 30_000);
    this.timer.unref();
    const health = cached(5_000, () => this.temporal.health());
    this.removeCheck = this.observability.addCheck('temporal', async () => {
      try {
        return {
          status: 'up',
          details: { namespace: this.config.temporal.namespace, serving: await health() },
        };
      } catch (err) {
        return { status: 'down', details: { error: err instanceof Error ? err.message : String(err) } };
      }
    });
  }

  /** Stopping: readiness says so first. */
  beforeApplicationShutdown(): void {
    this.observability.drain();
  }

  /** The counts stop, and the operations port closes with the gateway. */
  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.removeCheck?.();
    await this.observability.close();
  }

  /** Counts a step's outcome; `code` is the rule that refused it. */
  step(stepId: string, outcome: 'accepted' | 'refused' | 'pending' | 'failed', code?: string): void {
    // Only a step some specification has is a label: a client's made-up name never becomes a series.
    const known = anySpecStep(stepId) !== undefined || signOffGate(stepId) !== undefined;
    const gate = known ? gateOf(stepId) : '(unknown)';
    this.steps.inc({ gate, step: known ? stepId : '(unknown)', outcome });
    if (outcome === 'refused') this.refusals.inc({ gate, code: code ?? '(none)' });
  }

  private async countCases(): Promise<{
    cases: [{ gate: string; status: string }, number][];
    overdue: [string, number][];
  }> {
    // A run ended from outside (terminated, timed out) keeps its last CaseStatus: only live runs are running.
    const base = `WorkflowType = '${CASE_WORKFLOW_TYPE}' AND TaskQueue = '${this.config.temporal.taskQueue}'`;
    const live = `ExecutionStatus = 'Running' AND CaseStatus = 'running'`;
    const count = async (where: string) =>
      (await this.temporal.withDeadline(3_000, () => this.temporal.workflow.count(`${base} AND ${where}`)))
        .count;
    const cases: [{ gate: string; status: string }, number][] = [];
    const overdue: [string, number][] = [];
    for (const gate of GATE_KEYS) {
      cases.push([{ gate, status: 'running' }, await count(`${live} AND CaseGate = '${gate}'`)]);
      overdue.push([gate, await count(`${live} AND CaseGate = '${gate}' AND CaseOverdueSince IS NOT NULL`)]);
    }
    for (const status of CLOSED)
      cases.push([{ gate: 'closed', status }, await count(`CaseStatus = '${status}'`)]);
    return { cases, overdue };
  }
}

/** The gate a step belongs to, or `(unknown)` for a name no specification has (never a label of its own). */
function gateOf(stepId: string): string {
  const prefix = stepId.split('.')[0] ?? '';
  if ((GATE_KEYS as readonly string[]).includes(prefix)) return prefix;
  return signOffGate(stepId) ?? '(unknown)';
}
