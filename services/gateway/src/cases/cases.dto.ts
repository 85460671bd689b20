import {
  CADRE_GROUPS,
  DECISION_BODIES,
  NOMINATION_SUBJECTS,
  POST_CATEGORIES,
  POST_LEVELS,
  SELECTION_TYPES,
  DEADLINE_KEYS,
} from '@jishi/domain';
import { ID_PATTERN, idMessage } from '@jishi/service-kit';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

export const oneOf = (field: string, values: readonly string[]) =>
  `${field}：须为 ${values.join('、')} 之一 / ${field} must be one of ${values.join(', ')}`;
const yesNo = (field: string) => `${field}：须为 true 或 false / ${field} must be true or false`;
const wholeNumber = (field: string, min: number, max: number) =>
  `${field}：须为 ${min} 到 ${max} 的整数 / ${field} must be a whole number from ${min} to ${max}`;

/** Facts of the case that decide which steps it needs (@jishi/domain CaseProfile); the rest default. */
export class CaseProfileDto {
  @ApiPropertyOptional({ enum: SELECTION_TYPES, description: '选拔方式 / selection type' })
  @IsOptional()
  @IsIn(SELECTION_TYPES, { message: oneOf('profile.selectionType', SELECTION_TYPES) })
  selectionType?: string;

  @ApiPropertyOptional({ enum: POST_CATEGORIES, description: '职位类别 / post category' })
  @IsOptional()
  @IsIn(POST_CATEGORIES, { message: oneOf('profile.postCategory', POST_CATEGORIES) })
  postCategory?: string;

  @ApiPropertyOptional({ enum: CADRE_GROUPS })
  @IsOptional()
  @IsIn(CADRE_GROUPS, { message: oneOf('profile.cadreGroup', CADRE_GROUPS) })
  cadreGroup?: string;

  @ApiPropertyOptional({ enum: POST_LEVELS })
  @IsOptional()
  @IsIn(POST_LEVELS, { message: oneOf('profile.postLevel', POST_LEVELS) })
  postLevel?: string;

  @ApiPropertyOptional({ enum: NOMINATION_SUBJECTS })
  @IsOptional()
  @IsIn(NOMINATION_SUBJECTS, { message: oneOf('profile.nominationSubject', NOMINATION_SUBJECTS) })
  nominationSubject?: string;

  @ApiPropertyOptional({ enum: DECISION_BODIES })
  @IsOptional()
  @IsIn(DECISION_BODIES, { message: oneOf('profile.decisionBody', DECISION_BODIES) })
  decisionBody?: string;

  @ApiPropertyOptional({ description: '提拔 / promotion' })
  @IsOptional()
  @IsBoolean({ message: yesNo('profile.promotion') })
  promotion?: boolean;

  @ApiPropertyOptional({ description: '选任制 / elected post' })
  @IsOptional()
  @IsBoolean({ message: yesNo('profile.elected') })
  elected?: boolean;

  @ApiPropertyOptional({ description: '破格提拔 / exceptional promotion' })
  @IsOptional()
  @IsBoolean({ message: yesNo('profile.exceptionalPromotion') })
  exceptionalPromotion?: boolean;

  @ApiPropertyOptional({ description: '越级提拔 / grade skipping' })
  @IsOptional()
  @IsBoolean({ message: yesNo('profile.gradeSkipping') })
  gradeSkipping?: boolean;

  @ApiPropertyOptional({ description: '动议须报上级组织部门同意 / motion needs upper approval' })
  @IsOptional()
  @IsBoolean({ message: yesNo('profile.needsUpperApproval') })
  needsUpperApproval?: boolean;

  @ApiPropertyOptional({ description: '会议推荐 / recommendation by meeting' })
  @IsOptional()
  @IsBoolean({ message: yesNo('profile.recommendationByMeeting') })
  recommendationByMeeting?: boolean;

  @ApiPropertyOptional({ description: '谈话推荐 / recommendation by talks' })
  @IsOptional()
  @IsBoolean({ message: yesNo('profile.recommendationByTalks') })
  recommendationByTalks?: boolean;

  @ApiPropertyOptional({ description: '延伸考察 / extended inspection' })
  @IsOptional()
  @IsBoolean({ message: yesNo('profile.extendedInspection') })
  extendedInspection?: boolean;

  @ApiPropertyOptional({ description: '经济责任审计 / audit required' })
  @IsOptional()
  @IsBoolean({ message: yesNo('profile.auditRequired') })
  auditRequired?: boolean;

  @ApiPropertyOptional({ description: '双重管理干部 / dual-managed cadre' })
  @IsOptional()
  @IsBoolean({ message: yesNo('profile.dualManaged') })
  dualManaged?: boolean;

  @ApiPropertyOptional({ description: '裸官任特殊岗位 / naked official in a special post' })
  @IsOptional()
  @IsBoolean({ message: yesNo('profile.nakedOfficialSpecialPost') })
  nakedOfficialSpecialPost?: boolean;
}

