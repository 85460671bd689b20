/**
 * How a case is classified (分类纪实, seed §四(二)1): by selection type, post, cadre group and
 * nomination subject. The classification decides which record items are required.
 */

/** 选拔方式: regular promotion, changeover (交流转任, same grade), competitive selection (竞争性选拔). */
export const SELECTION_TYPES = ['regular', 'changeover', 'competitive'] as const;
export type SelectionType = (typeof SELECTION_TYPES)[number];

/** 岗位类别: ordinary; key (重点岗位: large funds, projects); high-risk (关键岗位: high corruption risk). */
export const POST_CATEGORIES = ['ordinary', 'key', 'high_risk'] as const;
export type PostCategory = (typeof POST_CATEGORIES)[number];

/** 干部群体: leadership posts, non-leadership posts (非领导职务), reserve cadres (后备干部). */
export const CADRE_GROUPS = ['leadership', 'non_leadership', 'reserve'] as const;
export type CadreGroup = (typeof CADRE_GROUPS)[number];

/** 职级: the level of the post being filled. */
export const POST_LEVELS = ['section', 'county', 'bureau'] as const;
export type PostLevel = (typeof POST_LEVELS)[number];

/** 提名主体 (seed §四(二)1; Reg. 2019 Art. 18–20). */
export const NOMINATION_SUBJECTS = [
  'individual',
  'leader',
  'unit_party_organization',
  'organization_department',
] as const;
export type NominationSubject = (typeof NOMINATION_SUBJECTS)[number];

/** 决定机关: the body that decides. */
export const DECISION_BODIES = [
  'standing_committee',
  'plenary_committee',
  'party_group',
  'department_meeting',
] as const;
export type DecisionBody = (typeof DECISION_BODIES)[number];

export const LABELS: Readonly<Record<string, { zh: string; en: string }>> = {
  regular: { zh: '常规选拔', en: 'regular selection' },
  changeover: { zh: '交流转任', en: 'changeover' },
  competitive: { zh: '竞争性选拔', en: 'competitive selection' },
  ordinary: { zh: '一般岗位', en: 'ordinary post' },
  key: { zh: '重点岗位', en: 'key post' },
  high_risk: { zh: '关键岗位（高风险）', en: 'high-risk post' },
  leadership: { zh: '领导职务', en: 'leadership post' },
  non_leadership: { zh: '非领导职务', en: 'non-leadership post' },
  reserve: { zh: '后备干部', en: 'reserve cadre' },
  section: { zh: '乡科级', en: 'section level' },
  county: { zh: '县处级', en: 'county/division level' },
  bureau: { zh: '厅局级', en: 'bureau level' },
  individual: { zh: '个人署名推荐', en: 'individual (signed)' },
  leader: { zh: '领导干部提名', en: 'leader' },
  unit_party_organization: { zh: '单位党组织推荐', en: 'unit party organization' },
  organization_department: { zh: '组织提名', en: 'organization department' },
  standing_committee: { zh: '常委会', en: 'standing committee' },
  plenary_committee: { zh: '全委会', en: 'plenary committee' },
  party_group: { zh: '党组（党委）会', en: 'party group meeting' },
  department_meeting: { zh: '部务会', en: 'department meeting' },
};

/**
 * The facts of a case that decide which steps and record items it needs. Set once the motion is
 * recorded; later facts (an objection, a short time in post) are added as the case goes on.
 */
export interface CaseProfile {
  readonly selectionType: SelectionType;
  readonly postCategory: PostCategory;
  readonly cadreGroup: CadreGroup;
  readonly postLevel: PostLevel;
  /** The nomination subject of the case's nomination, once known. */
  readonly nominationSubject: NominationSubject;
  readonly decisionBody: DecisionBody;
  /** 提拔: a move to a higher grade (probation applies to non-elected promotions). */
  readonly promotion: boolean;
  /** 选任制: an elected post (no probation). */
  readonly elected: boolean;
  /** 破格提拔. */
  readonly exceptionalPromotion: boolean;
  /** 越级提拔. */
  readonly gradeSkipping: boolean;
  /** The motion needs the upper organization department's approval first (Motion in domain.md). */
  readonly needsUpperApproval: boolean;
  /** Recommendation by meeting (会议推荐). */
  readonly recommendationByMeeting: boolean;
  /** Recommendation by individual talks (谈话推荐). */
  readonly recommendationByTalks: boolean;
  /** A candidate has held the current post under a year: extended inspection (延伸考察). */
  readonly extendedInspection: boolean;
  /** An economic-responsibility audit (经济责任审计) is required for the post. */
  readonly auditRequired: boolean;
  /** 双重管理干部: a co-managing organ must be consulted. */
  readonly dualManaged: boolean;
  /** Objections were received during the announcement. */
  readonly objectionsReceived: boolean;
  /** 裸官 appointed to a special post, which must be recorded specially. */
  readonly nakedOfficialSpecialPost: boolean;
}

export const DEFAULT_PROFILE: CaseProfile = Object.freeze({
  selectionType: 'regular',
  postCategory: 'ordinary',
  cadreGroup: 'leadership',
  postLevel: 'county',
  nominationSubject: 'organization_department',
  decisionBody: 'standing_committee',
  promotion: true,
  elected: false,
  exceptionalPromotion: false,
  gradeSkipping: false,
  needsUpperApproval: false,
  recommendationByMeeting: true,
  recommendationByTalks: true,
  extendedInspection: false,
  auditRequired: false,
  dualManaged: false,
  objectionsReceived: false,
  nakedOfficialSpecialPost: false,
});

export function caseProfile(facts: Partial<CaseProfile> = {}): CaseProfile {
  return { ...DEFAULT_PROFILE, ...facts };
}

/** Who nominated, as the nomination form says. */
export interface Nominator {
  /** The kind of nominator as submitted. */
  readonly subject: NominationSubject;
  /** The person who signed the nomination. */
  readonly signerId: string;
  /** The signer is the party secretary (书记) of the unit or the region. */
  readonly signerIsPartySecretary?: boolean;
  /** The principal leader (主要领导) of the nominating unit party organization. */
  readonly unitPrincipalLeaderId?: string;
  /** The principal leader of the organization department. */
  readonly organizationDepartmentPrincipalId: string;
}

/**
 * The nomination subject a nomination is filed under: a party secretary's nomination is filed as the
 * organization's (seed §四(二)1: "建议将书记提名归入组织提名范畴").
 */
export function filedNominationSubject(nominator: Nominator): NominationSubject {
  if (nominator.subject === 'leader' && nominator.signerIsPartySecretary) return 'organization_department';
  return nominator.subject;
}

/**
 * The first nominator (首提责任人), answerable for the nomination (seed §四(二)1): the signer of an
 * individual's or a leader's nomination; the principal leader of a unit party organization that
 * nominates; the organization department's principal leader for the organization's nomination.
 */
export function firstNominator(nominator: Nominator): string {
  switch (filedNominationSubject(nominator)) {
    case 'individual':
    case 'leader':
      return nominator.signerId;
    case 'unit_party_organization':
      if (!nominator.unitPrincipalLeaderId) {
        throw new Error('a unit party organization nomination needs its principal leader');
      }
      return nominator.unitPrincipalLeaderId;
    case 'organization_department':
      return nominator.organizationDepartmentPrincipalId;
  }
}
