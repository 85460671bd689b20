/**
 * Gate 3 · inspection (组织考察). Specification 1: the inspection service shortlists the best-ranked
 * nominees. Specification 2: the organization department shortlists (with its reason where it
 * departs from the votes), each shortlisted candidate's eligibility is checked, and only then does
 * the inspection service inspect the eligible.
 */
import type { StepRecordArgs } from '@jishi/contracts';
import {
  checkInspectionNotice,
  checkRecommendationResultValid,
  checkShortlistChoice,
  checkShortlistOpen,
  departsFromRanking,
  fourMustsBar,
  type Refusal,
  setCandidate,
} from '@jishi/domain';
import { activities, type CaseState, chinaToday, SERVICE } from '../case-state';
import { rulesOf } from './rules';

type Items = Readonly<Record<string, unknown>>;

export async function openInspection(state: CaseState): Promise<void> {
  if (state.version >= 2) return; // the organization department shortlists first
  await state.flush();
  await activities.sendServiceCommand({
    caseId: state.input.caseId,
    service: 'inspection',
    posts: state.input.posts,
    expectedParticipants: 0,
    candidateIds: state.candidateIds,
    expectedMembers: 0,
    rules: rulesOf(state),
  });
}

const chosenOf = (items: Items): string[] =>
  ((items['inspection.shortlist.candidates'] as { id: string }[] | undefined) ?? []).map((c) => c.id);

export function validateInspectionStep(state: CaseState, stepId: string, items: Items): Refusal | undefined {
  if (state.version < 2 || stepId !== 'inspection.shortlist') return undefined;
  // Once the inspection service has its candidates, the shortlist is closed.
  const open = checkShortlistOpen(state.inspectionStarted);
  if (!open.ok) return open;
  // Specification 3: a recommendation result is used within a year of it.
  if (state.version >= 3 && state.nominatedOn) {
    const valid = checkRecommendationResultValid({ heldOn: state.nominatedOn }, chinaToday(), '');
    if (!valid.ok) return valid;
  }
  const verdict = checkShortlistChoice(
    {
      ranking: state.ranking,
      already: state.candidatesIn('shortlisted', 'eligible'),
      left: state.candidatesIn('ineligible'),
      chosen: chosenOf(items),
      ...(typeof items['inspection.shortlist.departure_reason'] === 'string'
        ? { departureReason: items['inspection.shortlist.departure_reason'] as string }
        : {}),
    },
    state.input.posts,
    state.progress.profile,
    state.policy,
  );
  return verdict.ok ? undefined : verdict;
}

export function afterInspectionStep(state: CaseState, stepId: string, items: Items): void {
  if (state.version < 2) return;
  if (stepId === 'inspection.shortlist') {
    for (const id of chosenOf(items)) state.progress = setCandidate(state.progress, id, 'shortlisted');
    const departs = departsFromRanking(
      state.ranking,
      state.candidatesIn('shortlisted', 'eligible'),
      state.candidatesIn('ineligible'),
    );
    if (departs.length > 0)
      state.addFact(
        'shortlist.departs',
        `考察对象未按得票排序确定：${departs.join('、')}（理由见考察对象确定记录）/ the shortlist departs from the ranking: ${departs.join(', ')} (the reason is in the shortlist's record)`,
        SERVICE,
      );
  }
  if (stepId === 'qualification.check') startInspectionWhenChecked(state);
}

/**
 * Once no shortlisted candidate waits for the eligibility check, the eligible are inspected — when
 * they are enough for the posts, or when no nominee is left to shortlist; with none eligible and no
 * nominee left, the case ends without appointment.
 */
function startInspectionWhenChecked(state: CaseState): void {
  if (state.inspectionStarted || state.candidatesIn('shortlisted').length > 0) return;
  const eligible = state.candidatesIn('eligible');
  const left = state.candidatesIn('nominated');
  if (eligible.length >= state.input.posts || (left.length === 0 && eligible.length > 0)) {
    state.inspectionStarted = true;
    state.due.add('inspection.start');
  } else if (left.length > 0) {
    state.addFact(
      'shortlist.short',
      `符合资格的考察对象 ${eligible.length} 名，少于 ${state.input.posts} 个职位，须补充确定考察对象 / ${eligible.length} eligible candidate(s) for ${state.input.posts} post(s): shortlist more`,
      SERVICE,
    );
  } else {
    noCandidateLeft(state);
  }
}

