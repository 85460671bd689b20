import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { type AttachmentsConfig, EVIDENCE_CONFIG, type EvidenceConfig } from '../config';
import { FileSystemAttachmentStore } from '../attachments/attachment-store';
import { S3AttachmentStore } from '../attachments/s3-attachment-store';
import { AttachmentsController } from '../attachments/attachments.controller';
import { ATTACHMENT_STORE, AttachmentsService } from '../attachments/attachments.service';
import { CaseExportService } from './case-export.service';
import { SubmissionsService } from './submissions.service';
import { CompletenessController } from './completeness.controller';
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
  static of(evidence: EvidenceConfig, attachments: AttachmentsConfig): DynamicModule {
    return {
      module: LedgerModule,
      imports: [TypeOrmModule.forFeature([LedgerEntryEntity])],
      controllers: [
        LedgerController,
        LogController,
        KeysController,
        AttachmentsController,
        CompletenessController,
      ],
      providers: [
        { provide: EVIDENCE_CONFIG, useValue: evidence },
        {
          provide: ATTACHMENT_STORE,
          useValue: attachments.s3
            ? new S3AttachmentStore(attachments.s3, attachments.maxBytes)
            : new FileSystemAttachmentStore(attachments.dir, attachments.maxBytes),
        },
        AttachmentsService,
        CaseExportService,
        SubmissionsService,
        LedgerService,
        FactLedgerService,
        TransparencyLogService,
        KeysService,
        LedgerConsumer,
      ],
    };
  }
}
