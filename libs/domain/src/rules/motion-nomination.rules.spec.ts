import { WorkingCalendar } from '../calendar/working-calendar';
import { DEFAULT_POLICY } from '../policy/policy';
import {
  checkMotionMayProceed,
  checkNominationReason,
  checkNotByVotesAlone,
  checkRecommendationForm,
  checkRecommendationQuorum,
  checkUpperApprovalReply,
  checkRecommendationResultValid,
  checkReferenceCandidates,
  checkWorkPlan,
  upperApprovalDue,
  upperApprovalGrounds,
} from '../index';

const code = (v: { ok: boolean; code?: string }) => (v.ok ? 'OK' : v.code);

describe('motion (动议)', () => {
  it('lists the grounds that need the upper department’s approval, and holds the motion until it arrives', () => {
    const grounds = upperApprovalGrounds({
      exceptional_promotion: true,
      large_batch: true,
      reorganization: false,
    });
    expect(grounds).toEqual(['large_batch', 'exceptional_promotion']);
    const held = checkMotionMayProceed(grounds, false);
    expect(code(held)).toBe('MOTION.APPROVAL_PENDING');
    expect(held.ok ? '' : held.zh).toContain('破格提拔');
    expect(code(checkMotionMayProceed(grounds, true))).toBe('OK');
    expect(code(checkMotionMayProceed([], false))).toBe('OK');
  });

  it('gives the reply 10 working days, skipping the National Day holiday', () => {
    // Requested Tue 29 Sep 2026: 30 Sep (1), 8 Oct (2), 9 Oct (3), Sat 10 Oct in lieu (4), 12–16 Oct (5–9), 19 Oct (10).
    expect(upperApprovalDue('2026-09-29', WorkingCalendar.official(), DEFAULT_POLICY)).toBe('2026-10-19');
  });

  it('wants a work plan with posts, number, scope, method, conditions and procedure', () => {
    const plan = {
      posts: ['县交通局局长'],
      numberOfPosts: 1,
      scope: '全县',
      method: '民主推荐',
      conditions: '见方案',
      procedure: '按条例',
    };
    expect(code(checkWorkPlan(plan))).toBe('OK');
    const bad = checkWorkPlan({ ...plan, posts: [], method: ' ' });
    expect(code(bad)).toBe('MOTION.WORK_PLAN_INCOMPLETE');
    expect(bad.ok ? [] : bad.details?.['missing']).toEqual(['posts', 'method']);
  });
});

describe('nomination (提名推荐)', () => {
  it.each([
    '工作需要',
    '因工作需要。',
    '根据工作需要，推荐该同志',
    '经组织研究，工作需要，同意推荐',
    '岗位需要，该同志表现良好',
    '',
  ])('refuses the vague reason “%s”', (reason) => {
    expect(code(checkNominationReason(reason))).toBe('NOM.VAGUE_REASON');
  });

  it.each([
    '主持完成全县农村公路改造三年行动，获省级表彰，熟悉交通建设管理',
    '在乡镇工作八年，牵头化解信访积案二十余件，群众基础好',
  ])('accepts the specific reason “%s”', (reason) => {
    expect(code(checkNominationReason(reason))).toBe('OK');
  });

  it('wants every part of the signed form, and a specific reason', () => {
    const form = {
      candidateId: 'c-1',
      reason: '主持完成全县农村公路改造三年行动，获省级表彰',
      strengths: '熟悉交通建设',
      weaknesses: '宏观谋划能力有待提高',
      kinshipDeclared: false,
      signature: 'sig',
    };
    expect(code(checkRecommendationForm(form))).toBe('OK');
    const missing = checkRecommendationForm({ ...form, weaknesses: '', kinshipDeclared: undefined });
    expect(missing.ok ? [] : missing.details?.['missing']).toEqual(['weaknesses', 'kinshipDeclared']);
    expect(code(checkRecommendationForm({ ...form, reason: '工作需要' }))).toBe('NOM.VAGUE_REASON');
  });

  it('wants more reference candidates than posts', () => {
    expect(code(checkReferenceCandidates(3, 2))).toBe('OK');
    expect(code(checkReferenceCandidates(2, 2))).toBe('NOM.REFERENCE_CANDIDATES');
  });

  it('holds a recommendation meeting with two thirds of the expected; exactly two thirds is enough', () => {
    expect(code(checkRecommendationQuorum(90, 60, DEFAULT_POLICY))).toBe('OK');
    expect(code(checkRecommendationQuorum(90, 59, DEFAULT_POLICY))).toBe('NOM.MEETING_QUORUM');
    expect(code(checkRecommendationQuorum(90, 91, DEFAULT_POLICY))).toBe('NOM.MEETING_QUORUM');
    const stricter = { ...DEFAULT_POLICY, recommendationMeetingQuorum: { numerator: 4, denominator: 5 } };
    expect(code(checkRecommendationQuorum(90, 70, stricter))).toBe('NOM.MEETING_QUORUM');
    expect(code(checkRecommendationQuorum(90, 72, stricter))).toBe('OK');
  });

  it('ends a motion the upper department rejects, and lets an approved one proceed', () => {
    expect(code(checkUpperApprovalReply('approved'))).toBe('OK');
    expect(code(checkUpperApprovalReply('rejected'))).toBe('MOTION.APPROVAL_REJECTED');
  });

  it('says plainly when more are counted present than the roll holds, not that the meeting fell short', () => {
    const over = checkRecommendationQuorum(3, 7, DEFAULT_POLICY);
    expect(over).toMatchObject({
      ok: false,
      code: 'NOM.MEETING_QUORUM',
      details: { expected: 3, present: 7 },
    });
    if (over.ok) throw new Error('refused above');
    expect(over.en).toBe(
      'the recommendation meeting counts 7 present of 3 expected, more than the roll; check the roll and the count',
    );
    expect(over.zh).not.toContain('未达到');
  });

  it('keeps a result valid one year, and a post-specific result for its post only', () => {
    expect(code(checkRecommendationResultValid({ heldOn: '2025-11-28' }, '2026-11-27', 'p'))).toBe('OK');
    expect(code(checkRecommendationResultValid({ heldOn: '2025-11-27' }, '2026-11-27', 'p'))).toBe(
      'NOM.RESULT_EXPIRED',
    );
    expect(
      code(checkRecommendationResultValid({ heldOn: '2026-10-01', forPost: 'q' }, '2026-11-27', 'p')),
    ).toBe('NOM.RESULT_EXPIRED');
  });

  it('never chooses by votes alone', () => {
    expect(code(checkNotByVotesAlone(['votes']))).toBe('NOM.VOTES_ALONE');
    expect(code(checkNotByVotesAlone([]))).toBe('NOM.VOTES_ALONE');
    expect(code(checkNotByVotesAlone(['votes', 'performance']))).toBe('OK');
  });
});
