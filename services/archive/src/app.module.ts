import { MessagingTables1764300000000 } from '@jishi/messaging';
import { type DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ARCHIVE_CONFIG, type ArchiveConfig } from './config/archive.config';
import { LedgerModule } from './ledger/ledger.module';
import { LedgerEntryEntity } from './ledger/ledger-entry.entity';
import { CreateLedger1764310000000 } from './migrations/1764310000000-create-ledger.migration';

@Global()
@Module({})
class ConfigModule {
  static of(config: ArchiveConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: ARCHIVE_CONFIG, useValue: config }],
      exports: [ARCHIVE_CONFIG],
    };
  }
}

@Module({})
export class AppModule {
  static of(config: ArchiveConfig): DynamicModule {
    const { schema, ...database } = config.database;
    return {
      module: AppModule,
      imports: [
        ConfigModule.of(config),
        TypeOrmModule.forRoot({
          type: 'postgres',
          ...database,
          ...(schema ? { extra: { options: `-c search_path=${schema}` } } : {}),
          entities: [LedgerEntryEntity],
          migrations: [MessagingTables1764300000000, CreateLedger1764310000000],
          migrationsRun: true,
          synchronize: false,
        }),
        LedgerModule,
      ],
    };
  }
}
