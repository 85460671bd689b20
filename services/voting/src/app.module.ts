import { grantServiceRole, type ServiceConfig, serviceModule } from '@jishi/service-kit';
import { type DynamicModule, Module } from '@nestjs/common';
import { MeetingsController } from './meetings/meetings.controller';
import { MeetingsMessaging } from './meetings/meetings.consumer';
import { MeetingsService } from './meetings/meetings.service';
import { CreateMeetings1764320000000 } from './migrations/1764320000000-create-meetings.migration';
import { MeetingRoster1764820000000 } from './migrations/1764820000000-meeting-roster.migration';
import { NumberedMeetings1764500000000 } from './migrations/1764500000000-numbered-meetings.migration';

/** The service's own migrations; last, the grants of its own database role (jishi_voting_app). */
export const VOTING_MIGRATIONS = [
  ...[CreateMeetings1764320000000, NumberedMeetings1764500000000],
  grantServiceRole('jishi_voting_app'),
  MeetingRoster1764820000000,
];

@Module({})
export class AppModule {
  static of(config: ServiceConfig): DynamicModule {
    return serviceModule(AppModule, config, {
      migrations: VOTING_MIGRATIONS,
      controllers: [MeetingsController],
      providers: [MeetingsService, MeetingsMessaging],
    });
  }
}
