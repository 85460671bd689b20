/** Gate 5 · consultation (征求意见): its rules, each with its code and the words of domain.md it implements. */
import { addMonths, type CivilDate, compareDates } from '../../calendar/civil-date';
import type { WorkingCalendar } from '../../calendar/working-calendar';
import type { CaseProfile } from '../../classification/classification';
import { ALLOWED, refuse, type Verdict } from '../../errors/refusal';
import type { Policy } from '../../policy/policy';
import { rule, type RuleSpec } from '../../rules/rule-spec';
import { STATUTORY } from '../../rules/statutory';

export const CONSULTATION_RULES: RuleSpec[] = [
  rule(
    'consultation',
    'CONS.MANDATORY_UNITS',
    '必须征求人选所在单位党组织、组织人事部门和纪检监察机关意见',
    'the candidate unit’s party body, its organization/personnel department and the discipline organ are always consulted',
    'domain.md, 5 · Consultation: "the candidate unit’s party body and organization/personnel department and the discipline and supervision organ always (Reg. 2019 Art. 31)"',
  ),
  rule(
    'consultation',
    'CONS.UNKNOWN_UNIT',
    '答复单位不在征求意见范围内',
    'an answer from a unit that was not consulted',
    'domain.md, 5 · Consultation: "Each answers in writing by a deadline"',
  ),
  rule(
    'consultation',
    'CONS.DEADLINE',
    '书面答复期限',
    'the written answer is due by the deadline',
    'domain.md, 5 · Consultation: "Each answers in writing by a deadline (*configurable*)"',
    'consultationDeadline',
  ),
  rule(
    'consultation',
    'CONS.SILENCE_CONSENT',
    '双重管理干部协管方一个月未答复视为同意',
    'a dual-managed cadre’s co-manager silent for a month is taken to consent',
    'domain.md, 5 · Consultation: "a dual-managed cadre’s co-manager that does not answer in one month is taken to consent (Reg. 2014 Art. 34)"',
    'coManagerConsentsOn',
  ),
  rule(
    'consultation',
    'CONS.INCOMPLETE',
    '尚有单位未答复',
    'units have not answered yet',
    'domain.md, 5 · Consultation: "Each answers in writing by a deadline"',
  ),
  rule(
    'consultation',
    'CONS.OBJECTION_PENDING',
    '成员单位提出异议的，须由组织部门处理并记录结果后方可结束征求意见',
    'a member unit’s objection holds the consultation until the organization department records how it was resolved',
    'domain.md, 5 · Consultation: the units’ written answers are the consultation’s record; the candidate unit, the discipline organ and the member units are asked for their opinion before the decision',
  ),
  rule(
    'consultation',
    'CONS.NO_OBJECTION',
    '该单位没有待处理的异议',
    'the unit has no objection waiting to be resolved',
    'domain.md, 5 · Consultation: the units’ written answers are the consultation’s record',
  ),
];

/**
 * The resolution of a member unit's objection names a unit whose objection waits for it. Refuses
 * with CONS.NO_OBJECTION.
 */
export function checkObjectionToResolve(unit: unknown, pending: readonly string[]): Verdict {
  if (typeof unit === 'string' && pending.includes(unit)) return ALLOWED;
  return refuse(
    'CONS.NO_OBJECTION',
    pending.length > 0
      ? `“${String(unit)}”没有待处理的异议（待处理：${pending.join('、')}）`
      : `“${String(unit)}”没有待处理的异议，目前没有任何单位的异议待处理`,
    pending.length > 0
      ? `"${String(unit)}" has no objection waiting to be resolved (waiting: ${pending.join(', ')})`
      : `"${String(unit)}" has no objection waiting to be resolved; no unit's objection waits`,
    { field: 'consultation.objection_resolved.unit', unit: unit ?? null, pending: [...pending] },
  );
}
/** Units always consulted (Reg. 2019 Art. 31). */
export const MANDATORY_CONSULTATION_UNITS = [
  'candidate_unit_party_body',
  'candidate_unit_personnel',
  'discipline_inspection',
] as const;

/** The co-managing organ of a dual-managed cadre. */
export const CO_MANAGER_UNIT = 'co_manager';

