import { type ArgumentMetadata, BadRequestException, ValidationPipe } from '@nestjs/common';
import type { ValidationError } from 'class-validator';

/**
 * Of the rules a field breaks, the one to tell first: that it is missing or of the wrong type, before
 * its length or its pattern ("text must be text", not "text is at most 20,000 characters", for a number).
 */
const FIRST_TOLD = [
  'isDefined',
  'isString',
  'isObject',
  'isBoolean',
  'isInt',
  'isNumber',
  'isArray',
  'isIn',
  'isEnum',
  'isNotEmpty',
  'minLength',
  'arrayMinSize',
];

function mostBasic(constraints: Readonly<Record<string, string>>): string | undefined {
  const first = FIRST_TOLD.find((name) => constraints[name] !== undefined);
  return first ? constraints[first] : Object.values(constraints)[0];
}

/** The first broken rule of a body, descending into nested objects, with the path of its field. */
function firstProblem(errors: readonly ValidationError[], path = ''): { field: string; message: string } {
  const [first] = errors;
  if (!first) return { field: path || 'body', message: `${path || 'body'} is invalid` };
  const field = path ? `${path}.${first.property}` : first.property;
  if (first.constraints?.['whitelistValidation']) {
    return { field, message: `${field}：不接受此字段 / ${field} is not a field this request takes` };
  }
  const message = mostBasic(first.constraints ?? {});
  if (message) return { field, message };
  if (first.children && first.children.length > 0) return firstProblem(first.children, field);
  return { field, message: `${field}：取值无效 / ${field} is invalid` };
}

/** How deep a request's JSON may nest: far beyond any form, far short of exhausting the stack. */
export const MAX_DEPTH = 32;

/** A UTF-16 surrogate without its other half. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * What no field of any request may hold, whatever its type: a NUL character (PostgreSQL refuses it in
 * text) or nesting deeper than MAX_DEPTH. Returns the first such field's path and the rule.
 */
export function unsafeValue(
  value: unknown,
  path = '',
  depth = 0,
): { field: string; zh: string; en: string } | undefined {
  const field = path || 'body';
  if (typeof value === 'string') {
    if (value.includes('\u0000'))
      return {
        field,
        zh: `${field}：不得含有空字符（\\u0000）`,
        en: `${field} may not hold a NUL character (\\u0000)`,
      };
    // A lone surrogate is no character at all: PostgreSQL refuses it in JSON.
    if (LONE_SURROGATE.test(value))
      return {
        field,
        zh: `${field}：含有无效的 Unicode 字符（孤立代理项）`,
        en: `${field} holds an invalid Unicode character (a lone surrogate)`,
      };
    return undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  if (depth >= MAX_DEPTH)
    return {
      field,
      zh: `${field}：嵌套不得超过 ${MAX_DEPTH} 层`,
      en: `${field} may not nest deeper than ${MAX_DEPTH} levels`,
    };
  for (const [key, inner] of Object.entries(value)) {
    const keyProblem = unsafeValue(key, path, depth);
    if (keyProblem) return keyProblem;
    const problem = unsafeValue(inner, path ? `${path}.${key}` : key, depth + 1);
    if (problem) return problem;
  }
  return undefined;
}

/**
 * Every request's body, query and parameters: refuses a NUL character or a too-deep nesting anywhere
 * (before anything else reads them), then validates against the DTO.
 */
class RequestPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const problem = unsafeValue(value);
    if (problem) throw new BadRequestException({ code: 'REQUEST.INVALID', ...problem });
    return super.transform(value, metadata);
  }
}

/** One pipe for every request body: whitelisted fields only, each error named in the user's terms. */
export const validationPipe = new RequestPipe({
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
