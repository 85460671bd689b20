import { MessagingTables1764300000000 } from '@jishi/messaging';
import { databaseOptions, type ServiceConfig, ServiceConfigModule } from '@jishi/service-kit';
import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LedgerModule } from './ledger/ledger.module';
import { LedgerEntryEntity } from './ledger/ledger-entry.entity';
import { CreateLedger1764310000000 } from './migrations/1764310000000-create-ledger.migration';

@Module({})
export class AppModule {
  static of(config: ServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceConfigModule.of(config),
        TypeOrmModule.forRoot(
          databaseOptions(config, {
            entities: [LedgerEntryEntity],
            migrations: [MessagingTables1764300000000, CreateLedger1764310000000],
          }),
        ),
        LedgerModule,
      ],
    };
  }
}
