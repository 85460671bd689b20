/** The record across gates (纪实的复核与签字): its rules, each with its code and the words of domain.md it implements. */
import { ALLOWED, refuse, type Verdict } from '../errors/refusal';
import type { Role } from '../gates/roles';
import { rule, type RuleSpec } from './rule-spec';

export const RECORD_RULES: RuleSpec[] = [
  rule(
    'record',
    'RECORD.SIGNOFF_ORDER',
    '记录人填写、复核人复核后，依次由记录人、干部科科长、干部监督科科长、分管副部长签字',
    'after filling and review, signatures in order: recorder, cadre section chief, supervision section chief, deputy minister in charge',
    'domain.md, Keeping the record: "the recorder fills; another staff member reviews against the originals; signatures in order — recorder, cadre section chief, supervision section chief, deputy minister in charge; then archived"',
  ),
  rule(
    'record',
    'RECORD.REVIEWER_DISTINCT',
    '复核人不得是记录人本人',
    'the reviewer is not the recorder',
    'domain.md, Keeping the record: "another staff member reviews against the originals"',
  ),
  rule(
    'record',
    'RECORD.THREE_LEVEL',
    '三级签字：选任工作部门分管负责人、主要领导、选任责任单位领导',
    'three-level signature: the selection department’s deputy in charge, its principal, the responsible unit’s leader',
    'domain.md, Keeping the record: "Tianjin adds a three-level signature: the selection department’s deputy in charge, its principal, and the leader of the responsible unit"',
  ),
  rule(
    'record',
    'RECORD.LAYERED_RECORDER',
    '分层纪实：各阶段由相应人员记录',
    'layered recorders: each stage has its recorder',
    'domain.md, Keeping the record: "the inspection stage is recorded by a member of the inspection team; the department meeting by the cadre section chief; the secretary’s meeting by the minister; the standing committee by the deputy minister in charge"',
  ),
];
/** The sign-off of a gate's record, in the order it happened. */
export interface SignOff {
  readonly role: Role;
  readonly personId: string;
}

const SIGN_ORDER: readonly Role[] = [
  'recorder',
  'reviewer',
  'cadre_section_chief',
  'supervision_section_chief',
  'deputy_minister',
];

/**
 * The record is filled by the recorder, reviewed by another person, then signed in order: recorder,
 * cadre section chief, supervision section chief, deputy minister in charge. Checks a partial
 * sequence too: each next signature must be the next in order.
 */
export function checkSignOffOrder(signOffs: readonly SignOff[]): Verdict {
  for (let i = 0; i < signOffs.length; i++) {
    const expected = SIGN_ORDER[i];
    const actual = signOffs[i] as SignOff;
    if (actual.role !== expected) {
      return refuse(
        'RECORD.SIGNOFF_ORDER',
        `第 ${i + 1} 个签字应为“${expected ?? '（无）'}”，不是“${actual.role}”`,
        `signature ${i + 1} must be by the ${expected ?? '(none)'}, not the ${actual.role}`,
        {
          position: i + 1,
          expected: expected ?? null,
          actual: actual.role,
        },
      );
    }
  }
  const recorder = signOffs.find((s) => s.role === 'recorder');
  const reviewer = signOffs.find((s) => s.role === 'reviewer');
  if (recorder && reviewer && recorder.personId === reviewer.personId) {
    return refuse(
      'RECORD.REVIEWER_DISTINCT',
      '复核人须为记录人以外的工作人员',
      'the reviewer must be someone other than the recorder',
      {
        personId: recorder.personId,
      },
    );
  }
  return ALLOWED;
}

export function isSignOffComplete(signOffs: readonly SignOff[]): boolean {
  return signOffs.length === SIGN_ORDER.length && checkSignOffOrder(signOffs).ok;
}

export const THREE_LEVEL_SIGNERS = [
  'selection_deputy_in_charge',
  'selection_principal',
  'responsible_unit_leader',
] as const;
export type ThreeLevelSigner = (typeof THREE_LEVEL_SIGNERS)[number];

export function checkThreeLevelSignature(signed: readonly ThreeLevelSigner[]): Verdict {
  const inOrder = signed.every((s, i) => s === THREE_LEVEL_SIGNERS[i]);
  if (inOrder && signed.length === THREE_LEVEL_SIGNERS.length) return ALLOWED;
  return refuse(
    'RECORD.THREE_LEVEL',
    '三级签字须依次由选任工作部门分管负责人、主要领导、选任责任单位领导签字',
    'the three-level signature goes: deputy in charge, principal, responsible unit’s leader',
    {
      signed,
    },
  );
}

export const RECORDED_STAGES = [
  'inspection',
  'department_meeting',
  'secretary_meeting',
  'standing_committee',
] as const;
export type RecordedStage = (typeof RECORDED_STAGES)[number];

/** Who records each stage (分层纪实, seed §四(二)3). */
export const STAGE_RECORDER: Readonly<Record<RecordedStage, Role>> = {
  inspection: 'inspection_team_member',
  department_meeting: 'cadre_section_chief',
  secretary_meeting: 'minister',
  standing_committee: 'deputy_minister',
};

export function checkLayeredRecorder(stage: RecordedStage, recorderRole: Role): Verdict {
  if (STAGE_RECORDER[stage] === recorderRole) return ALLOWED;
  return refuse(
    'RECORD.LAYERED_RECORDER',
    `“${stage}”阶段应由“${STAGE_RECORDER[stage]}”记录`,
    `the ${stage} stage is recorded by the ${STAGE_RECORDER[stage]}`,
    {
      stage,
      recorderRole,
    },
  );
}
