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
  Res,
  UseGuards,
} from '@nestjs/common';
import type { Response } from 'express';
import { CaseExportService } from './case-export.service';
import { KeysService } from '../keys/keys.service';
import type { CaseBundle } from '@jishi/evidence';
import { type FactRecord, FactLedgerService, type GateDigest } from './fact-ledger.service';
import { type CaseRecord, LedgerService } from './ledger.service';

const CANDIDATE_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

const noCase = () =>
  new NotFoundException({
    code: 'CASE.NOT_FOUND',
    zh: '纪实中没有该事项',
    en: 'the record has no such case',
  });
const notSealed = () =>
  new ConflictException({
    code: 'RECORD.NOT_SEALED',
    zh: '最新签名树头尚未涵盖该事项的全部事实，请稍后再试',
    en: 'the latest signed tree head does not cover every fact of the case yet; try again shortly',
  });

@Controller('cases')
@UseGuards(CallerTokenGuard)
export class LedgerController {
  constructor(
    private readonly ledger: LedgerService,
    private readonly facts: FactLedgerService,
    private readonly keys: KeysService,
    private readonly exports: CaseExportService,
  ) {}

  /** The case's bundle, to keep and verify offline (`npm run -s evidence -- verify bundle.json`). */
  @Get(':caseId/bundle')
  async bundle(@Param('caseId') caseId: string): Promise<CaseBundle> {
    const bundle = await this.facts.bundle(caseIdParam(caseId), (keyId) => this.keys.key(keyId));
    if (bundle === 'no_case') throw noCase();
    if (bundle === 'not_sealed') throw notSealed();
    return bundle;
  }

  /** The case's file (纪实档案) as a zip: the bundle, each candidate's form (JSON and PDF), the attachments. */
  @Get(':caseId/file')
  async file(@Param('caseId') caseId: string, @Res() res: Response) {
    const id = caseIdParam(caseId);
    const zip = await this.exports.zip(id, (keyId) => this.keys.key(keyId));
    if (zip === 'no_case') throw noCase();
    if (zip === 'not_sealed') throw notSealed();
    res.setHeader('content-type', 'application/zip');
    res.setHeader('content-disposition', `attachment; filename="${id}.zip"`);
    res.end(Buffer.from(zip));
  }

  /** A candidate's record form (纪实表), as JSON or (format=pdf) as PDF. */
  @Get(':caseId/forms/:candidateId')
  async form(
    @Param('caseId') caseId: string,
    @Param('candidateId') candidateId: string,
    @Res() res: Response,
    @Query('format') format?: string,
  ) {
    const id = caseIdParam(caseId);
    if (!CANDIDATE_ID.test(candidateId))
      throw new BadRequestException({
        code: 'QUERY.INVALID',
        field: 'candidate',
        zh: '人选编号格式不正确',
        en: 'candidate is not a candidate id',
      });
    if (format !== undefined && format !== 'json' && format !== 'pdf')
      throw new BadRequestException({
        code: 'QUERY.INVALID',
        field: 'format',
        zh: 'format 须为 json 或 pdf',
        en: 'format must be json or pdf',
      });
    const form = await this.exports.form(id, candidateId);
    if (!form)
      throw new NotFoundException({
        code: 'CAND.UNKNOWN',
        field: 'candidate',
        zh: '该事项的纪实中没有此人选',
        en: 'the case’s record names no such candidate',
      });
    if (format !== 'pdf') {
      res.json(form);
      return;
    }
    res.setHeader('content-type', 'application/pdf');
    res.setHeader('content-disposition', `attachment; filename="${id}-${candidateId}.pdf"`);
    res.end(await this.exports.pdf(form, id));
  }

  /** What a gate's sign-off signs: the gate's digest up to a fact (`through`, by default the last). */
  @Get(':caseId/gates/:gate/digest')
  async gateDigest(
    @Param('caseId') caseId: string,
    @Param('gate') gate: string,
    @Query('through') through?: string,
  ): Promise<GateDigest> {
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
  ): Promise<RecordAnswer> {
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
/** A case's record as the archive answers it: its facts (verified) and the messages about it. */
export type RecordAnswer = FactRecord & CaseRecord;
