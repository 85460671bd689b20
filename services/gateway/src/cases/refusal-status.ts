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
const CONTENT_CODES = [
  'CASE.UNKNOWN_STEP',
  'CAND.REQUIRED',
  'CAND.UNKNOWN',
  'CAND.NOT_PER_CANDIDATE',
  // A signature that does not verify over the gate's digest: what the step carries is wrong.
  'RECORD.SIGNATURE_INVALID',
  // An attachment not in the case's store, or a recording that is not one.
  'RECORD.ATTACHMENT_NOT_STORED',
  'RECORD.NOT_AUDIO_VIDEO',
];
/** A person who may not do this: the wrong role, or signing or reviewing where they may not. */
const FORBIDDEN_CODES = [
  'CASE.ROLE_NOT_ALLOWED',
  'CASE.STEP_NOT_YOURS',
  'RECORD.OWN_SIGNATURE',
  'RECORD.LAYERED_RECORDER',
  'RECORD.REVIEWER_DISTINCT',
];

/**
 * The HTTP status of a rule's refusal: a role that may not do the step is forbidden (403), and so is
 * signing in another's name, recording a layer that is not one's own or reviewing one's own record; a step
 * whose content breaks a rule — a value the catalogue refuses, a shortlist too short, a proposal of
 * someone not eligible, a missing candidate — cannot be processed (422); anything the case's state
 * decides — wrong gate, gate incomplete, case ended, probation not over, a candidate who no longer
 * stands there — is a conflict with the case (409).
 */
export function refusalStatus(code: string): 403 | 409 | 422 {
  if (FORBIDDEN_CODES.includes(code)) return 403;
  if (STATE_RULES.includes(code)) return 409;
  if (CONTENT_CODES.includes(code) || CONTENT_RULES.some((prefix) => code.startsWith(prefix))) return 422;
  return 409;
}
