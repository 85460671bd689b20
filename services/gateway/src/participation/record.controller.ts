import { Answers, AnswersFile } from '../contract/answers';
import {
  BadRequestException,
  Controller,
  HttpException,
  Get,
  Inject,
  Param,
  PayloadTooLargeException,
  Post,
  Query,
  Req,
  Res,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Allow, CurrentPrincipal } from '../auth/access.decorators';
import {
  attachmentUploaders,
  CASE_READERS,
  type PersonRole,
  type Principal,
  RECORD_READERS,
} from '../auth/principal';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway.config';
import { FILE_NAME_RULE, isFileName } from '@jishi/service-kit';
import { CaseForwarding } from './case-forwarding';
import { ServiceClient } from './service-client';

/** Who may add a file to a case's record: the people of the steps that name one. */
const ATTACHMENT_UPLOADERS: readonly PersonRole[] = attachmentUploaders();
/** Who may read a case's attachments: those who read the case. */
const ATTACHMENT_READERS: readonly PersonRole[] = CASE_READERS;
/** A media type as `type/subtype`, lower case. */
const MEDIA_TYPE = /^[a-z]+\/[a-z0-9][a-z0-9.+-]{0,99}$/;
/** Bodies the gateway's parsers read as data, not as a file. */
const PARSED_TYPES = ['application/json', 'application/x-www-form-urlencoded'];

/** The case's full-process record (全程纪实), from the archive, for those who may read it. */
@ApiTags('record')
@ApiBearerAuth()
@Controller('cases/:caseId')
export class RecordController {
  private readonly maxBytes: number;

  constructor(
    private readonly cases: CaseForwarding,
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
  ) {
    this.maxBytes = config.attachmentMaxBytes;
  }

  @Get('record')
  @Answers(200, 'RecordAnswer')
  @Allow(...RECORD_READERS)
  @ApiOperation({
    summary:
      '全程纪实：事项的每一事实及其内容（可按环节、人选筛选），哈希链校验 / the case’s record: each fact with its content (by gate, by candidate), its chain verified',
  })
  @ApiQuery({ name: 'gate', required: false, description: '环节 / a gate, e.g. decision' })
  @ApiQuery({ name: 'candidate', required: false, description: '人选编号 / a candidate id' })
  record(
    @CurrentPrincipal() p: Principal,
    @Param('caseId') caseId: string,
    @Res({ passthrough: true }) res: Response,
    @Query('gate') gate?: string,
    @Query('candidate') candidate?: string,
  ) {
    const query = new URLSearchParams();
    if (typeof gate === 'string') query.set('gate', gate);
    if (typeof candidate === 'string') query.set('candidate', candidate);
    const suffix = query.size > 0 ? `?${query.toString()}` : '';
    return this.cases.forward(p, caseId, res, 'archive', 'GET', `/cases/:caseId/record${suffix}`);
  }

  @Get('bundle')
  @Answers(200, 'CaseBundle')
  @Allow(...RECORD_READERS)
  @ApiOperation({
    summary:
      '导出事项纪实档案：全部事实、签名树头与包含证明、签字人密钥，可离线核验 / the case’s bundle: every fact, the signed tree head with proofs, the signers’ keys — to keep and verify offline',
  })
  bundle(
    @CurrentPrincipal() p: Principal,
    @Param('caseId') caseId: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.cases.forward(p, caseId, res, 'archive', 'GET', '/cases/:caseId/bundle');
  }

