import fc from 'fast-check';
import { WorkingCalendar } from '../calendar/working-calendar';
import { caseProfile } from '../classification/classification';
import { DEFAULT_POLICY } from '../policy/policy';
import {
  announcementEnds,
  attachmentsNamed,
  checkAttachments,
  checkAnnouncementComplete,
  checkAnnouncementText,
  checkObjectionInTime,
  checkDecisionQuorum,
  checkDeferral,
  checkFirstSubmission,
  checkGateDone,
  checkLayeredRecorder,
  checkNextSignOff,
  checkOwnSignature,
  checkPassed,
  checkPrincipalLast,
  checkProbationAssessment,
  checkReconsideration,
  checkSecondSubmission,
  checkSignOffOrder,
  checkTally,
  checkThreeLevelSignature,
  checkVoteMethod,
  decideTally,
  type DecisionTally,
  type GateKey,
  type GivenSignOff,
  isSignOffComplete,
  signOffSlots,
  mustInvestigate,
  objectionAction,
  probationApplies,
  probationEnds,
  probationOutcome,
} from '../index';

const calendar = WorkingCalendar.official();
const code = (v: { ok: boolean; code?: string }) => (v.ok ? 'OK' : v.code);

describe('decision (讨论决定)', () => {
  it('needs at least two thirds of the members present; exactly two thirds is enough', () => {
    expect(code(checkDecisionQuorum(9, 6))).toBe('OK');
    expect(code(checkDecisionQuorum(9, 5))).toBe('DEC.QUORUM');
    expect(code(checkDecisionQuorum(12, 8))).toBe('OK');
    expect(code(checkDecisionQuorum(10, 7))).toBe('OK'); // 7/10 ≥ 2/3
    expect(code(checkDecisionQuorum(10, 6))).toBe('DEC.QUORUM'); // 6/10 < 2/3
  });

  it('passes with more than half of the EXPECTED members agreeing; exactly half fails', () => {
    const tally = (agree: number, disagree: number, abstain: number): DecisionTally => ({
      expected: 10,
      present: agree + disagree + abstain,
      agree,
      disagree,
      abstain,
    });
    expect(decideTally(tally(6, 1, 1))).toBe('passed');
    expect(decideTally(tally(5, 2, 1))).toBe('deferred'); // exactly half of 10 is not more than half
    expect(code(checkPassed(tally(5, 2, 1)))).toBe('DEC.DEFER');
    // 5 of the 7 present agree: a majority of those present, but not more than half of the 10 expected.
    expect(decideTally({ expected: 10, present: 7, agree: 5, disagree: 1, abstain: 1 })).toBe('deferred');
    expect(decideTally({ expected: 9, present: 9, agree: 5, disagree: 4, abstain: 0 })).toBe('passed');
    expect(decideTally({ expected: 9, present: 9, agree: 3, disagree: 5, abstain: 1 })).toBe('rejected');
    expect(code(checkPassed({ expected: 9, present: 9, agree: 3, disagree: 5, abstain: 1 }))).toBe(
      'DEC.PASS',
    );
    expect(decideTally({ expected: 9, present: 5, agree: 5, disagree: 0, abstain: 0 })).toBe('void');
  });

  it('refuses a tally that does not add up to the members present', () => {
    expect(code(checkTally({ expected: 9, present: 8, agree: 5, disagree: 2, abstain: 0 }))).toBe(
      'DEC.TALLY',
    );
    expect(code(checkTally({ expected: 9, present: 10, agree: 10, disagree: 0, abstain: 0 }))).toBe(
      'DEC.TALLY',
    );
  });

  it('property: a pass always has quorum and a majority of the expected members; void always lacks quorum', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 80 }).chain((expected) =>
          fc.integer({ min: 0, max: expected }).chain((present) =>
            fc.integer({ min: 0, max: present }).chain((agree) =>
              fc.integer({ min: 0, max: present - agree }).map((disagree) => ({
                expected,
                present,
                agree,
                disagree,
                abstain: present - agree - disagree,
              })),
            ),
          ),
        ),
        (t) => {
          const outcome = decideTally(t);
          const quorum = 3 * t.present >= 2 * t.expected;
          expect(outcome === 'void').toBe(!quorum);
          expect(outcome === 'passed').toBe(quorum && 2 * t.agree > t.expected);
          if (outcome === 'rejected') expect(2 * t.disagree).toBeGreaterThan(t.expected);
          // Passing can never rest on those present alone: agree ≤ expected / 2 never passes.
          if (2 * t.agree <= t.expected) expect(outcome).not.toBe('passed');
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('reconsideration needs more than half of the members', () => {
    expect(code(checkReconsideration(9, 5))).toBe('OK');
    expect(code(checkReconsideration(10, 5))).toBe('DEC.RECONSIDERATION');
  });

  it('has the principal leader speak last', () => {
    expect(code(checkPrincipalLast(['a', 'b', 'p'], 'p'))).toBe('OK');
    expect(code(checkPrincipalLast(['p', 'a', 'b'], 'p'))).toBe('DEC.PRINCIPAL_LAST');
  });

  it('requires a secret ballot in the plenary committee on city and county heads only', () => {
    expect(code(checkVoteMethod('plenary_committee', true, 'hands'))).toBe('DEC.SECRET_BALLOT');
    expect(code(checkVoteMethod('plenary_committee', true, 'secret_ballot'))).toBe('OK');
    expect(code(checkVoteMethod('standing_committee', true, 'hands'))).toBe('OK');
  });

  it('wants the first submission within 5 days of the decision, the second after appointment', () => {
    expect(code(checkFirstSubmission('2026-11-02', '2026-11-07'))).toBe('OK');
    expect(code(checkFirstSubmission('2026-11-02', '2026-11-08'))).toBe('REPORT.FIRST_SUBMISSION');
    expect(code(checkSecondSubmission('2026-11-20', '2026-11-20'))).toBe('OK');
    expect(code(checkSecondSubmission('2026-11-20', '2026-11-19'))).toBe('REPORT.SECOND_SUBMISSION');
    expect(code(checkSecondSubmission(undefined, '2026-11-19'))).toBe('REPORT.SECOND_SUBMISSION');
  });
});

