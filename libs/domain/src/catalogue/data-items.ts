import {
  CADRE_GROUPS,
  DECISION_BODIES,
  NOMINATION_SUBJECTS,
  POST_CATEGORIES,
  POST_LEVELS,
  SELECTION_TYPES,
} from '../classification/classification';
import { ALWAYS, type Condition, OPTIONAL, when } from '../gates/conditions';
import { GATE_KEYS, type GateKey, stepSpec } from '../gates/gates';
import { CURRENT_SPEC_VERSION, specificationOf } from '../gates/spec';
import { OBJECTION_FINDINGS } from '../gates/appointment/appointment.rules';
import { COMPARISON_ASPECTS } from '../gates/deliberation/deliberation.rules';
import { PROFILE_ITEMS } from '../classification/profile-items';
import { UPPER_APPROVAL_GROUNDS } from '../gates/motion/motion.rules';
import { DETERMINATION_BASES } from '../gates/nomination/nomination.rules';
import { EDUCATION_LEVELS, KINSHIPS } from '../gates/qualification/qualification.rules';

/** The kinds of value a record item holds. */
export const ITEM_TYPES = [
  'text',
  'number',
  'date',
  'enum',
  'person',
  'signature',
  'attachment',
  'measure',
  'proposal',
] as const;
export type ItemType = (typeof ITEM_TYPES)[number];

/**
 * One item the full-process record must (or may) hold: what Tianjin's system calls a 数据项. The
 * catalogue is the measure of completeness (完整度) of a gate and a case.
 */
export interface DataItem {
  /** `<step>.<item>` or `<gate>.signoff.<item>`, stable. */
  readonly key: string;
  readonly gate: GateKey;
  /** The step that records it. */
  readonly step: string;
  readonly zh: string;
  readonly en: string;
  readonly type: ItemType;
  /** The allowed values of an enum item. */
  readonly options?: readonly string[];
  /** The item may hold several values (several members, several signatures). */
  readonly multiple: boolean;
  readonly required: Condition;
  /** Filled by the rules from the step's other items (a conclusion), never given by the person. */
  readonly computed?: true;
  /** An attachment that must be a recording (录音录像): an audio or video file. */
  readonly media?: 'audio_video';
  /** The line of domain.md or the seed the item traces to. */
  readonly source: string;
}

interface Extra {
  readonly options?: readonly string[];
  readonly required?: Condition;
  readonly multiple?: boolean;
  readonly computed?: true;
  readonly media?: 'audio_video';
  readonly source?: string;
}

type Row = readonly [key: string, zh: string, en: string, type: ItemType, extra?: Extra];

const YES_NO = ['yes', 'no'] as const;

function items(step: string, rows: readonly Row[], shared: Extra = {}): DataItem[] {
  // The catalogue holds the items of every version's steps (items are only ever added).
  const spec = stepSpec(step) ?? specificationOf(CURRENT_SPEC_VERSION).step(step);
  if (!spec) throw new Error(`catalogue names an unknown step ${step}`);
  return rows.map(([key, zh, en, type, extra = {}]) => {
    const merged = { ...shared, ...extra };
    return {
      key: `${step}.${key}`,
      gate: spec.gate,
      step,
      zh,
      en,
      type,
      ...(merged.options ? { options: merged.options } : {}),
      multiple: merged.multiple ?? false,
      required: merged.required ?? ALWAYS,
      ...(merged.computed ? { computed: true } : {}),
      ...(merged.media ? { media: merged.media } : {}),
      source: merged.source ?? spec.source,
    };
  });
}

/** How an objection during the announcement came in. */
export const OBJECTION_CHANNELS = ['unit_system', 'letter', 'phone', 'visit', 'online'] as const;

const SEED_NANCHUAN =
  'seed §二(二)3 (Nanchuan): "如实填写推荐人选、推荐理由、被推荐人主要特点和不足、是否亲属关系等内容并签字确认"';
const SEED_TIANJIN = 'seed §二(一)4 (Tianjin): 11 modules, 181 data items, "三级签字模块"';

