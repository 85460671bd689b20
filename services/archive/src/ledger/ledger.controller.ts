import { GATE_KEYS } from '@jishi/domain';
import { CallerTokenGuard, caseIdParam } from '@jishi/service-kit';
import {
  BadRequestException,
  ConflictException,
  Controller,
  Get,
  NotFoundException,
  Param,
  Query,
  UseGuards,
} from '@nestjs/common';
import { KeysService } from '../keys/keys.service';
import { type FactRecord, FactLedgerService } from './fact-ledger.service';
import { type CaseRecord, LedgerService } from './ledger.service';

const CANDIDATE_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

@Controller('cases')
@UseGuards(CallerTokenGuard)
export class LedgerController {
  constructor(
    private readonly ledger: LedgerService,
    private readonly facts: FactLedgerService,
    private readonly keys: KeysService,
  ) {}

  /** The case's bundle, to keep and verify offline (`npm run -s evidence -- verify bundle.json`). */
  @Get(':caseId/bundle')
  async bundle(@Param('caseId') caseId: string) {
    const bundle = await this.facts.bundle(caseIdParam(caseId), (keyId) => this.keys.key(keyId));
    if (bundle === 'no_case')
      throw new NotFoundException({
        code: 'CASE.NOT_FOUND',
        zh: '纪实中没有该事项',
        en: 'the record has no such case',
      });
    if (bundle === 'not_sealed')
      throw new ConflictException({
        code: 'RECORD.NOT_SEALED',
        zh: '最新签名树头尚未涵盖该事项的全部事实，请稍后再试',
        en: 'the latest signed tree head does not cover every fact of the case yet; try again shortly',
      });
    return bundle;
  }

  /** What a gate's sign-off signs: the gate's digest up to a fact (`through`, by default the last). */
  @Get(':caseId/gates/:gate/digest')
  async gateDigest(
    @Param('caseId') caseId: string,
    @Param('gate') gate: string,
    @Query('through') through?: string,
  ) {
    const id = caseIdParam(caseId);
    if (!(GATE_KEYS as readonly string[]).includes(gate)) {
      throw new BadRequestException({
        code: 'QUERY.INVALID',
        field: 'gate',
        zh: `环节须为 ${GATE_KEYS.join('、')} 之一`,
        en: `gate must be one of ${GATE_KEYS.join(', ')}`,
      });
    }
    if (through !== undefined && !/^[1-9]\d{0,8}$/.test(through)) {
      throw new BadRequestException({
        code: 'QUERY.INVALID',
        field: 'through',
        zh: 'through 须为正整数',
        en: 'through must be a whole number of 1 or more',
      });
    }
    const digest = await this.facts.gateDigest(id, gate, through === undefined ? undefined : Number(through));
    if (digest === 'not_sealed') {
      throw new ConflictException({
        code: 'RECORD.NOT_SEALED',
        zh: '该事实尚未记入纪实链，请稍后再试',
        en: 'the record does not reach that fact yet; try again shortly',
      });
    }
    return digest;
  }

  /**
   * A case's record: its facts with their content in the workflow's order (those of one gate or
   * one candidate when asked), the whole chain of facts verified from the stored bytes; and every
   * message about the case in the order received, with their own chain.
   */
  @Get(':caseId/record')
  async record(
    @Param('caseId') caseId: string,
    @Query('gate') gate?: string,
    @Query('candidate') candidate?: string,
  ): Promise<FactRecord & CaseRecord> {
    const id = caseIdParam(caseId);
    if (gate !== undefined && !(GATE_KEYS as readonly string[]).includes(gate)) {
      throw new BadRequestException({
        code: 'QUERY.INVALID',
        field: 'gate',
        zh: `环节须为 ${GATE_KEYS.join('、')} 之一`,
        en: `gate must be one of ${GATE_KEYS.join(', ')}`,
      });
    }
    if (candidate !== undefined && !CANDIDATE_ID.test(candidate)) {
      throw new BadRequestException({
        code: 'QUERY.INVALID',
        field: 'candidate',
        zh: '人选编号格式不正确',
        en: 'candidate is not a candidate id',
      });
    }
    const facts = await this.facts.record(id, {
      ...(gate === undefined ? {} : { gate }),
      ...(candidate === undefined ? {} : { candidateId: candidate }),
    });
    return { ...(await this.ledger.record(id)), ...facts };
  }
}
