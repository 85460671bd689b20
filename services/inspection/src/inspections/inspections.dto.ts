import { ID_PATTERN, idMessage } from '@jishi/service-kit';
import type { Kinship } from '@jishi/domain';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MinLength,
  ValidateNested,
} from 'class-validator';

export class TeamMemberDto {
  @Matches(ID_PATTERN, { message: idMessage('personId') })
  personId!: string;

  /** Kinship with each shortlisted candidate, by candidate id; absent means none. */
  @IsObject({
    message: 'kinship：须为按人选编号给出的亲属关系 / kinship must map candidate ids to a kinship',
  })
  kinship!: Record<string, Kinship>;
}

export class TeamDto {
  @IsArray({ message: 'members：须为考察组成员列表 / members must be a list' })
  @ValidateNested({ each: true })
  @Type(() => TeamMemberDto)
  members!: TeamMemberDto[];
}

export class AppraisalDto {
  @Matches(ID_PATTERN, { message: idMessage('participantId') })
  participantId!: string;

  /** One grade per shortlisted candidate, by candidate id. */
  @IsObject({ message: 'grades：须为按人选编号给出的测评等次 / grades must map candidate ids to a grade' })
  grades!: Record<string, 'excellent' | 'competent' | 'basically_competent' | 'incompetent'>;
}

/** The economic-responsibility audit's result. */
export class AuditDto {
  @IsBoolean({ message: 'audit.done：须说明是否完成经济责任审计 / audit.done must be true or false' })
  done!: boolean;

  @IsString({ message: 'audit.findings：须填写审计结论 / audit.findings must be text' })
  @MinLength(1, { message: 'audit.findings：须填写审计结论 / audit.findings is required' })
  findings!: string;
}

export class ReportDto {
  @IsArray()
  @ArrayMinSize(1, {
    message: 'signerIds：考察报告须由考察组成员签名 / signerIds needs the team’s signatures',
  })
  @Matches(ID_PATTERN, { each: true, message: idMessage('signerIds') })
  signerIds!: string[];

  @IsString()
  @MinLength(1, { message: 'conclusion：须填写考察结论 / conclusion is required' })
  conclusion!: string;

  @IsBoolean({ message: 'fileReviewDone：须说明是否完成档案审核 / fileReviewDone must be true or false' })
  fileReviewDone!: boolean;

  @IsIn(['consistent', 'inconsistent_explained', 'concealed'], {
    message:
      'personalMatters：须为 consistent、inconsistent_explained 或 concealed / personalMatters must be consistent, inconsistent_explained or concealed',
  })
  personalMatters!: 'consistent' | 'inconsistent_explained' | 'concealed';

  @IsString()
  @MinLength(1, { message: 'disciplineOutcome：须填写纪检监察机关意见结论 / disciplineOutcome is required' })
  disciplineOutcome!: string;

  @IsBoolean({
    message: 'disciplineAffectsUse：须说明是否影响使用 / disciplineAffectsUse must be true or false',
  })
  disciplineAffectsUse!: boolean;

  @IsBoolean({
    message: 'petitionCheckDone：须说明是否核查信访举报 / petitionCheckDone must be true or false',
  })
  petitionCheckDone!: boolean;

  /** The economic-responsibility audit (经济责任审计), where the case's post requires one. */
  @IsOptional()
  @ValidateNested()
  @Type(() => AuditDto)
  audit?: AuditDto;
}
