/**
 * Gate 0 · qualification (任职资格), specification 2: the post's conditions, the profile the
 * organization department confirms, and each candidate's eligibility — checked when they are
 * shortlisted, during inspection, by the rules on the facts the check records.
 */
import {
  caseProfile,
  checkExceptionalReply,
  decideEligibility,
  ineligibleRefusal,
  profileChanges,
  profileFromItems,
  setCandidate,
} from '@jishi/domain';
import { type CaseState, chinaToday, SERVICE } from '../case-state';

type Items = Readonly<Record<string, unknown>>;

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
    const on =
      typeof items['qualification.check.checked_on'] === 'string'
        ? (items['qualification.check.checked_on'] as string)
        : chinaToday();
    const result = decideEligibility(items, state.conditions, state.progress.profile, state.policy, on);
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
    if (items['qualification.check.conclusion'] === 'eligible') {
      state.progress = setCandidate(state.progress, candidateId, 'eligible');
    } else {
      const on = (items['qualification.check.checked_on'] as string | undefined) ?? chinaToday();
      const result = decideEligibility(items, state.conditions, state.progress.profile, state.policy, on);
      const refusal = ineligibleRefusal(candidateId, result.grounds);
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
