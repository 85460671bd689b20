import { grantServiceRole, type ServiceConfig, serviceModule } from '@jishi/service-kit';
import { type DynamicModule, Module } from '@nestjs/common';
import { CreateCalendar1764400000000 } from './migrations/1764400000000-create-calendar.migration';
import { OrganizationPolicy1764500000000 } from './migrations/1764500000000-organization-policy.migration';
import { PoliciesController } from './policies/policies.controller';
import { PoliciesService } from './policies/policies.service';
import { CalendarOutbox } from './years/calendar.outbox';
import { YearsController } from './years/years.controller';
import { YearsService } from './years/years.service';

/** The service's own migrations; last, the grants of its own database role (jishi_calendar_app). */
export const CALENDAR_MIGRATIONS = [
  ...[CreateCalendar1764400000000, OrganizationPolicy1764500000000],
  grantServiceRole('jishi_calendar_app'),
];

@Module({})
export class AppModule {
  static of(config: ServiceConfig): DynamicModule {
    return serviceModule(AppModule, config, {
      migrations: CALENDAR_MIGRATIONS,
      controllers: [YearsController, PoliciesController],
      providers: [YearsService, PoliciesService, CalendarOutbox],
    });
  }
}
