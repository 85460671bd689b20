import { caseProfile } from '../classification/classification';
import { profileChanges, profileFromItems } from '../classification/profile-items';
import { DEFAULT_POLICY, resolvePolicy } from '../policy/policy';
import { checkNegativeList } from './qualification/qualification.rules';
import {
  applyStep,
  type CaseProgress,
  decideStep,
  missingForCandidates,
  missingSteps,
  setCandidate,
  startCase,
} from './case-progress';
import { decideCandidateVote, meetingOutcome } from './decision/votes';
import { checkProposals } from './deliberation/proposals';
import { GATES } from './gates';
import { checkShortlistChoice, departsFromRanking } from './inspection/shortlist';
import { decideEligibility } from './qualification/eligibility';
import { specificationOf } from './spec';

const code = (v: { ok: boolean; code?: string }) => (v.ok ? 'ok' : v.code);

describe('versions of the specification', () => {
  it('keeps version 1 as it was: the gates of gates.ts, every step the case’s, taken in its own gate', () => {
    const v1 = specificationOf(1);
    expect(specificationOf(undefined)).toBe(v1);
    expect(v1.steps.map((s) => s.id)).toEqual(GATES.flatMap((g) => g.steps.map((s) => s.id)));
    expect(v1.steps.every((s) => s.per === 'case' && s.during === s.gate)).toBe(true);
    expect(v1.step('inspection.shortlist')?.arrives).toBe('inspection');
  });

  it('version 2: the organization department shortlists, each candidate is checked during inspection and voted on separately', () => {
    const v2 = specificationOf(2);
    expect(v2.step('inspection.shortlist')).toMatchObject({
      arrives: 'person',
      roles: ['org_staff', 'recorder'],
    });
    expect(v2.step('qualification.check')).toMatchObject({
      per: 'candidate',
      gate: 'qualification',
      during: 'inspection',
      forCandidates: ['shortlisted'],
    });
    expect(v2.step('decision.vote')).toMatchObject({ per: 'candidate', arrives: 'voting' });
    expect(v2.step('qualification.exceptional_approval')?.during).toBe('deliberation');
    expect(() => specificationOf(9)).toThrow(/no specification version 9/);
  });
});

/** A version-2 case walked to the inspection gate with three nominated. */
function atInspection(): CaseProgress {
  let p = startCase(caseProfile({ recommendationByTalks: false }), 2);
  for (const step of [
    'qualification.conditions',
    'qualification.profile',
    'motion.propose',
    'motion.work_plan',
  ])
    p = applyStep(p, step, 'org_staff');
  for (const step of ['nomination.submit', 'nomination.meeting', 'nomination.result'])
    p = applyStep(p, step, 'service');
  expect(p.gate).toBe('inspection');
  for (const id of ['c1', 'c2', 'c3']) p = setCandidate(p, id, 'nominated');
  return p;
}

