import {
  Controller,
  type DynamicModule,
  Get,
  Header,
  Inject,
  type INestApplication,
  Module,
  Res,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  HealthCheck,
  type HealthCheckResult,
  HealthCheckService,
  type HealthIndicatorResult,
  HealthIndicatorService,
  TerminusModule,
} from '@nestjs/terminus';
import type { Response } from 'express';
import { Observability } from './observability';

@Controller('health')
class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(Observability) private readonly observability: Observability,
  ) {}

  /** Alive: the process answers. A process that does not is restarted. */
  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    const broken = this.observability.brokenBecause;
    return this.health.check([
      async () =>
        broken === undefined
          ? this.indicators.check('process').up({ pid: process.pid })
          : this.indicators.check('process').down({ pid: process.pid, error: broken }),
    ]);
  }

  /** Ready: every check up or degraded (200), else 503 with what is down and why. */
  @Get('ready')
  @HealthCheck()
  async ready(): Promise<HealthCheckResult> {
    const outcomes = await this.observability.evaluate();
    return this.health.check(
      Object.entries(outcomes).map(
        ([name, outcome]) =>
          async (): Promise<HealthIndicatorResult> =>
            outcome.status === 'down'
              ? this.indicators.check(name).down({ ...outcome.details })
              : this.indicators
                  .check(name)
                  .up({ ...outcome.details, degraded: outcome.status === 'degraded' }),
      ),
    );
  }
}

@Controller('metrics')
class MetricsController {
  constructor(@Inject(Observability) private readonly observability: Observability) {}

  /** The process's metrics in Prometheus' text format. */
  @Get()
  @Header('Cache-Control', 'no-store')
  async metrics(@Res() response: Response): Promise<void> {
    const text = await this.observability.metrics();
    response.type(this.observability.contentType).send(text);
  }
}

@Module({})
class OpsModule {
  static of(observability: Observability): DynamicModule {
    return {
      module: OpsModule,
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController, MetricsController],
      providers: [{ provide: Observability, useValue: observability }],
    };
  }
}

/** A process's operations port, listening. */
export interface OpsServer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves a process's health and metrics on a port of its own, apart from its API: `/health/live`,
 * `/health/ready` (@nestjs/terminus: 200 up or degraded, 503 down, with each check's details) and
 * `/metrics`. Nothing on it is personal data or changes anything; it takes no credential and is
 * reachable only where it is bound (loopback here; the monitoring network in deployment).
 */
export async function startOpsServer(observability: Observability): Promise<OpsServer> {
  // No logger option: one would replace Nest's logger for the whole process (the app's own lines too).
  const app: INestApplication = await NestFactory.create(OpsModule.of(observability));
  await app.listen(observability.settings.port, observability.settings.host);
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const server = { url, close: () => app.close() };
  observability.onClose(server.close);
  return server;
}
