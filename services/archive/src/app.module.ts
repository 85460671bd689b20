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
import { GrantArchiveRole1764770000000 } from './migrations/1764770000000-grant-archive-role.migration';
import { GrantUsedAssertions1764830000001 } from './migrations/1764830000001-grant-used-assertions.migration';
import { IndexCasesStarted1764780000000 } from './migrations/1764780000000-index-cases-started.migration';

/** The archive's migrations, in order (the messaging tables come first, from the service kit). */
export const ARCHIVE_MIGRATIONS = [
  CreateLedger1764310000000,
  CreateFactLedger1764720000000,
  CreateTransparencyLog1764730000000,
  CreateSigningKeys1764740000000,
  CreateAttachments1764750000000,
  CreateSubmissions1764760000000,
  GrantArchiveRole1764770000000,
  IndexCasesStarted1764780000000,
  GrantUsedAssertions1764830000001,
];

@Module({})
export class AppModule {
  static of(config: ArchiveConfig): DynamicModule {
    return serviceModule(AppModule, config, {
      entities: [LedgerEntryEntity],
      migrations: ARCHIVE_MIGRATIONS,
      imports: [LedgerModule.of(config.evidence, config.attachments)],
    });
  }
}
