/** Gate 1 · motion (动议): an upper department's rejection ends the case. */
import { checkUpperApprovalReply } from '@jishi/domain';
import { patched } from '@temporalio/workflow';
import { type CaseState, SERVICE } from '../case-state';

/** Patch: an upper department's rejection of the motion ends the case instead of letting it go on. */
export const UPPER_REJECTION_PATCH = 'upper-approval-rejection';

export function afterMotionStep(
  state: CaseState,
  stepId: string,
  items: Readonly<Record<string, unknown>>,
): void {
  if (stepId === 'motion.upper_approval' && patched(UPPER_REJECTION_PATCH)) {
    const reply = checkUpperApprovalReply(items['motion.upper_approval.reply']);
    if (!reply.ok) {
      state.status = 'not_appointed';
      state.addFact('motion.rejected', `${reply.code}: ${reply.zh} / ${reply.en}`, SERVICE);
    }
  }
}