describe('one record per candidate (version 2)', () => {
  it('asks each shortlisted candidate for an eligibility check before the inspection team, and refuses it for anyone else', () => {
    let p = atInspection();
    expect(code(decideStep(p, 'inspection.team', 'service'))).toBe('CASE.STEP_OUT_OF_ORDER');
    p = applyStep(p, 'inspection.shortlist', 'org_staff');
    for (const id of ['c1', 'c2']) p = setCandidate(p, id, 'shortlisted');
    expect(missingForCandidates(p, 'inspection').map((m) => `${m.step.id}@${m.candidateId}`)).toEqual([
      'qualification.check@c1',
      'qualification.check@c2',
    ]);
    expect(code(decideStep(p, 'qualification.check', 'org_staff'))).toBe('CAND.REQUIRED');
    expect(code(decideStep(p, 'qualification.check', 'org_staff', 'c9'))).toBe('CAND.UNKNOWN');
    expect(code(decideStep(p, 'qualification.check', 'org_staff', 'c3'))).toBe('CAND.NOT_IN_SCOPE');
    expect(code(decideStep(p, 'inspection.shortlist', 'org_staff', 'c3'))).toBe('CAND.NOT_PER_CANDIDATE');
    expect(code(decideStep(p, 'qualification.check', 'department_officer', 'c1'))).toBe(
      'CASE.ROLE_NOT_ALLOWED',
    );
    p = applyStep(p, 'qualification.check', 'org_staff', 'c1');
    p = setCandidate(p, 'c1', 'eligible');
    expect(code(decideStep(p, 'qualification.check', 'org_staff', 'c1'))).toBe('CAND.NOT_IN_SCOPE');
    expect(code(decideStep(p, 'inspection.team', 'service'))).toBe('CASE.STEP_OUT_OF_ORDER');
    p = applyStep(p, 'qualification.check', 'org_staff', 'c2');
    p = setCandidate(p, 'c2', 'ineligible', {
      left: { code: 'NEG.SANCTION_PERIOD', zh: '处分影响期内', en: 'sanction', gate: 'inspection' },
    });
    // Checked: the eligible candidate's own four musts are what the inspection still owes.
    expect(missingForCandidates(p, 'inspection').map((m) => `${m.step.id}@${m.candidateId}`)).toEqual([
      'inspection.four_musts@c1',
    ]);
    expect(decideStep(p, 'inspection.team', 'service').ok).toBe(true);
    // Once the team is set, the shortlist is closed.
    p = applyStep(p, 'inspection.team', 'service');
    expect(code(decideStep(p, 'inspection.shortlist', 'org_staff'))).toBe('CASE.STEP_CLOSED');
  });

  it('keeps the decision gate open until every proposed candidate is voted on; reconsideration brings one back', () => {
    let p = atInspection();
    p = { ...p, gate: 'decision', candidates: [] };
    p = setCandidate(p, 'c1', 'proposed', { post: 1 });
    p = setCandidate(p, 'c2', 'proposed', { post: 2 });
    p = applyStep(p, 'decision.meeting', 'service'); // void: nobody voted
    expect(missingForCandidates(p, 'decision').map((m) => m.candidateId)).toEqual(['c1', 'c2']);
    expect(code(decideStep(p, 'decision.first_submission', 'org_staff'))).toBe('CASE.STEP_OUT_OF_ORDER');
    p = applyStep(p, 'decision.meeting', 'service');
    p = applyStep(p, 'decision.vote', 'service', 'c1');
    p = setCandidate(p, 'c1', 'passed');
    p = applyStep(p, 'decision.deferral', 'service', 'c2');
    expect(p.gate).toBe('decision');
    expect(code(decideStep(p, 'decision.reconsideration', 'org_staff', 'c2'))).toBe('CAND.NOT_IN_SCOPE');
    p = applyStep(p, 'decision.meeting', 'service');
    p = applyStep(p, 'decision.vote', 'service', 'c2');
    p = setCandidate(p, 'c2', 'not_passed');
    expect(decideStep(p, 'decision.first_submission', 'org_staff').ok).toBe(true);
    expect(decideStep(p, 'decision.reconsideration', 'org_staff', 'c2').ok).toBe(true);
    p = setCandidate(p, 'c2', 'proposed', { again: ['decision.vote'] });
    expect(missingForCandidates(p, 'decision').map((m) => m.candidateId)).toEqual(['c2']);
    expect(decideStep(p, 'decision.vote', 'service', 'c2').ok).toBe(true);
    expect(missingSteps(p, 'decision').map((s) => s.id)).toEqual(['decision.first_submission']);
  });
});