/** No candidate is left to inspect, propose or vote on: the case ends without appointment. */
function noCandidateLeft(state: CaseState): void {
  state.status = 'not_appointed';
  state.addFact(
    'case.no_candidate',
    '没有符合资格的人选，事项结束 / no eligible candidate is left: the case ends',
    SERVICE,
  );
}

/** Sends the eligible shortlist to the inspection service; each was checked before it became eligible. */
export async function startInspection(state: CaseState): Promise<void> {
  await state.flush();
  await activities.sendServiceCommand({
    caseId: state.input.caseId,
    service: 'inspection',
    posts: state.input.posts,
    expectedParticipants: 0,
    candidateIds: state.candidatesIn('eligible'),
    expectedMembers: 0,
    rules: rulesOf(state),
    shortlisted: true,
  });
}

/**
 * Specification 2: a candidate's four musts that bar them — a concealed personal matter, or the
 * discipline organ's opinion that it affects their use — and they leave the case with the rule's code.
 */
export function afterServiceStep(state: CaseState, step: StepRecordArgs): void {
  // Specification 4: the team's members keep the inspection's record.
  if (state.version >= 4 && step.stepId === 'inspection.team') {
    const members = step.items['inspection.team.members'];
    if (Array.isArray(members)) state.inspectionTeam = members.map((m) => String((m as { id?: unknown }).id));
    return;
  }
  // Specification 4: the notice's working days ahead are counted by the state calendar next.
  if (state.version >= 4 && step.stepId === 'inspection.notice') {
    const publishedOn = step.items['inspection.notice.published_on'];
    const startsOn = step.items['inspection.notice.inspection_starts_on'];
    state.inspectionNotice =
      typeof publishedOn === 'string' && typeof startsOn === 'string' ? { publishedOn, startsOn } : null;
    state.due.add('inspection.notice');
    return;
  }
  if (state.version < 2 || step.stepId !== 'inspection.four_musts' || step.candidateId === undefined) return;
  const bar = fourMustsBar(step.items);
  if (!bar) return;
  state.progress = setCandidate(state.progress, step.candidateId, 'ineligible', {
    left: { code: bar.code, zh: bar.zh, en: bar.en, gate: 'inspection' },
  });
  state.addFact('candidate.left', `${bar.code}: ${step.candidateId} ${bar.zh} / ${bar.en}`, SERVICE);
}

/**
 * Specification 4: the inspection notice came the policy's working days ahead (1–3 by default),
 * counted by the state calendar; a notice too early, too late or not given is recorded with the
 * rule's code (the inspection has taken place: its record says how).
 */
export async function checkNoticeDays(state: CaseState): Promise<void> {
  const notice = state.inspectionNotice;
  if (!notice) {
    state.addFact(
      'inspection.notice_days',
      'INSP.NOTICE_DAYS: 考察预告未记录发布日期和考察开始日期 / the inspection notice’s dates are not on the record',
      SERVICE,
    );
    return;
  }
  const { value } = await state.withCalendar(
    { zh: '考察预告提前天数', en: 'the inspection notice’s days ahead' },
    (calendar) => checkInspectionNotice(notice.publishedOn, notice.startsOn, calendar, state.policy),
  );
  if (value.ok) return;
  state.addFact(
    'inspection.notice_days',
    `${value.code}: ${value.zh}（${notice.publishedOn} 发布，${notice.startsOn} 开始）/ ${value.en} (published ${notice.publishedOn}, starting ${notice.startsOn})`,
    SERVICE,
  );
}

/** Specification 2: after the inspection, a case whose every candidate was barred ends. */
export function afterInspected(state: CaseState): void {
  if (state.version >= 2 && state.candidatesIn('eligible').length === 0) noCandidateLeft(state);
}
