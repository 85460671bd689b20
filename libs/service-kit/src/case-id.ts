import { BadRequestException } from '@nestjs/common';
import { ID_PATTERN } from './ids';

const CASE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** A case id from a URL, or a 400 that says what a case id may hold. */
export function caseIdParam(caseId: string): string {
  if (CASE_ID.test(caseId)) return caseId;
  throw new BadRequestException({
    code: 'REQUEST.INVALID',
    field: 'caseId',
    zh: '事项编号只能包含字母、数字、点、下划线和连字符，最长 128 位',
    en: 'caseId may hold letters, digits, dots, underscores and hyphens, at most 128',
  });
}

/** An organization id from a URL, or a 400 that says what it may hold. */
export function organizationParam(organization: string): string {
  if (ID_PATTERN.test(organization)) return organization;
  throw new BadRequestException({
    code: 'REQUEST.INVALID',
    field: 'organization',
    zh: 'organization：组织编号只能包含字母、数字和 . _ : -',
    en: 'organization must be an id of letters, digits and . _ : -',
  });
}
