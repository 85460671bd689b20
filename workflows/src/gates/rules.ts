import type { ServiceCommand } from '../activities/case.activities';
import type { CaseState } from '../case-state';

/** The rules the case runs by, for the service whose gate opens: its resolved policy and profile. */
export function rulesOf(state: CaseState): ServiceCommand['rules'] {
  return { policy: state.policy, profile: state.progress.profile };
}
