/**
 * The case workflow's search attributes, by which supervisors and the gateway list cases. The
 * workflow keeps them current; the local stack registers them from deploy/local/stack.conf
 * (TEMPORAL_SEARCH_ATTRIBUTES), under the same names and types.
 */
// @temporalio/common is the SDK's deterministic code: safe in workflow code, which imports this too.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** The gate the case stands at (`qualification` … `probation`, `completed`). */
export const CASE_GATE = defineSearchAttributeKey('CaseGate', SearchAttributeType.KEYWORD);
/** The department (用人单位) whose case it is. */
export const CASE_DEPARTMENT = defineSearchAttributeKey('CaseDepartment', SearchAttributeType.KEYWORD);
/** `running`, `completed` or `not_appointed`. */
export const CASE_STATUS = defineSearchAttributeKey('CaseStatus', SearchAttributeType.KEYWORD);
/** The next deadline the case waits for, if any. */
export const CASE_NEXT_DEADLINE = defineSearchAttributeKey('CaseNextDeadline', SearchAttributeType.DATETIME);
/** Whom the case waits on now: roles of @jishi/domain, member units or services (a member unit's inbox). */
export const CASE_AWAITING = defineSearchAttributeKey('CaseAwaiting', SearchAttributeType.KEYWORD_LIST);
/** The deadlines the case has missed and still owes (specification 5): a supervisors' filter. */
export const CASE_OVERDUE = defineSearchAttributeKey('CaseOverdue', SearchAttributeType.KEYWORD_LIST);
/** The earliest missed deadline the case still owes, if any: the days late are counted from it. */
export const CASE_OVERDUE_SINCE = defineSearchAttributeKey('CaseOverdueSince', SearchAttributeType.DATETIME);
