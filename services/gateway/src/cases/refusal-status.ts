/** Rules that judge what a step carries (its items, its candidate), not where the case stands. */
const CONTENT_RULES = [
  'CATALOGUE.',
  'REQUEST.',
  'INSP.',
  'DELIB.',
  'DEC.',
  'QUAL.',
  'EXC.',
  'APPT.',
  'REPORT.',
  'PROB.',
];
/** Rules of those gates that say the case is not there yet: a conflict with its state. */
const STATE_RULES = ['APPT.OBJECTION_PENDING', 'PROB.NOT_ENDED', 'PROB.EXTENSION'];
const CONTENT_CODES = ['CASE.UNKNOWN_STEP', 'CAND.REQUIRED', 'CAND.UNKNOWN', 'CAND.NOT_PER_CANDIDATE'];

/**
 * The HTTP status of a rule's refusal: a role that may not do the step is forbidden (403); a step
 * whose content breaks a rule — a value the catalogue refuses, a shortlist too short, a proposal of
 * someone not eligible, a missing candidate — cannot be processed (422); anything the case's state
 * decides — wrong gate, gate incomplete, case ended, probation not over, a candidate who no longer
 * stands there — is a conflict with the case (409).
 */
export function refusalStatus(code: string): 403 | 409 | 422 {
  if (code === 'CASE.ROLE_NOT_ALLOWED' || code === 'CASE.STEP_NOT_YOURS') return 403;
  if (STATE_RULES.includes(code)) return 409;
  if (CONTENT_CODES.includes(code) || CONTENT_RULES.some((prefix) => code.startsWith(prefix))) return 422;
  return 409;
}
