// `npx nx run domain:catalogue` prints the whole model as JSON on standard output.
// `npx nx run domain:catalogue --rules-table` prints the rule table of libs/domain/README.md,
// with the line of ../shared/domain.md each rule implements when that file is beside the workspace.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describeModel, RULES } from './index';

function domainMdLines(): (source: string) => string {
  // Compiled to dist/libs/domain/src: the workspace root is four folders up, shared/ beside it.
  const found = path.resolve(__dirname, '../../../../../shared/domain.md');
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

function rulesTable(): string {
  const lineOf = domainMdLines();
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const rows = RULES.map(
    (r) =>
      `| \`${r.code}\` | ${r.area} | ${esc(r.zh)} / ${esc(r.en)} | ${lineOf(r.source)} | ${esc(r.source)}${
        r.implementedBy ? ` — decided by \`${r.implementedBy}\`` : ''
      } |`,
  );
  return (
    ['| code | area | rule | line | source |', '| --- | --- | --- | --- | --- |', ...rows].join('\n') + '\n'
  );
}

process.stdout.write(
  process.argv.includes('--rules-table') ? rulesTable() : `${JSON.stringify(describeModel(), null, 2)}\n`,
);
