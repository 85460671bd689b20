import { ALLOWED, refuse, type Verdict } from '../errors/refusal';
import {
  type CaseProfile,
  CADRE_GROUPS,
  DECISION_BODIES,
  POST_CATEGORIES,
  POST_LEVELS,
  SELECTION_TYPES,
} from './classification';

const YES_NO = ['yes', 'no'] as const;

/**
 * The facts of the profile the organization department confirms at the qualification gate, as
 * record items of `qualification.profile`: item key, Chinese, English, the values it takes, and the
 * profile field it sets. Facts learnt later (an objection, a short time in post) are not confirmed
 * here.
 */
export const PROFILE_ITEMS = [
  ['selection_type', '选拔方式', 'selection type', SELECTION_TYPES, 'selectionType'],
  ['post_category', '职位类别', 'post category', POST_CATEGORIES, 'postCategory'],
  ['cadre_group', '干部类别', 'cadre group', CADRE_GROUPS, 'cadreGroup'],
  ['post_level', '职位层级', 'post level', POST_LEVELS, 'postLevel'],
  ['decision_body', '讨论决定机构', 'deciding body', DECISION_BODIES, 'decisionBody'],
  ['promotion', '是否提拔', 'a promotion', YES_NO, 'promotion'],
  ['elected', '是否选任制职务', 'an elected post', YES_NO, 'elected'],
  ['exceptional_promotion', '是否破格提拔', 'exceptional promotion', YES_NO, 'exceptionalPromotion'],
  ['grade_skipping', '是否越级提拔', 'grade-skipping', YES_NO, 'gradeSkipping'],
  [
    'needs_upper_approval',
    '动议是否须报上级审批',
    'the motion needs the upper department’s approval',
    YES_NO,
    'needsUpperApproval',
  ],
  [
    'recommendation_by_meeting',
    '是否会议推荐',
    'recommendation by meeting',
    YES_NO,
    'recommendationByMeeting',
  ],
  ['recommendation_by_talks', '是否谈话推荐', 'recommendation by talks', YES_NO, 'recommendationByTalks'],
  ['audit_required', '是否须经济责任审计', 'an audit is required', YES_NO, 'auditRequired'],
  ['dual_managed', '是否双重管理干部', 'dual-managed cadre', YES_NO, 'dualManaged'],
] as const satisfies readonly (readonly [string, string, string, readonly string[], keyof CaseProfile])[];

/** The profile as `qualification.profile` items, for the form the organization department confirms. */
export function profileAsItems(profile: CaseProfile): Record<string, string> {
  return Object.fromEntries(
    PROFILE_ITEMS.map(([key, , , , field]) => {
      const value = profile[field];
      return [`qualification.profile.${key}`, typeof value === 'boolean' ? (value ? 'yes' : 'no') : value];
    }),
  );
}

/** The profile facts `qualification.profile` items set (items already checked against their options). */
export function profileFromItems(items: Readonly<Record<string, unknown>>): Partial<CaseProfile> {
  const facts: Record<string, unknown> = {};
  for (const [key, , , options, field] of PROFILE_ITEMS) {
    const value = items[`qualification.profile.${key}`];
    if (typeof value !== 'string') continue;
    facts[field] = options === YES_NO ? value === 'yes' : value;
  }
  return facts as Partial<CaseProfile>;
}

/** The profile's fields a confirmation changed, with the value proposed and the value confirmed. */
export function profileChanges(
  proposed: CaseProfile,
  confirmed: CaseProfile,
): { field: keyof CaseProfile; from: unknown; to: unknown }[] {
  return PROFILE_ITEMS.map(([, , , , field]) => field)
    .filter((field) => proposed[field] !== confirmed[field])
    .map((field) => ({ field, from: proposed[field], to: confirmed[field] }));
}

/** A profile corrected at the qualification gate says why: it decides which oversight steps apply. */
export function checkProfileCorrection(
  changes: readonly { field: keyof CaseProfile }[],
  reason: unknown,
): Verdict {
  if (changes.length === 0 || (typeof reason === 'string' && reason.trim().length >= 2)) return ALLOWED;
  return refuse(
    'QUAL.PROFILE_REASON',
    `更正了事项类别（${changes.map((c) => c.field).join('、')}），须说明理由`,
    `the profile was corrected (${changes.map((c) => c.field).join(', ')}): say why`,
    { changed: changes.map((c) => c.field) },
  );
}
