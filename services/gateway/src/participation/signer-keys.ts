import { noSigningKey, type Refusal, signatureInvalid } from '@jishi/domain';
import { signatureSuite, SUITE_NAMES, type SuiteName } from '@jishi/evidence';
import { BadGatewayException, Injectable } from '@nestjs/common';
import { ServiceClient } from './service-client';

/** The key a verified signature was made with. */
export interface VerifiedSignature {
  readonly keyId: string;
  readonly suite: string;
}

/**
 * Verifies a person's signature over a text against their signing keys in force, as the archive's
 * key registry holds them: a sign-off, a signed form, a team member's signature on a report.
 */
@Injectable()
export class SignerKeys {
  constructor(private readonly services: ServiceClient) {}

  /** The key that verifies the signature, or the refusal naming the item signed. */
  async verify(
    signerId: string,
    text: string,
    signature: string,
    field: string,
    why: 'not_verified' | 'document' = 'not_verified',
  ): Promise<VerifiedSignature | Refusal> {
    const keys = await this.services.forward(
      'archive',
      'GET',
      `/keys?person=${encodeURIComponent(signerId)}`,
    );
    if (keys.status !== 200)
      throw new BadGatewayException({
        code: 'SERVICE.UNAVAILABLE',
        zh: '纪实服务暂不可用',
        en: 'the archive is not available',
      });
    const inForce = (
      keys.body as { keyId: string; suite: string; publicKey: string; revokedAt?: string }[]
    ).filter((k) => !k.revokedAt);
    if (inForce.length === 0) return noSigningKey(field, signerId);
    const key = inForce.find(
      (k) =>
        (SUITE_NAMES as readonly string[]).includes(k.suite) &&
        signatureSuite(k.suite as SuiteName).verify(text, signature, k.publicKey),
    );
    return key ? { keyId: key.keyId, suite: key.suite } : signatureInvalid(field, why);
  }
}
