/**
 * Gate 1 · motion (动议): an upper department's rejection ends the case. Specification 3: the
 * motion states the grounds that need the upper department's approval, and the approval becomes
 * required, covering them all, whatever the profile said.
 */
import {
  checkApprovalCoversGrounds,
  checkApprovalGroundsStated,
  checkUpperApprovalReply,
  learnFacts,
  type Refusal,
  UPPER_APPROVAL_GROUNDS,
  type UpperApprovalGround,
  upperApprovalGrounds,
} from '@jishi/domain';
import { patched } from '@temporalio/workflow';
import { type CaseState, chinaToday, SERVICE } from '../case-state';
import { meetDeadline } from '../deadlines';

/** Patch: an upper department's rejection of the motion ends the case instead of letting it go on. */
export const UPPER_REJECTION_PATCH = 'upper-approval-rejection';

export function afterMotionStep(
  state: CaseState,
  stepId: string,
  items: Readonly<Record<string, unknown>>,
): void {
  if (stepId === 'motion.propose' && state.version >= 3) afterMotionProposed(state, items);
  // Specification 5: the upper department's reply is due in the policy's working days from the motion.
  if (stepId === 'motion.propose' && state.version >= 5 && state.progress.profile.needsUpperApproval)
    state.deadlinesToCount.push({ key: 'motion.upper_approval', startOn: chinaToday() });
  if (stepId === 'motion.upper_approval' && state.version >= 5) meetDeadline(state, 'motion.upper_approval');
  if (stepId === 'motion.upper_approval' && patched(UPPER_REJECTION_PATCH)) {
    const reply = checkUpperApprovalReply(items['motion.upper_approval.reply']);
    if (!reply.ok) {
      state.status = 'not_appointed';
      state.addFact('motion.rejected', `${reply.code}: ${reply.zh} / ${reply.en}`, SERVICE);
    }
  }
}

/** The grounds the motion stated (and the profile's exceptional promotion), as the rules read them. */
function groundsOf(state: CaseState, stated: unknown): UpperApprovalGround[] {
  const list = Array.isArray(stated) ? stated : [];
  return upperApprovalGrounds({
    ...Object.fromEntries(UPPER_APPROVAL_GROUNDS.map((g) => [g, list.includes(g)])),
    exceptional_promotion:
      list.includes('exceptional_promotion') || state.progress.profile.exceptionalPromotion,
  });
}

/** Specification 3: what the motion gate checks of a person's step. */
export function validateMotionStep(
  state: CaseState,
  stepId: string,
  items: Readonly<Record<string, unknown>>,
): Refusal | undefined {
  if (state.version < 3) return undefined;
  if (stepId === 'motion.propose') {
    const verdict = checkApprovalGroundsStated(
      items['motion.propose.approval_grounds'],
      state.progress.profile.exceptionalPromotion,
    );
    return verdict.ok ? undefined : verdict;
  }
  if (stepId === 'motion.upper_approval') {
    const verdict = checkApprovalCoversGrounds(items['motion.upper_approval.grounds'], state.approvalGrounds);
    return verdict.ok ? undefined : verdict;
  }
  return undefined;
}

/** Specification 3: a motion with grounds for approval makes the upper department's approval required. */
export function afterMotionProposed(state: CaseState, items: Readonly<Record<string, unknown>>): void {
  const grounds = groundsOf(state, items['motion.propose.approval_grounds']);
  state.approvalGrounds = grounds;
  if (grounds.length === 0) return;
  state.addFact(
    'motion.approval_required',
    `MOTION.UPPER_APPROVAL_REQUIRED: 须报上级组织部门审批（${grounds.join('、')}），批复前不得推进 / the upper department’s approval is needed (${grounds.join(', ')}); nothing proceeds before its reply`,
    SERVICE,
  );
  if (!state.progress.profile.needsUpperApproval) {
    state.progress = learnFacts(state.progress, { needsUpperApproval: true });
  }
}
