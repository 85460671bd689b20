import { MessagingTables1764300000000 } from '@jishi/messaging';
import { databaseOptions, type ServiceConfig, ServiceConfigModule } from '@jishi/service-kit';
import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MeetingsController } from './meetings/meetings.controller';
import { MeetingsMessaging } from './meetings/meetings.consumer';
import { MeetingsService } from './meetings/meetings.service';
import { CreateMeetings1764320000000 } from './migrations/1764320000000-create-meetings.migration';

@Module({})
export class AppModule {
  static of(config: ServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceConfigModule.of(config),
        TypeOrmModule.forRoot(
          databaseOptions(config, {
            migrations: [MessagingTables1764300000000, CreateMeetings1764320000000],
          }),
        ),
      ],
      controllers: [MeetingsController],
      providers: [MeetingsService, MeetingsMessaging],
    };
  }
}
