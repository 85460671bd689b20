import { ID_PATTERN, idMessage } from '@jishi/service-kit';
import { KINSHIPS, type Kinship } from '@jishi/domain';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
  ValidateNested,
} from 'class-validator';

/**
 * An object mapping candidate ids to one of `values`, exactly as written (" Spouse" or "Spouse " is no
 * kinship, and a key like `__proto__` or `constructor` is no candidate id).
 */
function IsMapOf(values: readonly string[], message: string) {
  return ValidateBy({
    name: 'isMapOf',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'object' &&
        value !== null &&
        !Array.isArray(value) &&
        Object.entries(value).every(
          ([key, v]) => ID_PATTERN.test(key) && typeof v === 'string' && values.includes(v),
        ),
      defaultMessage: () => message,
    },
  });
}

const GRADES = ['excellent', 'competent', 'basically_competent', 'incompetent'] as const;

export class TeamMemberDto {
  @Matches(ID_PATTERN, { message: idMessage('personId') })
  personId!: string;

  /** The member's name, for the record (考察组成员). */
  @IsString({ message: 'name：须填写考察组成员姓名 / name must be text' })
  @MinLength(1, { message: 'name：须填写考察组成员姓名 / name is required' })
  @MaxLength(64, { message: 'name：不超过 64 个字符 / name is at most 64 characters' })
  name!: string;

  /** Kinship with each shortlisted candidate, by candidate id; absent means none. */
  @IsMapOf(
    KINSHIPS,
    `kinship：须为按人选编号给出的亲属关系，取值 ${KINSHIPS.join('、')} / kinship must map candidate ids to one of ${KINSHIPS.join(', ')}`,
  )
  kinship!: Record<string, Kinship>;
}

