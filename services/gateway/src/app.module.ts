import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { httpLogging, Observability } from '@jishi/observability';
import { AccessGuard } from './auth/access.guard';
import { PersonThrottlerGuard } from './auth/person-throttler.guard';
import { CalendarController } from './calendar/calendar.controller';
import { CasesController } from './cases/cases.controller';
import { CaseMetrics } from './cases/case-metrics';
import { CasesService } from './cases/cases.service';
import { InboxController } from './cases/inbox.controller';
import { TemporalClient } from './cases/temporal.provider';
import { ConsultationController } from './consultation/consultation.controller';
import { ConsultationService } from './consultation/consultation.service';
import { GATEWAY_CONFIG, type GatewayConfig } from './config/gateway.config';
import { HttpErrorFilter } from './errors/http-error.filter';
import { HealthController } from './health.controller';
import { OrganizationsController } from './organizations/organizations.controller';
import { CaseForwarding } from './participation/case-forwarding';
import { DecisionController } from './participation/decision.controller';
import { InspectionController } from './participation/inspection.controller';
import { NominationController } from './participation/nomination.controller';
import {
  CompletenessController,
  LedgerLogController,
  RecordController,
} from './participation/record.controller';
import { KeysController } from './participation/keys.controller';
import { ServiceClient } from './participation/service-client';
import { SignerKeys } from './participation/signer-keys';

@Module({})
export class AppModule {
  static of(config: GatewayConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        // Logs as JSON lines through pino: the access log, and a request id on every line of a request.
        httpLogging(),
        ThrottlerModule.forRoot({
          // Named 'default', so the answer carries the standard Retry-After and RateLimit headers.
          throttlers: [{ name: 'default', ttl: 60_000, limit: config.rateLimitPerMinute }],
        }),
      ],
      controllers: [
        HealthController,
        CasesController,
        InboxController,
        NominationController,
        InspectionController,
        DecisionController,
        RecordController,
        CompletenessController,
        LedgerLogController,
        KeysController,
        ConsultationController,
        CalendarController,
        OrganizationsController,
      ],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        // The gateway's health and metrics, served by main.ts on its operations port.
        { provide: Observability, useFactory: () => new Observability('gateway', config.ops) },
        CaseMetrics,
        // In this order: the person is known before their requests are counted.
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_GUARD, useClass: PersonThrottlerGuard },
        { provide: APP_FILTER, useClass: HttpErrorFilter },
        TemporalClient,
        CasesService,
        ConsultationService,
        ServiceClient,
        SignerKeys,
        CaseForwarding,
      ],
    };
  }
}
