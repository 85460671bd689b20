/**
 * P5, memory: the resident set of the worker and of each service with many cases open — cases started
 * through the gateway, each a running workflow with its deadlines' timers, the worker keeping the
 * cases it last ran in its cache. `npm run bench` runs it on a system whose deadlines count real days,
 * so the cases sleep on their timers as a year of probation keeps them; the smoke run uses its own
 * system (a deadline's day of one second). Read from /proc: each process's resident set (VmRSS) and
 * its peak (VmHWM).
 */
import { CASE_WORKFLOW_TYPE } from '@jishi/contracts';
import type { AppName, SystemUnderTest } from '@jishi/e2e';
import { loadStackSettings } from '@jishi/testing';
import { Client, Connection } from '@temporalio/client';
import { readFileSync } from 'node:fs';
import { deleteWorkflows, type Deletions } from './clean-up';

export const PROCESSES: readonly AppName[] = [
  'worker',
  'gateway',
  'archive',
  'nomination',
  'inspection',
  'voting',
  'calendar',
  'signal-bridge',
];

export class OpenCasesBench {
  private readonly stack = loadStackSettings();
  private opened = 0;
  private connection: Connection | undefined;

  constructor(private readonly system: SystemUnderTest) {}

  async start(): Promise<void> {
    this.connection = await Connection.connect({
      address: this.stack.temporal.address,
      tls: this.stack.temporal.tls(),
    });
  }

  /**
   * The opened cases deleted from Temporal's store: waited for (a later figure on the same system counts
   * the store's cases), or put off until the run's figures are measured when `later` is given.
   */
  async stop(later?: Deletions): Promise<void> {
    const jobId = `bench-p5-${this.system.runId}`;
    const query = `WorkflowType = '${CASE_WORKFLOW_TYPE}' AND TaskQueue = '${this.system.taskQueue}' AND CaseDepartment = 'dept-p5'`;
    try {
      if (this.connection && this.opened > 0) {
        if (later) later.add(jobId, query);
        else
          await deleteWorkflows(
            new Client({ connection: this.connection, namespace: this.stack.temporal.namespace }),
            this.stack.temporal.namespace,
            jobId,
            query,
            true,
          );
      }
    } finally {
      await this.connection?.close();
    }
  }

  private async post(body: unknown): Promise<{ status: number; text: string }> {
    const response = await fetch(`${this.system.gatewayUrl}/cases`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${this.system.token('department_officer', 'dept-p5', 'officer-p5')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
    });
    return { status: response.status, text: await response.text() };
  }

  /** Opens cases through the gateway, 16 clients at a time, until `total` are open; answers how long it took (s). */
  async open(total: number): Promise<number> {
    const began = Date.now();
    let next = this.opened;
    const client = async () => {
      for (let i = next++; i < total; i = next++) {
        for (let tries = 0; ; tries += 1) {
          const reply = await this.post({
            requestId: `p5-${this.system.runId}-${i}`,
            departmentId: 'dept-p5',
            title: `干部选拔任用 ${i}`,
            posts: 1,
            committeeMembers: 3,
            recommendationParticipants: 1,
            profile: { recommendationByTalks: false },
          });
          if (reply.status === 201 || reply.status === 200) break;
          // Asked too fast (429) or a moment away (503): again, a little later.
          if ((reply.status !== 429 && reply.status !== 503) || tries > 100)
            throw new Error(`case ${i} did not open: ${reply.status} ${reply.text.slice(0, 300)}`);
          await new Promise((resolve) => setTimeout(resolve, 200 + tries * 50));
        }
      }
    };
    await Promise.all(Array.from({ length: 16 }, client));
    this.opened = total;
    return (Date.now() - began) / 1000;
  }

  /** What a process's own metrics say of its memory (MB): the V8 heap used and reserved, and memory outside it. */
  async heap(name: AppName): Promise<Record<string, number>> {
    const text = await (await fetch(`${this.system.opsUrl(name)}/metrics`)).text();
    const read = (metric: string) =>
      Math.round(
        Number(new RegExp(`^${metric}\\{[^}]*\\} ([0-9.e+]+)$`, 'm').exec(text)?.[1] ?? NaN) / 2 ** 20,
      );
    return {
      heapUsed: read('nodejs_heap_size_used_bytes'),
      heapTotal: read('nodejs_heap_size_total_bytes'),
      external: read('nodejs_external_memory_bytes'),
      rss: read('process_resident_memory_bytes'),
    };
  }

  /** Each process's resident set and its peak, in MB. */
  memory(): Map<AppName, { rss: number; peak: number }> {
    const read = new Map<AppName, { rss: number; peak: number }>();
    for (const name of PROCESSES) {
      const pid = this.system.pidOf(name);
      if (pid === undefined) throw new Error(`${name} is not running`);
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = (field: string) =>
        Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
      read.set(name, { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 });
    }
    return read;
  }
}
