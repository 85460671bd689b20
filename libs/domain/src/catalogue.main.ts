// `npm run -s catalogue` prints the whole model as JSON on standard output, and nothing else.
// `npm run -s catalogue -- --rules-table` prints the rule table of libs/domain/README.md, with the
// line of ../shared/domain.md each rule implements when that file is beside the workspace.
// `npm run -s catalogue -- --deadlines-table` prints the deadline table of libs/domain/README.md.
// (An Nx target would do too, but Nx's output handling breaks long lines: data goes through npm.)
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  DEADLINES,
  DEFAULT_POLICY,
  describeModel,
  enforcementOf,
  POLICY_SOURCES,
  type Policy,
  ROLE_LABELS,
  RULES,
} from './index';

function domainMdLines(): (source: string) => string {
  // shared/ stands beside the workspace; this file runs from the source or compiled to dist/.
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'nx.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  const found = path.resolve(dir, '../shared/domain.md');
  if (!existsSync(found)) return () => '';
  const norm = (t: string) => t.replace(/[’‘]/g, "'").replace(/[“”]/g, '"').replace(/\*\*/g, '');
  const text = norm(readFileSync(found, 'utf8'));
  // The text with runs of white space folded, and the line each of its characters stands on.
  let flat = '';
  const lineAt: number[] = [];
  let line = 1;
  for (const ch of text) {
    if (/\s/.test(ch)) {
      if (!flat.endsWith(' ')) {
        flat += ' ';
        lineAt.push(line);
      }
    } else {
      flat += ch;
      lineAt.push(line);
    }
    if (ch === '\n') line += 1;
  }
  return (source) => {
    const quote = source.startsWith('domain.md') ? /"(.+)"/.exec(source)?.[1] : undefined;
    if (!quote) return '';
    for (const part of norm(quote).split(/…|\(\*|;/)) {
      const fragment = part.trim();
      for (let length = Math.min(fragment.length, 60); length >= 12; length -= 4) {
        const at = flat.indexOf(fragment.slice(0, length));
        if (at >= 0) return `domain.md:${lineAt[at]}`;
      }
    }
    return '';
  };
}

/** The "enforced at" cell: where the running system applies the rule, or why it does not. */
function enforcedAt(code: string): string {
  const e = enforcementOf(code);
  if (!e) return '';
  switch (e.kind) {
    case 'enforced':
      return e.at;
    case 'structural':
      return `by the process’s shape: ${e.at}`;
    case 'advisory':
      return `advisory: ${e.reason}`;
    case 'pending':
      return `not yet: ${e.reason}`;
  }
}

function rulesTable(): string {
  const lineOf = domainMdLines();
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const rows = RULES.map(
    (r) =>
      `| \`${r.code}\` | ${r.area} | ${esc(r.zh)} / ${esc(r.en)} | ${esc(enforcedAt(r.code))} | ${lineOf(r.source)} | ${esc(r.source)}${
        r.implementedBy ? ` — decided by \`${r.implementedBy}\`` : ''
      } |`,
  );
  return (
    [
      '| code | area | rule | enforced at | line | source |',
      '| --- | --- | --- | --- | --- | --- |',
      ...rows,
    ].join('\n') + '\n'
  );
}

/** The deadlines of the process: what starts each, its default length and policy field, who owes it, what its end means. */
function deadlinesTable(): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const units = { working_days: 'working days', calendar_days: 'days', months: 'months' } as const;
  const fieldOf = (length: (p: Policy) => number): string => {
    // The policy field a configurable length reads: the one whose change changes it.
    for (const field of Object.keys(POLICY_SOURCES) as (keyof Policy)[]) {
      const value = DEFAULT_POLICY[field];
      if (typeof value !== 'number') continue;
      if (length({ ...DEFAULT_POLICY, [field]: value + 1 }) !== length(DEFAULT_POLICY)) return field;
    }
    return '';
  };
  const lengthOf = (d: (typeof DEADLINES)[number]): string => {
    const n = d.length(DEFAULT_POLICY);
    const field = d.configurable ? fieldOf(d.length) : '';
    const text =
      d.key === 'probation.assessment'
        ? `the probation's year (longer after time away), then ${n} days`
        : d.key === 'appointment.objection_deferral'
          ? `to the deferral's end, at most ${n} months`
          : `${n} ${n === 1 ? units[d.unit].replace(/s$/, '') : units[d.unit]}`;
    return `${text}${field ? ` (\`${field}\`)` : ' (statutory)'}`;
  };
  const atEnd = (d: (typeof DEADLINES)[number]): string => {
    const to = ROLE_LABELS[d.escalateTo].en;
    if (d.onExpiry === 'consent') return 'the silence is recorded as consent';
    if (d.onExpiry === 'resume') return `the outcome is owed again; escalated to the ${to}`;
    return `overdue; escalated to the ${to}`;
  };
  const rows = DEADLINES.map((d) => {
    const owed =
      d.key === 'consultation.co_manager_silence'
        ? 'the co-manager'
        : d.owedBy.map((r) => (r === 'member_unit' ? 'each member unit' : ROLE_LABELS[r].en)).join(', ');
    return `| \`${d.key}\` | ${esc(d.zh)} / ${esc(d.en)} | ${esc(d.starts.en)} | ${esc(lengthOf(d))} | \`${d.owedStep}\` by ${owed} | ${d.reminds ? 'yes' : 'no'} | ${atEnd(d)} | ${esc(d.source)} |`;
  });
  return (
    [
      '| deadline | what | starts | length (policy field) | owed | reminders | at its end | source |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
      ...rows,
    ].join('\n') + '\n'
  );
}

process.stdout.write(
  process.argv.includes('--rules-table')
    ? rulesTable()
    : process.argv.includes('--deadlines-table')
      ? deadlinesTable()
      : `${JSON.stringify(describeModel(), null, 2)}\n`,
);