const QUALIFICATION = [
  ...items('qualification.conditions', [
    ['post', '拟任职务', 'post to fill', 'text'],
    ['level', '拟任职级', 'level of the post', 'enum', { options: POST_LEVELS }],
    ['rank', '拟任正副职', 'rank of the post', 'enum', { options: ['deputy', 'principal'] }],
    ['other_conditions', '其他任职条件', 'other conditions', 'text', { required: OPTIONAL }],
    ['set_on', '确定日期', 'set on', 'date'],
  ]),
  ...items('qualification.profile', [
    ...PROFILE_ITEMS.map(
      ([key, zh, en, options]) => [key, zh, en, 'enum', { options }] as const satisfies Row,
    ),
    ['reason', '调整理由', 'why the proposal was corrected', 'text', { required: OPTIONAL }],
  ]),
  ...items('qualification.check', [
    ['candidate_name', '人选姓名', 'candidate', 'person'],
    ['gender', '性别', 'gender', 'enum', { options: ['male', 'female'] }],
    ['birth_date', '出生年月', 'date of birth', 'date'],
    ['ethnicity', '民族', 'ethnicity', 'text'],
    ['party_joined_on', '入党时间', 'joined the party on', 'date'],
    ['work_started_on', '参加工作时间', 'started work on', 'date'],
    ['current_post', '现任职务', 'current post', 'text'],
    [
      'current_post_since',
      '任现职时间',
      'in the current post since',
      'date',
      {
        source:
          'domain.md, 3 · Inspection: "extended inspection when the candidate has held the current post under a year"',
      },
    ],
    ['current_level', '现职级', 'current level', 'enum', { options: POST_LEVELS }],
    ['current_rank', '现任正副职', 'current rank', 'enum', { options: ['deputy', 'principal'] }],
    [
      'current_rank_since',
      '任现职级时间',
      'at the current rank since',
      'date',
      {
        source:
          'domain.md, 0 · Qualification: "deputy → principal after 2 years as deputy; lower principal → upper deputy after 3 years"',
      },
    ],
    [
      'education',
      '学历',
      'education',
      'enum',
      {
        options: EDUCATION_LEVELS,
        source: 'domain.md, 0 · Qualification: "education: junior college, bachelor’s from bureau level"',
      },
    ],
    ['degree', '学位', 'degree', 'text', { required: OPTIONAL }],
    [
      'work_years',
      '工作年限',
      'years of work',
      'number',
      { source: 'domain.md, 0 · Qualification: "at least 5 years of work"' },
    ],
    [
      'grassroots_years',
      '基层工作经历年限',
      'years at the grassroots',
      'number',
      { source: 'domain.md, 0 · Qualification: "2 at the grassroots"' },
    ],
    [
      'posts_at_level_below',
      '下一级职位任职经历',
      'posts at the level below',
      'number',
      { source: 'domain.md, 0 · Qualification: "generally served in two or more posts at the level below"' },
    ],
    [
      'training',
      '任职培训情况',
      'training',
      'enum',
      {
        options: ['done', 'within_a_year', 'none'],
        source: 'domain.md, 0 · Qualification: "training done or completed within a year"',
      },
    ],
    [
      'last_annual_review',
      '上年度考核结果',
      'last annual review',
      'enum',
      {
        options: ['excellent', 'competent', 'basically_competent', 'incompetent'],
        source: 'domain.md, 0 · Qualification: "last annual review “basically competent” or worse"',
      },
    ],
    [
      'sanctions',
      '处分及影响期（说明）',
      'sanctions and impact periods (notes)',
      'text',
      {
        required: OPTIONAL,
        source: 'domain.md, 0 · Qualification: "inside the impact period of an admonishment or sanction"',
      },
    ],
    [
      'measures',
      '受到的诫勉、组织处理和处分',
      'admonishments, organizational measures and sanctions on file',
      'measure',
      {
        multiple: true,
        source:
          'domain.md, 0 · Qualification: "inside the impact period of an admonishment, an organizational measure, or a party or government sanction"',
      },
    ],
    [
      'political_discipline',
      '有无违反政治纪律政治规矩',
      'political-discipline violation',
      'enum',
      { options: YES_NO, source: 'domain.md, 0 · Qualification: "the negative list (Reg. 2019 Art. 24)"' },
    ],
    [
      'low_recognition',
      '群众公认度是否不高',
      'low public recognition',
      'enum',
      { options: YES_NO, source: 'domain.md, 0 · Qualification: "the negative list (Reg. 2019 Art. 24)"' },
    ],
    [
      'canvassing',
      '有无跑官要官、拉票贿选',
      'canvassing for posts or votes',
      'enum',
      { options: YES_NO, source: 'domain.md, 0 · Qualification: "the negative list (Reg. 2019 Art. 24)"' },
    ],
    [
      'special_post',
      '是否特殊岗位（“裸官”可任）',
      'special post open to an official whose family emigrated',
      'enum',
      {
        options: YES_NO,
        required: OPTIONAL,
        source: 'domain.md, 0 · Qualification: "裸官 (unless a special post)"',
      },
    ],
    [
      'naked_official',
      '是否“裸官”',
      'official whose family emigrated',
      'enum',
      { options: YES_NO, source: 'domain.md, 0 · Qualification: "裸官 (unless a special post)"' },
    ],
    // Version 2 sets the post's conditions once, at qualification.conditions.
    ['target_post', '拟任职务', 'post to fill', 'text', { required: OPTIONAL }],
    ['target_level', '拟任职级', 'level of the post', 'enum', { options: POST_LEVELS, required: OPTIONAL }],
    [
      'target_rank',
      '拟任正副职',
      'rank of the post',
      'enum',
      { options: ['deputy', 'principal'], required: OPTIONAL },
    ],
    [
      'negative_list',
      '负面清单核查（说明）',
      'negative list checked (notes)',
      'text',
      { required: OPTIONAL, source: 'domain.md, 0 · Qualification: "the negative list (Reg. 2019 Art. 24)"' },
    ],
    [
      'recusal',
      '回避情况',
      'recusal',
      'text',
      {
        source:
          'domain.md, 0 · Qualification: "recusal: spouse, direct blood relatives, collateral relatives within three generations, close in-laws"',
      },
    ],
    [
      'relatives',
      '须回避的亲属（本单位、本系统）',
      'relatives who must recuse themselves (in the organization)',
      'person',
      {
        multiple: true,
        required: OPTIONAL,
        source:
          'domain.md, 0 · Qualification: "recusal: spouse, direct blood relatives, collateral relatives within three generations, close in-laws" — between the candidate and the people who inspect, deliberate and vote',
      },
    ],
    [
      'conclusion',
      '资格审查结论',
      'eligibility conclusion',
      'enum',
      { options: ['eligible', 'ineligible'], computed: true },
    ],
    [
      'grounds',
      '不符合任职资格的依据',
      'grounds of ineligibility',
      'text',
      { multiple: true, required: OPTIONAL, computed: true },
    ],
    [
      'on_probation',
      '是否在试用期内',
      'on probation',
      'enum',
      {
        options: YES_NO,
        required: when({ exceptionalPromotion: true }),
        source: 'domain.md, 0 · Qualification: "exceptional promotion (破格): not while on probation"',
      },
    ],
    [
      'last_promotion_on',
      '上次提拔时间',
      'last promoted on',
      'date',
      {
        required: OPTIONAL,
        source: 'domain.md, 0 · Qualification: "not … within a year of the last promotion"',
      },
    ],
    [
      'last_exceptional_on_years',
      '上次提拔是否因任职年限破格',
      'last promotion exceptional on years in post',
      'enum',
      {
        options: YES_NO,
        required: when({ exceptionalPromotion: true }),
        source: 'domain.md, 0 · Qualification: "never twice running on years-in-post"',
      },
    ],
    [
      'exceptional_on_years',
      '本次是否因任职年限破格',
      'this promotion exceptional on years in post',
      'enum',
      {
        options: YES_NO,
        required: when({ exceptionalPromotion: true }),
        source: 'domain.md, 0 · Qualification: "never twice running on years-in-post"',
      },
    ],
    ['checked_by', '审查人', 'checked by', 'person'],
    ['checked_on', '审查日期', 'checked on', 'date'],
  ]),
  ...items(
    'qualification.exceptional_approval',
    [
      ['reason', '破格理由', 'reason for exceptional promotion', 'text'],
      [
        'last_promotion_on',
        '上次提拔时间',
        'last promoted on',
        'date',
        { source: 'domain.md, 0 · Qualification: "not … within a year of the last promotion"' },
      ],
      ['approval_document', '上级组织部门批复', 'upper department’s approval', 'attachment'],
      ['approved_on', '批复日期', 'approved on', 'date'],
      [
        'reply',
        '批复意见',
        'reply',
        'enum',
        {
          options: ['approved', 'rejected'],
          source: 'domain.md, 0 · Qualification: "a rejected approval ends that path"',
        },
      ],
    ],
    { required: when({ exceptionalPromotion: true }) },
  ),
  ...items(
    'qualification.grade_skipping_report',
    [
      ['report', '越级提拔报告', 'grade-skipping report', 'attachment'],
      ['reported_on', '报告日期', 'reported on', 'date'],
    ],
    { required: when({ gradeSkipping: true }) },
  ),
];

