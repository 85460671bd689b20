/**
 * Gate 6 · decision (讨论决定): the voting service holds the meeting and its secret ballot.
 * Specification 1: one meeting on one candidate. Specification 2: each proposed candidate voted on
 * separately; a meeting without quorum is void and reconvened, a deferred candidate comes back at
 * the next meeting, reconsideration (复议) brings a decided one back.
 */
import type { ActorRef, ServiceResultArgs } from '@jishi/contracts';
import {
  checkConclusion,
  checkDecisionQuorum,
  checkDecisionRecord,
  checkPrincipalLast,
  checkRosterRecusal,
  checkFirstSubmission,
  firstSubmissionDue,
  compareDates,
  checkNewProposal,
  checkPostsSettled,
  checkReconsiderable,
  checkReconsideration,
  openPosts,
  type Refusal,
  refuse,
  setCandidate,
  type Verdict,
} from '@jishi/domain';
import { meetDeadline, openDeadline } from '../deadlines';
import { activities, type CaseState, chinaToday, SERVICE } from '../case-state';
import { rulesOf } from './rules';

type Items = Readonly<Record<string, unknown>>;

export async function openDecision(state: CaseState): Promise<void> {
  state.clearGateTimer();
  if (state.version >= 2) {
    state.due.add('decision.meeting');
    return;
  }
  await state.flush();
  await activities.sendServiceCommand({
    caseId: state.input.caseId,
    service: 'voting',
    posts: state.input.posts,
    expectedParticipants: 0,
    candidateIds: state.candidateIds.slice(0, 1),
    expectedMembers: state.input.committeeMembers,
    // The body that decides is the case's (standing or plenary committee, department meeting).
    body: state.progress.profile.decisionBody,
    rules: rulesOf(state),
  });
}

/**
 * Specification 2: calls the next meeting on every proposed candidate not yet decided — never while
 * a meeting called before has not reported (its result would be thrown away as stale).
 */
export async function callMeeting(state: CaseState): Promise<void> {
  const candidates = state.candidatesIn('proposed');
  if (candidates.length === 0 || state.meetingOpen) return;
  state.meeting += 1;
  state.meetingOpen = true;
  state.addFact(
    'decision.meeting_called',
    `召开第 ${state.meeting} 次会议，逐一表决：${candidates.join('、')} / meeting ${state.meeting} called to vote on each of ${candidates.join(', ')}`,
    SERVICE,
  );
  await state.flush();
  await activities.sendServiceCommand({
    caseId: state.input.caseId,
    service: 'voting',
    posts: state.input.posts,
    expectedParticipants: 0,
    candidateIds: candidates,
    expectedMembers: state.input.committeeMembers,
    body: state.progress.profile.decisionBody,
    rules: rulesOf(state),
    meeting: state.meeting,
  });
}

/** A voting service result: specification 2 records the meeting and each candidate; specification 1 closes the case when its one vote did not pass. Returns whether the result was handled here. */
export function onVotingResult(state: CaseState, args: ServiceResultArgs, actor: ActorRef): boolean {
  if (state.version >= 2) {
    onMeetingResult(state, args, actor);
    return true;
  }
  if (args.outcome === 'passed') return false;
  state.status = 'not_appointed';
  state.addFact(
    'decision.not_passed',
    `表决未通过（${args.outcome}）/ the vote did not pass (${args.outcome})`,
    actor,
  );
  return true;
}

/**
 * Specification 2: a meeting's record, then each candidate's vote or deferral. Candidates still
 * proposed (the meeting was void, or their item deferred) go to the next meeting; when every one is
 * decided and none passed, the case closes.
 */
