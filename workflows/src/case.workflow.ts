/**
 * The case workflow: one selection-and-appointment case (干部选拔任用事项), `case-<caseId>`, walked
 * through the nine gates in order by the rules of @jishi/domain.
 *
 * Deterministic workflow code: no I/O and no Node APIs; time and timers only through the sandbox.
 * Every fact is handed to the `publishCaseFact` activity in sequence order, one at a time, so the
 * archive receives the case's facts in order.
 */
import {
  type ActorRef,
  CALENDAR_CHANGED_SIGNAL,
  type CalendarChangedArgs,
  calendarAwaiting,
  CASE_AWAITING,
  CASE_DEPARTMENT,
  CASE_GATE,
  CASE_NEXT_DEADLINE,
  CASE_STATUS,
  type CaseInput,
  type CaseStatus,
  CONSULTATION_ANSWER_SIGNAL,
  type ConsultationAnswerArgs,
  OBJECTION_SIGNAL,
  type ObjectionArgs,
  SERVICE_RESULT_SIGNAL,
  type ServiceResultArgs,
  STATUS_QUERY,
  SUBMIT_STEP_UPDATE,
  type SubmitStepArgs,
  type SubmitStepResult,
} from '@jishi/contracts';
import {
  addMonths,
  announcementEnds,
  checkAnnouncementStart,
  chinaDateOf,
  chinaDayEndMs,
  probationEnds,
  applyStep,
  type CaseProgress,
  caseProfile,
  consultationDeadline,
  consultationUnits,
  checkArrival,
  checkObjectionInTime,
  checkUpperApprovalReply,
  decideStep,
  type Policy,
  resolvePolicy,
  DomainError,
  type GateKey,
  gateSpec,
  missingSteps,
  type Refusal,
  refuse,
  type Role,
  ROLES,
  type StepArrival,
  type Verdict,
  startCase,
  stepSpec,
  validateItemValue,
  WorkingCalendar,
} from '@jishi/domain';
import {
  ApplicationFailure,
  condition,
  defineQuery,
  defineSignal,
  defineUpdate,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type {
  CalendarYearRead,
  CaseActivities,
  CaseFact,
  ServiceCommand,
} from './activities/case.activities';

export const submitStepUpdate = defineUpdate<SubmitStepResult, [SubmitStepArgs]>(SUBMIT_STEP_UPDATE);
export const serviceResultSignal = defineSignal<[ServiceResultArgs]>(SERVICE_RESULT_SIGNAL);
export const consultationAnswerSignal = defineSignal<[ConsultationAnswerArgs]>(CONSULTATION_ANSWER_SIGNAL);
export const objectionSignal = defineSignal<[ObjectionArgs]>(OBJECTION_SIGNAL);
export const calendarChangedSignal = defineSignal<[CalendarChangedArgs]>(CALENDAR_CHANGED_SIGNAL);
export const statusQuery = defineQuery<CaseStatus>(STATUS_QUERY);

// Publishing to Kafka takes milliseconds; a worker that dies mid-publish is retried after 10 s.
const activities = proxyActivities<CaseActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** The result of a case. */
export interface CaseOutcome {
  readonly status: 'completed' | 'not_appointed';
  readonly appointedCandidateId?: string;
  readonly facts: number;
}

/** Today's date in China, from workflow time. */
function chinaToday(): string {
  return chinaDateOf(Date.now());
}

/** Milliseconds from now to the end of a China calendar day. */
function untilEndOfChinaDay(date: string): number {
  return Math.max(0, chinaDayEndMs(date) - Date.now());
}

/**
 * A case waiting for a year's official schedule is signalled when it is loaded; in case a signal is
 * lost, it also looks again this often.
 */
const CALENDAR_RECHECK = '6 hours';

/** A configured duration ("500ms", "5s", "2m", "1h", "3d") in milliseconds. */
export function durationMs(text: string): number {
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(text.trim());
  if (!match) throw ApplicationFailure.nonRetryable(`not a duration: ${text}`, 'CONFIG.INVALID_DURATION');
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[
    match[2] as 'ms' | 's' | 'm' | 'h' | 'd'
  ];
  return Number(match[1]) * unit;
}

/** A refusal as the failure an Update's caller receives: the code and both messages survive the trip. */
function refusalFailure(refusal: Refusal): ApplicationFailure {
  return ApplicationFailure.create({
    type: refusal.code,
    message: `${refusal.zh} / ${refusal.en}`,
    nonRetryable: true,
    details: [refusal],
  });
}

type Incoming =
  | { kind: 'service'; args: ServiceResultArgs }
  | { kind: 'answer'; args: ConsultationAnswerArgs }
  | { kind: 'objection'; args: ObjectionArgs }
  | { kind: 'timer'; name: TimerName; generation: number };

type TimerName = 'announcement' | 'probation' | 'consultation';

/** The years of the state calendar a count used, each as read (with its version and source). */
type CalendarBasis = ReadonlyMap<number, CalendarYearRead>;

/** "2026 年第 0 版（npm chinese-days 1.5.7）…", and the same in English. */
function basisText(basis: CalendarBasis): { zh: string; en: string } {
  const years = [...basis.values()].sort((a, b) => a.year - b.year);
  return {
    zh: years.map((y) => `${y.year} 年第 ${y.version} 版（${y.source}）`).join('、'),
    en: years.map((y) => `${y.year} version ${y.version} (${y.source})`).join(', '),
  };
}

const SERVICE: ActorRef = { id: 'case-workflow', role: 'service' };

/**
 * Patch: the case keeps the `CaseAwaiting` search attribute (whom it waits on) current, so member
 * units and supervisors find cases without querying each one. Histories recorded before it replay
 * without the extra upserts.
 */
export const AWAITING_PATCH = 'case-awaiting-search-attribute';

/**
 * Patch: working days are counted from the calendar service's schedules, read through an activity
 * (recorded in history), and a case that needs a year not loaded yet waits for it, visibly
 * (`waitingOn` and `CaseAwaiting` name `calendar:<year>`), instead of refusing or guessing. The
 * announcement's start is given with the step and its last day is counted and recorded. Cases
 * started before it keep the package's calendar bundled with the workflow code.
 */
export const CALENDAR_PATCH = 'calendar-from-service';

/** Patch: an upper department's rejection of the motion ends the case instead of letting it go on. */
export const UPPER_REJECTION_PATCH = 'upper-approval-rejection';

/** Patch: a case closed without appointment keeps `CaseGate = closed`, as its status says. */
export const CLOSED_GATE_PATCH = 'closed-case-gate';

/** The case workflow. */
export async function caseWorkflow(input: CaseInput): Promise<CaseOutcome> {
  // Decided once, at the start: a case keeps the calendar behaviour it started with all its life.
  const calendarFromService = patched(CALENDAR_PATCH);
  const calendar = WorkingCalendar.official();
  const resolved = resolvePolicy((input.policy ?? {}) as Partial<Policy>);
  if (Array.isArray(resolved)) {
    throw ApplicationFailure.nonRetryable(resolved.map((r) => r.en).join('; '), 'POLICY.INVALID', resolved);
  }
  const policy: Policy = resolved;
  let progress: CaseProgress = startCase(caseProfile(input.profile as Parameters<typeof caseProfile>[0]));
  let status: CaseStatus['status'] = 'running';
  let candidateIds: string[] = [];
  let appointedCandidateId: string | undefined;
  let nextDeadline: Date | undefined;
  let probationEnded = false;
  let noticeOn: string | undefined;
  const seenEvents = new Set<string>();
  const inbox: Incoming[] = [];
  const facts: CaseFact[] = [];
  let published = 0;
  const consultation = { units: [] as string[], answered: new Set<string>(), overdue: false };
  /** The announcement's start, once the step is taken, until its period is counted. */
  let announcementToCount: string | undefined;
  /** The announcement's first and last day, as given and counted, and the calendar it was counted by. */
  let announcementStartsOn: string | undefined;
  let announcementEndsOn: string | undefined;
  let announcementBasis: CalendarBasis | undefined;
  /** The instant the announcement ends (its timer's), once it runs. */
  let announcementEndsAt: number | undefined;
  /** A year the announcement was counted by has changed: count it again. */
  let announcementRecount = false;
  /** Each timer's generation: a timer superseded by a later one of the same name fires for nothing. */
  const timerGeneration: Record<TimerName, number> = { announcement: 0, probation: 0, consultation: 0 };
  /** The year whose official schedule the case waits for, if it does. */
  let awaitedYear: number | undefined;
  /** Years the calendar service said changed since the case last read them. */
  const calendarChanges = new Set<number>();

  // --- facts, in order -------------------------------------------------------------------------

  function addFact(kind: string, summary: string, actor: ActorRef, step?: CaseFact['step']): number {
    const fact: CaseFact = {
      caseId: input.caseId,
      sequence: facts.length + 1,
      gate: String(progress.gate),
      kind,
      summary,
      actor,
      occurredAt: new Date(Date.now()).toISOString(),
      ...(step ? { step } : {}),
    };
    facts.push(fact);
    return fact.sequence;
  }

  function record(stepId: string, actor: ActorRef, items: Readonly<Record<string, unknown>>): number {
    progress = applyStep(progress, stepId, actor.role as Role);
    const spec = stepSpec(stepId);
    return addFact('step.recorded', `${spec?.zh ?? stepId} / ${spec?.en ?? stepId}`, actor, {
      stepId,
      items,
    });
  }

  function refresh(): void {
    // A case closed without appointment lists as closed, as its status says (cases before the patch
    // listed the gate where they stopped).
    const closed = status === 'not_appointed' && patched(CLOSED_GATE_PATCH);
    upsertSearchAttributes([
      { key: CASE_GATE, value: closed ? 'closed' : String(progress.gate) },
      { key: CASE_STATUS, value: status },
      { key: CASE_NEXT_DEADLINE, value: nextDeadline ?? null },
    ]);
  }

  let awaiting = '';
  /** Upserts whom the case waits on when that changed (cases started before the patch do not). */
  function refreshAwaiting(): void {
    if (!patched(AWAITING_PATCH)) return;
    const now = waitingOn();
    if (now.join(',') === awaiting) return;
    awaiting = now.join(',');
    upsertSearchAttributes([{ key: CASE_AWAITING, value: now }]);
  }

  // --- queries -----------------------------------------------------------------------------------

  function waitingOn(): string[] {
    if (status !== 'running' || progress.gate === 'completed') return [];
    if (awaitedYear !== undefined) return [calendarAwaiting(awaitedYear)];
    if (progress.gate === 'consultation')
      return consultation.units.filter((u) => !consultation.answered.has(u));
    return [...new Set(missingSteps(progress, progress.gate).flatMap((s) => s.roles))];
  }

  setHandler(statusQuery, () => ({
    caseId: input.caseId,
    departmentId: input.departmentId,
    title: input.title,
    gate: status === 'not_appointed' ? 'closed' : String(progress.gate),
    status,
    done: progress.done,
    missing: progress.gate === 'completed' ? [] : missingSteps(progress, progress.gate).map((s) => s.id),
    waitingOn: waitingOn(),
    ...(nextDeadline ? { nextDeadline: nextDeadline.toISOString() } : {}),
    ...(announcementStartsOn
      ? {
          announcement: {
            startsOn: announcementStartsOn,
            ...(announcementEndsOn ? { endsOn: announcementEndsOn } : {}),
          },
        }
      : {}),
    candidateIds,
    ...(appointedCandidateId ? { appointedCandidateId } : {}),
    facts: facts.length,
  }));

  // --- single-actor steps: an Update with a validator ---------------------------------------------

  function validateSubmission(args: SubmitStepArgs): void {
    const fail = (refusal: Refusal) => {
      throw refusalFailure(refusal);
    };
    if (status !== 'running') {
      fail(refuse('CASE.COMPLETED', '该事项已结束', 'the case has ended', { status }));
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
    const arrival = checkArrival(args.stepId, 'person');
    if (!arrival.ok) fail(arrival);
    const verdict = decideStep(progress, args.stepId, args.actor.role as Role);
    if (!verdict.ok) fail(verdict);
    if (args.stepId === 'appointment.objection') {
      const late = objectionTooLate();
      if (!late.ok) fail(late);
    }
    const items = args.items ?? {};
    for (const [key, value] of Object.entries(items)) {
      if (!key.startsWith(`${args.stepId}.`) && !key.startsWith(`${stepSpec(args.stepId)?.gate}.signoff.`)) {
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
    if (args.stepId === 'probation.assessment' && !probationEnded) {
      fail(
        refuse(
          'PROB.NOT_ENDED',
          '试用期未满，不能考核转正',
          'probation has not ended; it cannot be assessed yet',
        ),
      );
    }
    if (args.stepId === 'appointment.announcement' && calendarFromService) {
      const startsOn = items['appointment.announcement.starts_on'];
      const verdict = checkAnnouncementStart(
        typeof startsOn === 'string' ? startsOn : chinaToday(),
        chinaToday(),
        'appointment.announcement.ends_on' in items,
        policy,
      );
      if (!verdict.ok) fail(verdict);
    }
    // Before the calendar patch: the announcement's end is counted in working days only when its
    // length is not configured; a year whose holidays are not loaded yet is refused then.
    if (args.stepId === 'appointment.announcement' && !calendarFromService && !input.timers?.announcement) {
      try {
        announcementEnds(chinaToday(), calendar, policy);
      } catch (err) {
        if (err instanceof DomainError) fail(err.refusal);
        throw err;
      }
    }
  }

  setHandler(
    submitStepUpdate,
    async (args) => {
      const sequence = record(args.stepId, args.actor, args.items ?? {});
      afterStep(args.stepId, args.items ?? {});
      // Return once the fact is handed to the record, so the caller knows it is kept.
      await condition(() => published >= sequence);
      return { sequence, gate: String(progress.gate) };
    },
    { validator: validateSubmission },
  );

  // --- asynchronous inputs: Signals, processed in order by the main loop ---------------------------

  setHandler(serviceResultSignal, (args) => void inbox.push({ kind: 'service', args }));
  setHandler(consultationAnswerSignal, (args) => void inbox.push({ kind: 'answer', args }));
  setHandler(objectionSignal, (args) => void inbox.push({ kind: 'objection', args }));
  setHandler(calendarChangedSignal, (args) => {
    calendarChanges.add(args.year);
    const used = announcementBasis?.get(args.year);
    if (used && used.version !== args.version && !progress.done['appointment.announcement_end']) {
      announcementRecount = true;
    }
  });

  /** Applies a step a service or the workflow itself did; a step the rules refuse is recorded as refused. */
  function recordIfAllowed(
    stepId: string,
    actor: ActorRef,
    items: Readonly<Record<string, unknown>>,
    arrival: StepArrival,
  ): boolean {
    const way = checkArrival(stepId, arrival);
    const verdict = way.ok ? decideStep(progress, stepId, actor.role as Role) : way;
    if (!verdict.ok) {
      addFact('input.refused', `${verdict.code}: ${verdict.zh} / ${verdict.en}`, actor);
      return false;
    }
    record(stepId, actor, items);
    return true;
  }

  function handle(message: Incoming): void {
    if (message.kind === 'timer') {
      if (message.generation === timerGeneration[message.name]) onTimer(message.name);
      return;
    }
    if (seenEvents.has(message.args.eventId)) return; // a redelivered message changes nothing
    seenEvents.add(message.args.eventId);
    if (message.kind === 'service') {
      const actor: ActorRef = { id: `${message.args.service}-service`, role: 'service' };
      if (message.args.service === 'voting' && message.args.outcome !== 'passed') {
        status = 'not_appointed';
        addFact(
          'decision.not_passed',
          `表决未通过（${message.args.outcome}）/ the vote did not pass (${message.args.outcome})`,
          actor,
        );
        return;
      }
      for (const step of message.args.steps)
        recordIfAllowed(step.stepId, actor, step.items, message.args.service);
      if (message.args.candidateIds.length > 0) candidateIds = [...message.args.candidateIds];
      return;
    }
    if (message.kind === 'answer') {
      const { unit } = message.args;
      const actor: ActorRef = { id: unit, role: 'member_unit', unitId: unit };
      if (!consultation.units.includes(unit) || consultation.answered.has(unit)) {
        addFact('input.refused', `CONS.UNKNOWN_UNIT: ${unit}`, actor);
        return;
      }
      if (
        recordIfAllowed(
          'consultation.answer',
          actor,
          {
            'consultation.answer.unit': unit,
            'consultation.answer.opinion': message.args.opinion,
            'consultation.answer.content': message.args.content,
            'consultation.answer.answered_on': message.args.answeredOn,
          },
          'member_unit',
        )
      ) {
        consultation.answered.add(unit);
        if (consultation.units.every((u) => consultation.answered.has(u))) {
          record('consultation.close', SERVICE, {
            'consultation.close.summary': `${consultation.units.length} 个单位均已答复`,
          });
        }
      }
      return;
    }
    const desk: ActorRef = { id: 'objection-desk', role: 'org_staff' };
    const late = objectionTooLate();
    if (!late.ok) {
      addFact('input.refused', `${late.code}: ${late.zh} / ${late.en}`, desk);
      return;
    }
    recordIfAllowed(
      'appointment.objection',
      desk,
      {
        'appointment.objection.received_on': message.args.receivedOn,
        'appointment.objection.anonymous': message.args.anonymous ? 'yes' : 'no',
        'appointment.objection.content': message.args.content,
        'appointment.objection.serious_and_specific': message.args.seriousAndSpecific ? 'yes' : 'no',
      },
      'person',
    );
  }

  /**
   * An objection that arrives once the announcement's end has passed is refused, even when it comes in
   * the same activation as the end's own timer, which the rules' order of steps cannot see yet.
   */
  function objectionTooLate(): Verdict {
    if (!calendarFromService || announcementEndsAt === undefined) return { ok: true };
    return checkObjectionInTime(Date.now(), announcementEndsAt);
  }

  // --- timers ------------------------------------------------------------------------------------

  function startTimer(name: TimerName, ms: number): void {
    nextDeadline = new Date(Date.now() + ms);
    if (name === 'announcement') announcementEndsAt = Date.now() + ms;
    timerGeneration[name] += 1;
    const generation = timerGeneration[name];
    void sleep(ms).then(() => inbox.push({ kind: 'timer', name, generation }));
  }

  function onTimer(name: TimerName): void {
    if (name === 'announcement') {
      record('appointment.announcement_end', SERVICE, {
        // The period's last day as counted; the timer fires as it ends, when China's date is the next.
        'appointment.announcement_end.ended_on':
          calendarFromService && announcementEndsOn ? announcementEndsOn : chinaToday(),
        'appointment.announcement_end.result':
          (progress.done['appointment.objection'] ?? 0) > 0 ? 'objections_resolved' : 'no_objection',
      });
      nextDeadline = undefined;
    } else if (name === 'probation') {
      probationEnded = true;
      nextDeadline = undefined;
      addFact('probation.ended', '试用期满 / probation ended', SERVICE);
    } else if (progress.gate === 'consultation' && !consultation.overdue) {
      consultation.overdue = true;
      const waiting = consultation.units.filter((u) => !consultation.answered.has(u));
      if (waiting.length > 0)
        addFact(
          'consultation.overdue',
          `逾期未复：${waiting.join('、')} / overdue: ${waiting.join(', ')}`,
          SERVICE,
        );
    }
  }

  /** What a human step sets in motion. */
  function afterStep(stepId: string, items: Readonly<Record<string, unknown>>): void {
    if (stepId === 'appointment.announcement' && calendarFromService) {
      const startsOn = items['appointment.announcement.starts_on'];
      announcementToCount = typeof startsOn === 'string' ? startsOn : chinaToday();
      announcementStartsOn = announcementToCount;
    } else if (stepId === 'appointment.announcement') {
      const override = input.timers?.announcement;
      startTimer(
        'announcement',
        override
          ? durationMs(override)
          : untilEndOfChinaDay(announcementEnds(chinaToday(), calendar, policy)),
      );
    }
    if (stepId === 'motion.upper_approval' && patched(UPPER_REJECTION_PATCH)) {
      const reply = checkUpperApprovalReply(items['motion.upper_approval.reply']);
      if (!reply.ok) {
        status = 'not_appointed';
        addFact('motion.rejected', `${reply.code}: ${reply.zh} / ${reply.en}`, SERVICE);
      }
    }
    if (stepId === 'appointment.objection_outcome') {
      const action = items['appointment.objection_outcome.action'];
      if (action === 'do_not_appoint') {
        status = 'not_appointed';
        addFact('appointment.refused', '经调查不予任职 / not appointed after investigation', SERVICE);
      }
    }
    if (stepId === 'appointment.notice') {
      noticeOn = chinaToday();
      appointedCandidateId = candidateIds[0];
    }
  }

  // --- what opening a gate sets in motion ----------------------------------------------------------

  /** The rules the case runs by, for the service whose gate opens: its resolved policy and profile. */
  function rules(): ServiceCommand['rules'] {
    return { policy, profile: progress.profile };
  }

  async function openGate(gate: string): Promise<void> {
    addFact('gate.opened', `${gateSpec(gate as GateKey).zh} / ${gate}`, SERVICE);
    switch (gate) {
      case 'nomination':
        await flush();
        await activities.sendServiceCommand({
          caseId: input.caseId,
          service: 'nomination',
          posts: input.posts,
          expectedParticipants: input.recommendationParticipants,
          candidateIds: [],
          expectedMembers: 0,
          rules: rules(),
        });
        break;
      case 'inspection':
        await flush();
        await activities.sendServiceCommand({
          caseId: input.caseId,
          service: 'inspection',
          posts: input.posts,
          expectedParticipants: 0,
          candidateIds,
          expectedMembers: 0,
          rules: rules(),
        });
        break;
      case 'consultation': {
        consultation.units = consultationUnits(progress.profile, policy);
        const sentOn = chinaToday();
        let dueOn: string;
        if (calendarFromService) {
          dueOn = (
            await withCalendar(
              { zh: '计算征求意见答复期限', en: 'counting the consultation deadline' },
              (c) => consultationDeadline(sentOn, c, policy),
            )
          ).value;
        } else {
          try {
            dueOn = consultationDeadline(sentOn, calendar, policy);
          } catch {
            dueOn = addMonths(sentOn, 1);
          }
        }
        record('consultation.request', SERVICE, {
          'consultation.request.units': consultation.units,
          'consultation.request.sent_on': sentOn,
          'consultation.request.deadline': dueOn,
        });
        await flush();
        await activities.publishConsultationRequests({
          caseId: input.caseId,
          units: consultation.units,
          candidateId: candidateIds[0] ?? '',
          dueOn,
        });
        const override = input.timers?.consultation;
        startTimer('consultation', override ? durationMs(override) : untilEndOfChinaDay(dueOn));
        break;
      }
      case 'decision':
        nextDeadline = undefined;
        await flush();
        await activities.sendServiceCommand({
          caseId: input.caseId,
          service: 'voting',
          posts: input.posts,
          expectedParticipants: 0,
          candidateIds: candidateIds.slice(0, 1),
          expectedMembers: input.committeeMembers,
          // The body that decides is the case's (standing or plenary committee, department meeting).
          body: progress.profile.decisionBody,
          rules: rules(),
        });
        break;
      case 'probation': {
        const override = input.timers?.probation;
        startTimer(
          'probation',
          override ? durationMs(override) : untilEndOfChinaDay(probationEnds(noticeOn ?? chinaToday())),
        );
        break;
      }
      default:
        break;
    }
  }

  // --- the state calendar: read from the calendar service, waited for when a year is missing -----

  /**
   * A year's official schedule from the calendar service. When it is not loaded yet, the case
   * waits, visibly, until the year is loaded (the signal bridge signals `calendarChanged`) or, should
   * that signal be lost, until it looks again; it never guesses.
   */
  async function readYear(year: number, purpose: { zh: string; en: string }): Promise<CalendarYearRead> {
    let read = await activities.readCalendarYear(year);
    if (read) return read;
    awaitedYear = year;
    addFact(
      'calendar.awaited',
      `${purpose.zh}需要 ${year} 年法定节假日安排，尚未导入，等待导入 / ${purpose.en} needs the ${year} official holiday schedule, which is not loaded yet: waiting for it`,
      SERVICE,
    );
    while (!read) {
      await flush();
      refreshAwaiting();
      const woke = await condition(
        () => calendarChanges.has(year) || published < facts.length,
        CALENDAR_RECHECK,
      );
      if (woke && !calendarChanges.has(year)) continue; // only facts to hand on
      calendarChanges.delete(year);
      read = await activities.readCalendarYear(year);
    }
    awaitedYear = undefined;
    addFact(
      'calendar.resumed',
      `${year} 年法定节假日安排已导入（第 ${read.version} 版，${read.source}），继续办理 / the ${year} official holiday schedule is loaded (version ${read.version}, ${read.source}): the case goes on`,
      SERVICE,
    );
    refreshAwaiting();
    return read;
  }

  /** Counts with the state calendar, reading each year the count reaches; waits for a missing one. */
  async function withCalendar<T>(
    purpose: { zh: string; en: string },
    count: (calendar: WorkingCalendar) => T,
  ): Promise<{ value: T; basis: CalendarBasis }> {
    const years = new Map<number, CalendarYearRead>();
    for (;;) {
      try {
        return { value: count(new WorkingCalendar([...years.values()])), basis: years };
      } catch (err) {
        const year = err instanceof DomainError ? err.refusal.details?.['year'] : undefined;
        if (
          err instanceof DomainError &&
          err.refusal.code === 'CAL.YEAR_NOT_COVERED' &&
          typeof year === 'number' &&
          !years.has(year)
        ) {
          years.set(year, await readYear(year, purpose));
          continue;
        }
        throw err;
      }
    }
  }

  const ANNOUNCEMENT_COUNT = { zh: '计算任前公示期', en: 'counting the announcement period' };

  /** Records the announcement's period as counted and starts (or moves) its timer. */
  function setAnnouncementPeriod(startsOn: string, endsOn: string, why: { zh: string; en: string }): void {
    announcementEndsOn = endsOn;
    addFact(
      'appointment.announcement_period',
      `${why.zh}任前公示自 ${startsOn} 起 ${policy.announcementWorkingDays} 个工作日，至 ${endsOn} 期满 / ${why.en}the announcement runs ${policy.announcementWorkingDays} working days from ${startsOn} to ${endsOn}`,
      SERVICE,
      {
        stepId: 'appointment.announcement',
        items: {
          'appointment.announcement.starts_on': startsOn,
          'appointment.announcement.ends_on': endsOn,
        },
      },
    );
    const override = input.timers?.announcement;
    startTimer('announcement', override ? durationMs(override) : untilEndOfChinaDay(endsOn));
  }

  /** Counts the announcement's period from its start, records it with the calendar it used, and starts its timer. */
  async function countAnnouncement(startsOn: string): Promise<void> {
    const { value: endsOn, basis } = await withCalendar(ANNOUNCEMENT_COUNT, (c) =>
      announcementEnds(startsOn, c, policy),
    );
    announcementBasis = basis;
    const by = basisText(basis);
    setAnnouncementPeriod(startsOn, endsOn, { zh: `按 ${by.zh} 计算：`, en: `counted by ${by.en}: ` });
  }

  /**
   * Counts the running announcement again after a year it was counted by changed (a correction,
   * an amendment, a withdrawal). A longer period is taken and the timer moved; a shorter one is
   * recorded but never shortens what was published: the announcement runs at least five working days.
   */
  async function recountAnnouncement(): Promise<void> {
    const startsOn = announcementStartsOn;
    const before = announcementEndsOn;
    if (!startsOn || !before || progress.done['appointment.announcement_end']) return;
    const { value: endsOn, basis } = await withCalendar(ANNOUNCEMENT_COUNT, (c) =>
      announcementEnds(startsOn, c, policy),
    );
    announcementBasis = basis;
    const by = basisText(basis);
    if (endsOn > before) {
      setAnnouncementPeriod(startsOn, endsOn, {
        zh: `工作日历变更，按 ${by.zh} 重新计算，公示期延长：`,
        en: `the calendar changed; recounted by ${by.en}, the announcement is longer: `,
      });
    } else if (endsOn < before) {
      addFact(
        'calendar.recounted',
        `工作日历变更，按 ${by.zh} 重新计算，公示期至 ${endsOn}，早于已公布的 ${before}；已公布的公示期不缩短 / the calendar changed; recounted by ${by.en}, the announcement would end on ${endsOn}, before the published ${before}: the published period stands`,
        SERVICE,
      );
    }
  }

  /** Hands every unpublished fact to the record, in order. */
  async function flush(): Promise<void> {
    while (published < facts.length) {
      const fact = facts[published] as CaseFact;
      await activities.publishCaseFact(fact);
      published = fact.sequence;
    }
  }

  // --- the main loop -------------------------------------------------------------------------------

  upsertSearchAttributes([{ key: CASE_DEPARTMENT, value: input.departmentId }]);
  addFact('case.started', `${input.title}（${workflowInfo().workflowId}）`, input.startedBy);
  let opened = '';
  while (status === 'running' && progress.gate !== 'completed') {
    if (progress.gate !== opened) {
      opened = progress.gate;
      refresh();
      await openGate(opened);
      refresh();
    }
    await flush();
    refreshAwaiting();
    await condition(
      () =>
        inbox.length > 0 ||
        published < facts.length ||
        progress.gate !== opened ||
        status !== 'running' ||
        announcementToCount !== undefined ||
        announcementRecount,
    );
    while (inbox.length > 0) handle(inbox.shift() as Incoming);
    if (announcementToCount !== undefined && status === 'running') {
      const startsOn = announcementToCount;
      announcementToCount = undefined;
      await countAnnouncement(startsOn);
    }
    if (announcementRecount && status === 'running') {
      announcementRecount = false;
      await recountAnnouncement();
    }
  }
  if (status === 'running') status = 'completed';
  addFact(
    status === 'completed' ? 'case.completed' : 'case.closed',
    status === 'completed' ? '事项办结 / case completed' : '未予任职，事项结束 / not appointed; case closed',
    SERVICE,
  );
  nextDeadline = undefined;
  refresh();
  refreshAwaiting();
  await flush();
  return {
    status,
    ...(status === 'completed' && appointedCandidateId ? { appointedCandidateId } : {}),
    facts: facts.length,
  };
}
