// `npm run -s catalogue` prints the whole model as JSON on standard output, and nothing else.
// `npm run -s catalogue -- --rules-table` prints the rule table of libs/domain/README.md, with the
// line of ../shared/domain.md each rule implements when that file is beside the workspace.
// (An Nx target would do too, but Nx's output handling breaks long lines: data goes through npm.)
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describeModel, enforcementOf, RULES } from './index';

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

process.stdout.write(
  process.argv.includes('--rules-table') ? rulesTable() : `${JSON.stringify(describeModel(), null, 2)}\n`,
);