function onMeetingResult(state: CaseState, args: ServiceResultArgs, actor: ActorRef): void {
  if (args.meeting !== state.meeting) {
    state.addFact(
      'input.refused',
      `VOTING.STALE_MEETING: 第 ${String(args.meeting)} 次会议的结果不是本事项正在等待的第 ${state.meeting} 次会议 / the result of meeting ${String(args.meeting)} is not that of meeting ${state.meeting}, which the case awaits`,
      actor,
    );
    return;
  }
  state.meetingOpen = false;
  for (const step of args.steps) {
    if (!state.recordIfAllowed(step.stepId, actor, step.items, 'voting', step.candidateId, step.actors))
      continue;
    if (step.stepId === 'decision.meeting') {
      state.meetings[state.meeting] = {
        expected: Number(step.items['decision.meeting.expected']),
        present: Number(step.items['decision.meeting.present']),
        minuted: false,
        voted: [],
      };
    }
    if (step.stepId === 'decision.meeting' && step.items['decision.meeting.outcome'] === 'void') {
      const quorum = checkDecisionQuorum(
        Number(step.items['decision.meeting.expected']),
        Number(step.items['decision.meeting.present']),
      );
      if (!quorum.ok)
        state.addFact(
          'decision.void',
          `${quorum.code}: 第 ${state.meeting} 次会议${quorum.zh}，所议人选下次会议再议 / meeting ${state.meeting}: ${quorum.en}; its items come back at the next meeting`,
          actor,
        );
    }
    if (step.stepId === 'decision.vote' && step.candidateId !== undefined) {
      state.decidedOn = chinaToday();
      // Specification 5: the first submission's days run from the decision (from its last vote).
      if (state.version >= 5) {
        openDeadline(
          state,
          'decision.first_submission',
          state.decidedOn,
          firstSubmissionDue(state.decidedOn, state.policy.firstSubmissionDays),
        );
      }
      state.meetings[state.meeting]?.voted.push(step.candidateId);
      const passed = step.items['decision.vote.outcome'] === 'passed';
      state.progress = setCandidate(state.progress, step.candidateId, passed ? 'passed' : 'not_passed');
    }
  }
  afterDecided(state);
}

function afterDecided(state: CaseState): void {
  if (state.candidatesIn('proposed').length > 0) {
    // Called now, or as soon as the meeting still open reports.
    if (!state.meetingOpen) state.due.add('decision.meeting');
    return;
  }
  const candidates = state.progress.candidates ?? [];
  const open = openPosts(candidates, state.input.posts);
  if (open.length === 0) return;
  const passed = state.candidatesIn('passed');
  if (state.candidatesIn('eligible').length > 0) {
    // Not passed is not appointed; the five-person group may propose another, or the organization concludes.
    state.addFact(
      'decision.posts_open',
      `职位 ${open.join('、')} 无通过人选：可由五人小组另行提出人选，或记录处理结果 / post(s) ${open.join(', ')} have no candidate passed: the five-person group may propose another, or the organization records what is done`,
      SERVICE,
    );
  } else if (passed.length === 0) {
    state.status = 'not_appointed';
    state.addFact('decision.not_passed', '人选均未获通过 / no candidate passed', SERVICE);
  } else {
    state.decisionConcluded = true;
    state.addFact(
      'decision.posts_vacant',
      `职位 ${open.join('、')} 无通过人选，亦无其他符合资格的考察对象，暂时空缺 / post(s) ${open.join(', ')} have no candidate passed and no other eligible candidate: left vacant`,
      SERVICE,
    );
  }
}

export function validateDecisionStep(
  state: CaseState,
  stepId: string,
  items: Items,
  candidateId: string | undefined,
): Refusal | undefined {
  const candidates = state.progress.candidates ?? [];
  let verdict: Verdict = { ok: true };
  if (stepId === 'decision.reconsideration') {
    // The body's members are the case's, not a number typed with the step.
    const members = state.input.committeeMembers;
    verdict = checkReconsideration(members, items['decision.reconsideration.agree_to_reconsider'] as number);
    if (verdict.ok && candidateId !== undefined) verdict = checkReconsiderable(candidates, candidateId);
    if (verdict.ok && items['decision.reconsideration.members'] !== members)
      verdict = refuse(
        'DEC.RECONSIDERATION',
        `应到成员为 ${members} 人，与填写的 ${String(items['decision.reconsideration.members'])} 人不符`,
        `the body has ${members} members, not the ${String(items['decision.reconsideration.members'])} given`,
        { members },
      );
  } else if (stepId === 'decision.new_proposal') {
    verdict = checkNewProposal(candidates, state.input.posts, items['decision.new_proposal.post'] as number);
  } else if (stepId === 'decision.conclude') {
    verdict = checkConclusion(candidates, items['decision.conclude.outcome']);
  } else if (stepId === 'decision.first_submission' && state.version >= 2) {
    verdict = checkPostsSettled(candidates, state.input.posts, state.decisionConcluded);
    if (verdict.ok && state.version >= 3) verdict = checkMeetingsRecorded(state);
    if (verdict.ok && state.version >= 3) verdict = checkSubmissionDate(state, items);
  } else if (stepId === 'decision.minutes') {
    verdict = checkMinutes(state, items);
  }
  return verdict.ok ? undefined : verdict;
}