describe('appointment (任职)', () => {
  it('runs the announcement five working days, across National Day and its make-up Saturday', () => {
    expect(announcementEnds('2026-09-30', calendar, DEFAULT_POLICY)).toBe('2026-10-12');
    expect(code(checkAnnouncementComplete('2026-09-30', '2026-10-12', calendar, DEFAULT_POLICY))).toBe(
      'APPT.ANNOUNCEMENT_PERIOD',
    );
    expect(code(checkAnnouncementComplete('2026-09-30', '2026-10-13', calendar, DEFAULT_POLICY))).toBe('OK');
  });

  it('reads a longer announcement from the organization’s policy', () => {
    expect(announcementEnds('2026-11-02', calendar, { ...DEFAULT_POLICY, announcementWorkingDays: 7 })).toBe(
      '2026-11-10',
    );
  });

  it('states the reasons when the promotion is exceptional', () => {
    expect(code(checkAnnouncementText(caseProfile({ exceptionalPromotion: true }), ''))).toBe(
      'APPT.EXCEPTIONAL_REASONS',
    );
    expect(code(checkAnnouncementText(caseProfile({ exceptionalPromotion: true }), '业绩特别突出'))).toBe(
      'OK',
    );
    expect(code(checkAnnouncementText(caseProfile(), undefined))).toBe('OK');
  });

  it('investigates signed objections, and anonymous ones only when serious and specific', () => {
    expect(mustInvestigate({ anonymous: false, serious: false, specific: false })).toBe(true);
    expect(mustInvestigate({ anonymous: true, serious: true, specific: true })).toBe(true);
    expect(mustInvestigate({ anonymous: true, serious: true, specific: false })).toBe(false);
  });

  it('maps findings to actions, and defers at most three months', () => {
    expect(objectionAction('nothing_found')).toBe('appoint');
    expect(objectionAction('minor')).toBe('appoint_with_warning');
    expect(objectionAction('serious')).toBe('do_not_appoint');
    expect(objectionAction('serious_unverified')).toBe('defer');
    expect(code(checkDeferral('2026-11-30', '2027-02-28'))).toBe('OK');
    expect(code(checkDeferral('2026-11-30', '2027-03-01'))).toBe('APPT.DEFERRAL_LIMIT');
  });
});