const check = (extra: Record<string, unknown> = {}) => ({
  'qualification.check.work_years': 12,
  'qualification.check.grassroots_years': 4,
  'qualification.check.posts_at_level_below': 2,
  'qualification.check.current_level': 'section',
  'qualification.check.current_rank': 'principal',
  'qualification.check.current_rank_since': '2021-03-01',
  'qualification.check.education': 'bachelor',
  'qualification.check.training': 'done',
  'qualification.check.last_annual_review': 'excellent',
  'qualification.check.political_discipline': 'no',
  'qualification.check.low_recognition': 'no',
  'qualification.check.canvassing': 'no',
  'qualification.check.naked_official': 'no',
  'qualification.check.measures': [],
  ...extra,
});
const conditions = { 'qualification.conditions.level': 'county', 'qualification.conditions.rank': 'deputy' };

describe('eligibility of a candidate, from what the check records', () => {
  it('finds a clean record eligible', () => {
    expect(decideEligibility(check(), conditions, caseProfile(), DEFAULT_POLICY, '2026-11-27')).toEqual({
      conclusion: 'eligible',
      grounds: [],
    });
  });

  it('bars a candidate inside a measure’s impact period, by the policy’s table, longer for promotion', () => {
    const removed = check({
      'qualification.check.measures': [{ kind: 'removed_from_office', decidedOn: '2025-06-01' }],
    });
    const promoted = decideEligibility(removed, conditions, caseProfile(), DEFAULT_POLICY, '2026-11-27');
    expect(promoted.conclusion).toBe('ineligible');
    expect(promoted.grounds.map((g) => g.code)).toEqual(['NEG.SANCTION_PERIOD']);
    expect(promoted.grounds[0]?.details).toMatchObject({ kind: 'removed_from_office', ends: '2027-06-01' });
    const lateral = decideEligibility(
      removed,
      conditions,
      caseProfile({ promotion: false }),
      DEFAULT_POLICY,
      '2026-11-27',
    );
    expect(lateral.conclusion).toBe('eligible');
    const shorter = resolvePolicy({
      measureImpactMonths: { removed_from_office: { post: 6, promotion: 12 } } as never,
    });
    if (Array.isArray(shorter)) throw new Error('policy refused');
    expect(decideEligibility(removed, conditions, caseProfile(), shorter, '2026-11-27').conclusion).toBe(
      'eligible',
    );
  });

  it('knows every kind of measure domain.md names, with its default period', () => {
    const clean = {
      politicalDisciplineViolation: false,
      lowRecognition: false,
      lastAnnualReview: 'competent' as const,
      canvassing: false,
      nakedOfficial: false,
      specialPost: false,
    };
    const barredUntil = (kind: string) =>
      checkNegativeList(
        { ...clean, sanctions: [{ kind: kind as never, decidedOn: '2020-01-15' }] },
        '2020-01-16',
      )[0]?.details?.['ends'];
    expect(barredUntil('admonishment')).toBe('2020-07-15');
    expect(barredUntil('gov_warning')).toBe('2020-07-15');
    expect(barredUntil('gov_demerit')).toBe('2021-01-15');
    expect(barredUntil('gov_major_demerit')).toBe('2021-07-15');
    expect(barredUntil('gov_dismissal')).toBe('2022-01-15');
    expect(barredUntil('demoted')).toBe('2022-01-15');
    expect(barredUntil('ordered_to_resign')).toBe('2022-01-15');
  });

  it('refuses a policy whose promotion bar is shorter than its post bar, and a shortlist ratio of one', () => {
    expect(resolvePolicy({ measureImpactMonths: { demoted: { post: 24, promotion: 12 } } as never })).toEqual(
      [expect.objectContaining({ code: 'POLICY.INVALID', details: { field: 'measureImpactMonths' } })],
    );
    expect(Array.isArray(resolvePolicy({ shortlistCandidatesPerPost: 1 }))).toBe(true);
    expect(Array.isArray(resolvePolicy({ shortlistCandidatesPerPost: 1.55 }))).toBe(true);
    expect(resolvePolicy({ shortlistCandidatesPerPost: 1.5 })).toMatchObject({
      shortlistCandidatesPerPost: 1.5,
    });
  });
});