type Person = { readonly id?: unknown };
type Attachment = { readonly sha256?: unknown };

/**
 * Specification 3: the people's record of a meeting that reported — body, date, chair, the service's
 * attendance, minutes and recording (DEC.RECORD_INCOMPLETE) — and, where views were stated, the
 * principal leader last (DEC.PRINCIPAL_LAST).
 */
function checkMinutes(state: CaseState, items: Items): Verdict {
  const n = items['decision.minutes.meeting'];
  const meeting = typeof n === 'number' ? state.meetings[n] : undefined;
  if (!meeting) {
    return refuse(
      'CASE.STEP_OUT_OF_ORDER',
      `第 ${String(n)} 次会议尚未召开或尚无表决结果，不能记录`,
      `meeting ${String(n)} has not reported yet; it cannot be recorded`,
      { field: 'decision.minutes.meeting', meetings: Object.keys(state.meetings).map(Number) },
    );
  }
  if (meeting.minuted) {
    return refuse(
      'CASE.STEP_ALREADY_DONE',
      `第 ${String(n)} 次会议已有纪实`,
      `meeting ${String(n)} is already recorded`,
      {
        field: 'decision.minutes.meeting',
      },
    );
  }
  const verdict = checkDecisionRecord({
    body: state.progress.profile.decisionBody,
    date: items['decision.minutes.held_on'] as string | undefined,
    chairId: (items['decision.minutes.chair'] as Person | undefined)?.id as string | undefined,
    expected: meeting.expected,
    present: meeting.present,
    minutesDigest: (items['decision.minutes.minutes'] as Attachment | undefined)?.sha256 as
      string | undefined,
    audioDigest: (items['decision.minutes.audio'] as Attachment | undefined)?.sha256 as string | undefined,
  });
  if (!verdict.ok) return verdict;
  const order = (items['decision.minutes.speaking_order'] as Person[] | undefined) ?? [];
  if (order.length === 0) return { ok: true };
  const principal = (items['decision.minutes.principal'] as Person | undefined)?.id;
  if (typeof principal !== 'string') {
    return refuse(
      'DEC.PRINCIPAL_LAST',
      '记录了成员表态顺序的，须写明主要负责人',
      'where the views stated are recorded, name the principal leader',
      { field: 'decision.minutes.principal' },
    );
  }
  return checkPrincipalLast(
    order.map((p) => String(p.id)),
    principal,
  );
}

/**
 * Specification 3: the record of a meeting is taken as it happened; where a relative a candidate's
 * check declared chaired, spoke or recorded, that candidate's vote does not stand (RECUSAL.KINSHIP):
 * the breach is recorded and the candidate is voted on again at the next meeting.
 */
function voteAgainWithoutRelatives(state: CaseState, items: Items): void {
  const order = (items['decision.minutes.speaking_order'] as Person[] | undefined) ?? [];
  const roster = [
    items['decision.minutes.chair'] as Person | undefined,
    items['decision.minutes.recorder'] as Person | undefined,
    ...order,
  ].map((p) => String(p?.id));
  const voted = state.meetings[items['decision.minutes.meeting'] as number]?.voted ?? [];
  // Only the votes taken at that meeting that still stand.
  for (const candidateId of state.candidatesIn('passed', 'not_passed').filter((c) => voted.includes(c))) {
    const breach = checkRosterRecusal(
      roster,
      state.relatives,
      [candidateId],
      'decision.minutes.speaking_order',
    );
    if (breach.ok) continue;
    state.addFact(
      'decision.recusal_breach',
      `${breach.code}: ${breach.zh}；对 ${candidateId} 的表决不能成立，下次会议重新表决 / ${breach.en}; the vote on ${candidateId} does not stand and is taken again at the next meeting`,
      SERVICE,
    );
    state.progress = setCandidate(state.progress, candidateId, 'proposed', { again: ['decision.vote'] });
    state.decisionConcluded = false;
  }
  afterDecided(state);
}