  @Post('attachments')
  @Answers(201, 'Attachment')
  @Answers(200, 'Attachment', '同一文件已在附件库中 / the same file was already stored')
  @Answers(413, undefined, '文件过大 / the file is too large')
  @Answers(415, undefined, '媒体类型不对 / not a file’s media type')
  @Allow(...ATTACHMENT_UPLOADERS)
  @ApiOperation({
    summary:
      '上传附件（文字、表格、录音录像）：请求体即文件，Content-Type 为其媒体类型，name 为文件名；按 SHA-256 摘要存入该事项的附件库，纪实数据项以 {name, sha256} 引用 / upload an attachment: the body is the file, Content-Type its media type, name its file name; stored for the case by its SHA-256 digest, which record items then name as {name, sha256}',
  })
  @ApiQuery({ name: 'name', required: true, description: '文件名 / the file’s name, e.g. 会议记录.pdf' })
  @ApiConsumes('application/octet-stream', 'application/pdf', 'audio/mpeg', 'video/mp4')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  async upload(
    @CurrentPrincipal() p: Principal,
    @Param('caseId') caseId: string,
    @Req() req: Request,
    @Res() res: Response,
    @Query('name') name?: string,
  ) {
    const mediaType = String(req.headers['content-type'] ?? '')
      .split(';')[0]
      ?.trim()
      .toLowerCase();
    if (!mediaType || !MEDIA_TYPE.test(mediaType) || PARSED_TYPES.includes(mediaType))
      throw new UnsupportedMediaTypeException({
        code: 'ATTACHMENT.MEDIA_TYPE',
        field: 'Content-Type',
        zh: '请以文件本身的媒体类型上传（如 application/pdf、audio/mpeg、video/mp4）；JSON 与表单编码的文件请以 application/octet-stream 上传',
        en: 'send the file with its own media type (e.g. application/pdf, audio/mpeg, video/mp4); send JSON or form-encoded files as application/octet-stream',
      });
    if (!isFileName(name))
      throw new BadRequestException({ code: 'REQUEST.INVALID', field: 'name', ...FILE_NAME_RULE });
    // The length is said up front, so a file too large is refused before any of it is read.
    const said = req.headers['content-length'];
    const length = Number(said);
    if (said === undefined || !/^\d{1,15}$/.test(said))
      throw new HttpException(
        {
          code: 'ATTACHMENT.LENGTH_REQUIRED',
          field: 'Content-Length',
          zh: '上传附件须注明 Content-Length',
          en: 'an upload must say its Content-Length',
        },
        411,
      );
    if (length > this.maxBytes)
      throw new PayloadTooLargeException({
        code: 'ATTACHMENT.TOO_LARGE',
        zh: `附件不得超过 ${this.maxBytes} 字节`,
        en: `an attachment may not exceed ${this.maxBytes} bytes`,
      });
    const query = new URLSearchParams({ name });
    await this.cases.forwardFile(
      p,
      caseId,
      res,
      'archive',
      'PUT',
      `/cases/:caseId/attachments?${query.toString()}`,
      {
        body: req,
        headers: { 'content-type': 'application/octet-stream', 'x-media-type': mediaType },
      },
    );
  }

  @Get('attachments')
  @Answers(200, ['Attachment'])
  @Allow(...ATTACHMENT_READERS)
  @ApiOperation({ summary: '该事项附件库中的附件 / the attachments stored for the case' })
  attachments(
    @CurrentPrincipal() p: Principal,
    @Param('caseId') caseId: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.cases.forward(p, caseId, res, 'archive', 'GET', '/cases/:caseId/attachments');
  }

  @Get('attachments/:sha256')
  @AnswersFile(200, ['*/*'], '文件本身，以其媒体类型 / the file itself, with its media type')
  @Allow(...ATTACHMENT_READERS)
  @ApiOperation({ summary: '下载附件 / an attachment’s bytes, by its SHA-256 digest' })
  async attachment(
    @CurrentPrincipal() p: Principal,
    @Param('caseId') caseId: string,
    @Param('sha256') sha256: string,
    @Res() res: Response,
  ) {
    await this.cases.forwardFile(
      p,
      caseId,
      res,
      'archive',
      'GET',
      `/cases/:caseId/attachments/${encodeURIComponent(sha256)}`,
    );
  }

  @Get('forms/:candidateId')
  @AnswersFile(
    200,
    ['application/pdf'],
    '纪实表：JSON，或 PDF（format=pdf）/ the record form as JSON, or as PDF (format=pdf)',
    'RecordForm',
  )
  @Allow(...RECORD_READERS)
  @ApiOperation({
    summary:
      '人选的纪实表（一人一表），JSON 或 PDF（format=pdf）/ a candidate’s record form, as JSON or PDF (format=pdf)',
  })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'pdf'] })
  async recordForm(
    @CurrentPrincipal() p: Principal,
    @Param('caseId') caseId: string,
    @Param('candidateId') candidateId: string,
    @Res() res: Response,
    @Query('format') format?: string,
  ) {
    const query = typeof format === 'string' ? `?${new URLSearchParams({ format }).toString()}` : '';
    await this.cases.forwardFile(
      p,
      caseId,
      res,
      'archive',
      'GET',
      `/cases/:caseId/forms/${encodeURIComponent(candidateId)}${query}`,
    );
  }

  @Get('file')
  @AnswersFile(200, ['application/zip'], '纪实档案 zip / the case’s file as a zip')
  @Allow(...RECORD_READERS)
  @ApiOperation({
    summary:
      '事项纪实档案（一批一档）zip：档案包、每名人选的纪实表（JSON、PDF）、全部附件，可离线核验 / the case’s file as zip: the bundle, each candidate’s form (JSON, PDF) and every attachment, to verify offline',
  })
  async file(@CurrentPrincipal() p: Principal, @Param('caseId') caseId: string, @Res() res: Response) {
    await this.cases.forwardFile(p, caseId, res, 'archive', 'GET', '/cases/:caseId/file');
  }

  @Get('completeness')
  @Answers(200, 'CaseLedgerCompleteness')
  @Allow(...RECORD_READERS)
  @ApiOperation({
    summary:
      '事项纪实完整度（由纪实账本按数据项目录计算）：各环节、各人选 / the case’s completeness from the ledger against the catalogue, by gate and candidate',
  })
  completeness(
    @CurrentPrincipal() p: Principal,
    @Param('caseId') caseId: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.cases.forward(p, caseId, res, 'archive', 'GET', '/cases/:caseId/completeness');
  }

  @Get('gates/:gate/digest')
  @Answers(200, 'GateDigest')
  @Allow(...RECORD_READERS, 'inspection_team_member')
  @ApiOperation({
    summary:
      '环节纪实摘要：复核签字所签的内容 / a gate’s digest: what its sign-off signs (with `through`, the last fact it covers)',
  })
  @ApiQuery({ name: 'through', required: false })
  gateDigest(
    @CurrentPrincipal() p: Principal,
    @Param('caseId') caseId: string,
    @Param('gate') gate: string,
    @Res({ passthrough: true }) res: Response,
    @Query('through') through?: string,
  ) {
    const query = typeof through === 'string' ? `?${new URLSearchParams({ through }).toString()}` : '';
    return this.cases.forward(
      p,
      caseId,
      res,
      'archive',
      'GET',
      `/cases/:caseId/gates/${encodeURIComponent(gate)}/digest${query}`,
    );
  }
}

