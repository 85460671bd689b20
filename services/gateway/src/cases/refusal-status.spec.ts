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
  ])('%s → %i', (code, status) => {
    expect(refusalStatus(code)).toBe(status);
  });
});
