/**
 * The deadlines of the process as durable timers (specification 5): each deadline of
 * libs/domain/src/deadlines opens with its last day, reminds whoever owes its step on the policy's
 * days before, and once missed escalates to its supervisor role and marks the case overdue
 * (`CaseOverdue`, `CaseOverdueSince`) until the owed step arrives. Every opening, reminder,
 * escalation and late arrival is a fact of the record.
 *
 * Deterministic workflow code: timers only through the sandbox's `sleep`.
 */
import {
  addDays,
  type CivilDate,
  chinaDayEndMs,
  chinaDayStartMs,
  type DeadlineKey,
  deadlineDue,
  deadlineSpec,
  daysBetween,
  daysLate,
  reminderDays,
  ROLE_LABELS,
} from '@jishi/domain';
import { sleep } from '@temporalio/workflow';
import { activities, type CaseState, chinaToday, durationMs, SERVICE } from './case-state';

/** A deadline the case holds open. */
export interface OpenDeadline {
  readonly key: DeadlineKey;
  /** Whom it concerns where there are several (a member unit). */
  readonly subject?: string;
  readonly startOn: CivilDate;
  readonly dueOn: CivilDate;
  /** The instant it runs out. */
  readonly dueAt: number;
  readonly generation: number;
  /** When it was first opened (workflow time): a moved deadline keeps it, for shortened days. */
  readonly openedAt: number;
  overdue: boolean;
}

const idOf = (key: DeadlineKey, subject?: string) => (subject === undefined ? key : `${key}:${subject}`);

/** Where the deployment shortens deadlines (tests, demonstrations): the length of one day. */
function dayMs(state: CaseState): number | undefined {
  const day = state.input.timers?.deadlineDay;
  return day ? durationMs(day) : undefined;
}

/** The instant a day ends for this case (with a shortened day: counted from the deadline's start). */
function endOf(state: CaseState, startOn: CivilDate, day: CivilDate, openedAt: number): number {
  const short = dayMs(state);
  if (short === undefined) return chinaDayEndMs(day);
  return openedAt + (daysBetween(startOn, day) + 1) * short;
}

/** Whom a deadline's reminder goes to: the member unit it concerns, or the roles that owe its step. */
const owedByUnit = (d: OpenDeadline): boolean =>
  d.subject !== undefined && deadlineSpec(d.key).owedBy.includes('member_unit');

const whom = (d: OpenDeadline): string =>
  owedByUnit(d)
    ? (d.subject as string)
    : deadlineSpec(d.key)
        .owedBy.map((r) => (r === 'member_unit' ? r : ROLE_LABELS[r].zh))
        .join('、');

const whomEn = (d: OpenDeadline): string =>
  owedByUnit(d)
    ? (d.subject as string)
    : deadlineSpec(d.key)
        .owedBy.map((r) => (r === 'member_unit' ? r : ROLE_LABELS[r].en))
        .join(', ');

/**
 * Opens a deadline whose last day is known: records it and sets its timers. Opening it again (a
 * new decision restarts the first submission's days) replaces the earlier one.
 */
export function openDeadline(
  state: CaseState,
  key: DeadlineKey,
  startOn: CivilDate,
  dueOn: CivilDate,
  subject?: string,
  openedAt: number = Date.now(),
): void {
  const spec = deadlineSpec(key);
  const now = Date.now();
  state.deadlineGeneration += 1;
  const deadline: OpenDeadline = {
    key,
    ...(subject === undefined ? {} : { subject }),
    startOn,
    dueOn,
    dueAt: endOf(state, startOn, dueOn, openedAt),
    generation: state.deadlineGeneration,
    openedAt,
    overdue: false,
  };
  const id = idOf(key, subject);
  state.deadlines.set(id, deadline);
  state.addFact(
    'deadline.opened',
    `时限：${spec.zh}${subject === undefined ? '' : `（${subject}）`}，${startOn} 起算，${dueOn} 届满 / deadline: ${spec.en}${subject === undefined ? '' : ` (${subject})`}, from ${startOn}, last day ${dueOn}`,
    SERVICE,
  );
  for (const day of reminderDays(key, startOn, dueOn, state.policy)) {
    const at =
      dayMs(state) === undefined ? chinaDayStartMs(day) : endOf(state, startOn, addDays(day, -1), openedAt);
    // A moved deadline's reminder days that have gone by are not sent late.
    if (at < now) continue;
    const generation = deadline.generation;
    void sleep(Math.max(0, at - now)).then(() =>
      state.inbox.push({ kind: 'deadline', id, point: 'reminder', day, generation }),
    );
  }
  const generation = deadline.generation;
  void sleep(Math.max(0, deadline.dueAt - now)).then(() =>
    state.inbox.push({ kind: 'deadline', id, point: 'due', day: dueOn, generation }),
  );
  refreshDeadlines(state);
}