describe('probation (试用期转正)', () => {
  it('applies to non-elected promotions only', () => {
    expect(probationApplies(caseProfile())).toBe(true);
    expect(probationApplies(caseProfile({ elected: true }))).toBe(false);
    expect(probationApplies(caseProfile({ promotion: false }))).toBe(false);
  });

  it('lasts one year from the notice, and is extended by an absence over six months', () => {
    expect(probationEnds('2026-03-01')).toBe('2027-02-28');
    expect(probationEnds('2026-03-01', 6)).toBe('2027-02-28');
    expect(probationEnds('2026-03-01', 7)).toBe('2027-09-30');
  });

  it('assesses at the end, or earlier with removal on a serious error', () => {
    expect(code(checkProbationAssessment('2026-03-01', '2027-02-27', 'competent'))).toBe('PROB.NOT_ENDED');
    expect(code(checkProbationAssessment('2026-03-01', '2027-02-28', 'competent'))).toBe('OK');
    expect(code(checkProbationAssessment('2026-03-01', '2027-03-01', 'competent', { absentMonths: 7 }))).toBe(
      'PROB.EXTENSION',
    );
    expect(
      code(checkProbationAssessment('2026-03-01', '2026-08-01', 'not_competent', { seriousError: true })),
    ).toBe('OK');
    expect(
      code(checkProbationAssessment('2026-03-01', '2026-08-01', 'competent', { seriousError: true })),
    ).toBe('PROB.EARLY_END');
    expect(probationOutcome('competent')).toBe('confirmed');
    expect(probationOutcome('not_competent')).toBe('removed_to_previous_grade');
  });
});

