import { Answers } from '../contract/answers';
import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow, CurrentPrincipal } from '../auth/access.decorators';
import { type Principal, RECORD_READERS } from '../auth/principal';
import { form, ServiceClient } from './service-client';

/**
 * People's signing keys (签名密钥): an administrator registers a person's public key and revokes it
 * with the reason; those who read the record see whose keys are in force. A revocation never undoes
 * a signature made before it.
 */
@ApiTags('record')
@ApiBearerAuth()
@Controller('keys')
export class KeysController {
  constructor(private readonly services: ServiceClient) {}

  @Post()
  @Answers(201, 'SigningKey')
  @HttpCode(201)
  @Allow('org_admin')
  @ApiOperation({ summary: '登记某人的签名公钥 / register a person’s signing key (its public key, hex)' })
  @ApiBody(form('KeyRegistration', { personId: 'recorder-1', publicKey: 'd75a9801…' }))
  async register(
    @CurrentPrincipal() p: Principal,
    @Body() body: Record<string, unknown>,
    @Res({ passthrough: true }) res: Response,
  ) {
    const answer = await this.services.forward(
      'archive',
      'POST',
      '/keys',
      { personId: body?.['personId'], publicKey: body?.['publicKey'] },
      p,
    );
    res.status(answer.status);
    return answer.body;
  }

  @Post(':keyId/revocation')
  @Answers(200, 'SigningKey')
  @HttpCode(200)
  @Allow('org_admin')
  @ApiOperation({ summary: '吊销签名密钥（须说明理由） / revoke a signing key, with the reason' })
  @ApiBody(form('KeyRevocation', { reason: '密钥介质遗失' }))
  async revoke(
    @CurrentPrincipal() p: Principal,
    @Param('keyId') keyId: string,
    @Body() body: Record<string, unknown>,
    @Res({ passthrough: true }) res: Response,
  ) {
    const answer = await this.services.forward(
      'archive',
      'POST',
      `/keys/${encodeURIComponent(keyId)}/revocation`,
      { reason: body?.['reason'] },
      p,
    );
    res.status(answer.status);
    return answer.body;
  }

  @Get()
  @Answers(200, ['SigningKey'])
  @Allow(...RECORD_READERS, 'org_admin')
  @ApiOperation({ summary: '某人的签名密钥及其状态 / a person’s signing keys, and which are in force' })
  @ApiQuery({ name: 'person', required: true })
  async keysOf(@Query('person') person: string | undefined, @Res({ passthrough: true }) res: Response) {
    const answer = await this.services.forward(
      'archive',
      'GET',
      `/keys?person=${encodeURIComponent(person ?? '')}`,
    );
    res.status(answer.status);
    return answer.body;
  }
}