/** Every unit consulted on a case: the mandatory ones, the configured member units, the co-manager if any. */
export function consultationUnits(profile: CaseProfile, policy: Policy): string[] {
  const units = [...MANDATORY_CONSULTATION_UNITS, ...policy.consultationUnits];
  if (profile.dualManaged) units.push(CO_MANAGER_UNIT);
  return [...new Set(units)];
}

export function checkConsultationSet(units: readonly string[], profile: CaseProfile): Verdict {
  const missing: string[] = MANDATORY_CONSULTATION_UNITS.filter((u) => !units.includes(u));
  if (profile.dualManaged && !units.includes(CO_MANAGER_UNIT)) missing.push(CO_MANAGER_UNIT);
  if (missing.length === 0) return ALLOWED;
  return refuse(
    'CONS.MANDATORY_UNITS',
    `必须征求意见的单位未列入：${missing.join('、')}`,
    `units that must be consulted are missing: ${missing.join(', ')}`,
    {
      missing,
    },
  );
}

export function checkAnswerFromConsultedUnit(unit: string, units: readonly string[]): Verdict {
  if (units.includes(unit)) return ALLOWED;
  return refuse(
    'CONS.UNKNOWN_UNIT',
    `“${unit}”不在本事项征求意见的单位之列`,
    `${unit} was not consulted on this case`,
    { unit },
  );
}

export function consultationDeadline(
  sentOn: CivilDate,
  calendar: WorkingCalendar,
  policy: Policy,
): CivilDate {
  return calendar.addWorkingDays(sentOn, policy.consultationDeadlineWorkingDays);
}

/** The day from which a dual-managed cadre's co-manager, silent since the request, is taken to consent: a month on. */
export function coManagerConsentsOn(sentOn: CivilDate): CivilDate {
  return addMonths(sentOn, STATUTORY.dualManagedSilenceMonths);
}

export type UnitState = 'answered' | 'consent_by_silence' | 'awaiting' | 'overdue';

/**
 * Where each consulted unit stands on `today`: answered; taken to consent (the co-manager of a
 * dual-managed cadre, silent for a month); awaited; or overdue (past the deadline, to be reminded
 * and escalated).
 */
export function consultationStatus(
  units: readonly string[],
  answered: readonly string[],
  sentOn: CivilDate,
  today: CivilDate,
  calendar: WorkingCalendar,
  policy: Policy,
): Record<string, UnitState> {
  const deadline = consultationDeadline(sentOn, calendar, policy);
  const silenceEnds = coManagerConsentsOn(sentOn);
  const status: Record<string, UnitState> = {};
  for (const unit of units) {
    if (answered.includes(unit)) status[unit] = 'answered';
    else if (unit === CO_MANAGER_UNIT && compareDates(today, silenceEnds) >= 0)
      status[unit] = 'consent_by_silence';
    else status[unit] = compareDates(today, deadline) > 0 ? 'overdue' : 'awaiting';
  }
  return status;
}

/** The consultation gate closes when every unit answered or is taken to consent. */
export function checkConsultationComplete(status: Readonly<Record<string, UnitState>>): Verdict {
  const waiting = Object.entries(status)
    .filter(([, s]) => s === 'awaiting' || s === 'overdue')
    .map(([unit]) => unit);
  if (waiting.length === 0) return ALLOWED;
  return refuse(
    'CONS.INCOMPLETE',
    `尚待以下单位答复：${waiting.join('、')}`,
    `still waiting for: ${waiting.join(', ')}`,
    { waiting },
  );
}

/**
 * The consultation closes only once no member unit's objection waits for its resolution. Refuses
 * with CONS.OBJECTION_PENDING, naming the units.
 */
export function checkObjectionsResolved(pending: readonly string[]): Verdict {
  if (pending.length === 0) return ALLOWED;
  return refuse(
    'CONS.OBJECTION_PENDING',
    `${pending.join('、')}提出异议，须由组织部门处理并记录结果后方可结束征求意见`,
    `${pending.join(', ')} objected: the consultation waits until the organization department records how it was resolved`,
    { units: [...pending] },
  );
}
