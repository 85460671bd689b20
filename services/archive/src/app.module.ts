import { serviceModule } from '@jishi/service-kit';
import { type DynamicModule, Module } from '@nestjs/common';
import type { ArchiveConfig } from './config';
import { LedgerModule } from './ledger/ledger.module';
import { LedgerEntryEntity } from './ledger/ledger-entry.entity';
import { CreateLedger1764310000000 } from './migrations/1764310000000-create-ledger.migration';
import { CreateFactLedger1764720000000 } from './migrations/1764720000000-create-fact-ledger.migration';
import { CreateTransparencyLog1764730000000 } from './migrations/1764730000000-create-transparency-log.migration';
import { CreateSigningKeys1764740000000 } from './migrations/1764740000000-create-signing-keys.migration';
import { CreateAttachments1764750000000 } from './migrations/1764750000000-create-attachments.migration';
import { CreateSubmissions1764760000000 } from './migrations/1764760000000-create-submissions.migration';

@Module({})
export class AppModule {
  static of(config: ArchiveConfig): DynamicModule {
    return serviceModule(AppModule, config, {
      entities: [LedgerEntryEntity],
      migrations: [
        CreateLedger1764310000000,
        CreateFactLedger1764720000000,
        CreateTransparencyLog1764730000000,
        CreateSigningKeys1764740000000,
        CreateAttachments1764750000000,
        CreateSubmissions1764760000000,
      ],
      imports: [LedgerModule.of(config.evidence, config.attachments)],
    });
  }
}
