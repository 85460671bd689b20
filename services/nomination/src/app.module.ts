import { MessagingTables1764300000000 } from '@jishi/messaging';
import { databaseOptions, type ServiceConfig, ServiceConfigModule } from '@jishi/service-kit';
import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RoundsController } from './rounds/rounds.controller';
import { RoundsMessaging } from './rounds/rounds.consumer';
import { RoundsService } from './rounds/rounds.service';
import { CreateRounds1764330000000 } from './migrations/1764330000000-create-rounds.migration';
import { RoundRules1764410000000 } from './migrations/1764410000000-round-rules.migration';

@Module({})
export class AppModule {
  static of(config: ServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceConfigModule.of(config),
        TypeOrmModule.forRoot(
          databaseOptions(config, {
            migrations: [MessagingTables1764300000000, CreateRounds1764330000000, RoundRules1764410000000],
          }),
        ),
      ],
      controllers: [RoundsController],
      providers: [RoundsService, RoundsMessaging],
    };
  }
}
