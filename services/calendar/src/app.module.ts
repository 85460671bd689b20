import { MessagingTables1764300000000 } from '@jishi/messaging';
import { databaseOptions, type ServiceConfig, ServiceConfigModule } from '@jishi/service-kit';
import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CreateCalendar1764400000000 } from './migrations/1764400000000-create-calendar.migration';
import { CalendarOutbox } from './years/calendar.outbox';
import { YearsController } from './years/years.controller';
import { YearsService } from './years/years.service';

@Module({})
export class AppModule {
  static of(config: ServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceConfigModule.of(config),
        TypeOrmModule.forRoot(
          databaseOptions(config, {
            migrations: [MessagingTables1764300000000, CreateCalendar1764400000000],
          }),
        ),
      ],
      controllers: [YearsController],
      providers: [YearsService, CalendarOutbox],
    };
  }
}