const MOTION = [
  ...items('motion.propose', [
    ['proposer', '动议提出人', 'proposer', 'person'],
    [
      'proposer_type',
      '动议主体',
      'proposing body',
      'enum',
      { options: ['party_committee', 'organization_department', 'unit_party_organization', 'leader'] },
    ],
    ['reason', '动议理由', 'reason', 'text'],
    ['proposed_on', '动议时间', 'proposed on', 'date'],
    ['vacancies', '空缺职位情况', 'vacancies', 'text'],
    [
      'selection_type',
      '选拔方式',
      'selection type',
      'enum',
      {
        options: SELECTION_TYPES,
        source: 'domain.md, Keeping the record: "Classified records … by group"; seed §四(二)1',
      },
    ],
    [
      'post_category',
      '岗位类别',
      'post category',
      'enum',
      { options: POST_CATEGORIES, source: 'seed §四(二)1: "重点岗位和关键岗位 … 进行重点纪实"' },
    ],
    [
      'cadre_group',
      '干部群体',
      'cadre group',
      'enum',
      { options: CADRE_GROUPS, source: 'seed §四(二)1: "对提拔的后备干部进行专项纪实"' },
    ],
    [
      'meeting_minutes',
      '动议会议纪要',
      'minutes of the motion meeting',
      'attachment',
      { required: OPTIONAL },
    ],
    [
      'approval_grounds',
      '须报上级组织部门审批的情形',
      'grounds that need the upper department’s approval',
      'enum',
      {
        options: [...UPPER_APPROVAL_GROUNDS, 'none'],
        multiple: true,
        // Specification 3 requires it (the workflow says so); optional for the cases before it.
        required: OPTIONAL,
        source:
          'domain.md, 1 · Motion: "Some motions need the upper department’s approval first (reorganization, a departing principal, large batches, beyond the approved establishment, exceptional promotion, relatives in the leader’s own system, re-appointment after a sanction, county or township heads moved within 3 years)"',
      },
    ],
  ]),
  ...items('motion.work_plan', [
    ['posts', '职位', 'posts', 'text', { multiple: true }],
    ['number', '名额', 'number of posts', 'number'],
    ['scope', '范围', 'scope', 'text'],
    ['method', '方式', 'method', 'text'],
    ['conditions', '任职条件', 'conditions', 'text'],
    ['procedure', '程序', 'procedure', 'text'],
    ['document', '工作方案', 'work plan document', 'attachment'],
    ['approved_by', '方案审定人', 'approved by', 'person'],
    ['approved_on', '审定日期', 'approved on', 'date'],
  ]),
  ...items(
    'motion.upper_approval',
    [
      ['grounds', '报批事由', 'grounds', 'enum', { options: UPPER_APPROVAL_GROUNDS, multiple: true }],
      ['requested_on', '报批日期', 'requested on', 'date'],
      ['request_document', '请示文件', 'request', 'attachment'],
      ['reply', '批复意见', 'reply', 'enum', { options: ['approved', 'rejected'] }],
      [
        'replied_on',
        '批复日期',
        'replied on',
        'date',
        { source: 'domain.md, 1 · Motion: "the reply is due in 10 working days (*local*)"' },
      ],
      ['reply_document', '批复文件', 'reply document', 'attachment'],
    ],
    { required: when({ needsUpperApproval: true }) },
  ),
];

