/** Gate 5 · consultation (征求意见): requests to the member units, their answers, the deadline. */
import type { ActorRef, ConsultationAnswerArgs } from '@jishi/contracts';
import {
  addDays,
  addMonths,
  checkObjectionsResolved,
  checkObjectionToResolve,
  CO_MANAGER_UNIT,
  coManagerConsentsOn,
  consultationDeadline,
  consultationUnits,
  type Refusal,
} from '@jishi/domain';
import { meetDeadline, openDeadline } from '../deadlines';
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
  if (state.version >= 5) {
    // Specification 5: each unit owes its answer by the deadline, reminded and escalated; the
    // co-manager's silence is its own month (below).
    for (const unit of consultation.units.filter((u) => u !== CO_MANAGER_UNIT))
      openDeadline(state, 'consultation.answer', sentOn, dueOn, unit);
  } else {
    const override = input.timers?.consultation;
    state.startTimer('consultation', override ? durationMs(override) : untilEndOfChinaDay(dueOn));
  }
  // Specification 3: a dual-managed cadre's co-manager silent for a month is taken to consent.
  consultation.sentOn = sentOn;
  if (state.version >= 3 && consultation.units.includes(CO_MANAGER_UNIT)) {
    const lastSilentDay = addDays(coManagerConsentsOn(sentOn), -1);
    // Specification 5 (in full): a deadline, the co-manager reminded that its silence will be consent.
    if (state.deadlinesInFull())
      openDeadline(state, 'consultation.co_manager_silence', sentOn, lastSilentDay, CO_MANAGER_UNIT);
    else state.startTimer('silence', untilEndOfChinaDay(lastSilentDay));
  }
}

/** Specification 3: the co-manager stayed silent a month from the request: its consent is recorded, with the dates. */
export function onCoManagerSilence(state: CaseState): void {
  const { consultation } = state;
  if (state.progress.gate !== 'consultation' || consultation.answered.has(CO_MANAGER_UNIT)) return;
  const today = chinaToday();
  const actor = SERVICE;
  state.addFact(
    'consultation.silence_consent',
    `CONS.SILENCE_CONSENT: 协管方自 ${consultation.sentOn} 征求意见起一个月未答复，${today} 起视为同意 / the co-manager did not answer within a month of ${consultation.sentOn}: taken to consent from ${today}`,
    actor,
  );
  answered(state, CO_MANAGER_UNIT, actor, {
    'consultation.answer.unit': CO_MANAGER_UNIT,
    'consultation.answer.opinion': 'consent_by_silence',
    'consultation.answer.content': `自 ${consultation.sentOn} 起一个月未答复，视为同意`,
    'consultation.answer.answered_on': today,
  });
}

/** Records a unit's answer and closes the consultation once every unit has answered. */
function answered(
  state: CaseState,
  unit: string,
  actor: ActorRef,
  items: Readonly<Record<string, unknown>>,
): void {
  const { consultation } = state;
  if (!state.recordIfAllowed('consultation.answer', actor, items, 'member_unit')) return;
  consultation.answered.add(unit);
  if (state.version >= 5) {
    meetDeadline(state, 'consultation.answer', unit);
    if (unit === CO_MANAGER_UNIT) meetDeadline(state, 'consultation.co_manager_silence', unit);
    // Specification 5: an objection holds the gate until the organization department resolves it.
    if (items['consultation.answer.opinion'] === 'objection') {
      consultation.objecting.push(unit);
      const held = checkObjectionsResolved([unit]);
      if (!held.ok) state.addFact('consultation.objection', `${held.code}: ${held.zh} / ${held.en}`, actor);
    }
  }
  closeWhenSettled(state);
}

/** Closes the consultation once every unit has answered and no objection waits. */
function closeWhenSettled(state: CaseState): void {
  const { consultation } = state;
  if (!consultation.units.every((u) => consultation.answered.has(u))) return;
  if (!checkObjectionsResolved(consultation.objecting).ok) return;
  state.record('consultation.close', SERVICE, {
    'consultation.close.summary': `${consultation.units.length} 个单位均已答复`,
  });
}

/** Specification 5: the resolution of an objection names a unit whose objection waits. */
export function validateConsultationStep(
  state: CaseState,
  stepId: string,
  items: Readonly<Record<string, unknown>>,
): Refusal | undefined {
  if (stepId !== 'consultation.objection_resolved') return undefined;
  const verdict = checkObjectionToResolve(
    items['consultation.objection_resolved.unit'],
    state.consultation.objecting,
  );
  return verdict.ok ? undefined : verdict;
}

/** Specification 5: an objection resolved; the consultation closes once none waits and all have answered. */
export function afterConsultationStep(
  state: CaseState,
  stepId: string,
  items: Readonly<Record<string, unknown>>,
): void {
  if (stepId !== 'consultation.objection_resolved') return;
  const unit = items['consultation.objection_resolved.unit'];
  state.consultation.objecting = state.consultation.objecting.filter((u) => u !== unit);
  closeWhenSettled(state);
}

export function onConsultationAnswer(state: CaseState, args: ConsultationAnswerArgs): void {
  const { consultation } = state;
  const { unit } = args;
  const actor: ActorRef = { id: unit, role: 'member_unit', unitId: unit };
  if (!consultation.units.includes(unit) || consultation.answered.has(unit)) {
    state.addFact('input.refused', `CONS.UNKNOWN_UNIT: ${unit}`, actor);
    return;
  }
  answered(state, unit, actor, {
    'consultation.answer.unit': unit,
    'consultation.answer.opinion': args.opinion,
    'consultation.answer.content': args.content,
    'consultation.answer.answered_on': args.answeredOn,
  });
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
