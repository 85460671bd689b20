/** Gate 6 · decision (讨论决定): its rules, each with its code and the words of domain.md it implements. */
import { addDays, type CivilDate, compareDates } from '../../calendar/civil-date';
import type { DecisionBody } from '../../classification/classification';
import { ALLOWED, refuse, type Verdict } from '../../errors/refusal';
import { reachesFraction } from '../nomination/nomination.rules';
import { rule, type RuleSpec } from '../../rules/rule-spec';
import { STATUTORY } from '../../rules/statutory';
import { DEFAULT_POLICY } from '../../policy/policy';

export const DECISION_RULES: RuleSpec[] = [
  rule(
    'decision',
    'DEC.QUORUM',
    '到会成员不少于应到会成员的三分之二，否则决定无效',
    'at least two thirds of the members present, else the decision is void',
    'domain.md, 6 · Decision: "at least two thirds of the members present, else the decision is void"',
  ),
  rule(
    'decision',
    'DEC.TALLY',
    '表决票数须与到会人数相符',
    'the tally adds up to the members present',
    'domain.md, 6 · Decision: "each member’s stated view or the tally (for, against, abstain)"',
  ),
  rule(
    'decision',
    'DEC.PASS',
    '同意票超过应到会成员半数方为通过',
    'a candidate passes with more than half of the expected members agreeing',
    'domain.md, 6 · Decision: "a candidate passes with more than half of the **expected** members agreeing, not of those present"',
  ),
  rule(
    'decision',
    'DEC.DEFER',
    '意见分歧较大的暂缓表决',
    'wide divergence defers the item',
    'domain.md, 6 · Decision: "wide divergence defers the item"',
  ),
  rule(
    'decision',
    'DEC.RECONSIDERATION',
    '复议须超过半数成员同意',
    'reconsideration needs more than half of the members',
    'domain.md, 6 · Decision: "reconsideration needs more than half of the members"',
  ),
  rule(
    'decision',
    'DEC.PRINCIPAL_LAST',
    '主要负责人最后表态',
    'the principal leader states a view last',
    'domain.md, 6 · Decision: "each member says agree, disagree or defer, the principal leader last"',
  ),
  rule(
    'decision',
    'DEC.SECRET_BALLOT',
    '全委会对市县党政正职人选采用无记名投票',
    'the plenary committee votes by secret ballot on city and county heads',
    'domain.md, 6 · Decision: "the plenary committee votes by secret ballot on city and county heads"',
  ),
  rule(
    'decision',
    'DEC.RECORD_INCOMPLETE',
    '讨论决定纪实须载明会议、日期、主持人、应到实到、表决情况、会议记录和录音',
    'the decision record: body, date, chair, attendance, views or tally, minutes, audio',
    'domain.md, 6 · Decision: "record: body, date, chair, expected and actual attendance, each member’s stated view or the tally (for, against, abstain), minutes, audio"',
  ),
  rule(
    'decision',
    'REPORT.FIRST_SUBMISSION',
    '讨论决定后 5 日内初次提交纪实',
    'first submission of the record within 5 days of the decision',
    'domain.md, 6 · Decision: "the first submission of the record to the supervising organ is due within 5 days (seed, Tianjin)"',
  ),
];

export interface DecisionTally {
  /** Members of the body (应到会成员). */
  readonly expected: number;
  /** Members present (实到会成员). */
  readonly present: number;
  readonly agree: number;
  readonly disagree: number;
  /** Abstentions and "defer" (缓议) views. */
  readonly abstain: number;
}

export type DecisionOutcome = 'void' | 'passed' | 'rejected' | 'deferred';

function assertTally(t: DecisionTally): void {
  for (const [name, value] of Object.entries(t)) {
    if (!Number.isInteger(value) || value < 0)
      throw new Error(`${name} must be a whole number of 0 or more, not ${value}`);
  }
}

export function checkDecisionQuorum(expected: number, present: number): Verdict {
  if (expected > 0 && present <= expected && reachesFraction(present, expected, STATUTORY.decisionQuorum))
    return ALLOWED;
  return refuse(
    'DEC.QUORUM',
    `应到 ${expected} 人、实到 ${present} 人，不足三分之二，决定无效`,
    `${present} of ${expected} members present, under two thirds: the decision is void`,
    {
      expected,
      present,
    },
  );
}

export function checkTally(t: DecisionTally): Verdict {
  assertTally(t);
  if (t.agree + t.disagree + t.abstain === t.present && t.present <= t.expected) return ALLOWED;
  return refuse(
    'DEC.TALLY',
    `同意 ${t.agree}、不同意 ${t.disagree}、弃权 ${t.abstain}，合计与到会 ${t.present} 人不符`,
    `for ${t.agree}, against ${t.disagree}, abstain ${t.abstain} do not add up to the ${t.present} present`,
    {
      ...t,
    },
  );
}