/** Specification 3: the first submission carries the record of every meeting held (DEC.RECORD_INCOMPLETE). */
function checkMeetingsRecorded(state: CaseState): Verdict {
  const unrecorded = Object.entries(state.meetings)
    .filter(([, m]) => !m.minuted)
    .map(([n]) => Number(n));
  if (unrecorded.length === 0) return { ok: true };
  return refuse(
    'DEC.RECORD_INCOMPLETE',
    `第 ${unrecorded.join('、')} 次会议尚无会议纪实（主持人、会议记录、录音录像），不能初次提交`,
    `meeting(s) ${unrecorded.join(', ')} have no record yet (chair, minutes, recording): the record cannot be submitted`,
    { meetings: unrecorded },
  );
}

/**
 * Specification 3: the first submission is dated between the decision and today; one dated after the
 * five days is taken, and its lateness recorded with the rule (REPORT.FIRST_SUBMISSION).
 */
function checkSubmissionDate(state: CaseState, items: Items): Verdict {
  const submittedOn = items['decision.first_submission.submitted_on'];
  const decidedOn = state.decidedOn;
  if (typeof submittedOn !== 'string' || decidedOn === undefined) return { ok: true };
  const today = chinaToday();
  if (compareDates(submittedOn, decidedOn) >= 0 && compareDates(submittedOn, today) <= 0) return { ok: true };
  return refuse(
    'REPORT.FIRST_SUBMISSION',
    `初次提交日期 ${submittedOn} 须在讨论决定（${decidedOn}）之后、今天（${today}）之前`,
    `the first submission is dated between the decision (${decidedOn}) and today (${today}), not ${submittedOn}`,
    { field: 'decision.first_submission.submitted_on', decidedOn, today },
  );
}

export function afterDecisionStep(
  state: CaseState,
  stepId: string,
  items: Items,
  candidateId: string | undefined,
): void {
  if (stepId === 'decision.reconsideration' && candidateId !== undefined) {
    state.progress = setCandidate(state.progress, candidateId, 'proposed', { again: ['decision.vote'] });
    // What was concluded about the posts no longer stands while a candidate is voted on again.
    state.decisionConcluded = false;
    afterDecided(state);
  } else if (stepId === 'decision.new_proposal' && candidateId !== undefined) {
    state.decisionConcluded = false;
    state.progress = setCandidate(state.progress, candidateId, 'proposed', {
      post: items['decision.new_proposal.post'] as number,
    });
    afterDecided(state);
  } else if (stepId === 'decision.first_submission' && state.version >= 3 && state.decidedOn) {
    // Late is judged by the day the submission is recorded, which nobody can date back.
    const late = checkFirstSubmission(state.decidedOn, chinaToday(), state.policy.firstSubmissionDays);
    if (state.version >= 5) meetDeadline(state, 'decision.first_submission');
    if (!late.ok) {
      state.addFact(
        'report.late',
        `${late.code}: ${late.zh}，实际于 ${String(items['decision.first_submission.submitted_on'])} 提交 / ${late.en}; submitted on ${String(items['decision.first_submission.submitted_on'])}`,
        SERVICE,
      );
    }
  } else if (stepId === 'decision.minutes') {
    const meeting = state.meetings[items['decision.minutes.meeting'] as number];
    if (meeting) meeting.minuted = true;
    voteAgainWithoutRelatives(state, items);
  } else if (stepId === 'decision.conclude') {
    state.decisionConcluded = true;
    if (items['decision.conclude.outcome'] === 'end_case') {
      state.status = 'not_appointed';
      state.addFact('decision.ended', '没有人选通过，事项终止 / no candidate passed: the case ends', SERVICE);
    }
  }
}
