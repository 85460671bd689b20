import { ID_PATTERN, idMessage } from '@jishi/service-kit';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';

/** The signed recommendation form (署名推荐表), as a nominator submits it. */
export class NominationFormDto {
  @Matches(ID_PATTERN, { message: idMessage('nominatorId') })
  nominatorId!: string;

  @IsIn(['individual', 'leader', 'unit_party_organization', 'organization_department'], {
    message:
      'subject：提名主体须为 individual、leader、unit_party_organization 或 organization_department / subject must be individual, leader, unit_party_organization or organization_department',
  })
  subject!: 'individual' | 'leader' | 'unit_party_organization' | 'organization_department';

  @IsOptional()
  @IsBoolean({
    message: 'signerIsPartySecretary：须为 true 或 false / signerIsPartySecretary must be true or false',
  })
  signerIsPartySecretary?: boolean;

  @IsOptional()
  @Matches(ID_PATTERN, { message: idMessage('unitPrincipalLeaderId') })
  unitPrincipalLeaderId?: string;

  @Matches(ID_PATTERN, { message: idMessage('organizationDepartmentPrincipalId') })
  organizationDepartmentPrincipalId!: string;

  @Matches(ID_PATTERN, { message: idMessage('candidateId') })
  candidateId!: string;

  @IsString()
  @MaxLength(2000, { message: 'reason：推荐理由不超过 2000 字 / reason is at most 2000 characters' })
  reason!: string;

  @IsString()
  @MinLength(1, { message: 'strengths：须填写主要特点 / strengths is required' })
  strengths!: string;

  @IsString()
  @MinLength(1, { message: 'weaknesses：须填写主要不足 / weaknesses is required' })
  weaknesses!: string;

  @IsBoolean({
    message:
      'kinshipDeclared：须声明是否有亲属关系（true 或 false）/ kinshipDeclared must be declared, true or false',
  })
  kinshipDeclared!: boolean;

  /**
   * The nominator's signature over the form (documentSignText, kind `nomination.form`), by their
   * registered key, hex; the gateway verifies it before the form reaches the service.
   */
  @IsString()
  @Matches(/^[0-9a-f]{2,512}$/, {
    message:
      'signature：须为推荐人以本人登记密钥所作的签名（十六进制）/ signature must be the nominator’s signature by their registered key (hex)',
  })
  signature!: string;

  /** The key that verified the signature, as the gateway found it (never the client's say). */
  @IsString()
  @Matches(/^[0-9a-f]{1,128}$/, { message: 'signatureKeyId：须为密钥编号 / signatureKeyId must be a key id' })
  signatureKeyId!: string;

  @IsString()
  @MaxLength(64)
  signatureSuite!: string;

  /** The form's digest the signature is over, as the gateway computed it. */
  @Matches(/^[0-9a-f]{64}$/, {
    message: 'signatureDigest：须为推荐表摘要 / signatureDigest must be the form’s digest',
  })
  signatureDigest!: string;
}

/** The form as its nominator files it at the gateway, which adds the key and digest it verified. */
export type SignedNominationForm = Omit<
  NominationFormDto,
  'signatureKeyId' | 'signatureSuite' | 'signatureDigest'
>;

/**
 * One participant's recommendation ballot: the candidates recommended, at most one per post. The
 * participant is the person the gateway asserts, never a field of the body.
 */
export class RecommendationBallotDto {
  @IsArray({ message: 'candidateIds：须为人选编号列表 / candidateIds must be a list of candidate ids' })
  @ArrayMinSize(1, { message: 'candidateIds：至少推荐 1 人 / candidateIds needs at least one candidate' })
  @ArrayMaxSize(20, { message: 'candidateIds：最多 20 人 / candidateIds holds at most 20 candidates' })
  @Matches(ID_PATTERN, { each: true, message: idMessage('candidateIds') })
  candidateIds!: string[];
}
