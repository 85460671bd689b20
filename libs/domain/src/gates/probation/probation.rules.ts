/** Gate 8 · probation (试用期转正): its rules, each with its code and the words of domain.md it implements. */
import { addDays, addMonths, type CivilDate, compareDates, monthsBetween } from '../../calendar/civil-date';
import type { CaseProfile } from '../../classification/classification';
import { ALLOWED, refuse, type Verdict } from '../../errors/refusal';
import { rule, type RuleSpec } from '../../rules/rule-spec';
import { STATUTORY } from '../../rules/statutory';

export const PROBATION_RULES: RuleSpec[] = [
  rule(
    'probation',
    'PROB.APPLIES',
    '非选任制提拔厅局级以下领导职务实行一年试用期',
    'one year of probation for non-elected promotions at bureau level and below',
    'domain.md, 8 · Probation: "one year for non-elected promotions at bureau level and below, from the appointment notice"',
    'probationApplies',
  ),
  rule(
    'probation',
    'PROB.NOT_ENDED',
    '试用期满方可考核转正',
    'confirmation only once probation has ended',
    'domain.md, 8 · Probation: "assessed at the end"',
  ),
  rule(
    'probation',
    'PROB.EXTENSION',
    '试用期内离岗超过六个月的相应延长',
    'extended when absent over six months',
    'domain.md, 8 · Probation: "extended when absent over six months"',
  ),
  rule(
    'probation',
    'PROB.EARLY_END',
    '试用期内犯有严重错误的提前终止',
    'ended early on serious error',
    'domain.md, 8 · Probation: "ended early on serious error"',
  ),
  rule(
    'probation',
    'PROB.OUTCOME',
    '称职的转正，不称职的免去试任职务',
    'competent → confirmed; not competent → removed to the previous grade',
    'domain.md, 8 · Probation: "competent → confirmed (the year counts toward tenure); not competent → removed to the previous grade"',
  ),
];
/** Probation applies to non-elected promotions at bureau level and below. */
export function probationApplies(profile: CaseProfile): boolean {
  return profile.promotion && !profile.elected;
}

/**
 * The last day of probation: one year from the appointment notice, extended by the time away when
 * the appointee was absent over six months in all.
 */
export function probationEnds(noticeOn: CivilDate, absentMonths = 0): CivilDate {
  const extension = absentMonths > STATUTORY.probationAbsenceMonths ? Math.ceil(absentMonths) : 0;
  return addDays(addMonths(noticeOn, STATUTORY.probationMonths + extension), -1);
}

export type ProbationFinding = 'competent' | 'not_competent';

/** Confirmation needs probation to have ended, unless it ends early for a serious error (then: removal). */
export function checkProbationAssessment(
  noticeOn: CivilDate,
  assessedOn: CivilDate,
  finding: ProbationFinding,
  options: { absentMonths?: number; seriousError?: boolean } = {},
): Verdict {
  if (options.seriousError) {
    if (finding === 'not_competent') return ALLOWED;
    return refuse(
      'PROB.EARLY_END',
      '试用期内犯有严重错误的，应提前终止试用并免去试任职务',
      'a serious error ends probation early, with removal',
    );
  }
  const ends = probationEnds(noticeOn, options.absentMonths);
  if (compareDates(assessedOn, ends) >= 0) return ALLOWED;
  const code =
    (options.absentMonths ?? 0) > STATUTORY.probationAbsenceMonths ? 'PROB.EXTENSION' : 'PROB.NOT_ENDED';
  return refuse(
    code,
    `试用期至 ${ends} 期满，期满后方可考核`,
    `probation runs to ${ends}; assess at its end`,
    { ends, assessedOn },
  );
}

export type ProbationOutcome = 'confirmed' | 'removed_to_previous_grade';

export function probationOutcome(finding: ProbationFinding): ProbationOutcome {
  return finding === 'competent' ? 'confirmed' : 'removed_to_previous_grade';
}

/** Months of probation served (used for tenure: a confirmed year counts). */
export function probationMonthsServed(noticeOn: CivilDate, on: CivilDate): number {
  return Math.max(0, monthsBetween(noticeOn, on));
}

/**
 * Time away recorded during probation: a positive number of months. Refuses PROB.EXTENSION when the
 * months are not a positive number (the catalogue already refuses what is not a number).
 */
export function checkAbsence(months: unknown): Verdict {
  if (typeof months === 'number' && months > 0) return ALLOWED;
  return refuse('PROB.EXTENSION', '离岗时间须大于 0 个月', 'the time away must be more than 0 months', {
    field: 'probation.absence.months',
  });
}

/**
 * The confirmation or removal follows from the assessment (competent → confirmed; not competent →
 * removed to the previous grade), and an early end on a serious error says why. Refuses PROB.OUTCOME,
 * PROB.EARLY_END.
 */
export function checkProbationOutcome(
  finding: ProbationFinding,
  endedEarly: boolean,
  outcome: unknown,
  earlyEndReason: unknown,
): Verdict {
  const expected = probationOutcome(finding);
  if (outcome !== expected) {
    return refuse(
      'PROB.OUTCOME',
      finding === 'competent'
        ? '考核称职的应予转正'
        : '考核不称职的应免去试任职务，一般按试任职务前的职级安排工作',
      `an assessment of "${finding}" leads to "${expected}", not "${String(outcome)}"`,
      { field: 'probation.outcome.outcome', finding, expected },
    );
  }
  if (endedEarly && (typeof earlyEndReason !== 'string' || earlyEndReason.trim() === '')) {
    return refuse(
      'PROB.EARLY_END',
      '试用期提前终止的，须写明提前终止原因',
      'probation ended early: give the reason',
      { field: 'probation.outcome.early_end_reason' },
    );
  }
  return ALLOWED;
}