describe('keeping the record (纪实)', () => {
  const signOffs = [
    { role: 'recorder', personId: 'r' },
    { role: 'reviewer', personId: 'v' },
    { role: 'cadre_section_chief', personId: 'c' },
    { role: 'supervision_section_chief', personId: 's' },
    { role: 'deputy_minister', personId: 'd' },
  ] as const;

  it('signs off in order: recorder, reviewer, cadre section chief, supervision section chief, deputy minister', () => {
    expect(code(checkSignOffOrder(signOffs))).toBe('OK');
    expect(isSignOffComplete(signOffs)).toBe(true);
    expect(isSignOffComplete(signOffs.slice(0, 3))).toBe(false);
    expect(code(checkSignOffOrder(signOffs.slice(0, 3)))).toBe('OK');
    expect(code(checkSignOffOrder([signOffs[0], signOffs[2]]))).toBe('RECORD.SIGNOFF_ORDER');
    expect(code(checkSignOffOrder([{ role: 'deputy_minister', personId: 'd' }]))).toBe(
      'RECORD.SIGNOFF_ORDER',
    );
  });

  it('refuses a reviewer who is the recorder', () => {
    expect(code(checkSignOffOrder([signOffs[0], { role: 'reviewer', personId: 'r' }]))).toBe(
      'RECORD.REVIEWER_DISTINCT',
    );
  });

  it('checks the three-level signature in order', () => {
    expect(
      code(
        checkThreeLevelSignature([
          'selection_deputy_in_charge',
          'selection_principal',
          'responsible_unit_leader',
        ]),
      ),
    ).toBe('OK');
    expect(
      code(
        checkThreeLevelSignature([
          'selection_principal',
          'selection_deputy_in_charge',
          'responsible_unit_leader',
        ]),
      ),
    ).toBe('RECORD.THREE_LEVEL');
    expect(code(checkThreeLevelSignature(['selection_deputy_in_charge']))).toBe('RECORD.THREE_LEVEL');
    expect(code(checkThreeLevelSignature(['selection_deputy_in_charge'], { partial: true }))).toBe('OK');
    expect(code(checkThreeLevelSignature(['selection_principal'], { partial: true }))).toBe(
      'RECORD.THREE_LEVEL',
    );
  });

  it('decides whose signature comes next on a gate’s record', () => {
    const given = (role: string, personId: string, actedAs = role) =>
      ({ role, personId, actedAs }) as GivenSignOff;
    // The inspection is recorded by a member of the team, not the department's recorder.
    expect(code(checkNextSignOff('inspection', [], { role: 'recorder', personId: 'r' }, false))).toBe(
      'RECORD.LAYERED_RECORDER',
    );
    expect(
      code(checkNextSignOff('inspection', [], { role: 'inspection_team_member', personId: 't' }, false)),
    ).toBe('OK');
    // … of this case's own team, where the record names it.
    expect(
      code(
        checkNextSignOff('inspection', [], { role: 'inspection_team_member', personId: 't' }, false, [
          'a',
          'b',
        ]),
      ),
    ).toBe('RECORD.LAYERED_RECORDER');
    // The deliberation by the cadre section chief (department meeting) or the minister (secretary's meeting).
    expect(code(checkNextSignOff('deliberation', [], { role: 'minister', personId: 'm' }, false))).toBe('OK');
    // Elsewhere the recorder; the reviewer is someone else; then strictly in order.
    expect(code(checkNextSignOff('motion', [], { role: 'reviewer', personId: 'v' }, false))).toBe(
      'RECORD.SIGNOFF_ORDER',
    );
    const recorded = [given('recorder', 'r')];
    expect(code(checkNextSignOff('motion', recorded, { role: 'reviewer', personId: 'r' }, false))).toBe(
      'RECORD.REVIEWER_DISTINCT',
    );
    expect(
      code(checkNextSignOff('motion', recorded, { role: 'cadre_section_chief', personId: 'c' }, false)),
    ).toBe('RECORD.SIGNOFF_ORDER');
    const four = [
      ...recorded,
      given('reviewer', 'v'),
      given('cadre_section_chief', 'c'),
      given('supervision_section_chief', 's'),
    ];
    expect(code(checkNextSignOff('motion', four, { role: 'deputy_minister', personId: 'd' }, false))).toBe(
      'OK',
    );
    const five = [...four, given('deputy_minister', 'd')];
    expect(code(checkNextSignOff('motion', five, { role: 'minister', personId: 'm' }, false))).toBe(
      'RECORD.SIGNOFF_ORDER',
    );
    // The three levels, where the policy asks for them: deputy in charge, principal, unit leader.
    expect(code(checkNextSignOff('motion', five, { role: 'minister', personId: 'm' }, true))).toBe(
      'RECORD.THREE_LEVEL',
    );
    expect(code(checkNextSignOff('motion', five, { role: 'deputy_minister', personId: 'd' }, true))).toBe(
      'OK',
    );
    const six = [...five, given('deputy_minister', 'd')];
    expect(code(checkNextSignOff('motion', six, { role: 'unit_leader', personId: 'u' }, true))).toBe(
      'RECORD.THREE_LEVEL',
    );
    expect(code(checkNextSignOff('motion', six, { role: 'minister', personId: 'm' }, true))).toBe('OK');
    expect(signOffSlots('motion', true)).toHaveLength(8);
    expect(signOffSlots('inspection', false)[0]?.roles).toEqual(['inspection_team_member']);
  });

  it('signs a gate’s record once the gate is done, in the signer’s own name', () => {
    const at = (currentGate: GateKey | 'completed', opened = true, ended = false) => ({
      opened,
      ended,
      currentGate,
    });
    expect(code(checkGateDone('motion', at('nomination')))).toBe('OK');
    expect(code(checkGateDone('motion', at('motion')))).toBe('RECORD.GATE_OPEN');
    expect(code(checkGateDone('decision', at('decision', true, true)))).toBe('OK');
    expect(code(checkGateDone('probation', at('completed', false)))).toBe('RECORD.GATE_OPEN');
    expect(code(checkOwnSignature('p1', 'motion.signoff.recorder_signature', 'p1'))).toBe('OK');
    expect(code(checkOwnSignature('p1', 'motion.signoff.recorder_signature', 'p2'))).toBe(
      'RECORD.OWN_SIGNATURE',
    );
  });

  it('has each stage recorded by its own recorder', () => {
    expect(code(checkLayeredRecorder('inspection', 'inspection_team_member'))).toBe('OK');
    expect(code(checkLayeredRecorder('department_meeting', 'cadre_section_chief'))).toBe('OK');
    expect(code(checkLayeredRecorder('secretary_meeting', 'minister'))).toBe('OK');
    expect(code(checkLayeredRecorder('standing_committee', 'deputy_minister'))).toBe('OK');
    expect(code(checkLayeredRecorder('standing_committee', 'org_staff'))).toBe('RECORD.LAYERED_RECORDER');
  });
});

