/**
 * Gate 7 · appointment (任职): the public announcement counted in working days by the state
 * calendar, objections during it, the notice and the talk.
 */
import type { ActorRef, CalendarChangedArgs, ObjectionArgs } from '@jishi/contracts';
import {
  announcementEnds,
  checkAnnouncementStart,
  checkNoticeClear,
  checkObjectionInTime,
  checkObjectionOutcome,
  checkSecondSubmission,
  compareDates,
  DomainError,
  NO_OBJECTIONS,
  objectionLogged,
  objectionResolved,
  probationAssessmentDue,
  type ObjectionAction,
  type Refusal,
  refuse,
  setCandidate,
  type Verdict,
} from '@jishi/domain';
import { patched } from '@temporalio/workflow';
import { meetDeadline, openDeadline } from '../deadlines';
import {
  type CalendarBasis,
  type CaseState,
  chinaToday,
  durationMs,
  OBJECTION_CANDIDATE_PATCH,
  SERVICE,
  untilEndOfChinaDay,
} from '../case-state';

/** "2026 年第 0 版（npm chinese-days 1.5.7）…", and the same in English. */
function basisText(basis: CalendarBasis): { zh: string; en: string } {
  const years = [...basis.values()].sort((a, b) => a.year - b.year);
  return {
    zh: years.map((y) => `${y.year} 年第 ${y.version} 版（${y.source}）`).join('、'),
    en: years.map((y) => `${y.year} version ${y.version} (${y.source})`).join(', '),
  };
}

const ANNOUNCEMENT_COUNT = { zh: '计算任前公示期', en: 'counting the announcement period' };

/**
 * An objection that arrives once the announcement's end has passed is refused, even when it comes in
 * the same activation as the end's own timer, which the rules' order of steps cannot see yet.
 */
export function objectionTooLate(state: CaseState): Verdict {
  if (!state.calendarFromService || state.announcementEndsAt === undefined) return { ok: true };
  return checkObjectionInTime(Date.now(), state.announcementEndsAt);
}

/** What the appointment gate checks of a person's step beyond the order of steps. */
export function validateAppointmentStep(
  state: CaseState,
  stepId: string,
  items: Readonly<Record<string, unknown>>,
  candidateId: string | undefined,
): Refusal | undefined {
  if (stepId === 'appointment.objection') {
    const late = objectionTooLate(state);
    if (!late.ok) return late;
  }
  if (state.version >= 3) {
    const verdict = validatePerCandidate(state, stepId, items, candidateId);
    if (!verdict.ok) return verdict;
  }
  if (stepId === 'appointment.announcement' && state.calendarFromService) {
    const startsOn = items['appointment.announcement.starts_on'];
    const verdict = checkAnnouncementStart(
      typeof startsOn === 'string' ? startsOn : chinaToday(),
      chinaToday(),
      'appointment.announcement.ends_on' in items,
      state.policy,
    );
    if (!verdict.ok) return verdict;
  }
  // Before the calendar patch: the announcement's end is counted in working days only when its
  // length is not configured; a year whose holidays are not loaded yet is refused then.
  if (
    stepId === 'appointment.announcement' &&
    !state.calendarFromService &&
    !state.input.timers?.announcement
  ) {
    try {
      announcementEnds(chinaToday(), state.calendar, state.policy);
    } catch (err) {
      if (err instanceof DomainError) return err.refusal;
      throw err;
    }
  }
  return undefined;
}

/**
 * Specification 3: an objection's outcome fits its finding, a deferral lasts at most three months, a
 * candidate's notice waits for the outcome of every objection about them, and the second submission
 * comes after the last notice.
 */
