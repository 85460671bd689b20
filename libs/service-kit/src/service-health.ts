import { Observability } from '@jishi/observability';
import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** A service's database as a readiness check (`database`): a query answered within the check's deadline. */
@Injectable()
export class ServiceHealth implements OnModuleInit, OnApplicationShutdown {
  private remove: (() => void) | undefined;

  constructor(
    private readonly observability: Observability,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.remove = this.observability.addCheck('database', async () => {
      try {
        await this.dataSource.query('SELECT 1');
        return { status: 'up' };
      } catch (err) {
        return { status: 'down', details: { error: err instanceof Error ? err.message : String(err) } };
      }
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.remove?.();
    await this.observability.close();
  }
}
