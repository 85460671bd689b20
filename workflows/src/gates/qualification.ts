/**
 * Gate 0 · qualification (任职资格), specification 2: the post's conditions, the profile the
 * organization department confirms, and each candidate's eligibility — checked when they are
 * shortlisted, during inspection, by the rules on the facts the check records.
 */
import {
  caseProfile,
  checkProfileCorrection,
  type Refusal,
  checkExceptionalReply,
  decideEligibility,
  ineligibleRefusal,
  profileChanges,
  profileFromItems,
  setCandidate,
} from '@jishi/domain';
import { type CaseState, chinaToday, SERVICE } from '../case-state';

type Items = Readonly<Record<string, unknown>>;

/** A correction of the profile the department proposed says why (QUAL.PROFILE_REASON). */
export function validateQualificationStep(
  state: CaseState,
  stepId: string,
  items: Items,
): Refusal | undefined {
  if (state.version < 2 || stepId !== 'qualification.profile') return undefined;
  const confirmed = caseProfile({ ...state.progress.profile, ...profileFromItems(items) });
  const verdict = checkProfileCorrection(
    profileChanges(state.progress.profile, confirmed),
    items['qualification.profile.reason'],
  );
  return verdict.ok ? undefined : verdict;
}

/**
 * Before a step is recorded: a confirmed profile takes effect first (it decides what the gate still
 * needs), and an eligibility check gets the conclusion the rules draw from its facts.
 */
export function prepareQualificationStep(state: CaseState, stepId: string, items: Items): Items {
  if (stepId === 'qualification.profile') {
    const before = state.progress.profile;
    const confirmed = caseProfile({ ...before, ...profileFromItems(items) });
    state.progress = { ...state.progress, profile: confirmed };
    const changes = profileChanges(before, confirmed);
    if (changes.length > 0) {
      const text = changes.map((c) => `${c.field}: ${String(c.from)} → ${String(c.to)}`).join('; ');
      state.addFact(
        'profile.corrected',
        `组织部门更正事项类别：${text} / the organization department corrected the profile: ${text}`,
        SERVICE,
      );
    }
    return items;
  }
  if (stepId === 'qualification.check') {
    // Judged on the day it is recorded (workflow time), whatever date the form carries.
    const result = decideEligibility(
      items,
      state.conditions,
      state.progress.profile,
      state.policy,
      chinaToday(),
    );
    state.eligibility = result;
    return {
      ...items,
      'qualification.check.conclusion': result.conclusion,
      ...(result.grounds.length > 0
        ? { 'qualification.check.grounds': result.grounds.map((g) => `${g.code}: ${g.zh} / ${g.en}`) }
        : {}),
    };
  }
  return items;
}

export function afterQualificationStep(
  state: CaseState,
  stepId: string,
  items: Items,
  candidateId: string | undefined,
): void {
  if (stepId === 'qualification.conditions') state.conditions = items;
  if (stepId === 'qualification.check' && candidateId !== undefined) {
    const relatives = (items['qualification.check.relatives'] as { id: string }[] | undefined) ?? [];
    state.relatives[candidateId] = relatives.map((r) => r.id);
  }
  if (stepId === 'qualification.check' && candidateId !== undefined && state.eligibility) {
    const { grounds } = state.eligibility;
    state.eligibility = undefined;
    if (grounds.length === 0) {
      state.progress = setCandidate(state.progress, candidateId, 'eligible');
    } else {
      const refusal = ineligibleRefusal(candidateId, grounds);
      state.progress = setCandidate(state.progress, candidateId, 'ineligible', {
        left: { code: refusal.code, zh: refusal.zh, en: refusal.en, gate: 'inspection' },
      });
      state.addFact('candidate.left', `${refusal.code}: ${refusal.zh} / ${refusal.en}`, SERVICE);
    }
  }
  if (stepId === 'qualification.exceptional_approval') {
    const rejected = checkExceptionalReply(items['qualification.exceptional_approval.reply']);
    if (rejected) {
      state.status = 'not_appointed';
      state.addFact('exceptional.rejected', `${rejected.code}: ${rejected.zh} / ${rejected.en}`, SERVICE);
    }
  }
}