function validatePerCandidate(
  state: CaseState,
  stepId: string,
  items: Readonly<Record<string, unknown>>,
  candidateId: string | undefined,
): Verdict {
  const objections = (candidateId !== undefined && state.objections[candidateId]) || NO_OBJECTIONS;
  if (stepId === 'appointment.objection_outcome') {
    return checkObjectionOutcome(
      objections,
      items['appointment.objection_outcome.finding'],
      items['appointment.objection_outcome.action'],
      items['appointment.objection_outcome.deferred_until'],
      chinaToday(),
    );
  }
  if (stepId === 'appointment.notice' && candidateId !== undefined) {
    return checkNoticeClear(candidateId, objections);
  }
  if (stepId === 'appointment.second_submission') {
    const submittedOn = items['appointment.second_submission.submitted_on'];
    if (typeof submittedOn !== 'string') return { ok: true }; // the catalogue refuses it
    const notices = Object.values(state.noticeOf).sort();
    const verdict = checkSecondSubmission(notices[notices.length - 1], submittedOn);
    if (!verdict.ok || compareDates(submittedOn, chinaToday()) <= 0) return verdict;
    return refuse(
      'REPORT.SECOND_SUBMISSION',
      `二次提交日期 ${submittedOn} 晚于今天（${chinaToday()}）`,
      `the second submission cannot be dated ${submittedOn}, after today (${chinaToday()})`,
      { field: 'appointment.second_submission.submitted_on' },
    );
  }
  return { ok: true };
}

/** Specification 3: what an objection, its outcome and a candidate's notice do to that candidate. */
function afterPerCandidateStep(
  state: CaseState,
  stepId: string,
  items: Readonly<Record<string, unknown>>,
  candidateId: string,
): void {
  const before = state.objections[candidateId] ?? NO_OBJECTIONS;
  if (stepId === 'appointment.objection') {
    const { after, investigate } = objectionLogged(before, {
      anonymous: items['appointment.objection.anonymous'] === 'yes',
      seriousAndSpecific: items['appointment.objection.serious_and_specific'] === 'yes',
    });
    state.objections[candidateId] = after;
    if (!investigate) {
      state.addFact(
        'appointment.objection_kept',
        `APPT.ANONYMOUS_OBJECTION: 关于 ${candidateId} 的匿名反映内容不具体、情节不严重，登记备查，不作调查 / an anonymous objection about ${candidateId} is neither serious nor specific: kept on the record, not investigated`,
        SERVICE,
      );
    }
  } else if (stepId === 'appointment.objection_outcome') {
    const action = items['appointment.objection_outcome.action'] as ObjectionAction;
    state.objections[candidateId] = objectionResolved(before, action, chinaToday());
    // Specification 5: a deferral's end is a timer: when it runs out, the outcome is owed again.
    if (state.version >= 5) {
      if (action === 'defer') {
        openDeadline(
          state,
          'appointment.objection_deferral',
          chinaToday(),
          String(items['appointment.objection_outcome.deferred_until']),
          candidateId,
        );
      } else meetDeadline(state, 'appointment.objection_deferral', candidateId);
    }
    if (action === 'do_not_appoint') {
      const left = {
        code: 'APPT.OBJECTION_OUTCOME',
        zh: '经调查反映问题严重，不予任职',
        en: 'the objection was found serious: not appointed',
        gate: 'appointment' as const,
      };
      state.progress = setCandidate(state.progress, candidateId, 'not_appointed', { left });
      state.addFact(
        'appointment.refused',
        `${left.zh}（${candidateId}）/ ${candidateId}: ${left.en}`,
        SERVICE,
      );
      if (state.candidatesIn('passed', 'appointed').length === 0) state.status = 'not_appointed';
    } else if (action === 'defer') {
      const until = String(items['appointment.objection_outcome.deferred_until']);
      state.addFact(
        'appointment.deferred',
        `APPT.DEFERRAL_LIMIT: ${candidateId} 暂缓任职至 ${until}，核实后作出结论 / ${candidateId}: appointment deferred until ${until}, to be concluded once verified`,
        SERVICE,
      );
    }
  } else if (stepId === 'appointment.notice') {
    state.noticeOf[candidateId] = chinaToday();
    // Specification 5 (in full): the assessment is owed by the policy's days after probation ends.
    if (state.deadlinesInFull()) {
      const noticeOn = chinaToday();
      openDeadline(
        state,
        'probation.assessment',
        noticeOn,
        probationAssessmentDue(noticeOn, 0, state.policy),
        candidateId,
      );
    }
    state.noticeOn ??= chinaToday();
    state.progress = setCandidate(state.progress, candidateId, 'appointed');
    state.appointedCandidateId ??= candidateId;
  }
}

