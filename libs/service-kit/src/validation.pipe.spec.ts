import { BadRequestException } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Min, ValidateNested } from 'class-validator';
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

async function refusal(value: unknown): Promise<Record<string, unknown>> {
  try {
    await validationPipe.transform(value, { type: 'body', metatype: OuterDto });
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
});
