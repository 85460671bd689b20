import { anySpecStep, DATA_ITEMS, ROLE_LABELS, ROLES, type Role } from '@jishi/domain';

/**
 * The roles a person may hold at the gateway: every role of @jishi/domain but the system's own, plus
 * the voter (投票人) — a committee member or meeting participant who casts secret ballots and does
 * no step of the case — and the organization department's administrator (组织部系统管理员), who
 * keeps the system's settings, such as each year's official holiday schedule, and does no step.
 */
export const PERSON_ROLES = [...ROLES.filter((r) => r !== 'service'), 'voter', 'org_admin'] as const;
export type PersonRole = Exclude<Role, 'service'> | 'voter' | 'org_admin';

export const PERSON_ROLE_LABELS: Readonly<Record<PersonRole, { zh: string; en: string }>> = {
  ...(ROLE_LABELS as Record<Exclude<Role, 'service'>, { zh: string; en: string }>),
  voter: { zh: '投票人', en: 'voter' },
  org_admin: { zh: '组织部系统管理员', en: 'organization department administrator' },
};

/** The person behind a request, from their access token. */
export interface Principal {
  readonly id: string;
  readonly role: PersonRole;
  readonly unitId: string;
  readonly name?: string;
}

/** Roles of the organization department (组织部), who run cases for every department. */
export const ORGANIZATION_ROLES: readonly PersonRole[] = [
  'org_staff',
  'recorder',
  'reviewer',
  'cadre_section_chief',
  'supervision_section_chief',
  'deputy_minister',
  'minister',
];

/** Who may read any case's full record (the ledger): the organization department and the supervisors. */
export const RECORD_READERS: readonly PersonRole[] = [...ORGANIZATION_ROLES, 'supervisor'];

/** Roles of a department (用人单位), who act on their own department's cases only. */
export const UNIT_ROLES: readonly PersonRole[] = ['department_officer', 'unit_leader'];

/** Who may read a case's status: the record's readers, and a department's officer and leader their own cases. */
export const CASE_READERS: readonly PersonRole[] = [...RECORD_READERS, ...UNIT_ROLES];

/**
 * The people who act in a step, as the domain says (gates.ts): for a service's step, those who use
 * that service's forms through the gateway. The gateway's participation endpoints allow exactly them.
 */
export function stepActors(stepId: string): PersonRole[] {
  const step = anySpecStep(stepId);
  if (!step) throw new Error(`no step ${stepId} in the domain`);
  return step.roles.filter((r): r is Exclude<Role, 'service'> => r !== 'service');
}

/**
 * Who may add a file to a case's record: the people of every step that names an attachment in the
 * catalogue and is posted by a person through the gateway, and no one else (a member unit's answer
 * comes from its own system, over Kafka).
 */
export function attachmentUploaders(): PersonRole[] {
  const steps = new Set(DATA_ITEMS.filter((i) => i.type === 'attachment').map((i) => i.step));
  const roles = new Set([...steps].filter((s) => anySpecStep(s)?.arrives === 'person').flatMap(stepActors));
  return PERSON_ROLES.filter((r) => roles.has(r));
}
