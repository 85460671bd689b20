/**
 * The bare engine of the baselines (P1, P2): a client of the same Temporal server and a worker of the
 * bench's own workflows (`workflows/bench.workflows.ts`) on a task queue of its own, whose one activity
 * does nothing.
 */
import { loadStackSettings } from '@jishi/testing';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';

export class BareEngine {
  private readonly stack = loadStackSettings();
  private connection: Connection | undefined;
  private bareClient: Client | undefined;
  private native: NativeConnection | undefined;
  private worker: Worker | undefined;
  private running: Promise<void> | undefined;
  readonly taskQueue: string;

  constructor(name: string) {
    this.taskQueue = `${name}-${randomUUID().slice(0, 8)}`;
  }

  async start(): Promise<void> {
    const tls = this.stack.temporal.tls();
    this.connection = await Connection.connect({ address: this.stack.temporal.address, tls });
    this.bareClient = new Client({ connection: this.connection, namespace: this.stack.temporal.namespace });
    this.native = await NativeConnection.connect({ address: this.stack.temporal.address, tls });
    this.worker = await Worker.create({
      connection: this.native,
      namespace: this.stack.temporal.namespace,
      taskQueue: this.taskQueue,
      workflowsPath: require.resolve('./workflows/bench.workflows'),
      activities: { recordStep: async () => undefined },
    });
    this.running = this.worker.run();
  }

  /** The bare client (of the same server, namespace and connection as the worker's). */
  get client(): Client {
    if (!this.bareClient) throw new Error('start() first');
    return this.bareClient;
  }

  async stop(): Promise<void> {
    this.worker?.shutdown();
    await this.running?.catch(() => undefined);
    await this.native?.close();
    await this.connection?.close();
  }
}
