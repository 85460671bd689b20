import {
  IsBoolean,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Text a person typed: no control characters but line breaks and tabs (the database cannot keep U+0000). */
// eslint-disable-next-line no-control-regex
const PLAIN = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/;
const plain = (field: string) => ({
  message: `${field}：不能含控制字符 / ${field} may not hold control characters`,
});

/** Who acts, as the gateway asserts them to the service (never a field of the body). */
export interface ActorDto {
  readonly id: string;
  readonly role: string;
  readonly unitId: string;
}

/** A request with who made it, as the controller adds it from the gateway's assertion. */
export type Acted<T> = T & { readonly actor: ActorDto };

/** A notice's text, to read without loading it. */
export class NoticePreviewDto {
  @IsString({ message: 'text：须为通知原文 / text must be the notice’s text' })
  @MinLength(1, { message: 'text：须粘贴通知原文 / text is required: paste the notice' })
  @MaxLength(20_000, { message: 'text：通知原文不超过 20000 字 / text is at most 20,000 characters' })
  text!: string;
}

/**
 * Loads a year's official schedule: the notice's text as published (国务院办公厅关于…部分节假日安排的
 * 通知, or an amendment to it), or the same data in the JSON form. The source is read from the text
 * where it is there; the fields name it otherwise.
 */
export class LoadYearDto {
  // Present means a string: null is refused, not taken for absent.
  @ValidateIf((o: LoadYearDto) => o.text !== undefined)
  @IsString({ message: 'text：须为通知原文 / text must be the notice’s text' })
  @MinLength(1, { message: 'text：须粘贴通知原文 / text is required: paste the notice' })
  @MaxLength(20_000, { message: 'text：通知原文不超过 20000 字 / text is at most 20,000 characters' })
  text?: string;

  @ValidateIf((o: LoadYearDto) => o.schedule !== undefined)
  @IsObject({ message: 'schedule：须为 JSON 对象 / schedule must be a JSON object' })
  schedule?: Record<string, unknown>;

  @IsOptional()
  @IsString({ message: 'sourceNumber：须为通知文号 / sourceNumber must be the notice’s number' })
  @MaxLength(60, { message: 'sourceNumber：不超过 60 字 / sourceNumber is at most 60 characters' })
  @Matches(PLAIN, plain('sourceNumber'))
  sourceNumber?: string;

  @IsOptional()
  @Matches(DATE, {
    message: 'publishedOn：须为 YYYY-MM-DD 格式的日期 / publishedOn must be a date, YYYY-MM-DD',
  })
  publishedOn?: string;

  @IsOptional()
  @IsBoolean({ message: 'replace：须为 true 或 false / replace must be true or false' })
  replace?: boolean;

  @IsOptional()
  @IsBoolean({ message: 'correction：须为 true 或 false / correction must be true or false' })
  correction?: boolean;

  @IsOptional()
  @IsString({ message: 'reason：须为文字 / reason must be text' })
  @MaxLength(2000, { message: 'reason：不超过 2000 字 / reason is at most 2000 characters' })
  @Matches(PLAIN, plain('reason'))
  reason?: string;
}

/** Withdraws a loaded year's schedule: the year falls back to the package's data, if any. */
export class WithdrawYearDto {
  @IsString({ message: 'reason：须说明撤回理由 / reason must say why the schedule is withdrawn' })
  @MinLength(1, { message: 'reason：须说明撤回理由 / reason must say why the schedule is withdrawn' })
  @MaxLength(2000, { message: 'reason：不超过 2000 字 / reason is at most 2000 characters' })
  @Matches(PLAIN, plain('reason'))
  reason!: string;
}
