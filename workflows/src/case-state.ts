/**
 * The state of one case as its workflow keeps it, and the mechanisms every gate uses: facts handed
 * to the record in order, search attributes, timers, the state calendar. Each gate's behaviour is
 * in gates/<gate>.ts over this one class.
 *
 * Deterministic workflow code: no I/O and no Node APIs; time and timers only through the sandbox.
 */
import {
  type ActorRef,
  calendarAwaiting,
  CASE_AWAITING,
  CASE_GATE,
  CASE_NEXT_DEADLINE,
  CASE_OVERDUE,
  CASE_OVERDUE_SINCE,
  CASE_STATUS,
  type CaseInput,
  type CaseStatus,
  type ConsultationAnswerArgs,
  type ObjectionArgs,
  type AttemptRefusedArgs,
  type ServiceResultArgs,
} from '@jishi/contracts';
import {
  applyStep,
  type CaseProgress,
  caseProfile,
  chinaDateOf,
  chinaDayEndMs,
  checkArrival,
  decideStep,
  DomainError,
  missingForCandidates,
  missingSteps,
  recordCompleteness,
  filledItemKeys,
  type CandidateObjections,
  type CandidateStatus,
  type ProbationFinding,
  type UpperApprovalGround,
  type DeadlineKey,
  type Eligibility,
  GATE_KEYS,
  type GateKey,
  type GivenSignOff,
  signOffSlots,
  specificationOf,
  SPEC_VERSIONS,
  type SpecVersion,
  type Policy,
  type Refusal,
  resolvePolicy,
  type Role,
  type StepArrival,
  startCase,
  stepSpec,
  WorkingCalendar,
} from '@jishi/domain';
import {
  ApplicationFailure,
  condition,
  patched,
  proxyActivities,
  sleep,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import { context as traceContext, type Context as TraceContext } from '@opentelemetry/api';
import type { CalendarYearRead, CaseActivities, CaseFact } from './activities/case.activities';
import { deadlinesView, nextOfAll, type OpenDeadline } from './deadlines';
import { owedSignOffs, signOffWaitingOn, wentThrough } from './gates/signoff';

// Publishing to Kafka takes milliseconds; a worker that dies mid-publish is retried after 10 s.
export const activities = proxyActivities<CaseActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

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

/** Patch: a case closed without appointment keeps `CaseGate = closed`, as its status says. */
export const CLOSED_GATE_PATCH = 'closed-case-gate';

/**
 * Patch (specification 5): a co-manager's month of silence and each appointee's probation
 * assessment are deadlines like the others — the co-manager reminded that its silence will count as
 * consent, the assessment reminded before its last day and escalated once missed. Cases that reached
 * those points before it keep the gate's timers without reminders.
 */
export const DEADLINES_IN_FULL_PATCH = 'deadlines-in-full';

/**
 * Patch: an objection from a unit's system on Kafka naming its candidate reaches a case of
 * specification 3 or 4 as one posted through the gateway does, instead of being refused for naming
 * no candidate. Cases that were refused one before it replay as they ran.
 */
export const OBJECTION_CANDIDATE_PATCH = 'objection-signal-candidate';

/**
 * Patch: a service's result is taken only while the gate that service owns is open — nomination's
 * in nomination, inspection's in inspection, voting's in decision — and refused on the record
 * otherwise (a vote could close a case at any gate before it). Histories recorded before it replay
 * as they ran.
 */
export const SERVICE_GATE_PATCH = 'service-result-own-gate';

/** The gate each service's results belong to. */
export const SERVICE_GATES: Readonly<Record<string, string>> = {
  nomination: 'nomination',
  inspection: 'inspection',
  voting: 'decision',
};

/** The specification a case runs under, from its input (absent: 1, cases started before versions). */
function specVersionOf(input: CaseInput): SpecVersion {
  const version = input.specVersion ?? 1;
  if (!(SPEC_VERSIONS as readonly number[]).includes(version)) {
    throw ApplicationFailure.nonRetryable(
      `there is no specification version ${String(version)}`,
      'CASE.UNKNOWN_SPEC_VERSION',
    );
  }
  return version as SpecVersion;
}

/** The workflow's own actor in the record. */
export const SERVICE: ActorRef = { id: 'case-workflow', role: 'service' };

/**
 * A case waiting for a year's official schedule is signalled when it is loaded; in case a signal is
 * lost, it also looks again this often.
 */
const CALENDAR_RECHECK = '6 hours';

/** Today's date in China, from workflow time. */
export function chinaToday(): string {
  return chinaDateOf(Date.now());
}

/** Milliseconds from now to the end of a China calendar day. */
export function untilEndOfChinaDay(date: string): number {
  return Math.max(0, chinaDayEndMs(date) - Date.now());
}

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
export function refusalFailure(refusal: Refusal): ApplicationFailure {
  return ApplicationFailure.create({
    type: refusal.code,
    message: `${refusal.zh} / ${refusal.en}`,
    nonRetryable: true,
    details: [refusal],
  });
}

export type TimerName = 'announcement' | 'probation' | 'consultation' | 'silence';

export type Incoming =
  | { kind: 'service'; args: ServiceResultArgs }
  | { kind: 'answer'; args: ConsultationAnswerArgs }
  | { kind: 'objection'; args: ObjectionArgs }
  | { kind: 'refused'; args: AttemptRefusedArgs }
  | { kind: 'timer'; name: TimerName; generation: number }
  | { kind: 'deadline'; id: string; point: 'reminder' | 'due'; day: string; generation: number };

/** The years of the state calendar a count used, each as read (with its version and source). */
export type CalendarBasis = ReadonlyMap<number, CalendarYearRead>;

/** One case: where it stands and what it has recorded. */
export class CaseState {
  /** Decided once, at the start: a case keeps the calendar behaviour it started with all its life. */
  readonly calendarFromService = patched(CALENDAR_PATCH);
  /** The package's calendar, for cases started before the calendar service. */
  readonly calendar = WorkingCalendar.official();
  readonly policy: Policy;
  progress: CaseProgress;
  status: CaseStatus['status'] = 'running';
  candidateIds: string[] = [];
  appointedCandidateId: string | undefined;
  nextDeadline: Date | undefined;
  readonly seenEvents = new Set<string>();
  /** Refused attempts recorded, by person and China day (a person's attempts are itemized up to a limit a day). */
  readonly refusedAttempts = new Map<string, number>();
  readonly inbox: Incoming[] = [];
  readonly facts: CaseFact[] = [];
  /**
   * The trace each unpublished fact was made in (a step's update, a signal, the workflow's run): its
   * publication continues that trace, so one trace goes from a person's request to its ledger entry.
   * Kept in memory only; it changes no command, so recorded histories replay the same.
   */
  private readonly traceOfFact = new Map<number, TraceContext>();
  published = 0;
  /** Each timer's generation: a timer superseded by a later one of the same name fires for nothing. */
  readonly timerGeneration: Record<TimerName, number> = {
    announcement: 0,
    probation: 0,
    consultation: 0,
    silence: 0,
  };
  /** The year whose official schedule the case waits for, if it does. */
  awaitedYear: number | undefined;
  /** Years the calendar service said changed since the case last read them. */
  readonly calendarChanges = new Set<number>();
  /** Whom the case waits on, as last upserted. */
  private awaiting = '';

  // Gate state: consultation, appointment, probation.
  readonly consultation = {
    units: [] as string[],
    answered: new Set<string>(),
    /** Specification 5: the units whose objection waits for its resolution. */
    objecting: [] as string[],
    overdue: false,
    sentOn: '',
  };
  /** The announcement's start, once the step is taken, until its period is counted. */
  announcementToCount: string | undefined;
  /** The announcement's first and last day, as given and counted, and the calendar it was counted by. */
  announcementStartsOn: string | undefined;
  announcementEndsOn: string | undefined;
  announcementBasis: CalendarBasis | undefined;
  /** The instant the announcement ends (its timer's), once it runs. */
  announcementEndsAt: number | undefined;
  /** A year the announcement was counted by has changed: count it again. */
  announcementRecount = false;
  probationEnded = false;
  noticeOn: string | undefined;

  // Specification 2: the candidates' gates.
  /** The nominated in the order of the recommendation result (votes first): an input, not the choice. */
  ranking: string[] = [];
  /** The eligibility the rules just drew for the check being recorded. */
  eligibility: Eligibility | undefined;
  /** The post's conditions as set at the qualification gate. */
  conditions: Readonly<Record<string, unknown>> = {};
  /** Work the main loop does next (activities cannot run inside a handler): a command to send. */
  readonly due = new Set<'inspection.start' | 'inspection.notice' | 'decision.meeting'>();
  /** The inspection command is sent (once every shortlisted candidate is checked). */
  inspectionStarted = false;
  /** The number of the decision meeting last called (from 1). */
  meeting = 0;
  /** The meeting last called has not reported yet. */
  meetingOpen = false;
  /** The posts left without a passed candidate are settled (left vacant, or the case ended). */
  decisionConcluded = false;

  // Specification 3: the appointment and probation per candidate.
  /** Each candidate's relatives who must recuse themselves, as their eligibility check declared. */
  readonly relatives: Record<string, string[]> = {};
  /** The China date the recommendation result arrived: it is valid for a year. */
  nominatedOn: string | undefined;
  /** The grounds on which the motion needs the upper department's approval. */
  approvalGrounds: UpperApprovalGround[] = [];
  /** Each meeting that reported: its attendance as the voting service counted it, and whether the people's record of it is in. */
  readonly meetings: Record<
    number,
    { expected: number; present: number; minuted: boolean; voted: string[] }
  > = {};
  /** The China date of the last vote recorded: the decision the first submission is due after. */
  decidedOn: string | undefined;
  /** Each candidate's objections awaiting an outcome, and their deferral. */
  readonly objections: Record<string, CandidateObjections> = {};
  /** Each appointed candidate's notice date: their probation runs from it. */
  readonly noticeOf: Record<string, string> = {};
  /** Each candidate's months away during probation, as recorded. */
  readonly absentMonths: Record<string, number> = {};
  /** Each candidate's probation assessment: the finding, and whether it ended probation early. */
  readonly assessments: Record<string, { finding: ProbationFinding; early: boolean }> = {};

  // Specification 5: the deadlines as timers.
  /** The deadlines open, by key (and subject). */
  readonly deadlines = new Map<string, OpenDeadline>();
  deadlineGeneration = 0;
  /** The deadline being counted now, and those whose step arrived before they opened. */
  countingDeadline: string | undefined;
  readonly metBeforeOpen = new Set<string>();
  /** Deadlines in working days to count and open next (the main loop reads the calendar). */
  readonly deadlinesToCount: { key: DeadlineKey; startOn: string; subject?: string }[] = [];
  /** The deadlines missed and still owed, and since when. */
  overdue: { keys: string[]; since: Date | undefined } = { keys: [], since: undefined };
  /** A deadline opened, was met or was missed since the search attributes were last upserted. */
  deadlinesChanged = false;
  /** Reminders and escalations to send their addressees, in order, each with the fact that records it. */
  readonly reminders: {
    deadline: OpenDeadline;
    kind: 'reminder' | 'escalation';
    to: string;
    sequence: number;
  }[] = [];

  // Specification 4: the record signed off gate by gate.
  /** The inspection team's members as the inspection service reported them: the inspection's recorders. */
  inspectionTeam: string[] | undefined;
  /** The inspection notice's dates as the inspection service reported them (null: not given). */
  inspectionNotice: { publishedOn: string; startsOn: string } | null | undefined;
  /** The gates the case has opened (a gate with nothing required for the case never opens). */
  readonly openedGates = new Set<GateKey>();
  /** Each gate's signatures so far, in order. */
  readonly signOffs: Partial<Record<GateKey, GivenSignOff[]>> = {};

  constructor(readonly input: CaseInput) {
    // A case of specification 1 carries a policy checked by the rules of its day: replay it as it was.
    const version = specVersionOf(input);
    const resolved = resolvePolicy((input.policy ?? {}) as Partial<Policy>, { strict: version >= 2 });
    if (Array.isArray(resolved)) {
      throw ApplicationFailure.nonRetryable(resolved.map((r) => r.en).join('; '), 'POLICY.INVALID', resolved);
    }
    this.policy = resolved;
    this.progress = startCase(caseProfile(input.profile as Parameters<typeof caseProfile>[0]), version);
  }

  /** Specification 5 with the co-manager's silence and the probation assessment as deadlines (a patch). */
  deadlinesInFull(): boolean {
    return this.version >= 5 && patched(DEADLINES_IN_FULL_PATCH);
  }

  /** The specification the case runs under: 1 (one record per case) or 2 (one per candidate). */
  get version(): SpecVersion {
    return this.progress.version ?? 1;
  }

  /** Specification 2: the candidates standing where `statuses` say. */
  candidatesIn(...statuses: CandidateStatus[]): string[] {
    return (this.progress.candidates ?? []).filter((c) => statuses.includes(c.status)).map((c) => c.id);
  }

  // --- facts, in order -------------------------------------------------------------------------

  /** Record items filled so far: the case's, and each candidate's own (for completeness). */
  private readonly filled = { case: new Set<string>(), candidates: {} as Record<string, Set<string>> };

  private fill(step: NonNullable<CaseFact['step']>): void {
    const into =
      step.candidateId === undefined
        ? this.filled.case
        : (this.filled.candidates[step.candidateId] ??= new Set<string>());
    for (const key of filledItemKeys(step.items)) into.add(key);
  }

  addFact(
    kind: string,
    summary: string,
    actor: ActorRef,
    step?: CaseFact['step'],
    refused?: CaseFact['refused'],
  ): number {
    if (step) this.fill(step);
    const fact: CaseFact = {
      caseId: this.input.caseId,
      sequence: this.facts.length + 1,
      // A step's fact belongs to the step's gate (recording it may have opened the next one).
      gate: step ? step.stepId.slice(0, step.stepId.indexOf('.')) : String(this.progress.gate),
      kind,
      summary,
      actor,
      occurredAt: new Date(Date.now()).toISOString(),
      ...(step ? { step } : {}),
      ...(refused ? { refused } : {}),
    };
    this.facts.push(fact);
    this.traceOfFact.set(fact.sequence, traceContext.active());
    return fact.sequence;
  }

  record(
    stepId: string,
    actor: ActorRef,
    items: Readonly<Record<string, unknown>>,
    candidateId?: string,
    actors?: readonly ActorRef[],
  ): number {
    this.progress = applyStep(this.progress, stepId, actor.role as Role, candidateId);
    const spec = stepSpec(stepId) ?? specificationOf(this.version).step(stepId);
    const whom = candidateId === undefined ? '' : `（${candidateId}）`;
    return this.addFact(
      'step.recorded',
      `${spec?.zh ?? stepId}${whom} / ${spec?.en ?? stepId}${candidateId === undefined ? '' : ` (${candidateId})`}`,
      actor,
      {
        stepId,
        items,
        ...(candidateId === undefined ? {} : { candidateId }),
        ...(actors && actors.length > 0 ? { actors } : {}),
      },
    );
  }

  /** Applies a step a service or the workflow itself did; a step the rules refuse is recorded as refused. */
  recordIfAllowed(
    stepId: string,
    actor: ActorRef,
    items: Readonly<Record<string, unknown>>,
    arrival: StepArrival,
    candidateId?: string,
    actors?: readonly ActorRef[],
  ): boolean {
    const way = checkArrival(stepId, arrival, this.progress.version);
    const verdict = way.ok ? decideStep(this.progress, stepId, actor.role as Role, candidateId) : way;
    if (!verdict.ok) {
      this.addFact('input.refused', `${verdict.code}: ${verdict.zh} / ${verdict.en}`, actor);
      return false;
    }
    this.record(stepId, actor, items, candidateId, actors);
    return true;
  }

  /** Hands every unpublished fact to the record, in order. */
  async flush(): Promise<void> {
    while (this.published < this.facts.length) {
      const fact = this.facts[this.published] as CaseFact;
      const made = this.traceOfFact.get(fact.sequence) ?? traceContext.active();
      await traceContext.with(made, () => activities.publishCaseFact(fact));
      this.traceOfFact.delete(fact.sequence);
      this.published = fact.sequence;
    }
  }

  // --- what supervisors see ----------------------------------------------------------------------

  refresh(): void {
    // A case closed without appointment lists as closed, as its status says (cases before the patch
    // listed the gate where they stopped).
    const closed = this.status === 'not_appointed' && patched(CLOSED_GATE_PATCH);
    upsertSearchAttributes([
      { key: CASE_GATE, value: closed ? 'closed' : String(this.progress.gate) },
      { key: CASE_STATUS, value: this.status },
      { key: CASE_NEXT_DEADLINE, value: this.nextDeadline ?? null },
      // Specification 5: the deadlines missed and still owed.
      ...(this.version >= 5
        ? [
            { key: CASE_OVERDUE, value: this.overdue.keys.length > 0 ? this.overdue.keys : null },
            { key: CASE_OVERDUE_SINCE, value: this.overdue.since ?? null },
          ]
        : []),
    ]);
  }

  /** Upserts whom the case waits on when that changed (cases started before the patch do not). */
  refreshAwaiting(): void {
    if (!patched(AWAITING_PATCH)) return;
    const now = this.waitingOn();
    if (now.join(',') === this.awaiting) return;
    this.awaiting = now.join(',');
    upsertSearchAttributes([{ key: CASE_AWAITING, value: now }]);
  }

  waitingOn(): string[] {
    const { progress } = this;
    // Specification 4: the signatures the gates done wait for, besides the open gate's work.
    const signing = this.version >= 4 ? signOffWaitingOn(this) : [];
    if (this.status !== 'running' || progress.gate === 'completed') return [...new Set(signing)];
    if (this.awaitedYear !== undefined) return [calendarAwaiting(this.awaitedYear), ...new Set(signing)];
    if (progress.gate === 'consultation')
      return [
        ...new Set([
          ...this.consultation.units.filter((u) => !this.consultation.answered.has(u)),
          // Specification 5: a unit's objection waits for the organization department's resolution.
          ...(this.consultation.objecting.length > 0 ? ['org_staff', 'recorder'] : []),
          ...signing,
        ]),
      ];
    return [
      ...new Set([
        ...missingSteps(progress, progress.gate).flatMap((s) => s.roles),
        ...missingForCandidates(progress, progress.gate).flatMap((m) => m.step.roles),
        ...signing,
      ]),
    ];
  }

  /** Specification 4: each gate opened, its signatures and whom it waits for. */
  private signOffView(): NonNullable<CaseStatus['signOff']> {
    const owed = new Set(owedSignOffs(this));
    return GATE_KEYS.filter((gate) => wentThrough(this, gate)).map((gate) => {
      const slots = signOffSlots(gate, this.policy.threeLevelSignature);
      const signed = this.signOffs[gate] ?? [];
      const next = slots[signed.length];
      return {
        gate,
        signed: signed.map((s) => ({ personId: s.personId, role: s.actedAs })),
        required: slots.length,
        complete: signed.length === slots.length,
        ...(owed.has(gate) && next ? { next: next.roles } : {}),
      };
    });
  }

  statusView(): CaseStatus {
    const { progress } = this;
    return {
      caseId: this.input.caseId,
      departmentId: this.input.departmentId,
      title: this.input.title,
      gate: this.status === 'not_appointed' ? 'closed' : String(progress.gate),
      status: this.status,
      done: progress.done,
      missing: progress.gate === 'completed' ? [] : missingSteps(progress, progress.gate).map((s) => s.id),
      waitingOn: this.waitingOn(),
      ...(this.nextDeadline ? { nextDeadline: this.nextDeadline.toISOString() } : {}),
      ...(this.announcementStartsOn
        ? {
            announcement: {
              startsOn: this.announcementStartsOn,
              ...(this.announcementEndsOn ? { endsOn: this.announcementEndsOn } : {}),
            },
          }
        : {}),
      candidateIds: this.version >= 2 ? (progress.candidates ?? []).map((c) => c.id) : this.candidateIds,
      ...(this.appointedCandidateId ? { appointedCandidateId: this.appointedCandidateId } : {}),
      facts: this.facts.length,
      ...(this.version >= 2
        ? {
            specVersion: this.version,
            completeness: recordCompleteness(progress, this.filled, {
              threeLevelSignature: this.version >= 4 && this.policy.threeLevelSignature,
            }),
            ...(this.version >= 4 ? { signOff: this.signOffView() } : {}),
            ...(this.version >= 5 ? { deadlines: deadlinesView(this) } : {}),
            ...(this.input.organization !== undefined
              ? { policy: { organization: this.input.organization, version: this.input.policyVersion ?? 0 } }
              : {}),
            candidates: progress.candidates ?? [],
            missingForCandidates:
              progress.gate === 'completed'
                ? []
                : missingForCandidates(progress, progress.gate).map((m) => ({
                    candidateId: m.candidateId,
                    stepId: m.step.id,
                  })),
          }
        : {}),
    };
  }

  // --- timers ------------------------------------------------------------------------------------

  /** The instant the gate's own timer (announcement, probation, consultation) runs out, while it runs. */
  timerDueAt: number | undefined;

  /** The gate's timer has run out or no longer counts: the next deadline is the deadlines' (specification 5) or none. */
  clearGateTimer(): void {
    this.timerDueAt = undefined;
    this.nextDeadline = this.version >= 5 ? nextOfAll(this) : undefined;
  }

  startTimer(name: TimerName, ms: number): void {
    // The co-manager's month of silence runs beside the consultation's deadline, which stays the next.
    if (name !== 'silence') {
      this.nextDeadline = new Date(Date.now() + ms);
      this.timerDueAt = Date.now() + ms;
      // Specification 5: the next of the gate's timer and the deadlines held.
      if (this.version >= 5) this.nextDeadline = nextOfAll(this);
    }
    if (name === 'announcement') this.announcementEndsAt = Date.now() + ms;
    this.timerGeneration[name] += 1;
    const generation = this.timerGeneration[name];
    void sleep(ms).then(() => this.inbox.push({ kind: 'timer', name, generation }));
  }

  // --- the state calendar: read from the calendar service, waited for when a year is missing -----

  /**
   * A year's official schedule from the calendar service. When it is not loaded yet, the case
   * waits, visibly, until the year is loaded (the signal bridge signals `calendarChanged`) or, should
   * that signal be lost, until it looks again; it never guesses.
   */
  async readYear(year: number, purpose: { zh: string; en: string }): Promise<CalendarYearRead> {
    let read = await activities.readCalendarYear(year);
    if (read) return read;
    this.awaitedYear = year;
    this.addFact(
      'calendar.awaited',
      `${purpose.zh}需要 ${year} 年法定节假日安排，尚未导入，等待导入 / ${purpose.en} needs the ${year} official holiday schedule, which is not loaded yet: waiting for it`,
      SERVICE,
    );
    while (!read) {
      await this.flush();
      this.refreshAwaiting();
      const woke = await condition(
        () => this.calendarChanges.has(year) || this.published < this.facts.length,
        CALENDAR_RECHECK,
      );
      if (woke && !this.calendarChanges.has(year)) continue; // only facts to hand on
      this.calendarChanges.delete(year);
      read = await activities.readCalendarYear(year);
    }
    this.awaitedYear = undefined;
    this.addFact(
      'calendar.resumed',
      `${year} 年法定节假日安排已导入（第 ${read.version} 版，${read.source}），继续办理 / the ${year} official holiday schedule is loaded (version ${read.version}, ${read.source}): the case goes on`,
      SERVICE,
    );
    this.refreshAwaiting();
    return read;
  }

  /** Counts with the state calendar, reading each year the count reaches; waits for a missing one. */
  async withCalendar<T>(
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
          years.set(year, await this.readYear(year, purpose));
          continue;
        }
        throw err;
      }
    }
  }
}