const NOMINATION = [
  ...items('nomination.submit', [
    [
      'subject',
      '提名主体',
      'nomination subject',
      'enum',
      {
        options: NOMINATION_SUBJECTS,
        source:
          'domain.md, 2 · Nomination: "nomination subject: individual (signed), leader, unit party organization, organization department"',
      },
    ],
    ['nominator', '推荐人', 'nominator', 'person'],
    [
      'first_nominator',
      '首提责任人',
      'first nominator',
      'person',
      {
        source:
          'domain.md, 2 · Nomination: "the first nominator is the signer, the unit’s principal leader, or the organization department’s principal leader respectively"',
      },
    ],
    ['candidate', '被推荐人', 'candidate', 'person', { source: SEED_NANCHUAN }],
    [
      'reason',
      '推荐理由',
      'reason',
      'text',
      { source: 'domain.md, 2 · Nomination: "a reason must be specific"' },
    ],
    [
      'post_fit',
      '岗位匹配条件',
      'fit for the post',
      'text',
      { source: 'seed §四(二)2: "突出记录推荐票数、岗位匹配条件、提名理由"' },
    ],
    ['strengths', '主要特点', 'main strengths', 'text', { source: SEED_NANCHUAN }],
    ['weaknesses', '主要不足', 'main weaknesses', 'text', { source: SEED_NANCHUAN }],
    ['kinship', '是否亲属关系', 'kinship declared', 'enum', { options: KINSHIPS, source: SEED_NANCHUAN }],
    ['signature', '推荐人签名', 'nominator’s signature', 'signature', { source: SEED_NANCHUAN }],
    ['submitted_on', '推荐时间', 'submitted on', 'date'],
    ['form', '推荐表原件', 'the signed form', 'attachment'],
  ]),
  ...items(
    'nomination.meeting',
    [
      ['date', '会议时间', 'meeting date', 'date'],
      ['chair', '主持人', 'chair', 'person'],
      ['scope', '参加范围', 'participants', 'text'],
      [
        'expected',
        '应到人数',
        'expected',
        'number',
        {
          source:
            'domain.md, 2 · Nomination: "participants, expected and actual attendance, votes and rank per candidate"',
        },
      ],
      [
        'present',
        '实到人数',
        'present',
        'number',
        { source: 'domain.md, 2 · Nomination: "meeting quorum two thirds of the expected (*local*)"' },
      ],
      ['ballots_issued', '发出票数', 'ballots issued', 'number'],
      ['ballots_returned', '收回票数', 'ballots returned', 'number'],
      ['valid_ballots', '有效票数', 'valid ballots', 'number'],
      [
        'votes',
        '得票情况',
        'votes per candidate',
        'attachment',
        { source: 'domain.md, 2 · Nomination: "votes and rank per candidate"' },
      ],
      ['ranking', '得票排名', 'rank per candidate', 'text'],
      [
        'observers',
        '特邀监督员',
        'invited supervisors',
        'person',
        {
          required: OPTIONAL,
          multiple: true,
          source:
            'domain.md, Beyond the core: "invited supervisors and deputies observing recommendation and nomination"',
        },
      ],
      ['minutes', '会议记录', 'minutes', 'attachment'],
    ],
    { required: when({ recommendationByMeeting: true }) },
  ),
  ...items(
    'nomination.talks',
    [
      ['dates', '谈话时间', 'dates of the talks', 'date'],
      ['scope', '谈话范围', 'who was talked to', 'text'],
      ['participants', '谈话人数', 'number talked to', 'number'],
      ['recommended', '推荐人选及人次', 'candidates recommended and how often', 'text'],
      ['conducted_by', '谈话人', 'conducted by', 'person', { multiple: true }],
      ['record', '谈话记录', 'record of the talks', 'attachment'],
    ],
    { required: when({ recommendationByTalks: true }) },
  ),
  ...items('nomination.result', [
    [
      'reference_candidates',
      '参考人选数',
      'reference candidates',
      'number',
      { source: 'domain.md, 2 · Nomination: "reference candidates outnumber the posts"' },
    ],
    ['posts', '职位数', 'posts', 'number'],
    ['analysis', '推荐结果分析', 'analysis of the results', 'text'],
    [
      'bases',
      '确定人选依据',
      'grounds for the choice',
      'enum',
      {
        options: DETERMINATION_BASES,
        multiple: true,
        source: 'domain.md, 2 · Nomination: "never decided by votes alone"',
      },
    ],
    [
      'valid_until',
      '推荐结果有效期',
      'results valid until',
      'date',
      { source: 'domain.md, 2 · Nomination: "results valid one year"' },
    ],
    [
      'for_post',
      '针对职位',
      'post the results are for',
      'text',
      {
        required: OPTIONAL,
        source: 'domain.md, 2 · Nomination: "a post-specific result only for that post"',
      },
    ],
    ['determined_by', '研究确定人', 'determined by', 'person'],
    ['determined_on', '研究确定时间', 'determined on', 'date'],
  ]),
];

