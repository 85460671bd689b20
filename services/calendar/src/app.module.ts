import { type ServiceConfig, serviceModule } from '@jishi/service-kit';
import { type DynamicModule, Module } from '@nestjs/common';
import { CreateCalendar1764400000000 } from './migrations/1764400000000-create-calendar.migration';
import { OrganizationPolicy1764500000000 } from './migrations/1764500000000-organization-policy.migration';
import { PoliciesController } from './policies/policies.controller';
import { PoliciesService } from './policies/policies.service';
import { CalendarOutbox } from './years/calendar.outbox';
import { YearsController } from './years/years.controller';
import { YearsService } from './years/years.service';

@Module({})
export class AppModule {
  static of(config: ServiceConfig): DynamicModule {
    return serviceModule(AppModule, config, {
      migrations: [CreateCalendar1764400000000, OrganizationPolicy1764500000000],
      controllers: [YearsController, PoliciesController],
      providers: [YearsService, PoliciesService, CalendarOutbox],
    });
  }
}
