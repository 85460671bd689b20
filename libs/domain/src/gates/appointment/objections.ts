/**
 * Objections during the announcement (公示期间反映问题), each about one candidate (specification 3):
 * which must be investigated, what an investigation's finding leads to, and whether a candidate's
 * notice may go out.
 */
import { type CivilDate, compareDates } from '../../calendar/civil-date';
import { ALLOWED, refuse, type Verdict } from '../../errors/refusal';
import {
  checkDeferral,
  mustInvestigate,
  OBJECTION_FINDINGS,
  type ObjectionAction,
  objectionAction,
  type ObjectionFinding,
} from './appointment.rules';

/** Where one candidate's objections stand. */
export interface CandidateObjections {
  /** Objections that must be investigated and have no outcome yet (a deferral keeps them open). */
  readonly awaiting: number;
  /** The day the candidate's appointment was first deferred, while it is. */
  readonly deferredOn?: CivilDate;
}

export const NO_OBJECTIONS: CandidateObjections = { awaiting: 0 };

/**
 * An objection logged: one that must be investigated (signed, or anonymous but serious and specific)
 * waits for an outcome; an anonymous one that is neither is kept on the record only.
 */
export function objectionLogged(
  before: CandidateObjections,
  objection: { readonly anonymous: boolean; readonly seriousAndSpecific: boolean },
): { readonly after: CandidateObjections; readonly investigate: boolean } {
  const investigate = mustInvestigate({
    anonymous: objection.anonymous,
    serious: objection.seriousAndSpecific,
    specific: objection.seriousAndSpecific,
  });
  return { after: investigate ? { ...before, awaiting: before.awaiting + 1 } : before, investigate };
}

/**
 * An investigation's outcome about a candidate: there must be an objection awaiting it; the action
 * follows from the finding (nothing found → appoint; minor → appoint with a warning; serious → do not
 * appoint; serious but not yet verifiable → defer); a deferral names its end, at most three months
 * from the day the appointment was first deferred. Refuses APPT.ANONYMOUS_OBJECTION (nothing to
 * investigate), APPT.OBJECTION_OUTCOME, APPT.DEFERRAL_LIMIT.
 */
export function checkObjectionOutcome(
  state: CandidateObjections,
  finding: unknown,
  action: unknown,
  deferredUntil: unknown,
  today: CivilDate,
): Verdict {
  if (state.awaiting === 0) {
    return refuse(
      'APPT.ANONYMOUS_OBJECTION',
      '该人选没有需要调查的反映问题（匿名且内容不具体、情节不严重的反映登记备查，不作调查结论）',
      'no objection about this candidate awaits investigation (an anonymous one that is not serious and specific is kept on the record, not investigated)',
    );
  }
  if (!(OBJECTION_FINDINGS as readonly unknown[]).includes(finding)) return ALLOWED; // the catalogue refuses it
  const expected = objectionAction(finding as ObjectionFinding);
  if (action !== expected) {
    return refuse(
      'APPT.OBJECTION_OUTCOME',
      `调查结论为“${FINDING_ZH[finding as ObjectionFinding]}”的，处理意见应为“${ACTION_ZH[expected]}”`,
      `a finding of "${String(finding)}" leads to "${expected}", not "${String(action)}"`,
      { field: 'appointment.objection_outcome.action', finding, expected },
    );
  }
  if (expected !== 'defer') return ALLOWED;
  if (typeof deferredUntil !== 'string') {
    return refuse(
      'APPT.DEFERRAL_LIMIT',
      '暂缓任职须写明暂缓至何日（最长 3 个月）',
      'a deferral names the day it lasts until (at most 3 months)',
      { field: 'appointment.objection_outcome.deferred_until' },
    );
  }
  if (compareDates(deferredUntil, today) < 0) {
    return refuse(
      'APPT.DEFERRAL_LIMIT',
      `暂缓任职的截止日期 ${deferredUntil} 早于今天（${today}）`,
      `a deferral cannot end on ${deferredUntil}, before today (${today})`,
      { field: 'appointment.objection_outcome.deferred_until' },
    );
  }
  return checkDeferral(state.deferredOn ?? today, deferredUntil);
}

/**
 * What an allowed outcome leaves: a deferral keeps the objection open; any other concludes one
 * objection (each investigated objection has its own outcome) and ends the deferral.
 */
export function objectionResolved(
  state: CandidateObjections,
  action: ObjectionAction,
  today: CivilDate,
): CandidateObjections {
  if (action === 'defer') return { ...state, deferredOn: state.deferredOn ?? today };
  return { awaiting: Math.max(0, state.awaiting - 1) };
}

/** A candidate's appointment notice waits for the outcome of every objection about them. Refuses APPT.OBJECTION_PENDING. */
export function checkNoticeClear(candidateId: string, state: CandidateObjections): Verdict {
  if (state.awaiting === 0) return ALLOWED;
  return refuse(
    'APPT.OBJECTION_PENDING',
    state.deferredOn
      ? `人选“${candidateId}”自 ${state.deferredOn} 起暂缓任职，待核实后作出结论方可发任职通知`
      : `人选“${candidateId}”有 ${state.awaiting} 件反映问题尚无调查结论，不能发任职通知`,
    state.deferredOn
      ? `the appointment of "${candidateId}" is deferred since ${state.deferredOn}; no notice until the matter is verified and concluded`
      : `${state.awaiting} objection(s) about "${candidateId}" have no outcome yet; no notice until they do`,
    { candidateId, awaiting: state.awaiting, ...(state.deferredOn ? { deferredOn: state.deferredOn } : {}) },
  );
}

const FINDING_ZH: Readonly<Record<ObjectionFinding, string>> = {
  nothing_found: '反映问题不存在',
  minor: '问题轻微',
  serious: '问题严重',
  serious_unverified: '问题严重但一时难以查实',
};

const ACTION_ZH: Readonly<Record<ObjectionAction, string>> = {
  appoint: '不影响任职',
  appoint_with_warning: '批评教育后任职',
  do_not_appoint: '不予任职',
  defer: '暂缓任职',
};