/** Opens a deadline counted in working days: reads the state calendar (waiting for a year if need be). */
export async function openCountedDeadline(
  state: CaseState,
  key: DeadlineKey,
  startOn: CivilDate,
  subject?: string,
): Promise<void> {
  const spec = deadlineSpec(key);
  const id = idOf(key, subject);
  state.countingDeadline = id;
  const { value: dueOn } = await state.withCalendar(
    { zh: `计算${spec.zh}时限`, en: `counting ${spec.en}` },
    (c) => deadlineDue(key, startOn, c, state.policy),
  );
  state.countingDeadline = undefined;
  if (state.metBeforeOpen.delete(id)) {
    state.addFact(
      'deadline.met',
      `${spec.zh}在时限（${dueOn}）起算前已办理 / ${spec.en} arrived before its deadline (${dueOn}) was set`,
      SERVICE,
    );
    return;
  }
  openDeadline(state, key, startOn, dueOn, subject);
}

/** Whether the case holds this deadline open. */
export function holdsDeadline(state: CaseState, key: DeadlineKey, subject?: string): boolean {
  return state.deadlines.has(idOf(key, subject));
}

/** Moves a deadline the case holds to a new last day (an extension), from the same start. */
export function moveDeadline(state: CaseState, key: DeadlineKey, dueOn: CivilDate, subject?: string): void {
  const held = state.deadlines.get(idOf(key, subject));
  if (held) openDeadline(state, key, held.startOn, dueOn, subject, held.openedAt);
}

/** The owed step arrived: the deadline is met (and, if it was missed, the record says how late). */
export function meetDeadline(state: CaseState, key: DeadlineKey, subject?: string): void {
  const id = idOf(key, subject);
  const deadline = state.deadlines.get(id);
  if (!deadline) {
    // The step came while its deadline was still being counted (the case waiting for a year's
    // schedule): it is met before it opens, and never opens.
    const queued = state.deadlinesToCount.findIndex((d) => idOf(d.key, d.subject) === id);
    if (queued >= 0) state.deadlinesToCount.splice(queued, 1);
    if (queued >= 0 || state.countingDeadline === id) state.metBeforeOpen.add(id);
    return;
  }
  state.deadlines.delete(id);
  const spec = deadlineSpec(key);
  const today = chinaToday();
  if (deadline.overdue) {
    const late = Math.max(1, daysLate(deadline.dueOn, today));
    state.addFact(
      'deadline.met_late',
      `${spec.zh}${subject === undefined ? '' : `（${subject}）`}逾期 ${late} 日后办理（时限 ${deadline.dueOn}）/ ${spec.en}${subject === undefined ? '' : ` (${subject})`} arrived ${late} day(s) late (last day ${deadline.dueOn})`,
      SERVICE,
    );
  } else {
    state.addFact(
      'deadline.met',
      `${spec.zh}${subject === undefined ? '' : `（${subject}）`}按时办理（时限 ${deadline.dueOn}）/ ${spec.en}${subject === undefined ? '' : ` (${subject})`} in time (last day ${deadline.dueOn})`,
      SERVICE,
    );
  }
  refreshDeadlines(state);
}

/** Closes a deadline without its step (its gate ended another way): no lateness is left standing. */
export function dropDeadline(state: CaseState, key: DeadlineKey, subject?: string): void {
  if (state.deadlines.delete(idOf(key, subject))) refreshDeadlines(state);
}

/** The case's work is over: the deadlines it held are closed (what was late stays on the record). */
export function closeDeadlines(state: CaseState): void {
  state.deadlines.clear();
  refreshDeadlines(state);
}

/**
 * A deadline's timer fired: a reminder to its owner, or its expiry and escalation. A silence that
 * consents closes its deadline and answers `consent`: the caller records the consent.
 */
