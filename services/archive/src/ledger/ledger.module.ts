import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LedgerController } from './ledger.controller';
import { LedgerConsumer } from './ledger.consumer';
import { LedgerEntryEntity } from './ledger-entry.entity';
import { LedgerService } from './ledger.service';

@Module({
  imports: [TypeOrmModule.forFeature([LedgerEntryEntity])],
  controllers: [LedgerController],
  providers: [LedgerService, LedgerConsumer],
})
export class LedgerModule {}