/**
 * The outcome of a vote on one candidate: void without quorum; passed with more than half of the
 * expected members agreeing; rejected with more than half of them disagreeing; otherwise deferred,
 * since no side carries a majority of the body (wide divergence).
 */
export function decideTally(t: DecisionTally): DecisionOutcome {
  if (!checkTally(t).ok) throw new Error(`the tally does not add up: ${JSON.stringify(t)}`);
  if (!checkDecisionQuorum(t.expected, t.present).ok) return 'void';
  if (t.agree * 2 > t.expected) return 'passed';
  if (t.disagree * 2 > t.expected) return 'rejected';
  return 'deferred';
}

/** The verdict on a candidate from a tally: allowed only when passed. */
export function checkPassed(t: DecisionTally): Verdict {
  const outcome = decideTally(t);
  if (outcome === 'passed') return ALLOWED;
  if (outcome === 'void') return checkDecisionQuorum(t.expected, t.present);
  if (outcome === 'deferred') {
    return refuse(
      'DEC.DEFER',
      `同意 ${t.agree} 票，未超过应到 ${t.expected} 人的半数，意见分歧较大，暂缓表决`,
      `${t.agree} for, not more than half of the ${t.expected} expected, with no majority either way: deferred`,
      {
        ...t,
      },
    );
  }
  return refuse(
    'DEC.PASS',
    `同意 ${t.agree} 票，未超过应到会成员 ${t.expected} 人的半数，未通过`,
    `${t.agree} for is not more than half of the ${t.expected} expected members: not passed`,
    {
      ...t,
    },
  );
}

export function checkReconsideration(members: number, agreeToReconsider: number): Verdict {
  if (agreeToReconsider * 2 > members) return ALLOWED;
  return refuse(
    'DEC.RECONSIDERATION',
    `复议须超过半数成员同意（${agreeToReconsider}/${members}）`,
    `reconsideration needs more than half of the members (${agreeToReconsider}/${members})`,
    {
      members,
      agreeToReconsider,
    },
  );
}

export function checkPrincipalLast(speakingOrder: readonly string[], principalId: string): Verdict {
  if (speakingOrder.length > 0 && speakingOrder[speakingOrder.length - 1] === principalId) return ALLOWED;
  return refuse('DEC.PRINCIPAL_LAST', '主要负责人应最后表态', 'the principal leader must state a view last', {
    principalId,
  });
}

export type VoteMethod = 'voice' | 'hands' | 'secret_ballot';

export function checkVoteMethod(
  body: DecisionBody,
  postIsCityOrCountyHead: boolean,
  method: VoteMethod,
): Verdict {
  if (body !== 'plenary_committee' || !postIsCityOrCountyHead || method === 'secret_ballot') return ALLOWED;
  return refuse(
    'DEC.SECRET_BALLOT',
    '全委会表决市县党政正职人选须采用无记名投票',
    'the plenary committee votes on city and county heads by secret ballot',
    {
      method,
    },
  );
}

export interface DecisionRecord {
  readonly body: DecisionBody;
  readonly date: CivilDate;
  readonly chairId: string;
  readonly expected: number;
  readonly present: number;
  readonly minutesDigest: string;
  readonly audioDigest: string;
}

export function checkDecisionRecord(record: Partial<DecisionRecord>): Verdict {
  const fields: (keyof DecisionRecord)[] = [
    'body',
    'date',
    'chairId',
    'expected',
    'present',
    'minutesDigest',
    'audioDigest',
  ];
  const missing = fields.filter((f) => record[f] === undefined || record[f] === '');
  if (missing.length === 0) return ALLOWED;
  return refuse(
    'DEC.RECORD_INCOMPLETE',
    `讨论决定纪实缺少：${missing.join('、')}`,
    `the decision record lacks: ${missing.join(', ')}`,
    {
      missing,
    },
  );
}

/** The first submission (初次提交) is due within the policy's days of the decision (calendar days; 5 in Tianjin). */
export function firstSubmissionDue(
  decidedOn: CivilDate,
  days: number = DEFAULT_POLICY.firstSubmissionDays,
): CivilDate {
  return addDays(decidedOn, days);
}

export function checkFirstSubmission(
  decidedOn: CivilDate,
  submittedOn: CivilDate,
  days: number = DEFAULT_POLICY.firstSubmissionDays,
): Verdict {
  const due = firstSubmissionDue(decidedOn, days);
  if (compareDates(submittedOn, decidedOn) >= 0 && compareDates(submittedOn, due) <= 0) return ALLOWED;
  return refuse(
    'REPORT.FIRST_SUBMISSION',
    `初次提交应在讨论决定后 ${days} 日内（${due} 前）`,
    `the first submission is due within ${days} days of the decision, by ${due}`,
    {
      decidedOn,
      submittedOn,
      due,
    },
  );
}