export function onDeadlineTimer(
  state: CaseState,
  message: { id: string; point: 'reminder' | 'due'; day: CivilDate; generation: number },
): 'consent' | undefined {
  const deadline = state.deadlines.get(message.id);
  if (!deadline || deadline.generation !== message.generation) return undefined; // met, or replaced
  const spec = deadlineSpec(deadline.key);
  const subject = deadline.subject === undefined ? '' : `（${deadline.subject}）`;
  const subjectEn = deadline.subject === undefined ? '' : ` (${deadline.subject})`;
  if (message.point === 'reminder') {
    const sequence = state.addFact(
      'deadline.reminder',
      spec.onExpiry === 'consent'
        ? `提醒${whom(deadline)}：至 ${deadline.dueOn} 仍未答复的，视为同意 / reminder to ${whom(deadline)}: no answer by ${deadline.dueOn} is taken as consent`
        : `提醒${whom(deadline)}：${spec.zh}${subject}将于 ${deadline.dueOn} 届满 / reminder to ${whomEn(deadline)}: ${spec.en}${subjectEn} falls due on ${deadline.dueOn}`,
      SERVICE,
    );
    for (const to of owedByUnit(deadline) ? [deadline.subject as string] : spec.owedBy)
      state.reminders.push({ deadline, kind: 'reminder', to, sequence });
    return undefined;
  }
  if (spec.onExpiry === 'consent') {
    state.deadlines.delete(message.id);
    refreshDeadlines(state);
    return 'consent';
  }
  deadline.overdue = true;
  const escalated = `报${ROLE_LABELS[spec.escalateTo].zh}督办 / escalated to the ${ROLE_LABELS[spec.escalateTo].en}`;
  const sequence = state.addFact(
    'deadline.overdue',
    spec.onExpiry === 'resume'
      ? `${spec.zh}${subject}：${deadline.dueOn} 期满，须即作出结论（${spec.owedStep}），${escalated.split(' / ')[0]} / ${spec.en}${subjectEn}: ended on ${deadline.dueOn}; the outcome (${spec.owedStep}) is owed now, ${escalated.split(' / ')[1]}`
      : `${spec.zh}${subject}已于 ${deadline.dueOn} 届满未办理，${escalated.split(' / ')[0]} / ${spec.en}${subjectEn} was due on ${deadline.dueOn} and has not arrived: ${escalated.split(' / ')[1]}`,
    SERVICE,
  );
  state.reminders.push({ deadline, kind: 'escalation', to: spec.escalateTo, sequence });
  refreshDeadlines(state);
  return undefined;
}

/** The deadlines the case holds open, for its status: each with its last day and the days late. */
export function deadlinesView(state: CaseState) {
  const today = chinaToday();
  return [...state.deadlines.values()].map((d) => ({
    key: d.key,
    ...(d.subject === undefined ? {} : { subject: d.subject }),
    startOn: d.startOn,
    dueOn: d.dueOn,
    dueAt: new Date(d.dueAt).toISOString(),
    overdue: d.overdue,
    daysLate: d.overdue ? Math.max(1, daysLate(d.dueOn, today)) : 0,
  }));
}

/** The next instant the case waits for: its gate's timer or a deadline not yet missed. */
export function nextOfAll(state: CaseState): Date | undefined {
  const pending = [...state.deadlines.values()].filter((d) => !d.overdue).map((d) => d.dueAt);
  if (state.timerDueAt !== undefined) pending.push(state.timerDueAt);
  return pending.length > 0 ? new Date(Math.min(...pending)) : undefined;
}

/** The case's next deadline and overdue marks, as supervisors list them. */
function refreshDeadlines(state: CaseState): void {
  const open = [...state.deadlines.values()];
  state.nextDeadline = nextOfAll(state);
  const overdue = open.filter((d) => d.overdue);
  state.overdue = {
    keys: [...new Set(overdue.map((d) => d.key))],
    since: overdue.length > 0 ? new Date(Math.min(...overdue.map((d) => d.dueAt))) : undefined,
  };
  state.deadlinesChanged = true;
}

/** Sends the reminders and escalations recorded so far, in order, once their facts are handed on. */
export async function sendDeadlineNotices(state: CaseState): Promise<void> {
  await state.flush();
  for (let next = state.reminders.shift(); next; next = state.reminders.shift()) {
    const { deadline } = next;
    await activities.publishDeadlineNotice({
      caseId: state.input.caseId,
      kind: next.kind,
      deadline: deadline.key,
      ...(deadline.subject === undefined ? {} : { subject: deadline.subject }),
      startOn: deadline.startOn,
      dueOn: deadline.dueOn,
      to: next.to,
      owedStep: deadlineSpec(deadline.key).owedStep,
      factSequence: next.sequence,
      occurredAt: new Date(Date.now()).toISOString(),
    });
  }
}
