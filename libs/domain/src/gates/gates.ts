import { ALWAYS, type Condition, OPTIONAL, when } from './conditions';
import type { Role } from './roles';

/**
 * The "1 + 8" gates (seed §四(二)2): one qualification gate and eight steps, strictly in order; a
 * gate opens only when the previous gate's record is complete.
 */
export const GATE_KEYS = [
  'qualification',
  'motion',
  'nomination',
  'inspection',
  'deliberation',
  'consultation',
  'decision',
  'appointment',
  'probation',
] as const;
export type GateKey = (typeof GATE_KEYS)[number];

/** Forms of record (三位一体, seed §四(二)3). */
export type RecordForm = 'text' | 'table' | 'audio_video';

/**
 * How a step reaches the case: a person's own submission (an Update through the gateway), the
 * result of the service that owns the gate's many-participant part, a member unit's answer, or the
 * case workflow itself (a request it sends, a period it closes). Nothing else may bring it.
 */
export const STEP_ARRIVALS = [
  'person',
  'nomination',
  'inspection',
  'voting',
  'member_unit',
  'workflow',
] as const;
export type StepArrival = (typeof STEP_ARRIVALS)[number];

export interface StepSpec {
  /** `<gate>.<step>`, stable. */
  readonly id: string;
  readonly gate: GateKey;
  readonly zh: string;
  readonly en: string;
  /**
   * Who may do the step: for a person's step, who may submit it; for a service's, `service` and the
   * people who act through that service's forms (the gateway allows its endpoints to them).
   */
  readonly roles: readonly Role[];
  /** How the step arrives; a step arrives one way only. */
  readonly arrives: StepArrival;
  /** Whether the gate needs the step for a case (steps not required may still be done). */
  readonly required: Condition;
  /** May be done more than once (one per nomination, per answer, per objection …). */
  readonly repeatable: boolean;
  /** Steps of the same gate that must be done first. */
  readonly after: readonly string[];
  /** Steps of the same gate after which this one may no longer be done. */
  readonly closedBy: readonly string[];
  /** How the step is recorded. */
  readonly forms: readonly RecordForm[];
  readonly source: string;
}

export interface GateSpec {
  readonly index: number;
  readonly key: GateKey;
  readonly zh: string;
  readonly en: string;
  readonly steps: readonly StepSpec[];
  /** What closes the gate, in words. */
  readonly closes: { readonly zh: string; readonly en: string };
}

type StepInit = Omit<
  StepSpec,
  'gate' | 'repeatable' | 'after' | 'closedBy' | 'required' | 'forms' | 'arrives'
> &
  Partial<Pick<StepSpec, 'repeatable' | 'after' | 'closedBy' | 'required' | 'forms' | 'arrives'>>;

const ORG: readonly Role[] = ['org_staff', 'recorder'];

function gate(
  index: number,
  key: GateKey,
  zh: string,
  en: string,
  closes: GateSpec['closes'],
  steps: StepInit[],
): GateSpec {
  return {
    index,
    key,
    zh,
    en,
    closes,
    steps: steps.map((s) => ({
      required: ALWAYS,
      repeatable: false,
      after: [],
      closedBy: [],
      forms: ['text'],
      arrives: 'person',
      ...s,
      gate: key,
    })),
  };
}

