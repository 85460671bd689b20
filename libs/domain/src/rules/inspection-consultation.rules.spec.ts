import { WorkingCalendar } from '../calendar/working-calendar';
import { caseProfile } from '../classification/classification';
import { DEFAULT_POLICY } from '../policy/policy';
import {
  checkAnswerFromConsultedUnit,
  checkConsultationComplete,
  checkConsultationSet,
  checkDeliberationComparison,
  checkExtendedInspection,
  checkFourMusts,
  checkInspectionNotice,
  checkInspectionTeam,
  checkIntegritySignatures,
  checkLeadersConsulted,
  checkReportSignatures,
  checkShortlist,
  consultationDeadline,
  consultationStatus,
  consultationUnits,
  type FourMusts,
  rankCandidates,
} from '../index';

const calendar = WorkingCalendar.official();
const code = (v: { ok: boolean; code?: string }) => (v.ok ? 'OK' : v.code);
const checked = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ candidateId: `c${i}`, negativeListChecked: true }));

describe('inspection (组织考察)', () => {
  it('shortlists two candidates per post by default, or what the policy says', () => {
    expect(code(checkShortlist(checked(2), 1, caseProfile(), DEFAULT_POLICY))).toBe('OK');
    expect(code(checkShortlist(checked(3), 2, caseProfile(), DEFAULT_POLICY))).toBe('INSP.SHORTLIST_RATIO');
    expect(
      code(
        checkShortlist(checked(2), 1, caseProfile(), { ...DEFAULT_POLICY, shortlistCandidatesPerPost: 3 }),
      ),
    ).toBe('INSP.SHORTLIST_RATIO');
    expect(
      code(checkShortlist(checked(1), 1, caseProfile({ selectionType: 'changeover' }), DEFAULT_POLICY)),
    ).toBe('OK');
  });

  it('refuses a shortlist whose negative list was not checked', () => {
    const r = checkShortlist(
      [...checked(1), { candidateId: 'x', negativeListChecked: false }],
      1,
      caseProfile(),
      DEFAULT_POLICY,
    );
    expect(code(r)).toBe('INSP.NEGATIVE_LIST_UNCHECKED');
  });

  it('needs a team of two without kin of a candidate', () => {
    expect(code(checkInspectionTeam([{ personId: 'a', kinship: {} }], ['c']))).toBe('INSP.TEAM_SIZE');
    expect(
      code(
        checkInspectionTeam(
          [
            { personId: 'a', kinship: {} },
            { personId: 'b', kinship: { c: 'other' } },
          ],
          ['c'],
        ),
      ),
    ).toBe('OK');
    expect(
      code(
        checkInspectionTeam(
          [
            { personId: 'a', kinship: {} },
            { personId: 'b', kinship: { c: 'close_in_law' } },
          ],
          ['c'],
        ),
      ),
    ).toBe('INSP.TEAM_RECUSAL');
  });

  it('publishes the notice 1 to 3 working days ahead, counting working days only', () => {
    expect(code(checkInspectionNotice('2026-11-23', '2026-11-24', calendar, DEFAULT_POLICY))).toBe('OK'); // Mon → Tue: 1
    expect(code(checkInspectionNotice('2026-11-23', '2026-11-26', calendar, DEFAULT_POLICY))).toBe('OK'); // Mon → Thu: 3
    expect(code(checkInspectionNotice('2026-11-23', '2026-11-27', calendar, DEFAULT_POLICY))).toBe(
      'INSP.NOTICE_DAYS',
    ); // 4
    expect(code(checkInspectionNotice('2026-11-24', '2026-11-24', calendar, DEFAULT_POLICY))).toBe(
      'INSP.NOTICE_DAYS',
    ); // 0
    // Mon 28 Sep → Thu 8 Oct 2026: 28, 29, 30 Sep are working days, 1–7 Oct the National Day holiday: 3.
    expect(code(checkInspectionNotice('2026-09-28', '2026-10-08', calendar, DEFAULT_POLICY))).toBe('OK');
    // Decades ahead (a mistyped year): refused by the calendar days alone; counting would need
    // schedules the calendar does not have (it would throw CAL.YEAR_NOT_COVERED).
    const refusal = checkInspectionNotice('2026-11-20', '2062-11-25', calendar, DEFAULT_POLICY);
    expect(refusal).toMatchObject({ code: 'INSP.NOTICE_DAYS', details: { calendarDays: 13154 } });
  });

  it('requires extended inspection under a year in the current post', () => {
    expect(code(checkExtendedInspection('2025-12-01', '2026-11-27', false))).toBe('INSP.EXTENDED_REQUIRED');
    expect(code(checkExtendedInspection('2025-11-27', '2026-11-27', false))).toBe('OK');
    expect(code(checkExtendedInspection('2025-12-01', '2026-11-27', true))).toBe('OK');
  });

  const musts: FourMusts = {
    fileReview: { done: true, findings: '无异常' },
    personalMatters: { result: 'consistent' },
    disciplineOpinion: {
      complaintsReceived: 1,
      complaintsVerified: 1,
      outcome: '反映问题不属实',
      affectsUse: false,
    },
    petitionCheck: { done: true, findings: '无' },
  };

  it('needs each of the four musts with its result, and the audit where required', () => {
    expect(code(checkFourMusts(musts, caseProfile()))).toBe('OK');
    const r = checkFourMusts({ ...musts, petitionCheck: undefined }, caseProfile({ auditRequired: true }));
    expect(r.ok ? [] : r.details?.['missing']).toEqual(['petitionCheck', 'audit']);
    expect(code(checkFourMusts({ ...musts, personalMatters: { result: 'concealed' } }, caseProfile()))).toBe(
      'INSP.CONCEALMENT',
    );
    expect(
      code(
        checkFourMusts(
          {
            ...musts,
            disciplineOpinion: {
              complaintsReceived: 0,
              complaintsVerified: 0,
              outcome: '',
              affectsUse: undefined,
            },
          },
          caseProfile(),
        ),
      ),
    ).toBe('INSP.DISCIPLINE_OPINION');
  });

  it('wants the integrity conclusion signed by both secretaries and the report by the whole team', () => {
    expect(code(checkIntegritySignatures({ partySecretary: 's1', disciplineSecretary: 's2' }))).toBe('OK');
    expect(code(checkIntegritySignatures({ partySecretary: 's1' }))).toBe('INSP.INTEGRITY_SIGNATURES');
    expect(code(checkReportSignatures(['a', 'b'], ['b', 'a']))).toBe('OK');
    expect(code(checkReportSignatures(['a', 'b'], ['a']))).toBe('INSP.REPORT_SIGNATURES');
  });

  it('ranks by score, equal scores sharing a rank', () => {
    expect(
      rankCandidates([
        { candidateId: 'a', score: 88 },
        { candidateId: 'b', score: 92 },
        { candidateId: 'c', score: 88 },
      ]),
    ).toEqual([
      { candidateId: 'b', score: 92, rank: 1 },
      { candidateId: 'a', score: 88, rank: 2 },
      { candidateId: 'c', score: 88, rank: 2 },
    ]);
  });
});