const INSPECTION = [
  ...items('inspection.shortlist', [
    ['candidates', '考察对象', 'shortlisted candidates', 'person', { multiple: true }],
    [
      'departure_reason',
      '未按推荐得票排序确定的理由',
      'why the shortlist departs from the ranking',
      'text',
      {
        required: OPTIONAL,
        source: 'domain.md, 2 · Nomination: "records why wherever it departs from the ranking"',
      },
    ],
    [
      'method',
      '确定方式',
      'method',
      'text',
      { source: 'domain.md, 3 · Inspection: "date and method recorded"' },
    ],
    ['date', '确定时间', 'date', 'date', { source: 'domain.md, 3 · Inspection: "date and method recorded"' }],
    [
      'ratio',
      '差额比例',
      'candidates per post',
      'number',
      { source: 'domain.md, 3 · Inspection: "two candidates per post by default (*configurable*)"' },
    ],
    [
      'negative_list',
      '负面清单核查结果',
      'negative list result',
      'text',
      { source: 'domain.md, 3 · Inspection: "negative list checked"' },
    ],
    [
      'naked_official_special_post',
      '“裸官”特殊岗位说明',
      'special post of an official whose family emigrated',
      'text',
      {
        required: when({ nakedOfficialSpecialPost: true }),
        source: 'seed §四(二)1: "尤其要加强对“裸官”任用纪实"',
      },
    ],
  ]),
  ...items('inspection.team', [
    ['leader', '考察组组长', 'team leader', 'person'],
    ['members', '考察组成员', 'team members', 'person', { multiple: true }],
    [
      'size',
      '考察组人数',
      'team size',
      'number',
      { source: 'domain.md, 3 · Inspection: "an inspection team of at least two"' },
    ],
    ['recusal', '回避情况', 'recusal', 'text', { source: 'domain.md, 3 · Inspection: "with recusal"' }],
  ]),
  ...items('inspection.notice', [
    ['published_on', '考察预告发布日期', 'notice published on', 'date'],
    ['inspection_starts_on', '考察开始日期', 'inspection starts on', 'date'],
    ['channel', '发布方式', 'channel', 'text'],
    ['content', '考察预告', 'notice', 'attachment'],
  ]),
  ...items('inspection.appraisal', [
    ['date', '测评时间', 'date', 'date'],
    ['participants', '参加测评人数', 'participants', 'number'],
    ['excellent', '优秀票', 'excellent', 'number'],
    ['competent', '称职票', 'competent', 'number'],
    ['basically_competent', '基本称职票', 'basically competent', 'number'],
    ['incompetent', '不称职票', 'incompetent', 'number'],
    ['sheet', '测评结果统计表', 'tally sheet', 'attachment'],
  ]),
  ...items('inspection.talks', [
    ['count', '个别谈话人数', 'people talked to', 'number'],
    ['scope', '谈话范围', 'scope of the talks', 'text'],
    ['summary', '谈话情况综述', 'summary of the talks', 'text'],
    ['record', '谈话记录', 'record of the talks', 'attachment'],
  ]),
  ...items('inspection.investigation', [
    ['moral_findings', '德的调查情况', 'moral investigation findings', 'text'],
    ['performance', '业绩测评情况', 'performance appraisal', 'text'],
    [
      'opinion_forms',
      '征求意见表',
      'opinion forms',
      'attachment',
      { source: 'domain.md, 3 · Inspection: "opinion forms"' },
    ],
    ['interview', '面谈情况', 'interview', 'text', { source: 'domain.md, 3 · Inspection: "an interview"' }],
    [
      'file_review',
      '干部档案审核',
      'file review',
      'text',
      { source: 'domain.md, 3 · Inspection: "file review"' },
    ],
  ]),
  ...items(
    'inspection.extended',
    [
      ['previous_unit', '原工作单位', 'previous unit', 'text'],
      ['findings', '延伸考察情况', 'findings', 'text'],
    ],
    { required: when({ extendedInspection: true }) },
  ),
  ...items('inspection.four_musts', [
    ['file_review_result', '档案“三龄二历一身份”审核结果', 'file review result', 'text'],
    [
      'personal_matters',
      '个人有关事项核查结果',
      'personal-matters verification',
      'enum',
      {
        options: ['consistent', 'inconsistent_explained', 'concealed'],
        source:
          'domain.md, 3 · Inspection: "personal-matters verification (consistent or not; concealment bars promotion)"',
      },
    ],
    ['personal_matters_report', '个人有关事项报告', 'personal-matters report', 'attachment'],
    [
      'complaints_received',
      '受理问题线索件数',
      'complaints received',
      'number',
      {
        source:
          'domain.md, 3 · Inspection: "the discipline organ’s written opinion (complaints received, verified, outcome, whether it affects use)"',
      },
    ],
    ['complaints_verified', '核实件数', 'complaints verified', 'number'],
    ['discipline_outcome', '核查结论', 'outcome', 'text'],
    ['affects_use', '是否影响使用', 'affects use', 'enum', { options: YES_NO }],
    ['discipline_opinion', '纪检监察机关书面意见', 'discipline organ’s written opinion', 'attachment'],
    [
      'petition_findings',
      '信访举报核查结果',
      'petition verification',
      'text',
      { source: 'domain.md, 3 · Inspection: "verification of specific petitions"' },
    ],
    [
      'audit_findings',
      '经济责任审计结论',
      'audit findings',
      'text',
      {
        required: when({ auditRequired: true }),
        source: 'domain.md, 3 · Inspection: "an economic-responsibility audit where required"',
      },
    ],
    ['integrity_conclusion', '廉洁自律结论', 'integrity conclusion', 'text'],
    [
      'party_secretary_signature',
      '党委（党组）书记签字',
      'party secretary’s signature',
      'signature',
      {
        source:
          'domain.md, 3 · Inspection: "the integrity conclusion is signed by the unit’s party secretary and discipline secretary"',
      },
    ],
    [
      'discipline_secretary_signature',
      '纪委书记（纪检组长）签字',
      'discipline secretary’s signature',
      'signature',
      {
        source:
          'domain.md, 3 · Inspection: "the integrity conclusion is signed by the unit’s party secretary and discipline secretary"',
      },
    ],
  ]),
  ...items(
    'inspection.audit',
    [
      ['report', '经济责任审计报告', 'audit report', 'attachment'],
      ['findings', '审计结论', 'audit findings', 'text'],
    ],
    { required: when({ auditRequired: true }) },
  ),
  ...items('inspection.ranking', [
    ['method', '量化评分办法', 'scoring method', 'text'],
    ['scores', '各人选得分', 'scores', 'attachment'],
    ['rank', '排名', 'rank', 'number', { source: 'seed §二(二)3: "对同一职位的人选量化评分排名"' }],
  ]),
  ...items('inspection.report', [
    ['document', '考察报告', 'inspection report', 'attachment'],
    ['conclusion', '考察结论', 'conclusion', 'text'],
    ['date', '报告日期', 'date', 'date'],
    ['signatures', '考察组成员签名', 'signatures of the team', 'signature', { multiple: true }],
  ]),
];