describe('people choose, votes inform', () => {
  const policy = { ...DEFAULT_POLICY, shortlistCandidatesPerPost: 1.5 };
  const ranking = ['a', 'b', 'c', 'd'];

  it('lets the organization department shortlist below the ranking only with its reason', () => {
    const choice = { ranking, already: [], left: [], chosen: ['a', 'b', 'd'] };
    expect(departsFromRanking(ranking, ['a', 'b', 'd'])).toEqual(['d']);
    expect(code(checkShortlistChoice(choice, 2, caseProfile(), policy))).toBe('INSP.DEPARTURE_REASON');
    expect(
      checkShortlistChoice({ ...choice, departureReason: '岗位需要熟悉财务工作' }, 2, caseProfile(), policy)
        .ok,
    ).toBe(true);
    expect(checkShortlistChoice({ ...choice, chosen: ['a', 'b', 'c'] }, 2, caseProfile(), policy).ok).toBe(
      true,
    );
    expect(code(checkShortlistChoice({ ...choice, chosen: ['a', 'b'] }, 2, caseProfile(), policy))).toBe(
      'INSP.SHORTLIST_RATIO',
    );
    expect(code(checkShortlistChoice({ ...choice, chosen: ['a', 'b', 'x'] }, 2, caseProfile(), policy))).toBe(
      'INSP.NOT_NOMINATED',
    );
    expect(
      code(
        checkShortlistChoice(
          { ranking, already: ['a'], left: ['b'], chosen: ['b', 'c'] },
          2,
          caseProfile(),
          policy,
        ),
      ),
    ).toBe('INSP.ALREADY_SHORTLISTED');
  });

  it('takes the five-person group’s proposal of one eligible candidate per post, whatever the votes', () => {
    const aspects = ['character', 'ability', 'performance', 'public_support', 'potential'] as const;
    const proposals = [
      { post: 1, candidateId: 'c', reason: '实绩突出' },
      { post: 2, candidateId: 'a', reason: '经验丰富' },
    ];
    expect(checkProposals(proposals, 2, ['a', 'c'], aspects).ok).toBe(true);
    expect(code(checkProposals(proposals, 2, ['a', 'c'], ['character']))).toBe('DELIB.COMPARISON');
    expect(code(checkProposals(proposals, 2, ['a'], aspects))).toBe('DELIB.NOT_A_CANDIDATE');
    expect(code(checkProposals([proposals[0] as never], 2, ['a', 'c'], aspects))).toBe(
      'DELIB.PROPOSAL_PER_POST',
    );
    expect(
      code(
        checkProposals(
          [proposals[0] as never, { ...proposals[0], post: 2 } as never],
          2,
          ['a', 'c'],
          aspects,
        ),
      ),
    ).toBe('DELIB.PROPOSAL_PER_POST');
  });

  it('passes a candidate with more than half of the expected members, and a meeting without two thirds is void', () => {
    expect(meetingOutcome(9, 5)).toBe('void');
    expect(meetingOutcome(9, 6)).toBe('quorate');
    expect(decideCandidateVote({ expected: 9, present: 6, agree: 5, disagree: 1, abstain: 0 })).toBe(
      'passed',
    );
    expect(decideCandidateVote({ expected: 9, present: 8, agree: 4, disagree: 1, abstain: 3 })).toBe(
      'not_passed',
    );
  });
});

describe('the profile the organization department confirms', () => {
  it('reads the confirmed facts and names what changed', () => {
    const proposed = caseProfile({ promotion: false });
    const confirmed = caseProfile({
      ...profileFromItems({
        'qualification.profile.promotion': 'yes',
        'qualification.profile.decision_body': 'plenary_committee',
      }),
    });
    expect(confirmed).toMatchObject({ promotion: true, decisionBody: 'plenary_committee' });
    expect(profileChanges(proposed, confirmed)).toEqual([
      { field: 'decisionBody', from: 'standing_committee', to: 'plenary_committee' },
      { field: 'promotion', from: false, to: true },
    ]);
  });
});