describe('deliberation (酝酿)', () => {
  it('compares several candidates on all five aspects', () => {
    expect(code(checkDeliberationComparison(1, []))).toBe('OK');
    expect(
      code(
        checkDeliberationComparison(2, [
          'character',
          'ability',
          'performance',
          'public_support',
          'potential',
        ]),
      ),
    ).toBe('OK');
    expect(code(checkDeliberationComparison(2, ['character', 'ability']))).toBe('DELIB.COMPARISON');
    expect(code(checkLeadersConsulted([]))).toBe('DELIB.LEADERS_CONSULTED');
    expect(code(checkLeadersConsulted([{ leaderId: 'l', on: '2026-11-20' }]))).toBe('OK');
  });
});

describe('consultation (征求意见)', () => {
  it('always consults the mandatory units, the configured member units, and a co-manager when dual-managed', () => {
    const units = consultationUnits(caseProfile({ dualManaged: true }), DEFAULT_POLICY);
    expect(units).toEqual(
      expect.arrayContaining([
        'candidate_unit_party_body',
        'candidate_unit_personnel',
        'discipline_inspection',
        'audit',
        'co_manager',
      ]),
    );
    expect(code(checkConsultationSet(units, caseProfile({ dualManaged: true })))).toBe('OK');
    expect(code(checkConsultationSet(['audit'], caseProfile()))).toBe('CONS.MANDATORY_UNITS');
    expect(code(checkAnswerFromConsultedUnit('tax_bureau', units))).toBe('CONS.UNKNOWN_UNIT');
  });

  it('tracks each unit: answered, awaiting, overdue, and the co-manager’s month of silence as consent', () => {
    const units = ['discipline_inspection', 'audit', 'co_manager'];
    expect(consultationDeadline('2026-11-02', calendar, DEFAULT_POLICY)).toBe('2026-11-09');
    const early = consultationStatus(units, ['audit'], '2026-11-02', '2026-11-05', calendar, DEFAULT_POLICY);
    expect(early).toEqual({ discipline_inspection: 'awaiting', audit: 'answered', co_manager: 'awaiting' });
    expect(code(checkConsultationComplete(early))).toBe('CONS.INCOMPLETE');
    const late = consultationStatus(
      units,
      ['audit', 'discipline_inspection'],
      '2026-11-02',
      '2026-12-02',
      calendar,
      DEFAULT_POLICY,
    );
    expect(late).toEqual({
      discipline_inspection: 'answered',
      audit: 'answered',
      co_manager: 'consent_by_silence',
    });
    expect(code(checkConsultationComplete(late))).toBe('OK');
    const overdue = consultationStatus(units, [], '2026-11-02', '2026-11-10', calendar, DEFAULT_POLICY);
    expect(overdue['audit']).toBe('overdue');
    expect(
      consultationStatus(units, [], '2026-11-02', '2026-12-01', calendar, DEFAULT_POLICY)['co_manager'],
    ).toBe('overdue');
  });
});
