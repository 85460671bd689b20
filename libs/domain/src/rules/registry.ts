import { APPOINTMENT_RULES } from '../gates/appointment/appointment.rules';
import { CONSULTATION_RULES } from '../gates/consultation/consultation.rules';
import { DECISION_RULES } from '../gates/decision/decision.rules';
import { DELIBERATION_RULES } from '../gates/deliberation/deliberation.rules';
import { INSPECTION_RULES } from '../gates/inspection/inspection.rules';
import { MOTION_RULES } from '../gates/motion/motion.rules';
import { NOMINATION_RULES } from '../gates/nomination/nomination.rules';
import { PROBATION_RULES } from '../gates/probation/probation.rules';
import { QUALIFICATION_RULES } from '../gates/qualification/qualification.rules';
import { RECORD_RULES } from './record.rules';
import { rule, type RuleSpec } from './rule-spec';

/** Rules of version 2's candidate records: shortlisting, eligibility, proposals, votes. */
const CANDIDATE_RULES: RuleSpec[] = [
  rule(
    'qualification',
    'QUAL.PROFILE_REASON',
    '更正事项类别须说明理由',
    'a corrected profile says why',
    'domain.md, Keeping the record: "Classified records (seed §四(二)1): by nomination subject, by post … by group"',
  ),
  rule(
    'qualification',
    'EXC.APPROVAL_REJECTED',
    '上级不同意破格提拔',
    'the upper department rejected the exceptional promotion',
    'domain.md, 0 · Qualification: "a rejected approval ends that path"',
  ),
  rule(
    'inspection',
    'INSP.NOT_NOMINATED',
    '考察对象须经提名推荐',
    'only the nominated can be shortlisted',
    'domain.md, 2 · Nomination: "the organization department proposes the shortlist"',
  ),
  rule(
    'inspection',
    'INSP.ALREADY_SHORTLISTED',
    '不能重复列为考察对象',
    'a candidate is shortlisted once',
    'domain.md, Keeping the record: "One record per action (一事一记)"',
  ),
  rule(
    'inspection',
    'INSP.DEPARTURE_REASON',
    '未按得票排序确定考察对象须说明理由',
    'a shortlist that departs from the ranking records why',
    'domain.md, 2 · Nomination: "records why wherever it departs from the ranking"',
  ),
  rule(
    'inspection',
    'INSP.AFFECTS_USE',
    '纪检监察机关意见认为影响使用的，不得提拔',
    'a candidate whose use the discipline organ’s opinion says is affected is not promoted',
    'domain.md, 3 · Inspection: "the discipline organ’s written opinion (complaints received, verified, outcome, whether it affects use)"',
  ),
  rule(
    'deliberation',
    'DELIB.NOT_A_CANDIDATE',
    '提交讨论决定的须是经考察且符合资格的人选',
    'only an inspected, eligible candidate can be proposed',
    'domain.md, 4 · Deliberation: "it ends with the candidate proposed for each post"',
  ),
  rule(
    'deliberation',
    'DELIB.PROPOSAL_PER_POST',
    '每个职位提出一名人选',
    'one candidate proposed for each post',
    'domain.md, 4 · Deliberation: "the candidate proposed for each post to the deciding body, with the reasons"',
  ),
  rule(
    'decision',
    'DEC.POST_NOT_OPEN',
    '只能为无通过人选的职位另行提出人选',
    'another candidate is proposed only for a post without one passed',
    'domain.md, 6 · Decision: "a candidate who does not reach it is not passed"',
  ),
  rule(
    'decision',
    'DEC.POSTS_UNFILLED',
    '每个职位须有通过人选或记录处理结果',
    'every post has a candidate passed or its conclusion recorded',
    'domain.md, 6 · Decision: "a candidate who does not reach it is not passed"',
  ),
  rule(
    'decision',
    'DEC.CONCLUSION',
    '处理结果须与表决情况相符',
    'the conclusion fits what passed',
    'domain.md, 6 · Decision: "a candidate who does not reach it is not passed"',
  ),
  rule(
    'decision',
    'DEC.DEFERRAL_REASON',
    '暂缓表决须说明理由',
    'a deferral records its reason',
    'domain.md, 6 · Decision: "the item is put off, with the reason, to a later meeting"',
  ),
];

