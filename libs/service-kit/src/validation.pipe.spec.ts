import { BadRequestException } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { validationPipe } from './validation.pipe';

class InnerDto {
  @IsInt({ message: 'count：须为整数 / count must be a whole number' })
  @Min(1, { message: 'count：至少为 1 / count is at least 1' })
  count!: number;
}

class OuterDto {
  @IsOptional()
  @ValidateNested()
  @Type(() => InnerDto)
  inner?: InnerDto;
}

class TextDto {
  @IsString({ message: 'text：须为文字 / text must be text' })
  @MinLength(1, { message: 'text：不能为空 / text is required' })
  @MaxLength(10, { message: 'text：不超过 10 字 / text is at most 10 characters' })
  text!: string;
}

async function refusal(
  value: unknown,
  metatype: new () => object = OuterDto,
): Promise<Record<string, unknown>> {
  try {
    await validationPipe.transform(value, { type: 'body', metatype });
  } catch (err) {
    expect(err).toBeInstanceOf(BadRequestException);
    return (err as BadRequestException).getResponse() as Record<string, unknown>;
  }
  throw new Error('expected a refusal');
}

describe('the validation pipe', () => {
  it('names a nested field at fault, in both languages', async () => {
    expect(await refusal({ inner: { count: 0 } })).toEqual({
      code: 'REQUEST.INVALID',
      field: 'inner.count',
      zh: 'count：至少为 1',
      en: 'count is at least 1',
    });
  });

  it('tells first that a field is missing or of the wrong type, not its length', async () => {
    for (const body of [{ text: 12345 }, { text: ['a'] }, {}, { text: null }]) {
      expect(await refusal(body, TextDto)).toMatchObject({ field: 'text', en: 'text must be text' });
    }
    expect(await refusal({ text: 'x'.repeat(11) }, TextDto)).toMatchObject({
      en: 'text is at most 10 characters',
    });
  });

  it('refuses a field the request does not take', async () => {
    expect(await refusal({ actor: 'minister' })).toMatchObject({
      field: 'actor',
      zh: 'actor：不接受此字段',
      en: 'actor is not a field this request takes',
    });
  });

  it('refuses a body that is not an object, in both languages', async () => {
    const body = await refusal([]);
    expect(body).toMatchObject({ code: 'REQUEST.INVALID', zh: '请求体须为 JSON 对象' });
  });

  it('refuses a NUL character anywhere, and nesting deeper than a form ever goes, naming the field', async () => {
    expect(await refusal({ text: 'a\u0000b' }, TextDto)).toMatchObject({
      code: 'REQUEST.INVALID',
      field: 'text',
    });
    expect(await refusal({ items: { 'a.b': ['ok', 'x\u0000'] } }, TextDto)).toMatchObject({
      field: 'items.a.b.1',
    });
    let deep: unknown = 'bottom';
    for (let i = 0; i < 5000; i += 1) deep = [deep];
    expect(await refusal({ items: deep }, TextDto)).toMatchObject({
      field: expect.stringMatching(/^items(\.0)+$/),
      en: expect.stringContaining('may not nest deeper than'),
    });
    // A lone surrogate, which PostgreSQL refuses in JSON, is a client's error too; a pair is a character.
    expect(await refusal({ items: { conclusion: 'a\ud800b' } }, TextDto)).toMatchObject({
      field: 'items.conclusion',
      en: expect.stringContaining('lone surrogate'),
    });
    expect(await refusal({ text: '\ud83d\ude00'.repeat(11) }, TextDto)).toMatchObject({
      en: 'text is at most 10 characters',
    });
    // Nesting within the limit goes on to the DTO's own rules.
    expect(await refusal({ text: 'x'.repeat(11) }, TextDto)).toMatchObject({
      en: 'text is at most 10 characters',
    });
  });
});
