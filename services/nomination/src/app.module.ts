import { grantServiceRole, type ServiceConfig, serviceModule } from '@jishi/service-kit';
import { type DynamicModule, Module } from '@nestjs/common';
import { CreateRounds1764330000000 } from './migrations/1764330000000-create-rounds.migration';
import { ParticipantRoll1764820000000 } from './migrations/1764820000000-participant-roll.migration';
import { RoundRules1764410000000 } from './migrations/1764410000000-round-rules.migration';
import { RoundsController } from './rounds/rounds.controller';
import { RoundsMessaging } from './rounds/rounds.consumer';
import { RoundsService } from './rounds/rounds.service';

/** The service's own migrations; last, the grants of its own database role (jishi_nomination_app). */
export const NOMINATION_MIGRATIONS = [
  ...[CreateRounds1764330000000, RoundRules1764410000000],
  grantServiceRole('jishi_nomination_app'),
  ParticipantRoll1764820000000,
];

@Module({})
export class AppModule {
  static of(config: ServiceConfig): DynamicModule {
    return serviceModule(AppModule, config, {
      migrations: NOMINATION_MIGRATIONS,
      controllers: [RoundsController],
      providers: [RoundsService, RoundsMessaging],
    });
  }
}
