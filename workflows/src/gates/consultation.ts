/** Gate 5 · consultation (征求意见): requests to the member units, their answers, the deadline. */
import type { ActorRef, ConsultationAnswerArgs } from '@jishi/contracts';
import { addMonths, consultationDeadline, consultationUnits } from '@jishi/domain';
import {
  activities,
  type CaseState,
  chinaToday,
  durationMs,
  SERVICE,
  untilEndOfChinaDay,
} from '../case-state';

export async function openConsultation(state: CaseState): Promise<void> {
  const { consultation, policy, input } = state;
  consultation.units = consultationUnits(state.progress.profile, policy);
  const sentOn = chinaToday();
  let dueOn: string;
  if (state.calendarFromService) {
    dueOn = (
      await state.withCalendar(
        { zh: '计算征求意见答复期限', en: 'counting the consultation deadline' },
        (c) => consultationDeadline(sentOn, c, policy),
      )
    ).value;
  } else {
    try {
      dueOn = consultationDeadline(sentOn, state.calendar, policy);
    } catch {
      dueOn = addMonths(sentOn, 1);
    }
  }
  state.record('consultation.request', SERVICE, {
    'consultation.request.units': consultation.units,
    'consultation.request.sent_on': sentOn,
    'consultation.request.deadline': dueOn,
  });
  await state.flush();
  // Specification 2: the opinion is about every candidate proposed to the deciding body, and about
  // the other eligible candidates, any of whom may be proposed later for a post whose candidate fails.
  const proposed =
    state.version >= 2 ? [...state.candidatesIn('proposed'), ...state.candidatesIn('eligible')] : [];
  await activities.publishConsultationRequests({
    caseId: input.caseId,
    units: consultation.units,
    candidateId: (state.version >= 2 ? proposed[0] : state.candidateIds[0]) ?? '',
    ...(state.version >= 2 ? { candidateIds: proposed } : {}),
    dueOn,
  });
  const override = input.timers?.consultation;
  state.startTimer('consultation', override ? durationMs(override) : untilEndOfChinaDay(dueOn));
}

export function onConsultationAnswer(state: CaseState, args: ConsultationAnswerArgs): void {
  const { consultation } = state;
  const { unit } = args;
  const actor: ActorRef = { id: unit, role: 'member_unit', unitId: unit };
  if (!consultation.units.includes(unit) || consultation.answered.has(unit)) {
    state.addFact('input.refused', `CONS.UNKNOWN_UNIT: ${unit}`, actor);
    return;
  }
  if (
    state.recordIfAllowed(
      'consultation.answer',
      actor,
      {
        'consultation.answer.unit': unit,
        'consultation.answer.opinion': args.opinion,
        'consultation.answer.content': args.content,
        'consultation.answer.answered_on': args.answeredOn,
      },
      'member_unit',
    )
  ) {
    consultation.answered.add(unit);
    if (consultation.units.every((u) => consultation.answered.has(u))) {
      state.record('consultation.close', SERVICE, {
        'consultation.close.summary': `${consultation.units.length} 个单位均已答复`,
      });
    }
  }
}

export function onConsultationDeadline(state: CaseState): void {
  const { consultation } = state;
  if (state.progress.gate === 'consultation' && !consultation.overdue) {
    consultation.overdue = true;
    const waiting = consultation.units.filter((u) => !consultation.answered.has(u));
    if (waiting.length > 0)
      state.addFact(
        'consultation.overdue',
        `逾期未复：${waiting.join('、')} / overdue: ${waiting.join(', ')}`,
        SERVICE,
      );
  }
}
