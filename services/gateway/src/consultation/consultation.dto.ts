import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { isCivilDate } from '@jishi/domain';
import { IsIn, IsOptional, IsString, MaxLength, MinLength, ValidateBy } from 'class-validator';
import { oneOf } from '../cases/cases.dto';

export const OPINIONS = ['no_objection', 'objection', 'needs_verification'] as const;

/** A joint-meeting member unit's written answer to a consultation (征求意见答复). */
export class ConsultationAnswerDto {
  @ApiProperty({ enum: OPINIONS })
  @IsIn(OPINIONS, { message: oneOf('opinion', OPINIONS) })
  opinion!: (typeof OPINIONS)[number];

  @ApiProperty({ description: '书面意见 / the written answer' })
  @IsString({ message: 'content：须填写书面意见 / content is required' })
  @MinLength(1, { message: 'content：须填写书面意见 / content is required' })
  @MaxLength(4000, { message: 'content：不超过 4000 字 / content is at most 4000 characters' })
  content!: string;

  @ApiPropertyOptional({ description: '答复日期 YYYY-MM-DD（默认当天）/ date of the answer' })
  @IsOptional()
  @ValidateBy(
    {
      name: 'isCivilDate',
      validator: { validate: (value: unknown) => typeof value === 'string' && isCivilDate(value) },
    },
    { message: 'answeredOn：须为真实存在的日期 YYYY-MM-DD / answeredOn must be a real date, YYYY-MM-DD' },
  )
  answeredOn?: string;
}
