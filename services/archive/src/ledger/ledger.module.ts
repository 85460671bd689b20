import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EVIDENCE_CONFIG, type EvidenceConfig } from '../config';
import { FactLedgerService } from './fact-ledger.service';
import { LedgerController } from './ledger.controller';
import { LedgerConsumer } from './ledger.consumer';
import { LedgerEntryEntity } from './ledger-entry.entity';
import { LedgerService } from './ledger.service';
import { LogController } from './log.controller';
import { TransparencyLogService } from './transparency-log.service';
import { KeysController } from '../keys/keys.controller';
import { KeysService } from '../keys/keys.service';

@Module({})
export class LedgerModule {
  static of(evidence: EvidenceConfig): DynamicModule {
    return {
      module: LedgerModule,
      imports: [TypeOrmModule.forFeature([LedgerEntryEntity])],
      controllers: [LedgerController, LogController, KeysController],
      providers: [
        { provide: EVIDENCE_CONFIG, useValue: evidence },
        LedgerService,
        FactLedgerService,
        TransparencyLogService,
        KeysService,
        LedgerConsumer,
      ],
    };
  }
}
