/**
 * The HTTP status of a rule's refusal: a role that may not do the step is forbidden (403); a value
 * that breaks the catalogue cannot be processed (422); anything the case's state decides — wrong
 * gate, gate incomplete, case ended, probation not over — is a conflict with the case (409).
 */
export function refusalStatus(code: string): 403 | 409 | 422 {
  if (code === 'CASE.ROLE_NOT_ALLOWED' || code === 'CASE.STEP_NOT_YOURS') return 403;
  if (code.startsWith('CATALOGUE.') || code === 'CASE.UNKNOWN_STEP' || code.startsWith('REQUEST.'))
    return 422;
  return 409;
}
