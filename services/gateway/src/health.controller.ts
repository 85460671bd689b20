import { Observability } from '@jishi/observability';
import { Controller, Get, HttpCode, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { PublicRoute } from './auth/access.decorators';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly observability: Observability) {}

  /**
   * Whether the gateway can take requests now (Temporal, Kafka): `ok` (200) or `unavailable` (503).
   * What is down and why is shown on the operations port's `/health/ready`, not to the public.
   */
  @Get()
  @PublicRoute()
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ description: 'Ready', schema: { example: { status: 'ok' } } })
  @ApiServiceUnavailableResponse({ description: 'Not ready', schema: { example: { status: 'unavailable' } } })
  async health(@Res({ passthrough: true }) response: Response): Promise<{ status: 'ok' | 'unavailable' }> {
    const outcomes = await this.observability.evaluate();
    const ready = Object.values(outcomes).every((o) => o.status !== 'down');
    if (!ready) response.status(HttpStatus.SERVICE_UNAVAILABLE);
    return { status: ready ? 'ok' : 'unavailable' };
  }
}
