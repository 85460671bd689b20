import { DEFAULT_POLICY, POLICY_SOURCES, resolvePolicy } from './policy';

describe('policy', () => {
  it('has the defaults of domain.md, each with its source', () => {
    expect(DEFAULT_POLICY.shortlistCandidatesPerPost).toBe(2);
    expect(DEFAULT_POLICY.recommendationMeetingQuorum).toEqual({ numerator: 2, denominator: 3 });
    expect(DEFAULT_POLICY.inspectionNoticeWorkingDays).toEqual({ min: 1, max: 3 });
    expect(DEFAULT_POLICY.upperApprovalReplyWorkingDays).toBe(10);
    expect(DEFAULT_POLICY.announcementWorkingDays).toBe(5);
    for (const key of Object.keys(DEFAULT_POLICY))
      expect(POLICY_SOURCES[key as keyof typeof POLICY_SOURCES]).toMatch(/domain\.md/);
  });

  it('takes an organization’s overrides', () => {
    const policy = resolvePolicy({ shortlistCandidatesPerPost: 3, consultationDeadlineWorkingDays: 7 });
    expect(Array.isArray(policy)).toBe(false);
    expect(policy).toMatchObject({
      shortlistCandidatesPerPost: 3,
      consultationDeadlineWorkingDays: 7,
      announcementWorkingDays: 5,
    });
  });

  it('refuses overrides that break a rule, naming each field', () => {
    const problems = resolvePolicy({
      announcementWorkingDays: 4,
      shortlistCandidatesPerPost: 1,
      recommendationMeetingQuorum: { numerator: 4, denominator: 3 },
      inspectionNoticeWorkingDays: { min: 3, max: 1 },
    });
    expect(Array.isArray(problems)).toBe(true);
    const fields = (problems as { code: string; details?: { field?: string } }[]).map((p) => [
      p.code,
      p.details?.field,
    ]);
    expect(fields).toEqual(
      expect.arrayContaining([
        ['POLICY.INVALID', 'announcementWorkingDays'],
        ['POLICY.INVALID', 'shortlistCandidatesPerPost'],
        ['POLICY.INVALID', 'recommendationMeetingQuorum'],
        ['POLICY.INVALID', 'inspectionNoticeWorkingDays'],
      ]),
    );
  });

  it('knows only its own fields: a name every object inherits is no policy field', () => {
    for (const field of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const problems = resolvePolicy(JSON.parse(`{"${field}": 1}`) as Record<string, unknown>);
      expect(Array.isArray(problems) ? problems.map((p) => p.en) : problems).toEqual([
        `policy ${field}: there is no such policy field`,
      ]);
    }
  });
});