/** A department's portal starts a case (干部选拔任用事项). */
export class StartCaseDto {
  @ApiProperty({
    description: '门户的请求编号：同一编号重复提交只建立一个事项 / the portal’s request id',
    example: 'req-2026-0001',
  })
  @Matches(ID_PATTERN, { message: idMessage('requestId') })
  requestId!: string;

  @ApiProperty({ description: '用人单位编号 / the department', example: 'dept-transport' })
  @Matches(ID_PATTERN, { message: idMessage('departmentId') })
  departmentId!: string;

  @ApiProperty({ description: '事项名称 / title', example: '县交通运输局局长选拔' })
  @IsString({ message: 'title：须填写事项名称 / title is required' })
  @MinLength(1, { message: 'title：须填写事项名称 / title is required' })
  @MaxLength(200, { message: 'title：不超过 200 字 / title is at most 200 characters' })
  title!: string;

  @ApiProperty({ description: '拟任职位数 / posts to fill', type: 'integer', minimum: 1, maximum: 20 })
  @IsInt({ message: wholeNumber('posts', 1, 20) })
  @Min(1, { message: wholeNumber('posts', 1, 20) })
  @Max(20, { message: wholeNumber('posts', 1, 20) })
  posts!: number;

  @ApiProperty({
    description: '决定机构应到人数 / members of the deciding body',
    type: 'integer',
    minimum: 3,
    maximum: 200,
  })
  @IsInt({ message: wholeNumber('committeeMembers', 3, 200) })
  @Min(3, { message: wholeNumber('committeeMembers', 3, 200) })
  @Max(200, { message: wholeNumber('committeeMembers', 3, 200) })
  committeeMembers!: number;

  @ApiProperty({
    description: '推荐会应到人数 / expected participants of the recommendation meeting',
    type: 'integer',
    minimum: 1,
    maximum: 10000,
  })
  @IsInt({ message: wholeNumber('recommendationParticipants', 1, 10000) })
  @Min(1, { message: wholeNumber('recommendationParticipants', 1, 10000) })
  @Max(10000, { message: wholeNumber('recommendationParticipants', 1, 10000) })
  recommendationParticipants!: number;

  @ApiPropertyOptional({ type: CaseProfileDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => CaseProfileDto)
  profile?: CaseProfileDto;
}

/** A single-actor step's record items, keyed by catalogue item key. */
export class SubmitStepDto {
  @ApiPropertyOptional({
    description: '本环节的纪实数据项，键为数据项编号 / the step’s record items by item key',
    example: { 'qualification.check.conclusion': 'eligible' },
  })
  @IsOptional()
  @IsObject({ message: 'items：须为按数据项编号给出的对象 / items must be an object keyed by item key' })
  items?: Record<string, unknown>;

  @ApiPropertyOptional({
    description:
      '人选编号：针对单个人选的环节（资格审查、复议）须填写 / the candidate, for a step of one candidate (eligibility check, reconsideration)',
    example: 'cand-a',
  })
  @IsOptional()
  @Matches(ID_PATTERN, { message: idMessage('candidateId') })
  candidateId?: string;
}

export const CASE_STATUSES = ['running', 'completed', 'not_appointed', 'removed'] as const;

/** The filters a list of cases and its count share. */
export class CaseFilterQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(ID_PATTERN, { message: idMessage('department') })
  department?: string;

  @ApiPropertyOptional({ description: '环节 / gate key, e.g. consultation' })
  @IsOptional()
  @Matches(/^[a-z_]{1,32}$/, { message: 'gate：须为环节编号 / gate must be a gate key' })
  gate?: string;

  @ApiPropertyOptional({ enum: CASE_STATUSES })
  @IsOptional()
  @IsIn(CASE_STATUSES, { message: oneOf('status', CASE_STATUSES) })
  status?: string;

  @ApiPropertyOptional({
    description:
      '事项在等待谁：角色、成员单位，或 calendar:<年份>（等待导入该年节假日安排）/ whom the case waits on: a role, a member unit, or calendar:<year> (the year’s official schedule)',
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_.-]{1,64}(:[0-9]{4})?$/, {
    message:
      'awaiting：须为角色、单位编号或 calendar:<年份> / awaiting must be a role, a unit id or calendar:<year>',
  })
  awaiting?: string;

  @ApiPropertyOptional({
    description:
      '逾期：true 为有任何逾期未办时限的事项，或某一时限编号 / overdue: true for cases with any deadline missed and still owed, or one deadline key',
    enum: ['true', ...DEADLINE_KEYS],
  })
  @IsOptional()
  @IsIn(['true', ...DEADLINE_KEYS], { message: oneOf('overdue', ['true', ...DEADLINE_KEYS]) })
  overdue?: string;
}

/** A list of cases: the filters, and how many to answer. */
export class ListCasesQuery extends CaseFilterQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: wholeNumber('limit', 1, 200) })
  @Min(1, { message: wholeNumber('limit', 1, 200) })
  @Max(200, { message: wholeNumber('limit', 1, 200) })
  limit?: number;
}
