import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
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
  @Matches(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, {
    message: 'answeredOn：须为 YYYY-MM-DD 格式的日期 / answeredOn must be a date, YYYY-MM-DD',
  })
  answeredOn?: string;
}
