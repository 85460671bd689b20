/** Gate 1 · motion (动议): its rules, each with its code and the words of domain.md it implements. */
import { type CivilDate } from '../../calendar/civil-date';
import type { WorkingCalendar } from '../../calendar/working-calendar';
import { ALLOWED, refuse, type Verdict } from '../../errors/refusal';
import type { Policy } from '../../policy/policy';
import { rule, type RuleSpec } from '../../rules/rule-spec';

export const MOTION_RULES: RuleSpec[] = [
  rule(
    'motion',
    'MOTION.UPPER_APPROVAL_REQUIRED',
    '下列动议须先报上级组织部门同意',
    'some motions need the upper department’s approval first',
    'domain.md, 1 · Motion: "Some motions need the upper department’s approval first (reorganization, a departing principal, large batches, beyond the approved establishment, exceptional promotion, relatives in the leader’s own system, re-appointment after a sanction, county or township heads moved within 3 years)"',
  ),
  rule(
    'motion',
    'MOTION.APPROVAL_PENDING',
    '上级批复到达前不得推进',
    'nothing proceeds until the approval arrives',
    'domain.md, 1 · Motion: "the reply is due in 10 working days (*local*), and nothing proceeds until it arrives"',
  ),
  rule(
    'motion',
    'MOTION.APPROVAL_REJECTED',
    '上级组织部门不同意的动议不再推进',
    'a motion the upper department rejects goes no further',
    'domain.md, 1 · Motion: "the reply is due in 10 working days (*local*), and nothing proceeds until it arrives"',
  ),
  rule(
    'motion',
    'MOTION.WORK_PLAN_INCOMPLETE',
    '工作方案须载明职位、名额、范围、方式、条件、程序',
    'the work plan states posts, number, scope, method, conditions, procedure',
    'domain.md, 1 · Motion: "the work plan (posts, number, scope, method, conditions, procedure), who proposed it and why"',
  ),
];

/** Grounds on which a motion needs the upper department's approval before it proceeds. */
export const UPPER_APPROVAL_GROUNDS = [
  'reorganization',
  'departing_principal',
  'large_batch',
  'beyond_establishment',
  'exceptional_promotion',
  'relatives_in_leaders_system',
  'reappointment_after_sanction',
  'local_head_moved_within_three_years',
] as const;
export type UpperApprovalGround = (typeof UPPER_APPROVAL_GROUNDS)[number];

const GROUND_ZH: Record<UpperApprovalGround, string> = {
  reorganization: '机构调整',
  departing_principal: '主要领导离任',
  large_batch: '批量调整',
  beyond_establishment: '超职数配备',
  exceptional_promotion: '破格提拔',
  relatives_in_leaders_system: '领导干部亲属在本系统任职',
  reappointment_after_sanction: '受处分后重新任用',
  local_head_moved_within_three_years: '县乡主要领导任职未满三年调整',
};

/** Whether a motion needs the upper department's approval, and on which grounds. */
export function upperApprovalGrounds(
  facts: Readonly<Partial<Record<UpperApprovalGround, boolean>>>,
): UpperApprovalGround[] {
  return UPPER_APPROVAL_GROUNDS.filter((ground) => facts[ground] === true);
}

/** When the upper department's reply is due: a number of working days after the request (*local*). */
export function upperApprovalDue(
  requestedOn: CivilDate,
  calendar: WorkingCalendar,
  policy: Policy,
): CivilDate {
  return calendar.addWorkingDays(requestedOn, policy.upperApprovalReplyWorkingDays);
}

/** A motion that needs approval proceeds only once the approval arrived. */
export function checkMotionMayProceed(
  grounds: readonly UpperApprovalGround[],
  approvalReceived: boolean,
): Verdict {
  if (grounds.length === 0 || approvalReceived) return ALLOWED;
  return refuse(
    'MOTION.APPROVAL_PENDING',
    `该动议涉及${grounds.map((g) => GROUND_ZH[g]).join('、')}，须待上级组织部门批复后方可推进`,
    `the motion involves ${grounds.join(', ')}; it proceeds only after the upper department approves`,
    { grounds },
  );
}

/** The upper department's reply: an approval lets the motion proceed; a rejection ends it. */
export function checkUpperApprovalReply(reply: unknown): Verdict {
  if (reply !== 'rejected') return ALLOWED;
  return refuse(
    'MOTION.APPROVAL_REJECTED',
    '上级组织部门不同意该动议，选拔任用工作终止',
    'the upper department rejected the motion; the selection goes no further',
  );
}

export interface WorkPlan {
  readonly posts: readonly string[];
  readonly numberOfPosts: number;
  readonly scope: string;
  readonly method: string;
  readonly conditions: string;
  readonly procedure: string;
}

export function checkWorkPlan(plan: WorkPlan): Verdict {
  const missing: string[] = [];
  if (plan.posts.length === 0) missing.push('posts');
  if (!Number.isInteger(plan.numberOfPosts) || plan.numberOfPosts < 1) missing.push('numberOfPosts');
  for (const field of ['scope', 'method', 'conditions', 'procedure'] as const) {
    if (plan[field].trim() === '') missing.push(field);
  }
  if (missing.length === 0) return ALLOWED;
  return refuse(
    'MOTION.WORK_PLAN_INCOMPLETE',
    `工作方案缺少：${missing.join('、')}`,
    `the work plan lacks: ${missing.join(', ')}`,
    {
      missing,
    },
  );
}

/**
 * The grounds a motion states for the upper department's approval: each fact asked (or `none`), and
 * an exceptional promotion always among them. Refuses MOTION.UPPER_APPROVAL_REQUIRED.
 */
export function checkApprovalGroundsStated(stated: unknown, exceptionalPromotion: boolean): Verdict {
  const field = { field: 'motion.propose.approval_grounds' };
  if (!Array.isArray(stated) || stated.length === 0) {
    return refuse(
      'MOTION.UPPER_APPROVAL_REQUIRED',
      '动议须写明是否存在须报上级组织部门审批的情形（无则填“none”）',
      'the motion states whether any ground needs the upper department’s approval (none: "none")',
      field,
    );
  }
  if (stated.includes('none') && stated.length > 1) {
    return refuse(
      'MOTION.UPPER_APPROVAL_REQUIRED',
      '“无须报批”不能与报批情形同时填写',
      '"none" cannot stand beside a ground',
      field,
    );
  }
  if (exceptionalPromotion && !stated.includes('exceptional_promotion')) {
    return refuse(
      'MOTION.UPPER_APPROVAL_REQUIRED',
      '本事项为破格提拔，须报上级组织部门审批',
      'the case is an exceptional promotion: it needs the upper department’s approval',
      field,
    );
  }
  return ALLOWED;
}

/** The request for approval names every ground the motion has. Refuses MOTION.UPPER_APPROVAL_REQUIRED. */
export function checkApprovalCoversGrounds(
  requested: unknown,
  grounds: readonly UpperApprovalGround[],
): Verdict {
  const asked = Array.isArray(requested) ? requested : [];
  const missing = grounds.filter((g) => !asked.includes(g));
  if (missing.length === 0) return ALLOWED;
  return refuse(
    'MOTION.UPPER_APPROVAL_REQUIRED',
    `报批事由缺少动议中的情形：${missing.map((g) => GROUND_ZH[g]).join('、')}`,
    `the request for approval lacks the motion’s grounds: ${missing.join(', ')}`,
    { field: 'motion.upper_approval.grounds', missing },
  );
}
