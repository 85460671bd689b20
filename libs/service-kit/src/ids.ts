import type { Refusal } from '@jishi/domain';

import { ID_PATTERN } from '@jishi/identity';

export { ID_PATTERN };

/** The message for a field that breaks ID_PATTERN, in both languages. */
export const idMessage = (field: string): string =>
  `${field}：编号只能包含字母、数字、点、下划线和连字符，最长 64 位 / ${field} may hold letters, digits, dots, underscores and hyphens, at most 64`;

/** A rule's refusal as an HTTP error body: the code, both messages and the details. */
export const refusalBody = (refusal: Refusal) => ({
  code: refusal.code,
  zh: refusal.zh,
  en: refusal.en,
  ...(refusal.details ? { details: refusal.details } : {}),
});

/** A file's name as an uploader gives it: 1 to 200 characters of any script, no path, no control character. */
export function isFileName(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.trim() !== '' &&
    value.length <= 200 &&
    // eslint-disable-next-line no-control-regex
    !/[\u0000-\u001f\u007f/\\]/.test(value)
  );
}

/** The message for a file name that breaks isFileName, in both languages. */
export const FILE_NAME_RULE = {
  zh: '文件名须为 1 至 200 个字符，不含路径分隔符和控制字符',
  en: 'name must be 1 to 200 characters, with no path separator or control character',
} as const;
