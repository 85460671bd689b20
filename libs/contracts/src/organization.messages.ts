/** The record's chain for an organization's policy: every version its administrator set. */
export const policyRecordId = (organization: string): string => `policy-${organization}`;
