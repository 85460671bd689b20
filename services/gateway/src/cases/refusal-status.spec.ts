import { refusalStatus } from './refusal-status';

describe('the HTTP status of a refusal', () => {
  it.each([
    ['CASE.ROLE_NOT_ALLOWED', 403],
    ['CATALOGUE.INVALID_VALUE', 422],
    ['CATALOGUE.UNKNOWN_ITEM', 422],
    ['CASE.UNKNOWN_STEP', 422],
    ['CASE.WRONG_GATE', 409],
    ['CASE.GATE_INCOMPLETE', 409],
    ['CASE.COMPLETED', 409],
    ['PROB.NOT_ENDED', 409],
    ['PROB.EXTENSION', 409],
    ['APPT.OBJECTION_PENDING', 409],
    ['APPT.OBJECTION_OUTCOME', 422],
    ['APPT.DEFERRAL_LIMIT', 422],
    ['PROB.OUTCOME', 422],
    ['REPORT.FIRST_SUBMISSION', 422],
    ['CATALOGUE.MISSING_ITEM', 422],
    ['INSP.SHORTLIST_RATIO', 422],
    ['DELIB.NOT_A_CANDIDATE', 422],
    ['CAND.REQUIRED', 422],
    ['CAND.NOT_IN_SCOPE', 409],
    ['CASE.STEP_NOT_YOURS', 403],
    ['RECORD.OWN_SIGNATURE', 403],
    ['RECORD.LAYERED_RECORDER', 403],
    ['RECORD.REVIEWER_DISTINCT', 403],
    ['RECORD.SIGNOFF_ORDER', 409],
    ['RECORD.THREE_LEVEL', 409],
    ['RECORD.SIGNATURE_INVALID', 422],
    ['RECORD.ATTACHMENT_NOT_STORED', 422],
    ['RECORD.NOT_AUDIO_VIDEO', 422],
    ['RECORD.NO_SIGNING_KEY', 409],
    ['RECORD.GATE_OPEN', 409],
  ])('%s → %i', (code, status) => {
    expect(refusalStatus(code)).toBe(status);
  });
});
