import { WorkingCalendar } from '../calendar/working-calendar';
import { GATES } from '../gates/gates';
import { ROLE_LABELS } from '../gates/roles';
import { DEFAULT_POLICY, POLICY_SOURCES } from '../policy/policy';
import { RULES } from '../rules/registry';
import { STATUTORY } from '../rules/statutory';
import { DATA_ITEMS } from './data-items';

/** The whole model as plain data: gates with their steps, record items, rules, policy and calendar coverage. */
export function describeModel() {
  const years = WorkingCalendar.official().coveredYears();
  return {
    gates: GATES.map((g) => ({
      index: g.index,
      key: g.key,
      zh: g.zh,
      en: g.en,
      closes: g.closes,
      steps: g.steps,
      dataItems: DATA_ITEMS.filter((i) => i.gate === g.key).length,
    })),
    roles: ROLE_LABELS,
    dataItems: DATA_ITEMS,
    rules: RULES,
    policy: { defaults: DEFAULT_POLICY, sources: POLICY_SOURCES },
    statutory: STATUTORY,
    calendar: {
      source: 'npm chinese-days (official holidays and make-up workdays)',
      coveredYears: [years[0], years[years.length - 1]],
    },
    counts: {
      gates: GATES.length,
      steps: GATES.reduce((n, g) => n + g.steps.length, 0),
      dataItems: DATA_ITEMS.length,
      rules: RULES.length,
    },
  };
}
