import {
  type AssertedPerson,
  CallerTokenGuard,
  caseIdParam,
  FILE_NAME_RULE,
  ForPerson,
  isFileName,
  Person,
} from '@jishi/service-kit';
import {
  BadRequestException,
  Controller,
  Get,
  Logger,
  NotFoundException,
  Param,
  PayloadTooLargeException,
  Put,
  Query,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { TooLarge } from './attachment-store';
import { type Attachment, AttachmentsService } from './attachments.service';

const SHA256 = /^[0-9a-f]{64}$/;
/** A media type as `type/subtype`, lower case, without parameters. */
export const MEDIA_TYPE = /^[a-z]+\/[a-z0-9][a-z0-9.+-]{0,99}$/;

const invalid = (field: string, zh: string, en: string) =>
  new BadRequestException({ code: 'REQUEST.INVALID', field, zh, en });

/** A file's name as the uploader gave it: any script, no path, no control characters. */
export function fileName(value: unknown): string {
  if (!isFileName(value)) throw invalid('name', FILE_NAME_RULE.zh, FILE_NAME_RULE.en);
  return value.trim();
}

/**
 * The attachments of a case's record, for the gateway: stored by digest, listed, read back, and
 * checked (`meta` re-hashes the stored bytes and says whether they still match their digest).
 */
@Controller('cases/:caseId/attachments')
@UseGuards(CallerTokenGuard)
export class AttachmentsController {
  private readonly logger = new Logger(AttachmentsController.name);

  constructor(private readonly attachments: AttachmentsService) {}

  /**
   * The request's body is the file; the media type comes in `x-media-type`; who uploads it is the
   * person the gateway asserts.
   */
  @Put()
  @ForPerson({ streamedBody: true })
  async upload(
    @Param('caseId') caseId: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Person() uploader: AssertedPerson,
    @Query('name') name?: string,
  ): Promise<Attachment> {
    const id = caseIdParam(caseId);
    const file = fileName(name);
    const { id: by, role } = uploader;
    const mediaType = String(req.headers['x-media-type'] ?? '');
    if (!MEDIA_TYPE.test(mediaType))
      throw invalid(
        'mediaType',
        '媒体类型须为 类型/子类型，如 application/pdf',
        'the media type must be type/subtype, e.g. application/pdf',
      );
    try {
      const { created, ...stored } = await this.attachments.upload(id, req, {
        name: file,
        mediaType,
        by,
        role,
      });
      res.status(created ? 201 : 200);
      return stored;
    } catch (err) {
      if (err instanceof TooLarge)
        throw new PayloadTooLargeException({
          code: 'ATTACHMENT.TOO_LARGE',
          zh: `附件不得超过 ${this.attachments.store.maxBytes} 字节`,
          en: `an attachment may not exceed ${this.attachments.store.maxBytes} bytes`,
        });
      throw err;
    }
  }

  @Get()
  list(@Param('caseId') caseId: string): Promise<Attachment[]> {
    return this.attachments.list(caseIdParam(caseId));
  }

  /** A file's record, with whether the stored bytes still hash to its digest. */
  @Get(':sha256/meta')
  async meta(@Param('caseId') caseId: string, @Param('sha256') sha256: string) {
    const found = await this.find(caseId, sha256);
    return { ...found, intact: await this.attachments.store.intact(found.sha256) };
  }

  @Get(':sha256')
  async read(@Param('caseId') caseId: string, @Param('sha256') sha256: string, @Res() res: Response) {
    const found = await this.find(caseId, sha256);
    const stream = await this.attachments.store.read(found.sha256);
    if (!stream) throw this.missing();
    res.setHeader('content-type', found.mediaType);
    res.setHeader('content-length', String(found.size));
    res.setHeader('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(found.name)}`);
    res.setHeader('x-sha256', found.sha256);
    res.setHeader('x-content-type-options', 'nosniff');
    // A read that fails or a client that goes away closes the file; neither ends the process.
    await pipeline(stream, res).catch((err: unknown) =>
      this.logger.warn(`attachment ${found.sha256} of ${found.caseId} not read to the end: ${String(err)}`),
    );
  }

  private async find(caseId: string, sha256: string): Promise<Attachment> {
    const id = caseIdParam(caseId);
    if (!SHA256.test(sha256))
      throw invalid('sha256', '摘要须为 64 位小写十六进制', 'sha256 must be 64 lowercase hex digits');
    const found = await this.attachments.get(id, sha256);
    if (!found) throw this.missing();
    return found;
  }

  private missing() {
    return new NotFoundException({
      code: 'ATTACHMENT.NOT_FOUND',
      zh: '该事项的附件库中没有此附件',
      en: 'the case’s store holds no such attachment',
    });
  }
}