export function afterAppointmentStep(
  state: CaseState,
  stepId: string,
  items: Readonly<Record<string, unknown>>,
  candidateId: string | undefined,
): void {
  if (state.version >= 3 && candidateId !== undefined)
    afterPerCandidateStep(state, stepId, items, candidateId);
  if (stepId === 'appointment.announcement' && state.calendarFromService) {
    const startsOn = items['appointment.announcement.starts_on'];
    state.announcementToCount = typeof startsOn === 'string' ? startsOn : chinaToday();
    state.announcementStartsOn = state.announcementToCount;
  } else if (stepId === 'appointment.announcement') {
    const override = state.input.timers?.announcement;
    state.startTimer(
      'announcement',
      override
        ? durationMs(override)
        : untilEndOfChinaDay(announcementEnds(chinaToday(), state.calendar, state.policy)),
    );
  }
  if (stepId === 'appointment.objection_outcome' && state.version < 3) {
    const action = items['appointment.objection_outcome.action'];
    if (action === 'do_not_appoint') {
      state.status = 'not_appointed';
      state.addFact('appointment.refused', '经调查不予任职 / not appointed after investigation', SERVICE);
    }
  }
  if (stepId === 'appointment.notice' && state.version < 3) {
    state.noticeOn = chinaToday();
    if (state.version === 2) {
      // Every candidate the meeting passed is appointed by the notice.
      const passed = state.candidatesIn('passed');
      for (const id of passed) state.progress = setCandidate(state.progress, id, 'appointed');
      state.appointedCandidateId = passed[0];
    } else {
      state.appointedCandidateId = state.candidateIds[0];
    }
  }
}

export function onObjection(state: CaseState, args: ObjectionArgs): void {
  const desk: ActorRef = {
    id: args.unit && state.version >= 5 ? `${args.unit}-objections` : 'objection-desk',
    role: 'org_staff',
    ...(args.unit && state.version >= 5 ? { unitId: args.unit } : {}),
  };
  const late = objectionTooLate(state);
  if (!late.ok) {
    state.addFact('input.refused', `${late.code}: ${late.zh} / ${late.en}`, desk);
    return;
  }
  if (state.version >= 5) {
    // Specification 5: an objection from a unit's system or an intake desk names its candidate and
    // is logged with how it came in, as one posted through the gateway is.
    const items = {
      'appointment.objection.received_on': args.receivedOn,
      'appointment.objection.anonymous': args.anonymous ? 'yes' : 'no',
      'appointment.objection.content': args.content,
      'appointment.objection.serious_and_specific': args.seriousAndSpecific ? 'yes' : 'no',
      'appointment.objection.channel': args.channel ?? 'unit_system',
    };
    if (state.recordIfAllowed('appointment.objection', desk, items, 'person', args.candidateId))
      afterAppointmentStep(state, 'appointment.objection', items, args.candidateId);
    return;
  }
  // Specifications 3–4: objections are about a candidate; one from a unit's system naming its
  // candidate is logged as one posted through the gateway (the channel is specification 5's item).
  if (state.version >= 3 && args.candidateId !== undefined && patched(OBJECTION_CANDIDATE_PATCH)) {
    const items = {
      'appointment.objection.received_on': args.receivedOn,
      'appointment.objection.anonymous': args.anonymous ? 'yes' : 'no',
      'appointment.objection.content': args.content,
      'appointment.objection.serious_and_specific': args.seriousAndSpecific ? 'yes' : 'no',
    };
    if (state.recordIfAllowed('appointment.objection', desk, items, 'person', args.candidateId))
      afterAppointmentStep(state, 'appointment.objection', items, args.candidateId);
    return;
  }
  state.recordIfAllowed(
    'appointment.objection',
    desk,
    {
      'appointment.objection.received_on': args.receivedOn,
      'appointment.objection.anonymous': args.anonymous ? 'yes' : 'no',
      'appointment.objection.content': args.content,
      'appointment.objection.serious_and_specific': args.seriousAndSpecific ? 'yes' : 'no',
    },
    'person',
  );
}

