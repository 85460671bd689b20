/** Gate 8 · probation (试用期转正): the year's timer, then the assessment. */
import { probationEnds, refuse, type Refusal } from '@jishi/domain';
import { type CaseState, chinaToday, durationMs, SERVICE, untilEndOfChinaDay } from '../case-state';

export function openProbation(state: CaseState): void {
  const override = state.input.timers?.probation;
  state.startTimer(
    'probation',
    override ? durationMs(override) : untilEndOfChinaDay(probationEnds(state.noticeOn ?? chinaToday())),
  );
}

/** The assessment waits for the end of probation. */
export function validateProbationStep(state: CaseState, stepId: string): Refusal | undefined {
  if (stepId === 'probation.assessment' && !state.probationEnded) {
    return refuse(
      'PROB.NOT_ENDED',
      '试用期未满，不能考核转正',
      'probation has not ended; it cannot be assessed yet',
    );
  }
  return undefined;
}

export function onProbationEnd(state: CaseState): void {
  state.probationEnded = true;
  state.nextDeadline = undefined;
  state.addFact('probation.ended', '试用期满 / probation ended', SERVICE);
}
