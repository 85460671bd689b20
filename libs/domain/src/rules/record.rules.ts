/** The record across gates (纪实的复核与签字): its rules, each with its code and the words of domain.md it implements. */
import { ALLOWED, type Refusal, refuse, type Verdict } from '../errors/refusal';
import { GATE_KEYS, type GateKey, gateSpec } from '../gates/gates';
import { ROLE_LABELS, type Role } from '../gates/roles';
import { dataItem } from '../catalogue/data-items';
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
  rule(
    'record',
    'RECORD.GATE_OPEN',
    '环节办理完毕后方可对该环节纪实复核签字',
    'a gate’s record is reviewed and signed once the gate is done',
    'domain.md, Keeping the record: "the recorder fills; another staff member reviews against the originals; signatures in order … then archived"',
  ),
  rule(
    'record',
    'RECORD.OWN_SIGNATURE',
    '签字须由签字人本人作出，不得代签',
    'a signature is made by the signer in person, never in another’s name',
    'domain.md, Keeping the record: "signatures in order — recorder, cadre section chief, supervision section chief, deputy minister in charge"; Terms: "full-process record — a true … record"',
  ),
  rule(
    'record',
    'RECORD.NO_SIGNING_KEY',
    '签字人须有登记在册且未吊销的签名密钥',
    'a signer has a registered signing key that is not revoked',
    'design.md, The ledger: "Each signature is a digital signature over the gate’s digest by that person’s registered key"',
  ),
  rule(
    'record',
    'RECORD.SIGNATURE_INVALID',
    '签字须为签字人的密钥对该环节纪实摘要的有效数字签名',
    'a signature is the signer’s key’s valid digital signature over the gate’s digest',
    'design.md, The ledger: "Each signature is a digital signature over the gate’s digest by that person’s registered key (Ed25519/SHA-256 or SM2/SM3, one suite per deployment)"',
  ),
  rule(
    'record',
    'RECORD.ATTACHMENT_NOT_STORED',
    '纪实所引附件须已上传至该事项的附件库，按 SHA-256 摘要核对无误',
    'an attachment the record names is stored for the case, its SHA-256 digest matching',
    'domain.md, Keeping the record: "Three forms of record: text, structured tables, audio/video"; design.md, The ledger: attachments recorded by digest',
  ),
  rule(
    'record',
    'RECORD.NOT_AUDIO_VIDEO',
    '会议录音录像须为音频或视频文件',
    'a meeting’s recording is an audio or video file',
    'domain.md, 6 · Decision: "text plus audio/video for this sensitive step, seed §四(二)3"; Keeping the record: "meeting records signed by chair and recorder, with full audio (五记一体)"',
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

/**
 * The three-level signature in its order. `partial`: the signatures so far are checked (each next
 * one must be the next in order), not that all three are there.
 */
export function checkThreeLevelSignature(
  signed: readonly ThreeLevelSigner[],
  options: { readonly partial?: boolean } = {},
): Verdict {
  const inOrder =
    signed.length <= THREE_LEVEL_SIGNERS.length && signed.every((s, i) => s === THREE_LEVEL_SIGNERS[i]);
  if (inOrder && (options.partial || signed.length === THREE_LEVEL_SIGNERS.length)) return ALLOWED;
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

// --- the sign-off of a gate's record (specification 4) ------------------------------------------

/** The gates whose record is kept by a layer's own recorder (分层纪实), and the stages each holds. */
export const GATE_STAGES: Readonly<Partial<Record<GateKey, readonly RecordedStage[]>>> = {
  inspection: ['inspection'],
  // The department meeting, then the five-person group, which meets as the secretary's meeting.
  deliberation: ['department_meeting', 'secretary_meeting'],
  decision: ['standing_committee'],
};

/** Who signs at the three levels, by role. */
export const THREE_LEVEL_ROLES: Readonly<Record<ThreeLevelSigner, Role>> = {
  selection_deputy_in_charge: 'deputy_minister',
  selection_principal: 'minister',
  responsible_unit_leader: 'unit_leader',
};

/** One place in a gate's sign-off: the record items it fills and the roles that may fill it. */
export interface SignOffSlot {
  /** The record items, `<gate>.signoff.<item>`, all required: the person and their signature or review. */
  readonly items: readonly string[];
  readonly roles: readonly Role[];
  readonly zh: string;
  readonly en: string;
}

/** A signature given: the slot's role as the order names it, the person, and the role they acted in. */
export interface GivenSignOff extends SignOff {
  readonly actedAs: Role;
}

/** The step id of a gate's sign-off: `<gate>.signoff`. */
export function signOffStepId(gate: GateKey): string {
  return `${gate}.signoff`;
}

/** The gate whose sign-off a step id names, if it names one. */
export function signOffGate(stepId: string): GateKey | undefined {
  const gate = stepId.endsWith('.signoff') ? stepId.slice(0, -'.signoff'.length) : '';
  return (GATE_KEYS as readonly string[]).includes(gate) ? (gate as GateKey) : undefined;
}

/**
 * The places of a gate's sign-off in order: the recorder (the layer's own where the gate has
 * layers), the reviewer, the cadre section chief, the supervision section chief, the deputy
 * minister in charge and, where the policy asks for it, the three levels.
 */
export function signOffSlots(gate: GateKey, threeLevel: boolean): SignOffSlot[] {
  const stages = GATE_STAGES[gate];
  const recorders: Role[] = stages ? stages.map((s) => STAGE_RECORDER[s]) : ['recorder'];
  const slot = (item: string | readonly string[], roles: readonly Role[]): SignOffSlot => ({
    items: (typeof item === 'string' ? [item] : item).map((i) => `${gate}.signoff.${i}`),
    roles,
    zh: roles.map((r) => ROLE_LABELS[r].zh).join('或'),
    en: roles.map((r) => ROLE_LABELS[r].en).join(' or '),
  });
  return [
    slot(['recorder', 'recorder_signature'], recorders),
    slot(['reviewer', 'reviewed_on'], ['reviewer']),
    slot('cadre_section_chief_signature', ['cadre_section_chief']),
    slot('supervision_section_chief_signature', ['supervision_section_chief']),
    slot('deputy_minister_signature', ['deputy_minister']),
    ...(threeLevel
      ? [
          slot('selection_deputy_signature', [THREE_LEVEL_ROLES.selection_deputy_in_charge]),
          slot('selection_principal_signature', [THREE_LEVEL_ROLES.selection_principal]),
          slot('responsible_unit_leader_signature', [THREE_LEVEL_ROLES.responsible_unit_leader]),
        ]
      : []),
  ];
}

/**
 * May this person sign the gate's record next? The recorder of the gate's layer first (a member of
 * the inspection team for the inspection, the cadre section chief or the minister for the
 * deliberation's meetings, the deputy minister for the decision; the recorder elsewhere), then a
 * reviewer who is not the recorder, then the signatures in order and, where the policy asks for
 * them, the three levels in order. Refuses with RECORD.LAYERED_RECORDER, RECORD.SIGNOFF_ORDER,
 * RECORD.REVIEWER_DISTINCT or RECORD.THREE_LEVEL.
 */
export function checkNextSignOff(
  gate: GateKey,
  signed: readonly GivenSignOff[],
  signer: { readonly role: Role; readonly personId: string },
  threeLevel: boolean,
  /** The people of the gate's layer, where the record knows them (the inspection's team). */
  layerMembers?: readonly string[],
): Verdict {
  const slots = signOffSlots(gate, threeLevel);
  const position = signed.length;
  const slot = slots[position];
  if (!slot) {
    return refuse(
      'RECORD.SIGNOFF_ORDER',
      `${gateSpec(gate).zh}环节纪实已签字完毕`,
      `the ${gate} gate’s record is already signed off`,
      { gate, signatures: position },
    );
  }
  if (position === 0) {
    const stages = GATE_STAGES[gate];
    if (stages && !slot.roles.includes(signer.role)) {
      return checkLayeredRecorder(stages[0] as RecordedStage, signer.role);
    }
    if (stages && layerMembers && !layerMembers.includes(signer.personId)) {
      return refuse(
        'RECORD.LAYERED_RECORDER',
        `${gateSpec(gate).zh}环节纪实须由本事项的成员记录，“${signer.personId}”不在其中（${layerMembers.join('、')}）`,
        `the ${gate} gate’s record is kept by a member of this case’s own ${gate === 'inspection' ? 'inspection team' : 'meeting'}; ${signer.personId} is not one (${layerMembers.join(', ')})`,
        { gate, personId: signer.personId, members: [...layerMembers] },
      );
    }
  }
  if (position < SIGN_ORDER.length) {
    // The layer's recorder takes the recorder's place in the order.
    const role: Role = position === 0 && slot.roles.includes(signer.role) ? 'recorder' : signer.role;
    return checkSignOffOrder([...signed, { role, personId: signer.personId }]);
  }
  const levelOf = (role: Role) =>
    (Object.entries(THREE_LEVEL_ROLES).find(([, r]) => r === role)?.[0] ?? role) as ThreeLevelSigner;
  const levels = [...signed.slice(SIGN_ORDER.length).map((s) => s.actedAs), signer.role].map(levelOf);
  return checkThreeLevelSignature(levels, { partial: true });
}

/**
 * A signature, a recorder's or a reviewer's name is the person's own: the person who gives it is
 * the one it names (`signerId` of a signature, `id` of a person). Refuses with RECORD.OWN_SIGNATURE.
 */
export function checkOwnSignature(actorId: string, field: string, named: unknown): Verdict {
  if (named === actorId) return ALLOWED;
  return refuse(
    'RECORD.OWN_SIGNATURE',
    `“${field}”须为本人（${actorId}），不能以“${String(named)}”的名义记录或签字`,
    `"${field}" must name you (${actorId}); you cannot record or sign as "${String(named)}"`,
    { field, actorId, named: named ?? null },
  );
}

/** A signer with no registered key in force has nothing to sign with. Refuses with RECORD.NO_SIGNING_KEY. */
export function noSigningKey(field: string, signerId: string): Refusal {
  return refuse(
    'RECORD.NO_SIGNING_KEY',
    `“${field}”的签字人 ${signerId} 没有登记在册且有效的签名密钥，请先由管理员登记`,
    `the signer of "${field}", ${signerId}, has no registered signing key in force: an administrator registers one first`,
    { field, signerId },
  );
}

/**
 * A signature that is not the signer's key's over the gate's digest, or over a digest that no longer
 * covers the gate's record (it changed since). Refuses with RECORD.SIGNATURE_INVALID.
 */
export function signatureInvalid(
  field: string,
  why: 'not_verified' | 'stale' | 'malformed' | 'document',
): Refusal {
  const reason = {
    not_verified: {
      zh: '不是签字人登记密钥对该环节纪实摘要的有效签名',
      en: 'is not a valid signature by the signer’s registered key over the gate’s digest',
    },
    document: {
      zh: '不是签字人登记密钥对该文书摘要的有效签名',
      en: 'is not a valid signature by the signer’s registered key over the document’s digest',
    },
    stale: {
      zh: '所签摘要未涵盖该环节的全部纪实（签字后又有记录），请按最新摘要重新签字',
      en: 'signs a digest that does not cover all of the gate’s record (more was recorded since): sign the current digest',
    },
    malformed: {
      zh: '须含签字人 signerId、签名值 signature（十六进制）和所签纪实截至的序号 through',
      en: 'must have signerId, signature (hex) and through, the fact the signed digest runs to',
    },
  }[why];
  return refuse('RECORD.SIGNATURE_INVALID', `“${field}”${reason.zh}`, `"${field}" ${reason.en}`, {
    field,
    why,
  });
}

/**
 * A gate's record is reviewed and signed once the gate is done: the case has passed it, or the case
 * ended there. A gate the case never opened has no record to sign. Refuses with RECORD.GATE_OPEN.
 */
export function checkGateDone(
  gate: GateKey,
  where: { readonly opened: boolean; readonly ended: boolean; readonly currentGate: GateKey | 'completed' },
): Verdict {
  const passed =
    where.currentGate === 'completed' || GATE_KEYS.indexOf(gate) < GATE_KEYS.indexOf(where.currentGate);
  if (where.opened && (where.ended || passed)) return ALLOWED;
  return refuse(
    'RECORD.GATE_OPEN',
    where.opened
      ? `${gateSpec(gate).zh}环节尚未办理完毕，其纪实不能复核签字（当前环节：${where.currentGate}）`
      : `本事项未经过${gateSpec(gate).zh}环节，没有需要签字的纪实`,
    where.opened
      ? `the ${gate} gate is not done yet, so its record cannot be reviewed and signed (the case is at ${where.currentGate})`
      : `the case never went through the ${gate} gate: there is no record of it to sign`,
    { gate, currentGate: where.currentGate },
  );
}

/** An attachment as the store holds it for a case. */
export interface StoredAttachment {
  readonly sha256: string;
  readonly name: string;
  readonly mediaType: string;
  readonly size: number;
}

/** The digests a step's attachment items name, with the item each is named in. */
export function attachmentsNamed(
  items: Readonly<Record<string, unknown>>,
): { field: string; sha256: string }[] {
  const named: { field: string; sha256: string }[] = [];
  for (const [field, value] of Object.entries(items)) {
    if (dataItem(field)?.type !== 'attachment') continue;
    for (const v of Array.isArray(value) ? value : [value]) {
      const sha256 = (v as { sha256?: unknown } | null)?.sha256;
      if (typeof sha256 === 'string') named.push({ field, sha256 });
    }
  }
  return named;
}

/**
 * Every attachment a step names is in the case's store (its bytes hash to the digest), and a
 * meeting's recording is audio or video. Refuses with RECORD.ATTACHMENT_NOT_STORED or
 * RECORD.NOT_AUDIO_VIDEO, naming the item.
 */
export function checkAttachments(
  items: Readonly<Record<string, unknown>>,
  stored: ReadonlyMap<string, StoredAttachment>,
): Verdict {
  for (const { field, sha256 } of attachmentsNamed(items)) {
    const file = stored.get(sha256);
    if (!file)
      return refuse(
        'RECORD.ATTACHMENT_NOT_STORED',
        `“${dataItem(field)?.zh ?? field}”所引附件（SHA-256 ${sha256.slice(0, 12)}…）不在该事项的附件库中，请先上传`,
        `"${field}" names an attachment (SHA-256 ${sha256.slice(0, 12)}…) the case's store does not hold: upload it first`,
        { field, sha256 },
      );
    if (dataItem(field)?.media === 'audio_video' && !/^(audio|video)\//.test(file.mediaType))
      return refuse(
        'RECORD.NOT_AUDIO_VIDEO',
        `“${dataItem(field)?.zh ?? field}”须为录音或录像文件，所传“${file.name}”为 ${file.mediaType}`,
        `"${field}" must be an audio or video recording; "${file.name}" is ${file.mediaType}`,
        { field, mediaType: file.mediaType },
      );
  }
  return ALLOWED;
}
