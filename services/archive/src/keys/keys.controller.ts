import { type AssertedPerson, CallerTokenGuard, ForPerson, ID_PATTERN, Person } from '@jishi/service-kit';
import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  ForbiddenException,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  Query,
  UseGuards,
} from '@nestjs/common';
import { KeysService, type SigningKey } from './keys.service';

const KEY_ID = /^[0-9a-f]{64}$/;

function text(value: unknown, field: string, pattern?: RegExp, max = 500): string {
  if (
    typeof value !== 'string' ||
    value.trim() === '' ||
    value.length > max ||
    (pattern && !pattern.test(value))
  ) {
    throw new BadRequestException({
      code: 'REQUEST.INVALID',
      field,
      zh: `${field} 缺失或格式不正确`,
      en: `${field} is missing or not in its form`,
    });
  }
  return value;
}

/** Only an administrator registers or revokes a key (the gateway checks it first; so does the archive). */
function administrator(by: AssertedPerson): string {
  if (by.role !== 'org_admin')
    throw new ForbiddenException({
      code: 'AUTH.FORBIDDEN',
      zh: '只有系统管理员可以登记或吊销签名密钥',
      en: 'only an administrator registers or revokes signing keys',
    });
  return by.id;
}

/** A key to register: whose it is, and the public key (hex, of the deployment's suite). */
export interface KeyRegistration {
  /** The person's id. */
  personId: string;
  /**
   * @pattern ^[0-9a-f]+$
   * @maxLength 200
   */
  publicKey: string;
}

/** Why a key is revoked. */
export interface KeyRevocation {
  /** @maxLength 500 */
  reason: string;
}

/** People's signing keys, for the gateway (administrators register and revoke; signers are verified). */
@Controller('keys')
@UseGuards(CallerTokenGuard)
export class KeysController {
  constructor(private readonly keys: KeysService) {}

  @Post()
  @HttpCode(201)
  @ForPerson()
  async register(
    @Body() body: Partial<Record<keyof KeyRegistration, unknown>>,
    @Person() by: AssertedPerson,
  ): Promise<SigningKey> {
    const registeredBy = administrator(by);
    const personId = text(body?.['personId'], 'personId', ID_PATTERN);
    const publicKey = text(body?.['publicKey'], 'publicKey', /^[0-9a-f]+$/, 200);
    if (!this.keys.isPublicKey(publicKey)) {
      throw new BadRequestException({
        code: 'KEY.INVALID',
        field: 'publicKey',
        zh: '不是本部署密码套件的公钥（十六进制）',
        en: 'is not a public key of this deployment’s suite (hex)',
      });
    }
    const key = await this.keys.register(personId, publicKey, registeredBy);
    if (key === 'taken') {
      throw new ConflictException({
        code: 'KEY.TAKEN',
        field: 'publicKey',
        zh: '该公钥已登记给他人',
        en: 'this public key is registered to someone else',
      });
    }
    return key;
  }

  @Post(':keyId/revocation')
  @HttpCode(200)
  @ForPerson()
  async revoke(
    @Param('keyId') keyId: string,
    @Body() body: Partial<Record<keyof KeyRevocation, unknown>>,
    @Person() by: AssertedPerson,
  ): Promise<SigningKey> {
    const revokedBy = administrator(by);
    const id = text(keyId, 'keyId', KEY_ID);
    const revoked = await this.keys.revoke(id, revokedBy, text(body?.['reason'], 'reason'));
    if (!revoked)
      throw new NotFoundException({ code: 'KEY.NOT_FOUND', zh: '没有该密钥', en: 'there is no such key' });
    return revoked;
  }

  @Get()
  keysOf(@Query('person') person?: string): Promise<SigningKey[]> {
    return this.keys.keysOf(text(person, 'person', ID_PATTERN));
  }
}
