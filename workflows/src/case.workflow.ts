/**
 * The case workflow: one selection-and-appointment case (干部选拔任用事项), `case-<caseId>`, walked
 * through the nine gates in order by the rules of @jishi/domain. The case's state and the
 * mechanisms every gate uses are in case-state.ts; each gate's behaviour in gates/<gate>.ts.
 *
 * Deterministic workflow code: no I/O and no Node APIs; time and timers only through the sandbox.
 * Every fact is handed to the `publishCaseFact` activity in sequence order, one at a time, so the
 * archive receives the case's facts in order.
 */
import {
  type ActorRef,
  CALENDAR_CHANGED_SIGNAL,
  type CalendarChangedArgs,
  CASE_DEPARTMENT,
  type CaseInput,
  type CaseStatus,
  CONSULTATION_ANSWER_SIGNAL,
  type ConsultationAnswerArgs,
  OBJECTION_SIGNAL,
  ATTEMPT_REFUSED_SIGNAL,
  type AttemptRefusedArgs,
  type ObjectionArgs,
  SERVICE_RESULT_SIGNAL,
  type ServiceResultArgs,
  STATUS_QUERY,
  SUBMIT_STEP_UPDATE,
  type SubmitStepArgs,
  type SubmitStepResult,
} from '@jishi/contracts';
import {
  checkArrival,
  checkNoComputedItems,
  checkRequiredItems,
  decideStep,
  type GateKey,
  gateSpec,
  type Refusal,
  refuse,
  type Role,
  ROLES,
  stepSpec,
  validateItemValue,
} from '@jishi/domain';
import {
  condition,
  defineQuery,
  defineSignal,
  defineUpdate,
  patched,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import {
  CaseState,
  type Incoming,
  refusalFailure,
  SERVICE,
  SERVICE_GATE_PATCH,
  SERVICE_GATES,
} from './case-state';
import {
  afterAppointmentStep,
  announcementWork,
  countAnnouncementDue,
  onAnnouncementEnd,
  onCalendarChanged,
  onObjection,
  validateAppointmentStep,
} from './gates/appointment';
import {
  afterConsultationStep,
  onCoManagerSilence,
  onConsultationAnswer,
  onConsultationDeadline,
  openConsultation,
  validateConsultationStep,
} from './gates/consultation';
import {
  afterDecisionStep,
  callMeeting,
  onVotingResult,
  openDecision,
  validateDecisionStep,
} from './gates/decision';
import { afterDeliberationStep, validateDeliberationStep } from './gates/deliberation';
import {
  afterInspectionStep,
  afterInspected,
  afterServiceStep,
  checkNoticeDays,
  openInspection,
  startInspection,
  validateInspectionStep,
} from './gates/inspection';
import { afterMotionStep, validateMotionStep } from './gates/motion';
import { onNominated, openNomination } from './gates/nomination';
import {
  afterQualificationStep,
  prepareQualificationStep,
  validateQualificationStep,
} from './gates/qualification';
import { afterProbationStep, onProbationEnd, openProbation, validateProbationStep } from './gates/probation';
import { awaitSignOff, recordSignOff, signOffOf, validateSignOff } from './gates/signoff';
import { closeDeadlines, onDeadlineTimer, openCountedDeadline, sendDeadlineNotices } from './deadlines';
import { onAttemptRefused } from './refusals';

export {
  AWAITING_PATCH,
  CALENDAR_PATCH,
  CLOSED_GATE_PATCH,
  DEADLINES_IN_FULL_PATCH,
  durationMs,
  OBJECTION_CANDIDATE_PATCH,
} from './case-state';
export { UPPER_REJECTION_PATCH } from './gates/motion';

export const submitStepUpdate = defineUpdate<SubmitStepResult, [SubmitStepArgs]>(SUBMIT_STEP_UPDATE);
export const serviceResultSignal = defineSignal<[ServiceResultArgs]>(SERVICE_RESULT_SIGNAL);
export const consultationAnswerSignal = defineSignal<[ConsultationAnswerArgs]>(CONSULTATION_ANSWER_SIGNAL);
export const objectionSignal = defineSignal<[ObjectionArgs]>(OBJECTION_SIGNAL);
export const attemptRefusedSignal = defineSignal<[AttemptRefusedArgs]>(ATTEMPT_REFUSED_SIGNAL);
export const calendarChangedSignal = defineSignal<[CalendarChangedArgs]>(CALENDAR_CHANGED_SIGNAL);
export const statusQuery = defineQuery<CaseStatus>(STATUS_QUERY);

/**
 * Specification 5: every candidate who was appointed was removed on probation (none confirmed): the
 * case ends as `removed`, not as completed.
 */
function everyAppointeeRemoved(state: CaseState): boolean {
  if (state.version < 5) return false;
  const candidates = state.progress.candidates ?? [];
  return candidates.some((c) => c.status === 'removed') && !candidates.some((c) => c.status === 'confirmed');
}

/** The result of a case. */
export interface CaseOutcome {
  readonly status: 'completed' | 'not_appointed' | 'removed';
  readonly appointedCandidateId?: string;
  readonly facts: number;
}

/** The case workflow. */
export async function caseWorkflow(input: CaseInput): Promise<CaseOutcome> {
  const state = new CaseState(input);

  setHandler(statusQuery, () => state.statusView());

  // --- single-actor steps: an Update with a validator ---------------------------------------------

  function validateSubmission(args: SubmitStepArgs): void {
    const fail = (refusal: Refusal) => {
      throw refusalFailure(refusal);
    };
    // Specification 4: a gate's sign-off, also after the case's work is over, until it is archived.
    const signing = args && typeof args.stepId === 'string' ? signOffOf(state, args.stepId) : undefined;
    if (signing && args.actor && typeof args.actor.role === 'string' && args.actor.role !== 'service') {
      const refusal = validateSignOff(state, signing, args.actor, args.items ?? {}, args.candidateId);
      if (refusal) fail(refusal);
      return;
    }
    if (state.status !== 'running') {
      fail(refuse('CASE.COMPLETED', '该事项已结束', 'the case has ended', { status: state.status }));
    }
    if (!args || typeof args.stepId !== 'string' || !args.actor || typeof args.actor.role !== 'string') {
      fail(refuse('CASE.UNKNOWN_STEP', '请求缺少环节或办理人', 'the request lacks a step or an actor'));
    }
    if (!(ROLES as readonly string[]).includes(args.actor.role) || args.actor.role === 'service') {
      fail(
        refuse(
          'CASE.ROLE_NOT_ALLOWED',
          `角色“${args.actor.role}”不能办理环节`,
          `the role ${args.actor.role} cannot submit steps`,
          { role: args.actor.role },
        ),
      );
    }
    // A step a service, a member unit or the workflow brings is never a person's to post.
    const arrival = checkArrival(args.stepId, 'person', state.progress.version);
    if (!arrival.ok) fail(arrival);
    const verdict = decideStep(state.progress, args.stepId, args.actor.role as Role, args.candidateId);
    if (!verdict.ok) fail(verdict);
    const items = args.items ?? {};
    for (const [key, value] of Object.entries(items)) {
      // A gate's sign-off items are filled by the sign-off itself from specification 4, not beside another step.
      const signOffItem = state.version < 4 && key.startsWith(`${stepSpec(args.stepId)?.gate}.signoff.`);
      if (!key.startsWith(`${args.stepId}.`) && !signOffItem) {
        fail(
          refuse(
            'CATALOGUE.UNKNOWN_ITEM',
            `数据项“${key}”不属于环节“${args.stepId}”`,
            `the item "${key}" does not belong to the step "${args.stepId}"`,
            { key },
          ),
        );
      }
      const valid = validateItemValue(key, value);
      if (!valid.ok) fail(valid);
    }
    if (state.version >= 2) {
      // Specification 2: the step carries every item it requires, and none the rules draw.
      const computed = checkNoComputedItems(items);
      if (!computed.ok) fail(computed);
      const required = checkRequiredItems(args.stepId, items, state.progress.profile);
      if (!required.ok) fail(required);
    }
    const gateRefusal =
      validateQualificationStep(state, args.stepId, items) ??
      validateMotionStep(state, args.stepId, items) ??
      validateInspectionStep(state, args.stepId, items) ??
      validateDeliberationStep(state, args.stepId, items) ??
      validateConsultationStep(state, args.stepId, items) ??
      validateDecisionStep(state, args.stepId, items, args.candidateId) ??
      validateProbationStep(state, args.stepId, items, args.candidateId) ??
      validateAppointmentStep(state, args.stepId, items, args.candidateId);
    if (gateRefusal) fail(gateRefusal);
  }

  setHandler(
    submitStepUpdate,
    async (args) => {
      const signing = signOffOf(state, args.stepId);
      if (signing) {
        const signed = recordSignOff(state, signing, args.actor, args.items ?? {});
        await condition(() => state.published >= signed);
        return { sequence: signed, gate: String(state.progress.gate) };
      }
      const given = args.items ?? {};
      const items = state.version >= 2 ? prepareQualificationStep(state, args.stepId, given) : given;
      const sequence = state.record(args.stepId, args.actor, items, args.candidateId);
      afterStep(args.stepId, items, args.candidateId);
      // Return once the fact is handed to the record, so the caller knows it is kept.
      await condition(() => state.published >= sequence);
      return { sequence, gate: String(state.progress.gate) };
    },
    { validator: validateSubmission },
  );

  /** What a human step sets in motion. */
  function afterStep(
    stepId: string,
    items: Readonly<Record<string, unknown>>,
    candidateId: string | undefined,
  ): void {
    if (state.version >= 2) afterQualificationStep(state, stepId, items, candidateId);
    afterMotionStep(state, stepId, items);
    afterInspectionStep(state, stepId, items);
    afterDeliberationStep(state, stepId, items);
    afterConsultationStep(state, stepId, items);
    afterDecisionStep(state, stepId, items, candidateId);
    afterAppointmentStep(state, stepId, items, candidateId);
    afterProbationStep(state, stepId, items, candidateId);
  }

  // --- asynchronous inputs: Signals, processed in order by the main loop ---------------------------

  setHandler(serviceResultSignal, (args) => void state.inbox.push({ kind: 'service', args }));
  setHandler(consultationAnswerSignal, (args) => void state.inbox.push({ kind: 'answer', args }));
  setHandler(objectionSignal, (args) => void state.inbox.push({ kind: 'objection', args }));
  setHandler(attemptRefusedSignal, (args) => void state.inbox.push({ kind: 'refused', args }));
  setHandler(calendarChangedSignal, (args) => {
    state.calendarChanges.add(args.year);
    onCalendarChanged(state, args);
  });

  /** The prefix of a refused result's id in `seenEvents`, with the gate it was refused at. */
  const REFUSED_AT = 'refused-at:';

  /** A gate's Chinese name, or the key itself where it names no gate (completed). */
  const gateZh = (key: string | undefined): string =>
    key === undefined ? '—' : (gateSpec(key as GateKey)?.zh ?? key);

  function handle(message: Incoming): void {
    if (message.kind === 'timer') {
      if (message.generation !== state.timerGeneration[message.name]) return;
      if (message.name === 'announcement') onAnnouncementEnd(state);
      else if (message.name === 'probation') onProbationEnd(state);
      else if (message.name === 'silence') onCoManagerSilence(state);
      else onConsultationDeadline(state);
      return;
    }
    if (message.kind === 'deadline') {
      // A co-manager's month of silence ran out: its consent is recorded, with the dates.
      if (onDeadlineTimer(state, message) === 'consent') onCoManagerSilence(state);
      return;
    }
    if (state.seenEvents.has(message.args.eventId)) return; // a redelivered message changes nothing
    // A result refused for arriving outside its gate is remembered for that gate only: its redelivery
    // there changes nothing, and its id stays free for the result when the gate opens.
    if (state.seenEvents.has(`${REFUSED_AT}${state.progress.gate}:${message.args.eventId}`)) return;
    state.seenEvents.add(message.args.eventId);
    if (message.kind === 'service') {
      const { args } = message;
      const actor: ActorRef = { id: `${args.service}-service`, role: 'service' };
      const own = SERVICE_GATES[args.service];
      if (own !== state.progress.gate && patched(SERVICE_GATE_PATCH)) {
        state.addFact(
          'input.refused',
          `RESULT.NOT_ITS_GATE: ${args.service} 服务的结果只在“${gateZh(own)}”环节受理，本事项现处于“${gateZh(state.progress.gate)}”环节 / a result of the ${args.service} service is taken only at its own gate (${own ?? 'none'}); the case is at ${state.progress.gate}`,
          actor,
        );
        state.seenEvents.delete(args.eventId);
        state.seenEvents.add(`${REFUSED_AT}${state.progress.gate}:${args.eventId}`);
        return;
      }
      if (args.service === 'voting' && onVotingResult(state, args, actor)) return;
      let resulted = false;
      for (const step of args.steps) {
        if (
          state.recordIfAllowed(step.stepId, actor, step.items, args.service, step.candidateId, step.actors)
        ) {
          afterServiceStep(state, step);
          resulted ||= step.stepId === 'nomination.result';
        }
      }
      if (args.candidateIds.length > 0) state.candidateIds = [...args.candidateIds];
      // The nominated, once the recommendation result is on the record (a refused one names no one).
      if (resulted && state.version >= 2) onNominated(state, args.candidateIds);
      if (args.service === 'inspection') afterInspected(state);
      return;
    }
    if (message.kind === 'answer') onConsultationAnswer(state, message.args);
    else if (message.kind === 'refused') onAttemptRefused(state, message.args);
    else onObjection(state, message.args);
  }

  // --- what opening a gate sets in motion ----------------------------------------------------------

  async function openGate(gate: string): Promise<void> {
    state.openedGates.add(gate as GateKey);
    state.addFact('gate.opened', `${gateSpec(gate as GateKey).zh} / ${gate}`, SERVICE);
    switch (gate) {
      case 'nomination':
        return openNomination(state);
      case 'inspection':
        return openInspection(state);
      case 'consultation':
        return openConsultation(state);
      case 'decision':
        return openDecision(state);
      case 'probation':
        return openProbation(state);
      default:
        return;
    }
  }

  // --- the main loop -------------------------------------------------------------------------------

  upsertSearchAttributes([{ key: CASE_DEPARTMENT, value: input.departmentId }]);
  state.addFact('case.started', `${input.title}（${workflowInfo().workflowId}）`, input.startedBy);
  let opened = '';
  while (state.status === 'running' && state.progress.gate !== 'completed') {
    if (state.progress.gate !== opened) {
      opened = state.progress.gate;
      state.refresh();
      await openGate(opened);
      state.refresh();
    }
    await state.flush();
    state.refreshAwaiting();
    await condition(
      () =>
        state.inbox.length > 0 ||
        state.published < state.facts.length ||
        state.progress.gate !== opened ||
        state.status !== 'running' ||
        announcementWork(state) ||
        state.due.size > 0 ||
        state.deadlinesToCount.length > 0 ||
        state.reminders.length > 0,
    );
    while (state.inbox.length > 0) handle(state.inbox.shift() as Incoming);
    await countAnnouncementDue(state);
    if (state.due.delete('inspection.start') && state.status === 'running') await startInspection(state);
    if (state.due.delete('inspection.notice')) await checkNoticeDays(state);
    // Specification 5: deadlines counted in working days open once the calendar is read; supervisors
    // see the next deadline and what is overdue.
    for (let next = state.deadlinesToCount.shift(); next; next = state.deadlinesToCount.shift()) {
      await openCountedDeadline(state, next.key, next.startOn, next.subject);
    }
    if (state.reminders.length > 0) await sendDeadlineNotices(state);
    if (state.deadlinesChanged) {
      state.deadlinesChanged = false;
      state.refresh();
    }
    if (state.due.delete('decision.meeting') && state.status === 'running') await callMeeting(state);
  }
  // Specification 5: the case's work is over; no deadline of it is owed any longer.
  if (state.version >= 5) closeDeadlines(state);
  // Specification 4: archived only when every gate the case went through is signed off.
  if (state.version >= 4) {
    state.nextDeadline = undefined;
    await awaitSignOff(state);
  }
  if (state.status === 'running') state.status = everyAppointeeRemoved(state) ? 'removed' : 'completed';
  state.addFact(
    state.status === 'completed'
      ? 'case.completed'
      : state.status === 'removed'
        ? 'case.removed'
        : 'case.closed',
    state.status === 'completed'
      ? '事项办结 / case completed'
      : state.status === 'removed'
        ? '试用期满考核均不称职，免去试任职务，事项结束 / every appointee was removed on probation; case closed'
        : '未予任职，事项结束 / not appointed; case closed',
    SERVICE,
  );
  state.nextDeadline = undefined;
  state.refresh();
  state.refreshAwaiting();
  await state.flush();
  return {
    status: state.status,
    ...(state.status === 'completed' && state.appointedCandidateId
      ? { appointedCandidateId: state.appointedCandidateId }
      : {}),
    facts: state.facts.length,
  };
}
