/** Gate 4 · deliberation (酝酿): its rules, each with its code and the words of domain.md it implements. */
import { type CivilDate } from '../../calendar/civil-date';
import { ALLOWED, refuse, type Verdict } from '../../errors/refusal';
import { rule, type RuleSpec } from '../../rules/rule-spec';

export const DELIBERATION_RULES: RuleSpec[] = [
  rule(
    'deliberation',
    'DELIB.COMPARISON',
    '差额酝酿须从品德、能力、实绩、民意、潜力比较人选',
    'competitive deliberation compares candidates on character, ability, performance, public support, potential',
    'domain.md, 4 · Deliberation: "comparing candidates on character, ability, performance, public support and potential … Competitive deliberation where there are several candidates"',
  ),
  rule(
    'deliberation',
    'DELIB.LEADERS_CONSULTED',
    '记录征求分管领导意见的对象和时间',
    'the supervising leaders consulted, who and when',
    'domain.md, 4 · Deliberation: "the supervising leaders consulted (who, when)"',
  ),
];
export const COMPARISON_ASPECTS = [
  'character',
  'ability',
  'performance',
  'public_support',
  'potential',
] as const;
export type ComparisonAspect = (typeof COMPARISON_ASPECTS)[number];

export function checkDeliberationComparison(
  candidates: number,
  aspects: readonly ComparisonAspect[],
): Verdict {
  if (candidates < 2) return ALLOWED;
  const missing = COMPARISON_ASPECTS.filter((a) => !aspects.includes(a));
  if (missing.length === 0) return ALLOWED;
  return refuse(
    'DELIB.COMPARISON',
    `差额酝酿须比较人选的品德、能力、实绩、民意和潜力，缺：${missing.join('、')}`,
    `competitive deliberation must compare ${missing.join(', ')}`,
    {
      missing,
    },
  );
}

export function checkLeadersConsulted(consulted: readonly { leaderId: string; on: CivilDate }[]): Verdict {
  if (consulted.length > 0 && consulted.every((c) => c.leaderId.trim() !== '' && c.on)) return ALLOWED;
  return refuse(
    'DELIB.LEADERS_CONSULTED',
    '须记录征求了哪些分管领导的意见及时间',
    'record which supervising leaders were consulted, and when',
  );
}