export const GATES: readonly GateSpec[] = [
  gate(
    0,
    'qualification',
    '任职资格',
    'qualification',
    { zh: '每名人选的任职资格审查已记录', en: 'every candidate’s eligibility check is recorded' },
    [
      {
        id: 'qualification.check',
        zh: '任职资格审查',
        en: 'eligibility check',
        roles: ORG,
        forms: ['text', 'table'],
        source: 'domain.md, 0 · Qualification; Reg. 2014 Art. 8–9',
      },
      {
        id: 'qualification.exceptional_approval',
        zh: '破格提拔上级审批',
        en: 'approval of exceptional promotion',
        roles: ORG,
        required: when({ exceptionalPromotion: true }),
        after: ['qualification.check'],
        source: 'domain.md, 0 · Qualification: "needs the upper organization department’s approval"',
      },
      {
        id: 'qualification.grade_skipping_report',
        zh: '越级提拔报告',
        en: 'report of grade-skipping',
        roles: ORG,
        required: when({ gradeSkipping: true }),
        after: ['qualification.check'],
        source: 'domain.md, 0 · Qualification: "grade-skipping must be reported before inspection"',
      },
    ],
  ),
  gate(
    1,
    'motion',
    '动议',
    'motion',
    {
      zh: '动议及工作方案已记录；需上级审批的，批复已到',
      en: 'the motion and work plan are recorded, and the upper approval has arrived where needed',
    },
    [
      {
        id: 'motion.propose',
        zh: '提出动议',
        en: 'propose the motion',
        roles: ['department_officer', 'org_staff', 'recorder'],
        source: 'domain.md, 1 · Motion: "who proposed it and why"',
      },
      {
        id: 'motion.work_plan',
        zh: '制定工作方案',
        en: 'work plan',
        roles: ORG,
        after: ['motion.propose'],
        forms: ['text', 'table'],
        source:
          'domain.md, 1 · Motion: "the work plan (posts, number, scope, method, conditions, procedure)"',
      },
      {
        id: 'motion.upper_approval',
        zh: '上级组织部门批复',
        en: 'upper department’s approval',
        roles: ORG,
        required: when({ needsUpperApproval: true }),
        after: ['motion.work_plan'],
        source: 'domain.md, 1 · Motion: "nothing proceeds until it arrives"',
      },
    ],
  ),
  gate(
    2,
    'nomination',
    '提名推荐',
    'nomination',
    {
      zh: '提名及民主推荐结果已记录，并确定了人选',
      en: 'nominations and recommendation results are recorded and candidates determined',
    },
    [
      {
        id: 'nomination.submit',
        arrives: 'nomination',
        zh: '署名推荐提名',
        en: 'signed nomination',
        roles: ['service', 'department_officer', 'org_staff', 'recorder'],
        repeatable: true,
        closedBy: ['nomination.result'],
        forms: ['text', 'table'],
        source: 'domain.md, 2 · Nomination: "the signed recommendation form"',
      },
      {
        id: 'nomination.meeting',
        arrives: 'nomination',
        zh: '会议推荐',
        en: 'recommendation meeting',
        roles: ['service', 'org_staff', 'recorder'],
        required: when({ recommendationByMeeting: true }),
        after: ['nomination.submit'],
        forms: ['text', 'table'],
        source: 'domain.md, 2 · Nomination: "democratic recommendation by talks and/or meeting"',
      },
      {
        id: 'nomination.talks',
        arrives: 'nomination',
        zh: '谈话推荐',
        en: 'recommendation by talks',
        roles: ['service', 'org_staff', 'recorder'],
        required: when({ recommendationByTalks: true }),
        after: ['nomination.submit'],
        forms: ['text', 'table'],
        source: 'domain.md, 2 · Nomination: "democratic recommendation by talks and/or meeting"',
      },
      {
        id: 'nomination.result',
        arrives: 'nomination',
        zh: '推荐结果分析',
        en: 'recommendation result',
        roles: ['service', 'org_staff', 'recorder'],
        after: ['nomination.submit'],
        forms: ['table'],
        source: 'domain.md, 2 · Nomination: "never decided by votes alone"',
      },
    ],
  ),
  gate(
    3,
    'inspection',
    '组织考察',
    'inspection',
    {
      zh: '考察报告经考察组全体成员签名，“凡提四必”均有结果',
      en: 'the inspection report is signed by the whole team and the four musts all have results',
    },
    [
      {
        id: 'inspection.shortlist',
        arrives: 'inspection',
        zh: '确定考察对象',
        en: 'shortlist',
        roles: ['service', 'org_staff', 'recorder'],
        forms: ['table'],
        source: 'domain.md, 3 · Inspection: "shortlist: competitive"',
      },
      {
        id: 'inspection.team',
        arrives: 'inspection',
        zh: '组建考察组',
        en: 'inspection team',
        roles: ['service', 'org_staff', 'cadre_section_chief'],
        after: ['inspection.shortlist'],
        source: 'domain.md, 3 · Inspection: "an inspection team of at least two, with recusal"',
      },
      {
        id: 'inspection.notice',
        arrives: 'inspection',
        zh: '考察预告',
        en: 'inspection notice',
        roles: ['service', 'org_staff', 'recorder'],
        after: ['inspection.team'],
        source: 'domain.md, 3 · Inspection: "notice published 1–3 working days ahead"',
      },
      {
        id: 'inspection.appraisal',
        arrives: 'inspection',
        zh: '民主测评',
        en: 'democratic appraisal',
        roles: ['service', 'inspection_team_member'],
        after: ['inspection.notice'],
        forms: ['table'],
        source: 'domain.md, 3 · Inspection: "democratic appraisal"',
      },
      {
        id: 'inspection.talks',
        arrives: 'inspection',
        zh: '个别谈话',
        en: 'individual talks',
        roles: ['service', 'inspection_team_member'],
        after: ['inspection.notice'],
        forms: ['text', 'table'],
        source: 'domain.md, 3 · Inspection: "individual talks"',
      },
      {
        id: 'inspection.investigation',
        arrives: 'inspection',
        zh: '德的调查与业绩测评',
        en: 'moral investigation and performance appraisal',
        roles: ['service', 'inspection_team_member'],
        after: ['inspection.notice'],
        source: 'seed §二(二)3: "德的调查、业绩测评、民主评议、个别谈话"',
      },
      {
        id: 'inspection.extended',
        zh: '延伸考察',
        en: 'extended inspection',
        roles: ['inspection_team_member'],
        required: when({ extendedInspection: true }),
        after: ['inspection.notice'],
        source:
          'domain.md, 3 · Inspection: "extended inspection when the candidate has held the current post under a year"',
      },
      {
        id: 'inspection.four_musts',
        arrives: 'inspection',
        zh: '凡提四必',
        en: 'the four musts',
        roles: ['service', 'inspection_team_member', 'org_staff', 'recorder'],
        after: ['inspection.notice'],
        forms: ['text', 'table'],
        source: 'domain.md, 3 · Inspection: "the four musts, each with its result"',
      },
      {
        id: 'inspection.audit',
        zh: '经济责任审计',
        en: 'economic-responsibility audit',
        roles: ['org_staff', 'recorder'],
        required: when({ auditRequired: true }),
        after: ['inspection.notice'],
        source: 'domain.md, 3 · Inspection: "an economic-responsibility audit where required"',
      },
      {
        id: 'inspection.ranking',
        arrives: 'inspection',
        zh: '量化评分排名',
        en: 'scores and ranking',
        roles: ['service', 'org_staff', 'inspection_team_member'],
        after: ['inspection.appraisal', 'inspection.talks'],
        forms: ['table'],
        source: 'domain.md, 3 · Inspection: "scores and a ranking per post"',
      },
      {
        id: 'inspection.report',
        arrives: 'inspection',
        zh: '考察报告',
        en: 'inspection report',
        roles: ['service', 'inspection_team_member'],
        after: ['inspection.ranking', 'inspection.four_musts'],
        source: 'domain.md, 3 · Inspection: "the inspection report is signed by every member of the team"',
      },
    ],
  ),
  gate(
    4,
    'deliberation',
    '酝酿',
    'deliberation',
    {
      zh: '部务会和五人小组酝酿已记录',
      en: 'the department meeting and the five-person group are recorded',
    },
    [
      {
        id: 'deliberation.department_meeting',
        zh: '部务会研究',
        en: 'department meeting',
        roles: ['cadre_section_chief', 'recorder'],
        forms: ['text', 'audio_video'],
        source: 'domain.md, 4 · Deliberation: "department meeting, then the five-person group"',
      },
      {
        id: 'deliberation.leaders_consulted',
        zh: '征求分管领导意见',
        en: 'supervising leaders consulted',
        roles: ORG,
        after: ['deliberation.department_meeting'],
        source: 'domain.md, 4 · Deliberation: "the supervising leaders consulted (who, when)"',
      },
      {
        id: 'deliberation.five_person_group',
        zh: '五人小组酝酿',
        en: 'five-person group',
        roles: ['minister', 'recorder'],
        after: ['deliberation.department_meeting'],
        forms: ['text', 'audio_video'],
        source: 'domain.md, 4 · Deliberation: "department meeting, then the five-person group"',
      },
    ],
  ),
  gate(
    5,
    'consultation',
    '征求意见',
    'consultation',
    {
      zh: '每个被征求意见的单位均已书面答复或视为同意',
      en: 'every consulted unit has answered in writing or is taken to consent',
    },
    [
      {
        id: 'consultation.request',
        arrives: 'workflow',
        zh: '发出征求意见函',
        en: 'send consultation requests',
        roles: ['service'],
        source: 'domain.md, 5 · Consultation',
      },
      {
        id: 'consultation.answer',
        arrives: 'member_unit',
        zh: '成员单位书面答复',
        en: 'a member unit’s written answer',
        roles: ['member_unit', 'service'],
        repeatable: true,
        after: ['consultation.request'],
        closedBy: ['consultation.close'],
        source: 'domain.md, 5 · Consultation: "Each answers in writing by a deadline"',
      },
      {
        id: 'consultation.close',
        arrives: 'workflow',
        zh: '征求意见汇总',
        en: 'consultation closed',
        roles: ['service'],
        after: ['consultation.request'],
        source: 'domain.md, 5 · Consultation',
      },
    ],
  ),
  gate(
    6,
    'decision',
    '讨论决定',
    'decision',
    {
      zh: '会议表决结果已记录，并于 5 日内初次提交纪实',
      en: 'the vote is recorded and the record first submitted within 5 days',
    },
    [
      {
        id: 'decision.meeting',
        arrives: 'voting',
        zh: '会议讨论表决',
        en: 'decision meeting and vote',
        roles: ['service', 'org_staff', 'recorder', 'deputy_minister'],
        forms: ['text', 'table', 'audio_video'],
        source: 'domain.md, 6 · Decision',
      },
      {
        id: 'decision.first_submission',
        zh: '纪实初次提交',
        en: 'first submission of the record',
        roles: ORG,
        after: ['decision.meeting'],
        source:
          'domain.md, 6 · Decision: "the first submission of the record to the supervising organ is due within 5 days"',
      },
    ],
  ),
  gate(
    7,
    'appointment',
    '任职',
    'appointment',
    {
      zh: '公示期满且无影响任职的问题，已发任职通知、任职谈话并二次提交纪实',
      en: 'the announcement ran its course without a bar, the notice and talk are done and the record submitted a second time',
    },
    [
      {
        id: 'appointment.announcement',
        zh: '任前公示',
        en: 'public announcement',
        roles: ORG,
        source: 'domain.md, 7 · Appointment: "public announcement of at least 5 working days"',
      },
      {
        id: 'appointment.objection',
        zh: '公示期间反映问题',
        en: 'objection during the announcement',
        roles: ['org_staff', 'recorder', 'supervision_section_chief'],
        required: OPTIONAL,
        repeatable: true,
        after: ['appointment.announcement'],
        closedBy: ['appointment.announcement_end'],
        source: 'domain.md, 7 · Appointment: "objections are logged"',
      },
      {
        id: 'appointment.objection_outcome',
        zh: '反映问题调查结论',
        en: 'outcome of the objections',
        roles: ['supervision_section_chief', 'org_staff'],
        required: when({ objectionsReceived: true }),
        after: ['appointment.objection'],
        source: 'domain.md, 7 · Appointment: "outcomes: nothing found → appoint; minor → …"',
      },
      {
        id: 'appointment.announcement_end',
        arrives: 'workflow',
        zh: '公示期满',
        en: 'announcement ended',
        roles: ['service'],
        after: ['appointment.announcement'],
        source: 'domain.md, 7 · Appointment',
      },
      {
        id: 'appointment.notice',
        zh: '任职通知',
        en: 'appointment notice',
        roles: ORG,
        after: ['appointment.announcement_end'],
        source: 'domain.md, 7 · Appointment: "the appointment notice and the appointment talk"',
      },
      {
        id: 'appointment.talk',
        zh: '任职谈话',
        en: 'appointment talk',
        roles: ['org_staff', 'recorder', 'minister', 'deputy_minister'],
        after: ['appointment.notice'],
        source: 'domain.md, 7 · Appointment: "the appointment talk (who held it, when)"',
      },
      {
        id: 'appointment.second_submission',
        zh: '纪实二次提交',
        en: 'second submission of the record',
        roles: ORG,
        after: ['appointment.notice'],
        source:
          'domain.md, 7 · Appointment: "the second submission of the record after the formal appointment"',
      },
    ],
  ),
  gate(
    8,
    'probation',
    '试用期转正',
    'probation',
    {
      zh: '试用期满考核并作出转正或免去试任职务的决定（不适用试用期的，任职即结束）',
      en: 'probation assessed and the appointee confirmed or removed (a case without probation ends at appointment)',
    },
    [
      {
        id: 'probation.assessment',
        zh: '试用期满考核',
        en: 'probation assessment',
        roles: ORG,
        required: when({ promotion: true, elected: false, postLevel: ['section', 'county', 'bureau'] }),
        source: 'domain.md, 8 · Probation: "assessed at the end"',
      },
      {
        id: 'probation.outcome',
        zh: '转正或免去试任职务',
        en: 'confirmation or removal',
        roles: ['org_staff', 'minister'],
        required: when({ promotion: true, elected: false, postLevel: ['section', 'county', 'bureau'] }),
        after: ['probation.assessment'],
        source: 'domain.md, 8 · Probation: "competent → confirmed; not competent → removed"',
      },
    ],
  ),
];

const STEPS = new Map<string, StepSpec>(GATES.flatMap((g) => g.steps.map((s) => [s.id, s] as const)));

export function gateSpec(key: GateKey): GateSpec {
  return GATES[GATE_KEYS.indexOf(key)] as GateSpec;
}

export function gateIndex(key: GateKey): number {
  return GATE_KEYS.indexOf(key);
}

export function stepSpec(id: string): StepSpec | undefined {
  return STEPS.get(id);
}

export function allSteps(): StepSpec[] {
  return [...STEPS.values()];
}
