import { Answers } from './contract/answers';
import { Observability } from '@jishi/observability';
import { Controller, Get, HttpCode, HttpStatus, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { PublicRoute } from './auth/access.decorators';

/** Whether the gateway can serve: ok, or unavailable (503). */
export interface HealthAnswer {
  status: 'ok' | 'unavailable';
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly observability: Observability) {}

  /**
   * Whether the gateway can take requests now (Temporal, Kafka): `ok` (200) or `unavailable` (503).
   * What is down and why is shown on the operations port's `/health/ready`, not to the public.
   */
  @Get()
  @Answers(200, 'HealthAnswer', '可以受理 / ready')
  @Answers(503, 'HealthAnswer', '暂不能受理 / not ready')
  @PublicRoute()
  @HttpCode(HttpStatus.OK)
  async health(@Res({ passthrough: true }) response: Response): Promise<HealthAnswer> {
    const outcomes = await this.observability.evaluate();
    const ready = Object.values(outcomes).every((o) => o.status !== 'down');
    if (!ready) response.status(HttpStatus.SERVICE_UNAVAILABLE);
    return { status: ready ? 'ok' : 'unavailable' };
  }
}