const DELIBERATION = [
  ...items('deliberation.department_meeting', [
    ['date', '部务会时间', 'date', 'date'],
    ['chair', '主持人', 'chair', 'person'],
    ['attendance', '出席人员', 'attendance', 'person', { multiple: true }],
    [
      'aspects',
      '比较内容',
      'aspects compared',
      'enum',
      {
        options: COMPARISON_ASPECTS,
        multiple: true,
        source:
          'domain.md, 4 · Deliberation: "comparing candidates on character, ability, performance, public support and potential"',
      },
    ],
    [
      'comparison',
      '人选比较分析',
      'comparison of candidates',
      'text',
      { source: 'seed §二(二)3: "晒履历、讲贡献、看态度、听呼声、比实绩"' },
    ],
    ['conclusion', '研究意见', 'conclusion', 'text'],
    [
      'recorder',
      '记录人（干部科科长）',
      'recorder (cadre section chief)',
      'person',
      { source: 'domain.md, Keeping the record: "the department meeting by the cadre section chief"' },
    ],
    ['minutes', '会议记录', 'minutes', 'attachment'],
    ['audio', '会议录音', 'audio', 'attachment', { required: OPTIONAL, media: 'audio_video' }],
  ]),
  ...items('deliberation.leaders_consulted', [
    ['leaders', '征求意见的分管领导', 'leaders consulted', 'person', { multiple: true }],
    ['date', '征求时间', 'when', 'date'],
    ['opinions', '领导意见', 'their opinions', 'text'],
  ]),
  ...items('deliberation.five_person_group', [
    [
      'comparison',
      '比较的方面',
      'aspects compared',
      'enum',
      {
        options: COMPARISON_ASPECTS,
        multiple: true,
        source:
          'domain.md, 4 · Deliberation: "comparing candidates on character, ability, performance, public support and potential"',
      },
    ],
    [
      'proposals',
      '提交讨论决定的人选',
      'candidate proposed for each post',
      'proposal',
      {
        multiple: true,
        source:
          'domain.md, 4 · Deliberation: "it ends with the candidate proposed for each post to the deciding body, with the reasons"',
      },
    ],
    ['date', '五人小组会议时间', 'date', 'date'],
    ['members', '参加人员', 'members', 'person', { multiple: true }],
    ['opinion', '酝酿意见', 'opinion', 'text'],
    [
      'recorder',
      '记录人（组织部部长）',
      'recorder (minister)',
      'person',
      { source: 'domain.md, Keeping the record: "the secretary’s meeting by the minister"' },
    ],
    ['minutes', '会议记录', 'minutes', 'attachment'],
  ]),
];

const CONSULTATION = [
  ...items('consultation.request', [
    ['units', '征求意见单位', 'units consulted', 'text', { multiple: true }],
    ['sent_on', '发函日期', 'sent on', 'date'],
    [
      'deadline',
      '答复期限',
      'answer due',
      'date',
      { source: 'domain.md, 5 · Consultation: "Each answers in writing by a deadline (*configurable*)"' },
    ],
    ['letter', '征求意见函', 'request letter', 'attachment'],
  ]),
  ...items('consultation.answer', [
    ['unit', '答复单位', 'answering unit', 'text'],
    [
      'opinion',
      '答复意见',
      'opinion',
      'enum',
      {
        // `consent_by_silence` is the workflow's, never a unit's: a co-manager silent for a month.
        options: ['no_objection', 'objection', 'needs_verification', 'consent_by_silence'],
      },
    ],
    ['content', '答复内容', 'content', 'text'],
    ['answered_on', '答复日期', 'answered on', 'date'],
    ['signatory', '答复单位负责人', 'signed by', 'person'],
    ['document', '书面答复', 'written answer', 'attachment'],
  ]),
  ...items('consultation.objection_resolved', [
    ['unit', '提出异议的单位', 'objecting unit', 'text'],
    ['resolution', '处理结果', 'how it was resolved', 'text'],
    ['resolved_on', '处理日期', 'resolved on', 'date'],
    ['handled_by', '处理人', 'handled by', 'person'],
  ]),
  ...items('consultation.close', [
    ['summary', '征求意见汇总', 'summary of the answers', 'text'],
    [
      'silence_consent',
      '逾期未复视为同意的单位',
      'units taken to consent by silence',
      'text',
      {
        required: when({ dualManaged: true }),
        source:
          'domain.md, 5 · Consultation: "a dual-managed cadre’s co-manager that does not answer in one month is taken to consent"',
      },
    ],
  ]),
];

