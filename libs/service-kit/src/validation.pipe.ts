import { BadRequestException, ValidationPipe } from '@nestjs/common';
import type { ValidationError } from 'class-validator';

/** The first broken rule of a body, descending into nested objects, with the path of its field. */
function firstProblem(errors: readonly ValidationError[], path = ''): { field: string; message: string } {
  const [first] = errors;
  if (!first) return { field: path || 'body', message: `${path || 'body'} is invalid` };
  const field = path ? `${path}.${first.property}` : first.property;
  if (first.constraints?.['whitelistValidation']) {
    return { field, message: `${field}：不接受此字段 / ${field} is not a field this request takes` };
  }
  const message = Object.values(first.constraints ?? {})[0];
  if (message) return { field, message };
  if (first.children && first.children.length > 0) return firstProblem(first.children, field);
  return { field, message: `${field}：取值无效 / ${field} is invalid` };
}

/** One pipe for every request body: whitelisted fields only, each error named in the user's terms. */
export const validationPipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  exceptionFactory: (errors) => {
    const { field, message } = firstProblem(errors);
    // Our own messages are "中文 / English"; the framework's few (a body that is not an object) are not.
    const [zh, en] = message.includes(' / ')
      ? message.split(' / ')
      : [field === 'body' ? '请求体须为 JSON 对象' : `${field}：取值无效`, message];
    return new BadRequestException({ code: 'REQUEST.INVALID', field, zh, en });
  },
});
