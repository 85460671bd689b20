import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { temporalTlsOption } from '@jishi/identity';
import { Client, Connection } from '@temporalio/client';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway.config';

/** The gateway's Temporal client, connected at boot (the gateway does not start without Temporal). */
@Injectable()
export class TemporalClient implements OnModuleInit, OnApplicationShutdown {
  private connection: Connection | undefined;
  private client: Client | undefined;

  constructor(@Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {}

  async onModuleInit(): Promise<void> {
    this.connection = await Connection.connect({
      address: this.config.temporal.address,
      tls: temporalTlsOption(this.config.temporal.tls),
    });
    this.client = new Client({
      connection: this.connection,
      namespace: this.config.temporal.namespace,
      // Each call a span, its context carried in the call's headers into the workflow's own spans.
      interceptors: { workflow: [new OpenTelemetryWorkflowClientInterceptor()] },
    });
  }

  get workflow(): Client['workflow'] {
    if (!this.client) throw new Error('the Temporal client is not connected');
    return this.client.workflow;
  }

  /** Runs calls to Temporal with a deadline, so one unresponsive case cannot hold a whole request. */
  withDeadline<T>(milliseconds: number, fn: () => Promise<T>): Promise<T> {
    if (!this.connection) throw new Error('the Temporal client is not connected');
    return this.connection.withDeadline(Date.now() + milliseconds, fn);
  }

  /** Whether Temporal's frontend serves (its gRPC health service), asked within 2 s. */
  async health(): Promise<string> {
    if (!this.connection) throw new Error('the Temporal client is not connected');
    const connection = this.connection;
    const { status } = await connection.withDeadline(Date.now() + 2_000, () =>
      connection.healthService.check({}),
    );
    if (status !== 1) throw new Error(`Temporal's frontend is not serving (status ${status ?? 'unknown'})`);
    return 'SERVING';
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection?.close();
  }
}