describe('objections during the announcement', () => {
  it('takes them until the announcement ends, not from the instant it ends', () => {
    const end = Date.parse('2027-01-04T16:00:00Z');
    expect(checkObjectionInTime(end - 1, end).ok).toBe(true);
    expect(checkObjectionInTime(end, end)).toMatchObject({ ok: false, code: 'CASE.STEP_CLOSED' });
  });
});

describe('attachments the record names (三种纪实形式)', () => {
  const pdf = { sha256: 'a'.repeat(64), name: '会议记录.pdf', mediaType: 'application/pdf', size: 10 };
  const ogg = { sha256: 'b'.repeat(64), name: '会议录音.ogg', mediaType: 'audio/ogg', size: 10 };
  const stored = new Map([pdf, ogg].map((f) => [f.sha256, f]));
  const minutes = (audio: { sha256: string }) => ({
    'decision.minutes.minutes': { name: pdf.name, sha256: pdf.sha256 },
    'decision.minutes.audio': { name: 'x', sha256: audio.sha256 },
    'decision.minutes.chair': { id: 'p-1', name: '张三' },
  });

  it('names the digests of attachment items only, one per value of a multiple item', () => {
    expect(attachmentsNamed(minutes(ogg))).toEqual([
      { field: 'decision.minutes.minutes', sha256: pdf.sha256 },
      { field: 'decision.minutes.audio', sha256: ogg.sha256 },
    ]);
  });

  it('allows stored files and a recording that is audio or video', () => {
    expect(checkAttachments(minutes(ogg), stored).ok).toBe(true);
    expect(
      checkAttachments(
        minutes({ sha256: 'b'.repeat(64) }),
        new Map([...stored, [ogg.sha256, { ...ogg, mediaType: 'video/mp4' }]]),
      ).ok,
    ).toBe(true);
  });

  it('refuses a digest the store does not hold, and a recording that is a document, naming the item', () => {
    expect(checkAttachments(minutes({ sha256: 'c'.repeat(64) }), stored)).toMatchObject({
      ok: false,
      code: 'RECORD.ATTACHMENT_NOT_STORED',
      details: { field: 'decision.minutes.audio' },
    });
    expect(checkAttachments(minutes(pdf), stored)).toMatchObject({
      ok: false,
      code: 'RECORD.NOT_AUDIO_VIDEO',
      details: { field: 'decision.minutes.audio', mediaType: 'application/pdf' },
    });
  });
});
