import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LedgerController } from './ledger.controller';
import { LedgerConsumer } from './ledger.consumer';
import { LedgerEntryEntity } from './ledger-entry.entity';
import { FactLedgerService } from './fact-ledger.service';
import { LedgerService } from './ledger.service';

@Module({
  imports: [TypeOrmModule.forFeature([LedgerEntryEntity])],
  controllers: [LedgerController],
  providers: [LedgerService, FactLedgerService, LedgerConsumer],
})
export class LedgerModule {}