const DECISION = [
  ...items('decision.meeting', [
    ['body', '会议名称', 'body', 'enum', { options: DECISION_BODIES }],
    ['date', '会议时间', 'date', 'date'],
    ['chair', '主持人', 'chair', 'person'],
    ['expected', '应到人数', 'expected members', 'number'],
    [
      'present',
      '实到人数',
      'members present',
      'number',
      { source: 'domain.md, 6 · Decision: "at least two thirds of the members present"' },
    ],
    [
      'method',
      '表决方式',
      'voting method',
      'enum',
      {
        options: ['voice', 'hands', 'secret_ballot'],
        source: 'domain.md, 6 · Decision: "votes by voice, hands or secret ballot"',
      },
    ],
    [
      'views',
      '成员表态情况',
      'each member’s stated view',
      'text',
      {
        source:
          'domain.md, 6 · Decision: "each member says agree, disagree or defer, the principal leader last"',
      },
    ],
    ['agree', '同意票', 'for', 'number'],
    ['disagree', '不同意票', 'against', 'number'],
    ['abstain', '弃权（缓议）票', 'abstain or defer', 'number'],
    [
      'outcome',
      '表决结果',
      'outcome',
      'enum',
      {
        // Specification 2: a meeting is held or void; each candidate's result is that of their vote.
        options: ['passed', 'rejected', 'deferred', 'void', 'held'],
      },
    ],
    ['minutes', '会议记录', 'minutes', 'attachment'],
    [
      'audio',
      '会议录音录像',
      'audio or video',
      'attachment',
      {
        media: 'audio_video',
        source: 'domain.md, 6 · Decision: "text plus audio/video for this sensitive step, seed §四(二)3"',
      },
    ],
    [
      'recorder',
      '记录人（分管副部长）',
      'recorder (deputy minister in charge)',
      'person',
      { source: 'domain.md, Keeping the record: "the standing committee by the deputy minister in charge"' },
    ],
  ]),
  ...items('decision.deferral', [
    ['meeting', '会议序号', 'meeting number', 'number'],
    [
      'reason',
      '暂缓表决理由',
      'reason for deferring',
      'text',
      { source: 'domain.md, 6 · Decision: "the item is put off, with the reason, to a later meeting"' },
    ],
  ]),
  ...items('decision.vote', [
    ['meeting', '会议序号', 'meeting number', 'number'],
    ['post', '拟任职位序号', 'post', 'number', { required: OPTIONAL }],
    ['agree', '同意票', 'for', 'number'],
    ['disagree', '不同意票', 'against', 'number'],
    ['abstain', '弃权票', 'abstain', 'number'],
    [
      'outcome',
      '表决结果',
      'outcome',
      'enum',
      {
        options: ['passed', 'not_passed'],
        source: 'domain.md, 6 · Decision: "a candidate who does not reach it is not passed (not “deferred”)"',
      },
    ],
  ]),
  ...items('decision.reconsideration', [
    ['members', '应到成员', 'members of the body', 'number'],
    ['agree_to_reconsider', '同意复议人数', 'members agreeing to reconsider', 'number'],
    ['reason', '复议理由', 'reason', 'text'],
    ['decided_on', '决定复议日期', 'decided on', 'date'],
  ]),
  ...items('decision.new_proposal', [
    ['post', '拟任职位序号', 'post', 'number'],
    ['reason', '另行提出的理由', 'why this candidate is proposed', 'text'],
  ]),
  ...items('decision.conclude', [
    ['outcome', '处理结果', 'outcome', 'enum', { options: ['leave_vacant', 'end_case'] }],
    ['reason', '理由', 'reason', 'text'],
  ]),
  ...items('decision.minutes', [
    ['meeting', '会议次序', 'meeting (1, 2, …)', 'number'],
    ['held_on', '会议日期', 'held on', 'date'],
    ['chair', '主持人', 'chair', 'person'],
    ['minutes', '会议记录', 'minutes', 'attachment'],
    [
      'audio',
      '会议录音录像',
      'audio or video',
      'attachment',
      {
        media: 'audio_video',
        source: 'domain.md, 6 · Decision: "text plus audio/video for this sensitive step, seed §四(二)3"',
      },
    ],
    [
      'speaking_order',
      '表态顺序',
      'members in the order they stated their views',
      'person',
      {
        multiple: true,
        required: OPTIONAL,
        source:
          'domain.md, 6 · Decision: "each member says agree, disagree or defer, the principal leader last"',
      },
    ],
    [
      'principal',
      '主要负责人',
      'principal leader',
      'person',
      {
        required: OPTIONAL,
        source:
          'domain.md, 6 · Decision: "each member says agree, disagree or defer, the principal leader last"',
      },
    ],
    [
      'recorder',
      '记录人',
      'recorder',
      'person',
      { source: 'domain.md, Keeping the record: "the standing committee by the deputy minister in charge"' },
    ],
  ]),
  ...items('decision.first_submission', [
    ['submitted_on', '初次提交日期', 'submitted on', 'date'],
    ['submitted_by', '提交人', 'submitted by', 'person'],
    ['receipt', '上级监督机构回执', 'receipt of the supervising organ', 'attachment', { required: OPTIONAL }],
  ]),
];

const APPOINTMENT = [
  ...items('appointment.announcement', [
    ['starts_on', '公示开始日期', 'starts on', 'date'],
    [
      'ends_on',
      '公示截止日期',
      'ends on',
      'date',
      {
        // Counted by the state calendar from the start, never typed (APPT.ANNOUNCEMENT_END_COMPUTED).
        computed: true,
        source: 'domain.md, 7 · Appointment: "public announcement of at least 5 **working** days"',
      },
    ],
    ['channel', '公示方式', 'channel', 'text'],
    ['content', '公示内容', 'announcement', 'attachment'],
    ['contact', '受理方式', 'how objections are received', 'text'],
    [
      'exceptional_reasons',
      '破格提拔理由',
      'reasons for exceptional promotion',
      'text',
      {
        required: when({ exceptionalPromotion: true }),
        source: 'domain.md, 7 · Appointment: "for exceptional promotion the announcement states the reasons"',
      },
    ],
  ]),
  ...items(
    'appointment.objection',
    [
      ['received_on', '受理日期', 'received on', 'date'],
      ['anonymous', '是否匿名', 'anonymous', 'enum', { options: YES_NO }],
      ['content', '反映内容', 'content', 'text'],
      [
        'serious_and_specific',
        '是否内容具体、情节严重',
        'serious and specific',
        'enum',
        {
          options: YES_NO,
          source: 'domain.md, 7 · Appointment: "anonymous ones are investigated when serious and specific"',
        },
      ],
      [
        'channel',
        '受理渠道',
        'how it came in',
        'enum',
        {
          options: OBJECTION_CHANNELS,
          source: 'domain.md, 7 · Appointment: "objections are logged"',
        },
      ],
    ],
    { required: OPTIONAL },
  ),
  ...items(
    'appointment.objection_outcome',
    [
      ['finding', '调查结论', 'finding', 'enum', { options: OBJECTION_FINDINGS }],
      [
        'action',
        '处理意见',
        'action',
        'enum',
        { options: ['appoint', 'appoint_with_warning', 'do_not_appoint', 'defer'] },
      ],
      ['investigated_by', '调查人', 'investigated by', 'person', { multiple: true }],
      ['report', '调查报告', 'investigation report', 'attachment'],
      [
        'deferred_until',
        '暂缓至',
        'deferred until',
        'date',
        { required: OPTIONAL, source: 'domain.md, 7 · Appointment: "defer, at most 3 months"' },
      ],
    ],
    { required: when({ objectionsReceived: true }) },
  ),
  ...items('appointment.announcement_end', [
    ['ended_on', '公示期满日期', 'ended on', 'date'],
    ['result', '公示结果', 'result', 'enum', { options: ['no_objection', 'objections_resolved'] }],
  ]),
  ...items('appointment.notice', [
    ['number', '任职文号', 'document number', 'text'],
    ['date', '任职通知日期', 'date of the notice', 'date'],
    ['document', '任职通知', 'appointment notice', 'attachment'],
  ]),
  ...items('appointment.talk', [
    [
      'held_by',
      '谈话人',
      'held by',
      'person',
      { source: 'domain.md, 7 · Appointment: "the appointment talk (who held it, when)"' },
    ],
    ['date', '谈话时间', 'when', 'date'],
    ['record', '谈话记录', 'record', 'text'],
  ]),
  ...items('appointment.second_submission', [
    ['submitted_on', '二次提交日期', 'submitted on', 'date'],
    ['submitted_by', '提交人', 'submitted by', 'person'],
  ]),
];

