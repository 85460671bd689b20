import { DECISION_APPOINTMENT_RULES } from './decision-appointment.rules';
import { INSPECTION_CONSULTATION_RULES } from './inspection-consultation.rules';
import { MOTION_NOMINATION_RULES } from './motion-nomination.rules';
import { QUALIFICATION_RULES } from './qualification.rules';
import { rule, type RuleSpec } from './rule-spec';

const CASE_RULES: RuleSpec[] = [
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
];

/** Every rule of the domain, by code. */
export const RULES: readonly RuleSpec[] = [
  ...CASE_RULES,
  ...QUALIFICATION_RULES,
  ...MOTION_NOMINATION_RULES,
  ...INSPECTION_CONSULTATION_RULES,
  ...DECISION_APPOINTMENT_RULES,
];

const BY_CODE = new Map(RULES.map((r) => [r.code, r]));

export function ruleSpec(code: string): RuleSpec | undefined {
  return BY_CODE.get(code);
}
