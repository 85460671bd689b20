/**
 * Gate 8 · probation (试用期转正): the year's timer, then the assessment. Specification 3: each
 * appointed candidate's own probation from their notice, extended by time away over six months,
 * ended early on a serious error, and a confirmation or removal that follows from the assessment.
 */
import {
  checkAbsence,
  checkProbationAssessment,
  checkProbationOutcome,
  probationAssessmentDue,
  probationEnds,
  type ProbationFinding,
  refuse,
  type Refusal,
  setCandidate,
  STATUTORY,
  type Verdict,
} from '@jishi/domain';
import { meetDeadline, moveDeadline } from '../deadlines';
import { type CaseState, chinaToday, durationMs, SERVICE, untilEndOfChinaDay } from '../case-state';

type Items = Readonly<Record<string, unknown>>;

/** The last day of a candidate's probation: a year from their notice, extended by time away over six months. */
function endOf(state: CaseState, candidateId: string): string {
  return probationEnds(state.noticeOf[candidateId] ?? chinaToday(), state.absentMonths[candidateId] ?? 0);
}

/** The probation timer runs to the last day of the longest probation still running. */
function startProbationTimer(state: CaseState): void {
  const override = state.input.timers?.probation;
  if (override) {
    state.startTimer('probation', durationMs(override));
    return;
  }
  const ends =
    state.version >= 3
      ? state
          .candidatesIn('appointed')
          .map((id) => endOf(state, id))
          .sort()
          .pop()
      : undefined;
  state.startTimer('probation', untilEndOfChinaDay(ends ?? probationEnds(state.noticeOn ?? chinaToday())));
}

export function openProbation(state: CaseState): void {
  startProbationTimer(state);
}

/** Specification 3: what the rules say of a candidate's time away, assessment and outcome. */
function validateCandidateStep(state: CaseState, stepId: string, items: Items, candidateId: string): Verdict {
  const assessed = state.assessments[candidateId];
  if (stepId === 'probation.absence') {
    if (assessed) {
      return refuse(
        'CASE.STEP_CLOSED',
        `人选“${candidateId}”的试用期已考核，不再登记离岗`,
        `the probation of "${candidateId}" is assessed; time away is no longer recorded`,
        { candidateId },
      );
    }
    return checkAbsence(items['probation.absence.months']);
  }
  if (stepId === 'probation.assessment') {
    const recorded = state.absentMonths[candidateId] ?? 0;
    const given = items['probation.assessment.absent_months'];
    if (given !== undefined && given !== recorded) {
      return refuse(
        'PROB.EXTENSION',
        `已登记的离岗时间合计 ${recorded} 个月，与填写的 ${String(given)} 个月不符（离岗请先登记）`,
        `the time away recorded is ${recorded} months in all, not the ${String(given)} given (record time away first)`,
        { field: 'probation.assessment.absent_months', recorded },
      );
    }
    const finding = items['probation.assessment.finding'] as ProbationFinding;
    const seriousError = items['probation.assessment.serious_error'] === 'yes';
    // Where the deployment runs probation on a configured timer (a demonstration), its end is the timer's.
    if (!seriousError && state.input.timers?.probation) {
      return state.probationEnded
        ? { ok: true }
        : refuse(
            'PROB.NOT_ENDED',
            '试用期未满，不能考核转正',
            'probation has not ended; it cannot be assessed yet',
          );
    }
    return checkProbationAssessment(state.noticeOf[candidateId] ?? chinaToday(), chinaToday(), finding, {
      absentMonths: recorded,
      seriousError,
    });
  }
  if (stepId === 'probation.outcome' && assessed) {
    return checkProbationOutcome(
      assessed.finding,
      assessed.early,
      items['probation.outcome.outcome'],
      items['probation.outcome.early_end_reason'],
    );
  }
  return { ok: true };
}

/** The assessment waits for the end of probation (specification 3: each candidate's own). */
export function validateProbationStep(
  state: CaseState,
  stepId: string,
  items: Items,
  candidateId: string | undefined,
): Refusal | undefined {
  if (state.version >= 3) {
    if (candidateId === undefined) return undefined; // the order of steps refuses it
    const verdict = validateCandidateStep(state, stepId, items, candidateId);
    return verdict.ok ? undefined : verdict;
  }
  if (stepId === 'probation.assessment' && !state.probationEnded) {
    return refuse(
      'PROB.NOT_ENDED',
      '试用期未满，不能考核转正',
      'probation has not ended; it cannot be assessed yet',
    );
  }
  return undefined;
}

/** Specification 3: time away extends a candidate's probation; the outcome confirms or removes them. */
export function afterProbationStep(
  state: CaseState,
  stepId: string,
  items: Items,
  candidateId: string | undefined,
): void {
  if (state.version < 3 || candidateId === undefined) return;
  if (stepId === 'probation.absence') {
    const total = (state.absentMonths[candidateId] ?? 0) + (items['probation.absence.months'] as number);
    state.absentMonths[candidateId] = total;
    if (total > STATUTORY.probationAbsenceMonths) {
      const ends = endOf(state, candidateId);
      state.addFact(
        'probation.extended',
        `PROB.EXTENSION: ${candidateId} 试用期内离岗累计 ${total} 个月，超过六个月，试用期相应延长至 ${ends} / ${candidateId} was away ${total} months in all, over six: probation extended to ${ends}`,
        SERVICE,
      );
      if (!state.probationEnded) startProbationTimer(state);
      // Specification 5 (in full): the assessment's deadline moves with the probation.
      const noticeOn = state.noticeOf[candidateId];
      if (noticeOn !== undefined)
        moveDeadline(
          state,
          'probation.assessment',
          probationAssessmentDue(noticeOn, total, state.policy),
          candidateId,
        );
    }
  } else if (stepId === 'probation.assessment') {
    const early = items['probation.assessment.serious_error'] === 'yes';
    meetDeadline(state, 'probation.assessment', candidateId);
    state.assessments[candidateId] = {
      finding: items['probation.assessment.finding'] as ProbationFinding,
      early,
    };
    if (early) {
      state.addFact(
        'probation.ended_early',
        `PROB.EARLY_END: ${candidateId} 试用期内犯有严重错误，提前终止试用 / ${candidateId} made a serious error: probation ends early`,
        SERVICE,
      );
    }
  } else if (stepId === 'probation.outcome') {
    const confirmed = items['probation.outcome.outcome'] === 'confirmed';
    state.progress = setCandidate(
      state.progress,
      candidateId,
      confirmed ? 'confirmed' : 'removed',
      confirmed
        ? {}
        : {
            left: {
              code: 'PROB.OUTCOME',
              zh: '试用期考核不称职，免去试任职务',
              en: 'not competent on probation: removed from the post',
              gate: 'probation',
            },
          },
    );
    // Specification 5: a removal restores the previous grade, on the record.
    if (!confirmed && state.version >= 5) {
      state.addFact(
        'probation.removed',
        `PROB.OUTCOME: ${candidateId} 试用期满考核不称职，免去试任职务，恢复原职级 / ${candidateId} was not competent on probation: removed from the post, the previous grade restored`,
        SERVICE,
      );
    }
  }
}

export function onProbationEnd(state: CaseState): void {
  state.probationEnded = true;
  state.clearGateTimer();
  state.addFact('probation.ended', '试用期满 / probation ended', SERVICE);
}