const PROBATION_APPLIES = when({
  promotion: true,
  elected: false,
  postLevel: ['section', 'county', 'bureau'],
});

const PROBATION = [
  ...items(
    'probation.absence',
    [
      [
        'months',
        '离岗时间（月）',
        'months away',
        'number',
        { source: 'domain.md, 8 · Probation: "extended when absent over six months"' },
      ],
      ['from', '离岗开始', 'away from', 'date'],
      ['reason', '离岗原因', 'reason', 'text'],
    ],
    { required: OPTIONAL },
  ),
  ...items(
    'probation.assessment',
    [
      [
        'starts_on',
        '试用期开始',
        'probation starts on',
        'date',
        { source: 'domain.md, 8 · Probation: "from the appointment notice"' },
      ],
      ['ends_on', '试用期满', 'probation ends on', 'date'],
      [
        'absent_months',
        '离岗时间（月）',
        'months absent',
        'number',
        { required: OPTIONAL, source: 'domain.md, 8 · Probation: "extended when absent over six months"' },
      ],
      ['assessed_on', '考核时间', 'assessed on', 'date'],
      ['finding', '考核结果', 'finding', 'enum', { options: ['competent', 'not_competent'] }],
      [
        'serious_error',
        '是否犯有严重错误',
        'serious error',
        'enum',
        {
          options: YES_NO,
          required: OPTIONAL,
          source: 'domain.md, 8 · Probation: "ended early on serious error"',
        },
      ],
      ['report', '试用期考核材料', 'assessment report', 'attachment'],
    ],
    { required: PROBATION_APPLIES },
  ),
  ...items(
    'probation.outcome',
    [
      [
        'outcome',
        '转正或免去试任职务',
        'confirmed or removed',
        'enum',
        { options: ['confirmed', 'removed_to_previous_grade'] },
      ],
      ['decided_on', '决定日期', 'decided on', 'date'],
      [
        'early_end_reason',
        '提前终止原因',
        'reason for ending early',
        'text',
        { required: OPTIONAL, source: 'domain.md, 8 · Probation: "ended early on serious error"' },
      ],
      ['document', '转正文件', 'document', 'attachment'],
    ],
    { required: PROBATION_APPLIES },
  ),
];

/**
 * The sign-off of every gate's record: recorder and reviewer (复核人), then the signatures in order,
 * and Tianjin's three-level signature. Required wherever the gate's first step is.
 */
function signOffItems(gate: GateKey): DataItem[] {
  const first = GATE_FIRST_STEP[gate];
  const required = (stepSpec(first) ?? { required: ALWAYS }).required;
  const source =
    'domain.md, Keeping the record: "the recorder fills; another staff member reviews against the originals; signatures in order — recorder, cadre section chief, supervision section chief, deputy minister in charge"';
  const row = (key: string, zh: string, en: string, type: ItemType, rowSource = source): DataItem => ({
    key: `${gate}.signoff.${key}`,
    gate,
    step: `${gate}.signoff`,
    zh,
    en,
    type,
    multiple: false,
    required,
    source: rowSource,
  });
  return [
    row('recorder', '记录人', 'recorder', 'person'),
    row('reviewer', '复核人', 'reviewer', 'person'),
    row('reviewed_on', '复核日期', 'reviewed on', 'date'),
    row('recorder_signature', '记录人签字', 'recorder’s signature', 'signature'),
    row('cadre_section_chief_signature', '干部科科长签字', 'cadre section chief’s signature', 'signature'),
    row(
      'supervision_section_chief_signature',
      '干部监督科科长签字',
      'supervision section chief’s signature',
      'signature',
    ),
    row('deputy_minister_signature', '分管副部长签字', 'deputy minister’s signature', 'signature'),
    row(
      'selection_deputy_signature',
      '选任工作部门分管负责人签字',
      'signature of the selection department’s deputy in charge',
      'signature',
      SEED_TIANJIN,
    ),
    row(
      'selection_principal_signature',
      '选任工作部门主要领导签字',
      'signature of the selection department’s principal',
      'signature',
      SEED_TIANJIN,
    ),
    row(
      'responsible_unit_leader_signature',
      '选任责任单位领导签字',
      'signature of the responsible unit’s leader',
      'signature',
      SEED_TIANJIN,
    ),
  ];
}

const GATE_FIRST_STEP: Record<GateKey, string> = {
  qualification: 'qualification.check',
  motion: 'motion.propose',
  nomination: 'nomination.submit',
  inspection: 'inspection.shortlist',
  deliberation: 'deliberation.department_meeting',
  consultation: 'consultation.request',
  decision: 'decision.meeting',
  appointment: 'appointment.announcement',
  probation: 'probation.assessment',
};

/** Every record item, gate by gate. */
export const DATA_ITEMS: readonly DataItem[] = [
  ...QUALIFICATION,
  ...MOTION,
  ...NOMINATION,
  ...INSPECTION,
  ...DELIBERATION,
  ...CONSULTATION,
  ...DECISION,
  ...APPOINTMENT,
  ...PROBATION,
  ...GATE_KEYS.flatMap(signOffItems),
];

const BY_KEY = new Map(DATA_ITEMS.map((item) => [item.key, item]));

export function dataItem(key: string): DataItem | undefined {
  return BY_KEY.get(key);
}
