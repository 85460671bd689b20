/**
 * P3, a supervisor's queries: the gateway's list, filtered list and count of cases (p50, p99) with
 * 1k, 10k and 100k cases in the store, beside the same visibility query through the bare client.
 *
 * The store is filled with case workflows as the gateway starts them — the case's type, the system's
 * task queue, its memo and its search attributes (department, gate, status, whom it awaits) spread as
 * a province's would be — each with a start delay of ten years, so the worker never runs them: the
 * visibility store holds them as it holds cases, and what is measured is the query, not a hundred
 * thousand cases running (P1's business). They are deleted afterwards by one batch operation.
 */
import { CASE_AWAITING, CASE_DEPARTMENT, CASE_GATE, CASE_STATUS, CASE_WORKFLOW_TYPE } from '@jishi/contracts';
import { GATE_KEYS } from '@jishi/domain';
import type { SystemUnderTest } from '@jishi/e2e';
import { loadStackSettings } from '@jishi/testing';
import { Client, Connection } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { deleteWorkflows, type Deletions } from './clean-up';
import { quantile } from './harness';

const DEPARTMENTS = 50;
const STATUSES = [
  'running',
  'running',
  'running',
  'running',
  'running',
  'running',
  'completed',
  'not_appointed',
];
const AWAITING = [['org_staff'], ['recorder'], ['org_staff', 'recorder'], ['department_officer'], []];

/** The three queries a supervisor makes. */
export const QUERY_KINDS = ['list', 'filter', 'count'] as const;
export type QueryKind = (typeof QUERY_KINDS)[number];

export interface QueryLatencies {
  readonly p50: number;
  readonly p99: number;
}

export class SupervisorQueriesBench {
  private readonly stack = loadStackSettings();
  private connection: Connection | undefined;
  private client: Client | undefined;
  /** Cases this bench started (to fill the store). */
  private started = 0;
  private readonly batch = randomUUID().slice(0, 8);

  constructor(private readonly system: SystemUnderTest) {}

  async start(): Promise<void> {
    this.connection = await Connection.connect({
      address: this.stack.temporal.address,
      tls: this.stack.temporal.tls(),
    });
    this.client = new Client({ connection: this.connection, namespace: this.stack.temporal.namespace });
  }

  /**
   * The filled cases deleted, by one batch operation the server goes on with after the run (not
   * waited for: it takes about as long as the fill; no later query counts them, as they are on this
   * run's task queue). With `later`, the deletion starts only when the run's figures are measured, so
   * that none of them is measured while the server deletes.
   */
  async stop(later?: Deletions): Promise<void> {
    const jobId = `bench-p3-${this.batch}`;
    const query = `${this.base} AND WorkflowId STARTS_WITH 'case-dept-q'`;
    try {
      if (this.client && this.started > 0) {
        if (later) later.add(jobId, query);
        else await deleteWorkflows(this.client, this.stack.temporal.namespace, jobId, query, false);
      }
    } finally {
      await this.connection?.close();
    }
  }

  /** The clauses every query of this deployment's cases begins with (as the gateway writes them). */
  private get base(): string {
    return `WorkflowType = '${CASE_WORKFLOW_TYPE}' AND TaskQueue = '${this.system.taskQueue}'`;
  }

  /**
   * Starts cases until the store holds `total` of this deployment's (those of the other figures
   * counted), 64 at a time; waits until visibility counts them all. Answers how long it took (s).
   */
  async fill(total: number): Promise<number> {
    const client = this.requireClient();
    const began = Date.now();
    const end = this.started + Math.max(0, total - (await client.workflow.count(this.base)).count);
    let next = this.started;
    const worker = async () => {
      for (let i = next++; i < end; i = next++) {
        const department = `dept-q${String(i % DEPARTMENTS).padStart(2, '0')}`;
        await client.workflow.start(CASE_WORKFLOW_TYPE, {
          taskQueue: this.system.taskQueue,
          workflowId: `case-${department}-${this.batch}-${i}`,
          args: [],
          startDelay: '3650 days',
          memo: { departmentId: department, title: `干部选拔任用 ${i}`, requestId: `bench-${i}` },
          typedSearchAttributes: new TypedSearchAttributes([
            { key: CASE_DEPARTMENT, value: department },
            { key: CASE_GATE, value: GATE_KEYS[i % GATE_KEYS.length] as string },
            { key: CASE_STATUS, value: STATUSES[i % STATUSES.length] as string },
            { key: CASE_AWAITING, value: AWAITING[i % AWAITING.length] as string[] },
          ]),
        });
      }
    };
    await Promise.all(Array.from({ length: 64 }, worker));
    this.started = end;
    const deadline = Date.now() + 300_000;
    while ((await client.workflow.count(this.base)).count < total) {
      if (Date.now() > deadline) throw new Error(`visibility did not count ${total} cases in 5 minutes`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    return (Date.now() - began) / 1000;
  }

  /** The query of a kind, as the gateway's path and as the visibility query the gateway makes of it. */
  private query(kind: QueryKind, i: number): { path: string; visibility: string } {
    const department = `dept-q${String(i % DEPARTMENTS).padStart(2, '0')}`;
    const gate = GATE_KEYS[i % GATE_KEYS.length] as string;
    switch (kind) {
      case 'list':
        return { path: '/cases?limit=50', visibility: this.base };
      case 'filter':
        return {
          path: `/cases?department=${department}&gate=${gate}&status=running&limit=50`,
          visibility: `${this.base} AND CaseDepartment = '${department}' AND CaseGate = '${gate}' AND CaseStatus = 'running'`,
        };
      case 'count':
        return {
          path: `/cases/count?gate=${gate}&status=running`,
          visibility: `${this.base} AND CaseGate = '${gate}' AND CaseStatus = 'running'`,
        };
    }
  }

  /** `n` queries of a kind through the gateway, as a supervisor, one at a time. */
  async jishi(kind: QueryKind, n: number): Promise<QueryLatencies> {
    const token = this.system.token('supervisor', 'org-supervision', 'supervisor-bench');
    const times: number[] = [];
    for (let i = 0; i < n; i += 1) {
      const { path } = this.query(kind, i);
      const began = performance.now();
      const response = await fetch(`${this.system.gatewayUrl}${path}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const body = (await response.json()) as unknown;
      times.push(performance.now() - began);
      if (response.status !== 200) throw new Error(`${path}: ${response.status} ${JSON.stringify(body)}`);
    }
    return { p50: quantile(times, 0.5), p99: quantile(times, 0.99) };
  }

  /** The same visibility queries through the bare client: the first page of 50, or the count. */
  async bare(kind: QueryKind, n: number): Promise<QueryLatencies> {
    const client = this.requireClient();
    const times: number[] = [];
    for (let i = 0; i < n; i += 1) {
      const { visibility } = this.query(kind, i);
      const began = performance.now();
      if (kind === 'count') await client.workflow.count(visibility);
      else {
        let seen = 0;
        for await (const execution of client.workflow.list({ query: visibility, pageSize: 50 })) {
          seen += execution.workflowId ? 1 : 0;
          if (seen >= 50) break;
        }
      }
      times.push(performance.now() - began);
    }
    return { p50: quantile(times, 0.5), p99: quantile(times, 0.99) };
  }

  private requireClient(): Client {
    if (!this.client) throw new Error('start() first');
    return this.client;
  }
}