/**
 * The log of every case's facts (RFC 9162 shape), for those who may read the record: the latest
 * signed tree head, a fact's audit path in a head's tree (for a case they may read), and the
 * consistency proof between two heads — what a verifier needs besides the heads it kept.
 */
@ApiTags('record')
@ApiBearerAuth()
@Controller('ledger')
export class LedgerLogController {
  constructor(
    private readonly cases: CaseForwarding,
    private readonly services: ServiceClient,
  ) {}

  @Get('head')
  @Answers(200, 'SignedTreeHead')
  @Allow(...RECORD_READERS)
  @ApiOperation({ summary: '最新签名树头 / the latest signed tree head of the log of every case’s facts' })
  async head(@Res({ passthrough: true }) res: Response) {
    const answer = await this.services.forward('archive', 'GET', '/log/head');
    res.status(answer.status);
    return answer.body;
  }

  @Get('inclusion')
  @Answers(200, 'InclusionProof')
  @Allow(...RECORD_READERS)
  @ApiOperation({ summary: '某一事实在树头中的包含证明 / a fact’s audit path in a signed head’s tree' })
  @ApiQuery({ name: 'case', required: true })
  @ApiQuery({ name: 'sequence', required: true })
  @ApiQuery({ name: 'size', required: true })
  inclusion(
    @CurrentPrincipal() p: Principal,
    @Res({ passthrough: true }) res: Response,
    @Query('case') caseId?: string,
    @Query('sequence') sequence?: string,
    @Query('size') size?: string,
  ) {
    const query = new URLSearchParams({ case: caseId ?? '', sequence: sequence ?? '', size: size ?? '' });
    return this.cases.forward(p, caseId ?? '', res, 'archive', 'GET', `/log/inclusion?${query.toString()}`);
  }

  @Get('consistency')
  @Answers(200, 'ConsistencyProof')
  @Allow(...RECORD_READERS)
  @ApiOperation({ summary: '两个树头之间的一致性证明 / the consistency proof between two heads' })
  @ApiQuery({ name: 'from', required: true })
  @ApiQuery({ name: 'to', required: true })
  async consistency(
    @Res({ passthrough: true }) res: Response,
    @Query('from') from?: string,
    @Query('to') to?: string,
  ) {
    const query = new URLSearchParams({ from: from ?? '', to: to ?? '' });
    const answer = await this.services.forward('archive', 'GET', `/log/consistency?${query.toString()}`);
    res.status(answer.status);
    return answer.body;
  }
}

/** Completeness and fill rate across cases (Nanchuan's measure), for supervisors. */
@ApiTags('record')
@ApiBearerAuth()
@Controller('completeness')
export class CompletenessController {
  constructor(private readonly services: ServiceClient) {}

  @Get()
  @Answers(200, 'PeriodCompleteness')
  @Allow(...RECORD_READERS)
  @ApiOperation({
    summary:
      '纪实填写率与完整度：按部门、环节、期间（事项启动日，北京时间）/ fill rate and completeness by department, gate and period (the day cases started, China time)',
  })
  @ApiQuery({ name: 'department', required: false })
  @ApiQuery({ name: 'from', required: true, description: 'YYYY-MM-DD' })
  @ApiQuery({ name: 'to', required: true, description: 'YYYY-MM-DD, at most a year after from' })
  async summary(
    @Res({ passthrough: true }) res: Response,
    @Query('department') department?: string,
    @Query('from') from?: string,
    @Query('to') to?: string,
  ) {
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries({ department, from, to })) {
      if (v === undefined) continue;
      if (typeof v !== 'string')
        throw new BadRequestException({
          code: 'QUERY.INVALID',
          field: k,
          zh: `${k} 只能给出一次`,
          en: `${k} may be given once`,
        });
      query.set(k, v);
    }
    const answer = await this.services.forward('archive', 'GET', `/completeness?${query.toString()}`);
    res.status(answer.status);
    return answer.body;
  }
}