export class TeamDto {
  @IsArray({ message: 'members：须为考察组成员列表 / members must be a list' })
  @ValidateBy({
    name: 'distinctMembers',
    validator: {
      validate: (value: unknown) =>
        Array.isArray(value) &&
        new Set(value.map((m: { personId?: unknown }) => m?.personId)).size === value.length,
      defaultMessage: () => 'members：同一人不能在考察组中出现两次 / members lists a person twice',
    },
  })
  @ValidateNested({ each: true })
  @Type(() => TeamMemberDto)
  members!: TeamMemberDto[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The inspection notice (考察预告): when it was published, when the inspection starts, where. */
export class NoticeDto {
  @Matches(DATE, { message: 'publishedOn：须为发布日期 YYYY-MM-DD / publishedOn must be a date, YYYY-MM-DD' })
  publishedOn!: string;

  @Matches(DATE, {
    message: 'startsOn：须为考察开始日期 YYYY-MM-DD / startsOn must be a date, YYYY-MM-DD',
  })
  startsOn!: string;

  @IsString({ message: 'channel：须填写发布方式 / channel must be text' })
  @MinLength(1, { message: 'channel：须填写发布方式 / channel is required' })
  channel!: string;
}

/** An appraisal form, cast in the appraiser's own name: the person the gateway asserts. */
export class AppraisalDto {
  /** One grade per shortlisted candidate, by candidate id. */
  @IsMapOf(
    GRADES,
    `grades：须为按人选编号给出的测评等次，取值 ${GRADES.join('、')} / grades must map candidate ids to one of ${GRADES.join(', ')}`,
  )
  grades!: Record<string, (typeof GRADES)[number]>;
}

/** A finding of the inspection: whether it was done, and what it found. */
export class FindingDto {
  @IsBoolean({ message: 'done：须说明是否已完成 / done must be true or false' })
  done!: boolean;

  @IsString({ message: 'findings：须填写结论 / findings must be text' })
  @MinLength(1, { message: 'findings：须填写结论 / findings is required' })
  findings!: string;
}

/** The economic-responsibility audit's result. */
export class AuditDto extends FindingDto {}

/** The discipline and supervision organ's written opinion (纪检监察机关意见), with its counts. */
export class DisciplineOpinionDto {
  /**
   * 受理件数 / complaints received (a whole number, 0 or more, as the contract says too).
   * @asType integer
   * @minimum 0
   */
  @IsInt({ message: 'complaintsReceived：须为受理件数（整数） / complaintsReceived must be a whole number' })
  @Min(0, { message: 'complaintsReceived：不能为负数 / complaintsReceived cannot be negative' })
  complaintsReceived!: number;

  /**
   * 核实件数 / complaints verified (a whole number, 0 or more, as the contract says too).
   * @asType integer
   * @minimum 0
   */
  @IsInt({ message: 'complaintsVerified：须为核实件数（整数） / complaintsVerified must be a whole number' })
  @Min(0, { message: 'complaintsVerified：不能为负数 / complaintsVerified cannot be negative' })
  complaintsVerified!: number;

  @IsString()
  @MinLength(1, { message: 'outcome：须填写核查结论 / outcome is required' })
  outcome!: string;

  @IsBoolean({ message: 'affectsUse：须说明是否影响使用 / affectsUse must be true or false' })
  affectsUse!: boolean;
}

/** Who signed the integrity conclusion: the unit's party secretary and its discipline secretary. */
export class IntegrityDto {
  @Matches(ID_PATTERN, { message: idMessage('partySecretary') })
  partySecretary!: string;

  @Matches(ID_PATTERN, { message: idMessage('disciplineSecretary') })
  disciplineSecretary!: string;
}

/** One candidate's four musts (凡提四必) and the facts the rules need, as the team found them. */
export class CandidateFindingsDto {
  @Matches(ID_PATTERN, { message: idMessage('candidateId') })
  candidateId!: string;

  @ValidateNested()
  @Type(() => FindingDto)
  fileReview!: FindingDto;

  @IsIn(['consistent', 'inconsistent_explained', 'concealed'], {
    message:
      'personalMatters：须为 consistent、inconsistent_explained 或 concealed / personalMatters must be consistent, inconsistent_explained or concealed',
  })
  personalMatters!: 'consistent' | 'inconsistent_explained' | 'concealed';

  @ValidateNested()
  @Type(() => DisciplineOpinionDto)
  disciplineOpinion!: DisciplineOpinionDto;

  @ValidateNested()
  @Type(() => FindingDto)
  petitionCheck!: FindingDto;

  /** The economic-responsibility audit (经济责任审计), where the case's post requires one. */
  @IsOptional()
  @ValidateNested()
  @Type(() => AuditDto)
  audit?: AuditDto;

  @ValidateNested()
  @Type(() => IntegrityDto)
  integrity!: IntegrityDto;

  /** In the current post since (YYYY-MM-DD): under a year asks for an extended inspection (延伸考察). */
  @Matches(/^\d{4}-\d{2}-\d{2}$/, {
    message: 'inCurrentPostSince：须为 YYYY-MM-DD 格式的日期 / inCurrentPostSince must be a date YYYY-MM-DD',
  })
  inCurrentPostSince!: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => FindingDto)
  extended?: FindingDto;
}
/**
 * The inspection report, filed by a member of the case's team; each member then signs its digest
 * with their registered key (ReportSignatureDto).
 */
export class ReportDto {
  @IsString()
  @MinLength(1, { message: 'conclusion：须填写考察结论 / conclusion is required' })
  conclusion!: string;

  /** Each shortlisted candidate's four musts, once. */
  @IsArray({
    message:
      'candidates：须为每名考察对象的“凡提四必”结果 / candidates must list each candidate’s four musts',
  })
  @ArrayMinSize(1, {
    message:
      'candidates：须为每名考察对象的“凡提四必”结果 / candidates must list each candidate’s four musts',
  })
  @ValidateNested({ each: true })
  @Type(() => CandidateFindingsDto)
  candidates!: CandidateFindingsDto[];
}

const HEX = /^[0-9a-f]+$/;

/**
 * A team member's signature over the report's digest, which the gateway has verified against their
 * registered key before it reaches the service; the signer is the person the gateway asserts.
 */
export class ReportSignatureDto {
  @Matches(HEX, { message: 'signature：须为十六进制签名值 / signature must be hex' })
  @MaxLength(512, { message: 'signature：过长 / signature is too long' })
  signature!: string;

  /** The report's digest the signature is over. */
  @Matches(/^[0-9a-f]{64}$/, {
    message: 'digest：须为考察报告的摘要（64 位十六进制）/ digest must be the report’s digest (64 hex)',
  })
  digest!: string;

  /** The key that verified it, as the gateway found it. */
  @Matches(HEX, { message: 'keyId：须为密钥编号 / keyId must be a key id' })
  @MaxLength(128)
  keyId!: string;

  @IsString()
  @MaxLength(64)
  suite!: string;
}

/** A member's signature as they send it to the gateway, which adds the key and suite it verified. */
export type SignedReport = Pick<ReportSignatureDto, 'signature' | 'digest'>;
