/**
 * P2, a person's step: the gateway's `POST /cases/:id/steps/:step` latency (p50, p99) and the time
 * from the request to the step's fact sealed in the ledger (chained in the archive), beside the bare
 * client's `executeUpdate` on the same Temporal server, on a workflow whose update runs one activity.
 */
import { caseProfile, profileAsItems } from '@jishi/domain';
import type { SystemUnderTest } from '@jishi/e2e';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { BareEngine } from './bare-engine';
import { quantile } from './harness';
import { bareCase, endSignal, stepUpdate } from './workflows/bench.workflows';

export interface Latencies {
  readonly p50: number;
  readonly p99: number;
  /** From the request to the fact sealed in the ledger, p99 (Jishi only). */
  readonly sealedP99?: number;
}

const PROFILE = { recommendationByTalks: false } as const;
const ITEMS = profileAsItems(caseProfile(PROFILE));

export class StepLatencyBench {
  private readonly engine = new BareEngine('bench');
  private counter = 0;

  constructor(private readonly system: SystemUnderTest) {}

  start(): Promise<void> {
    return this.engine.start();
  }

  stop(): Promise<void> {
    return this.engine.stop();
  }

  private async gateway(path: string, role: string, unit: string, init: RequestInit = {}) {
    const response = await fetch(`${this.system.gatewayUrl}${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${this.system.token(role, unit)}`,
        'content-type': 'application/json',
        ...(init.headers as Record<string, string>),
      },
    });
    return {
      status: response.status,
      body: (await response.json().catch(() => ({}))) as Record<string, unknown>,
    };
  }

  /** Cases started and waiting at their first gate, for the steps to be measured on. */
  private async cases(count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i += 1) {
      this.counter += 1;
      const started = await this.gateway('/cases', 'department_officer', 'dept-bench', {
        method: 'POST',
        body: JSON.stringify({
          requestId: `bench-${this.system.runId}-${this.counter}`,
          departmentId: 'dept-bench',
          title: '县交通运输局副局长选拔',
          posts: 1,
          committeeMembers: 3,
          recommendationParticipants: 1,
          profile: PROFILE,
        }),
      });
      if (started.status !== 201)
        throw new Error(`a case did not start: ${started.status} ${JSON.stringify(started.body)}`);
      ids.push(String(started.body['caseId']));
    }
    for (const id of ids) {
      for (let tries = 0; ; tries += 1) {
        const status = await this.gateway(`/cases/${id}`, 'org_staff', 'org-dept');
        if (status.body['gate'] === 'qualification') break;
        if (tries > 600) throw new Error(`case ${id} did not reach its first gate`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    return ids;
  }

  /** `samples` steps, one at a time, each on a case of its own. */
  async jishi(samples: number): Promise<Latencies> {
    const ids = await this.cases(samples);
    const archive = this.system.databases.get('archive');
    if (!archive) throw new Error('the archive has no database client');
    const took: number[] = [];
    const sealed: number[] = [];
    for (const id of ids) {
      const started = performance.now();
      const reply = await this.gateway(`/cases/${id}/steps/qualification.profile`, 'org_staff', 'org-dept', {
        method: 'POST',
        headers: { 'idempotency-key': `bench-${id}` },
        body: JSON.stringify({ items: ITEMS }),
      });
      took.push(performance.now() - started);
      if (reply.status !== 200 && reply.status !== 202)
        throw new Error(`the step was refused: ${reply.status} ${JSON.stringify(reply.body)}`);
      // Sealed: the step's fact chained in the archive's ledger.
      for (;;) {
        const rows = await archive.query(
          `SELECT 1 FROM "ledger_fact" WHERE "case_id" = $1 AND "step_id" = 'qualification.profile' AND "hash" IS NOT NULL`,
          [id],
        );
        if (rows.rowCount) break;
        if (performance.now() - started > 60_000) throw new Error(`the step's fact of ${id} was not sealed`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      sealed.push(performance.now() - started);
    }
    return { p50: quantile(took, 0.5), p99: quantile(took, 0.99), sealedP99: quantile(sealed, 0.99) };
  }

  /** The bare client: `samples` updates, one at a time, each on a workflow of its own. */
  async bare(samples: number): Promise<Latencies> {
    const client = this.engine.client;
    const handles = [];
    for (let i = 0; i < samples; i += 1)
      handles.push(
        await client.workflow.start(bareCase, {
          taskQueue: this.engine.taskQueue,
          workflowId: `bench-bare-${randomUUID()}`,
        }),
      );
    const took: number[] = [];
    for (const handle of handles) {
      const started = performance.now();
      await handle.executeUpdate(stepUpdate, { args: ['qualification.profile'] });
      took.push(performance.now() - started);
    }
    for (const handle of handles) await handle.signal(endSignal);
    return { p50: quantile(took, 0.5), p99: quantile(took, 0.99) };
  }
}
