import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { PublicRoute } from './auth/access.decorators';

@ApiTags('health')
@Controller('health')
export class HealthController {
  /** Up and connected: the gateway does not finish booting without Temporal and Kafka. */
  @Get()
  @PublicRoute()
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
