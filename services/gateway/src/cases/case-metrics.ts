import { CASE_WORKFLOW_TYPE } from '@jishi/contracts';
import { GATE_KEYS, signOffGate } from '@jishi/domain';
import { cached, Observability } from '@jishi/observability';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway.config';
import { TemporalClient } from './temporal.provider';

const CLOSED = ['completed', 'not_appointed', 'removed'] as const;

/**
 * The cases' metrics at the gateway: the people's steps by gate, step and outcome, refusals by gate
 * and rule, and the cases of this deployment by gate and status, with those overdue (counted through
 * Temporal's visibility store every 30 s at most: one count per gate and status, never a listing).
 * Its readiness check (`temporal`) asks Temporal's health service.
 */
@Injectable()
export class CaseMetrics implements OnModuleInit {
  private readonly steps;
  private readonly refusals;

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
    const counts = cached(30_000, () => this.countCases());
    const cases = this.observability.gauge({
      name: 'jishi_cases',
      help: 'Cases of this deployment by gate and status (running at a gate; closed ones while Temporal keeps them)',
      labelNames: ['gate', 'status'],
      collect: async () => {
        const read = await counts().catch(() => undefined);
        if (!read) return;
        for (const [labels, value] of read.cases) cases.set(labels, value);
        for (const [gate, value] of read.overdue) overdue.set({ gate }, value);
      },
    });
    const overdue = this.observability.gauge({
      name: 'jishi_cases_overdue',
      help: 'Running cases that owe a step past its deadline, by gate',
      labelNames: ['gate'],
    });
    const health = cached(5_000, () => this.temporal.health());
    this.observability.addCheck('temporal', async () => {
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

  /** Counts a step's outcome; `code` is the rule that refused it. */
  step(stepId: string, outcome: 'accepted' | 'refused' | 'pending' | 'failed', code?: string): void {
    const gate = gateOf(stepId);
    this.steps.inc({ gate, step: gate === '(unknown)' ? '(unknown)' : stepId, outcome });
    if (outcome === 'refused') this.refusals.inc({ gate, code: code ?? '(none)' });
  }

  private async countCases(): Promise<{
    cases: [{ gate: string; status: string }, number][];
    overdue: [string, number][];
  }> {
    const base = `WorkflowType = '${CASE_WORKFLOW_TYPE}' AND TaskQueue = '${this.config.temporal.taskQueue}'`;
    const count = async (where: string) =>
      (await this.temporal.withDeadline(10_000, () => this.temporal.workflow.count(`${base} AND ${where}`)))
        .count;
    const cases: [{ gate: string; status: string }, number][] = [];
    const overdue: [string, number][] = [];
    for (const gate of GATE_KEYS) {
      cases.push([
        { gate, status: 'running' },
        await count(`CaseStatus = 'running' AND CaseGate = '${gate}'`),
      ]);
      overdue.push([
        gate,
        await count(`CaseStatus = 'running' AND CaseGate = '${gate}' AND CaseOverdueSince IS NOT NULL`),
      ]);
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