export function onAnnouncementEnd(state: CaseState): void {
  state.record('appointment.announcement_end', SERVICE, {
    // The period's last day as counted; the timer fires as it ends, when China's date is the next.
    'appointment.announcement_end.ended_on':
      state.calendarFromService && state.announcementEndsOn ? state.announcementEndsOn : chinaToday(),
    'appointment.announcement_end.result':
      (state.progress.done['appointment.objection'] ?? 0) > 0 ||
      (state.progress.candidates ?? []).some((c) => (c.done['appointment.objection'] ?? 0) > 0)
        ? 'objections_resolved'
        : 'no_objection',
  });
  state.clearGateTimer();
}

/** A year the running announcement was counted by changed: it is counted again. */
export function onCalendarChanged(state: CaseState, args: CalendarChangedArgs): void {
  const used = state.announcementBasis?.get(args.year);
  if (used && used.version !== args.version && !state.progress.done['appointment.announcement_end']) {
    state.announcementRecount = true;
  }
}

/** Records the announcement's period as counted and starts (or moves) its timer. */
function setAnnouncementPeriod(
  state: CaseState,
  startsOn: string,
  endsOn: string,
  why: { zh: string; en: string },
): void {
  const { policy } = state;
  state.announcementEndsOn = endsOn;
  state.addFact(
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
  const override = state.input.timers?.announcement;
  state.startTimer('announcement', override ? durationMs(override) : untilEndOfChinaDay(endsOn));
}

/** Counts the announcement's period from its start, records it with the calendar it used, and starts its timer. */
async function countAnnouncement(state: CaseState, startsOn: string): Promise<void> {
  const { value: endsOn, basis } = await state.withCalendar(ANNOUNCEMENT_COUNT, (c) =>
    announcementEnds(startsOn, c, state.policy),
  );
  state.announcementBasis = basis;
  const by = basisText(basis);
  setAnnouncementPeriod(state, startsOn, endsOn, { zh: `按 ${by.zh} 计算：`, en: `counted by ${by.en}: ` });
}

/**
 * Counts the running announcement again after a year it was counted by changed (a correction,
 * an amendment, a withdrawal). A longer period is taken and the timer moved; a shorter one is
 * recorded but never shortens what was published: the announcement runs at least five working days.
 */
async function recountAnnouncement(state: CaseState): Promise<void> {
  const startsOn = state.announcementStartsOn;
  const before = state.announcementEndsOn;
  if (!startsOn || !before || state.progress.done['appointment.announcement_end']) return;
  const { value: endsOn, basis } = await state.withCalendar(ANNOUNCEMENT_COUNT, (c) =>
    announcementEnds(startsOn, c, state.policy),
  );
  state.announcementBasis = basis;
  const by = basisText(basis);
  if (endsOn > before) {
    setAnnouncementPeriod(state, startsOn, endsOn, {
      zh: `工作日历变更，按 ${by.zh} 重新计算，公示期延长：`,
      en: `the calendar changed; recounted by ${by.en}, the announcement is longer: `,
    });
  } else if (endsOn < before) {
    state.addFact(
      'calendar.recounted',
      `工作日历变更，按 ${by.zh} 重新计算，公示期至 ${endsOn}，早于已公布的 ${before}；已公布的公示期不缩短 / the calendar changed; recounted by ${by.en}, the announcement would end on ${endsOn}, before the published ${before}: the published period stands`,
      SERVICE,
    );
  }
}

/** Whether the announcement has counting to do (its period, or a recount). */
export function announcementWork(state: CaseState): boolean {
  return state.announcementToCount !== undefined || state.announcementRecount;
}

/** Counts the announcement's period, or counts it again, where that is due. */
export async function countAnnouncementDue(state: CaseState): Promise<void> {
  if (state.announcementToCount !== undefined && state.status === 'running') {
    const startsOn = state.announcementToCount;
    state.announcementToCount = undefined;
    await countAnnouncement(state, startsOn);
  }
  if (state.announcementRecount && state.status === 'running') {
    state.announcementRecount = false;
    await recountAnnouncement(state);
  }
}
