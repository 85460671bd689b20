import { EnvelopeError } from '@jishi/contracts';
import { type CaseProfile, caseProfile, type Policy, resolvePolicy } from '@jishi/domain';

/**
 * The rules a command says its case runs by: the organization's policy, resolved and checked, and
 * the case's profile (from a command's `CaseRules`, or as a service stored them). A command without them (a case started before commands carried them) runs by
 * the defaults; a policy that breaks its rules makes the command invalid (dead-lettered with why).
 */
export function caseRulesOf(rules: { readonly policy?: unknown; readonly profile?: unknown } | undefined): {
  policy: Policy;
  profile: CaseProfile;
} {
  const policy = resolvePolicy((rules?.policy ?? {}) as Partial<Policy>);
  if (Array.isArray(policy)) {
    throw new EnvelopeError('payload.rules.policy', policy.map((r) => r.en).join('; '));
  }
  return { policy, profile: caseProfile((rules?.profile ?? {}) as Partial<CaseProfile>) };
}