const CASE_RULES: RuleSpec[] = [
  rule(
    'case',
    'CAND.REQUIRED',
    '须指定人选',
    'the step needs a candidate',
    'domain.md, Keeping the record: "one form per candidate (一人一表)"',
  ),
  rule(
    'case',
    'CAND.UNKNOWN',
    '没有该人选',
    'no such candidate in the case',
    'domain.md, Keeping the record: "one form per candidate (一人一表)"',
  ),
  rule(
    'case',
    'CAND.NOT_PER_CANDIDATE',
    '整个事项的环节不针对单个人选',
    'a step of the whole case names no candidate',
    'domain.md, Keeping the record: "One record per action (一事一记); one form per candidate"',
  ),
  rule(
    'case',
    'CAND.NOT_IN_SCOPE',
    '人选当前所处阶段不能办理该环节',
    'the candidate does not stand where the step is taken',
    'domain.md, 0 · Qualification: "every person is checked against them as they become a candidate"; 6 · Decision: "each candidate is voted on separately"',
  ),
  rule(
    'case',
    'CASE.UNKNOWN_STEP',
    '没有该环节',
    'no such step',
    'design.md: single-actor steps are refused at once with a clear reason',
  ),
  rule(
    'case',
    'CASE.COMPLETED',
    '事项已办结',
    'the case is completed',
    'domain.md, The gates and their rules: "strictly in order"',
  ),
  rule(
    'case',
    'CASE.GATE_CLOSED',
    '该环节已关闭',
    'the step’s gate is closed',
    'domain.md, The gates and their rules: "a step opens only when the previous one is executed and recorded (seed §四(二)2)"',
  ),
  rule(
    'case',
    'CASE.GATE_INCOMPLETE',
    '上一环节尚未完成纪实',
    'the previous gate is not complete',
    'domain.md, The gates and their rules: "a step opens only when the previous one is executed and recorded (seed §四(二)2)"',
  ),
  rule(
    'case',
    'CASE.WRONG_GATE',
    '不属于当前环节',
    'the step is not of the current gate',
    'domain.md, The gates and their rules: "one qualification gate and eight steps, strictly in order"',
  ),
  rule(
    'case',
    'CASE.ROLE_NOT_ALLOWED',
    '无权办理该环节',
    'the role may not do the step',
    'design.md: a step "by the wrong role … is refused at once with a clear reason"',
  ),
  rule(
    'case',
    'CASE.STEP_ALREADY_DONE',
    '环节已办理',
    'the step is already done',
    'domain.md, Keeping the record: "One record per action (一事一记)"',
  ),
  rule(
    'case',
    'CASE.STEP_OUT_OF_ORDER',
    '环节内须按顺序办理',
    'steps inside a gate go in order',
    'domain.md, 4 · Deliberation: "department meeting, then the five-person group"; seed §四(二)2: "严格依照规定的工作流程顺序纪实"',
  ),
  rule(
    'case',
    'CASE.STEP_CLOSED',
    '环节已截止',
    'the step can no longer be done',
    'domain.md, 7 · Appointment: "objections are logged" during the announcement',
  ),
  rule(
    'case',
    'CASE.STEP_NOT_YOURS',
    '每个环节只能由规定的渠道提交',
    'each step arrives one way only',
    'design.md: "The domain is the one place that says who may do each step and how it arrives (a person’s Update, a service’s result, a timer, a deadline)"',
  ),
  rule(
    'calendar',
    'CAL.INVALID_DATE',
    '日期无效',
    'not a valid date',
    'domain.md, 7 · Appointment: working days "as the state calendar says"',
  ),
  rule(
    'calendar',
    'CAL.YEAR_NOT_COVERED',
    '工作日历未覆盖该年度',
    'the calendar does not cover the year',
    'domain.md, 7 · Appointment: "official holidays and make-up workdays counted as the state calendar says"',
  ),
  rule(
    'calendar',
    'CAL.NOTICE_NO_YEAR',
    '节假日通知中找不到年份',
    'the holiday notice names no year',
    'domain.md, 7 · Appointment: "official holidays and make-up workdays counted as the state calendar says" — a notice whose year cannot be told is not loaded',
  ),
  rule(
    'calendar',
    'CAL.NOTICE_UNREADABLE',
    '节假日通知中有无法识别的行，不作猜测',
    'a line of the holiday notice cannot be read, and is not guessed',
    'domain.md, 7 · Appointment: "official holidays and make-up workdays counted as the state calendar says"',
  ),
  rule(
    'calendar',
    'CAL.NOTICE_WEEKDAY_MISMATCH',
    '通知所写星期与日期不符',
    'a weekday in the notice does not match its date',
    'domain.md, 7 · Appointment: working days "as the state calendar says"',
  ),
  rule(
    'calendar',
    'CAL.NOTICE_COUNT_MISMATCH',
    '通知所写天数与所列放假日期不符',
    'a day count in the notice does not match the holidays listed',
    'domain.md, 7 · Appointment: working days "as the state calendar says"',
  ),
  rule(
    'calendar',
    'CAL.NOTICE_CONFLICT',
    '通知中的日期不能成立：调休上班日不在周末、同一天既放假又上班或列出两次、超出该年度、一段假期超过20天、全年放假超过60天、同一节日列出两次、年份不在2000至2200年之间',
    'a date in the notice cannot be right: a make-up workday not on a weekend, a day both off and worked or listed twice, a date outside the year, more than 20 days off in a row, more than 60 in a year, a festival listed twice, a year outside 2000 to 2200',
    'domain.md, 7 · Appointment: "official holidays and make-up workdays counted as the state calendar says"',
  ),
  rule(
    'calendar',
    'CAL.NOTICE_INCOMPLETE',
    '全年节假日通知须读到其开头列出的每个节日，条目编号须连续；缺少列出节日的开头段落时须粘贴通知全文',
    'a year’s holiday notice is read only whole: every festival its opening lists has an item, items are numbered without a gap, and the opening that lists them is there',
    'domain.md, 7 · Appointment: "official holidays and make-up workdays counted as the state calendar says" — a festival missed would count its days off as working days',
  ),
  rule(
    'calendar',
    'CAL.NOTICE_BASE_MISSING',
    '调整或延长假期的通知须有其所修改的全年安排',
    'a notice that adjusts or extends a holiday needs the year’s schedule it amends',
    'domain.md, 7 · Appointment: "official holidays and make-up workdays counted as the state calendar says"',
  ),
  rule(
    'calendar',
    'CAL.SCHEDULE_INVALID',
    '节假日安排表的字段有误',
    'a field of the holiday schedule is wrong',
    'domain.md, 7 · Appointment: "official holidays and make-up workdays counted as the state calendar says"',
  ),
  rule(
    'calendar',
    'CAL.SOURCE_REQUIRED',
    '导入节假日安排须注明通知文号和印发日期',
    'a loaded schedule names its notice’s number and date',
    'domain.md, 7 · Appointment: "official holidays and make-up workdays counted as the state calendar says"',
  ),
  rule(
    'calendar',
    'CAL.YEAR_ALREADY_LOADED',
    '已导入的年度安排只能明示替换',
    'a loaded year is replaced only on purpose',
    'domain.md, 7 · Appointment: "official holidays and make-up workdays counted as the state calendar says"',
  ),
  rule(
    'calendar',
    'CAL.DISAGREES_WITH_PACKAGE',
    '与内置日历不一致的安排只能作为更正导入',
    'a schedule that disagrees with the built-in calendar is taken only as a correction',
    'domain.md, 7 · Appointment: "official holidays and make-up workdays counted as the state calendar says"',
  ),
  rule(
    'calendar',
    'CAL.REASON_REQUIRED',
    '替换、更正或撤回安排须说明理由',
    'replacing, correcting or withdrawing a schedule needs a reason',
    'domain.md, 7 · Appointment: "official holidays and make-up workdays counted as the state calendar says"',
  ),
  rule(
    'calendar',
    'CAL.NOT_LOADED',
    '只能撤回已导入的年度安排',
    'only a loaded year can be withdrawn',
    'domain.md, 7 · Appointment: "official holidays and make-up workdays counted as the state calendar says"',
  ),
  rule(
    'calendar',
    'CAL.SOURCE_CONFLICT',
    '所填来源须与通知原文一致',
    'a source typed beside the notice agrees with the notice',
    'domain.md, 7 · Appointment: "official holidays and make-up workdays counted as the state calendar says"',
  ),
  rule(
    'calendar',
    'CAL.SOURCE_DATE',
    '通知印发日期须合乎常理',
    'a notice’s date of issue is plausible',
    'domain.md, 7 · Appointment: "official holidays and make-up workdays counted as the state calendar says"',
  ),
  rule(
    'policy',
    'POLICY.INVALID',
    '配置项不符合规则',
    'a policy value breaks its rule',
    'domain.md: "Numbers marked *local* or *configurable* differ by place: make them configuration with the default given"',
  ),
  rule(
    'record',
    'CATALOGUE.UNKNOWN_ITEM',
    '纪实数据项不存在',
    'no such record item',
    'domain.md, Keeping the record; design.md: "the data-item catalogue of each gate"',
  ),
  rule(
    'record',
    'CATALOGUE.INVALID_VALUE',
    '纪实数据项取值不符合类型',
    'a record item’s value does not fit its type',
    'domain.md, Keeping the record: "Three forms of record: text, structured tables, audio/video"',
  ),
  rule(
    'record',
    'CATALOGUE.MISSING_ITEM',
    '缺少必填数据项',
    'a required record item is missing',
    'domain.md, Keeping the record: "every required item filled in each (completeness 100%)"',
  ),
  rule(
    'record',
    'CATALOGUE.COMPUTED_ITEM',
    '由规则得出的数据项不能填写',
    'an item the rules draw cannot be given',
    'domain.md, 0 · Qualification: eligibility is decided by the conditions, the negative list and recusal, not declared',
  ),
];

/** Every rule of the domain, by code. */
export const RULES: readonly RuleSpec[] = [
  ...CASE_RULES,
  ...QUALIFICATION_RULES,
  ...MOTION_RULES,
  ...NOMINATION_RULES,
  ...INSPECTION_RULES,
  ...DELIBERATION_RULES,
  ...CONSULTATION_RULES,
  ...DECISION_RULES,
  ...APPOINTMENT_RULES,
  ...PROBATION_RULES,
  ...RECORD_RULES,
  ...CANDIDATE_RULES,
];

const BY_CODE = new Map(RULES.map((r) => [r.code, r]));

export function ruleSpec(code: string): RuleSpec | undefined {
  return BY_CODE.get(code);
}
