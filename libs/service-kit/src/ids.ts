import type { Refusal } from '@jishi/domain';

/** An id Jishi takes from outside (a person, a unit, a candidate, a request): plain, at most 64 characters. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

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
