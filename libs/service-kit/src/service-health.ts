import { cached, Observability } from '@jishi/observability';
import {
  type BeforeApplicationShutdown,
  Injectable,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** A service's database as a readiness check (`database`): a query answered within the check's deadline. */
@Injectable()
export class ServiceHealth implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown {
  private remove: (() => void) | undefined;

  constructor(
    private readonly observability: Observability,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    // One query at a time, read at most every 2 s: a busy pool is not queued more work by its checks.
    const ping = cached(2_000, () => this.dataSource.query('SELECT 1'));
    this.remove = this.observability.addCheck('database', async () => {
      try {
        await ping();
        return { status: 'up' };
      } catch (err) {
        return { status: 'down', details: { error: err instanceof Error ? err.message : String(err) } };
      }
    });
  }

  /** Stopping: readiness says so first, before the consumers and the outbox stop. */
  beforeApplicationShutdown(): void {
    this.observability.drain();
  }

  async onApplicationShutdown(): Promise<void> {
    this.remove?.();
    await this.observability.close();
  }
}
