import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import * as domain from '../index';
import { enforcementOf, ENFORCEMENT } from './enforcement';
import { RULES } from './registry';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return full.endsWith('.ts') && !full.endsWith('.spec.ts') ? [full] : [];
  });
}

const src = path.resolve(__dirname, '..');
const code = sourceFiles(src)
  .map((f) => readFileSync(f, 'utf8'))
  .join('\n');

describe('the rule registry', () => {
  it('has each code once, with both languages and a source', () => {
    const codes = RULES.map((r) => r.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const rule of RULES) {
      expect(rule.code).toMatch(/^[A-Z]+\.[A-Z_]+$/);
      expect(rule.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(rule.en).toMatch(/[a-z]/);
      expect(rule.source).toMatch(/domain\.md|design\.md|seed/);
    }
  });

  it('registers exactly the codes the code refuses with: none missing, none without code behind it', () => {
    const refused = new Set([...code.matchAll(/refuse\(\s*'([A-Z]+\.[A-Z_]+)'/g)].map((m) => m[1]));
    // checkProbationAssessment picks one of these two by a variable.
    expect(code).toContain("? 'PROB.EXTENSION' : 'PROB.NOT_ENDED'");
    refused.add('PROB.EXTENSION').add('PROB.NOT_ENDED');
    const refusing = RULES.filter((r) => r.implementedBy === undefined).map((r) => r.code);
    expect([...refused].sort()).toEqual(refusing.sort());
  });

  it('names, for each rule that decides rather than refuses, a function the library exports', () => {
    const deciding = RULES.filter((r) => r.implementedBy !== undefined);
    expect(deciding.length).toBeGreaterThan(0);
    for (const rule of deciding) {
      expect(typeof (domain as Record<string, unknown>)[rule.implementedBy as string]).toBe('function');
    }
  });

  it('says for every rule where the running system applies it, or why it does not, and nothing else', () => {
    expect(Object.keys(ENFORCEMENT).sort()).toEqual(RULES.map((r) => r.code).sort());
    for (const rule of RULES) {
      const e = enforcementOf(rule.code);
      const text = e === undefined ? '' : 'at' in e ? e.at : e.reason;
      expect({ code: rule.code, text: text.length > 10 }).toEqual({ code: rule.code, text: true });
    }
  });

  it('is listed in libs/domain/README.md, every code beside its source, and nothing else', () => {
    const readme = readFileSync(path.resolve(src, '../README.md'), 'utf8');
    const section = readme.split('<!-- rules:start -->')[1]?.split('<!-- rules:end -->')[0] ?? '';
    const listed = [...section.matchAll(/^\|\s*`([A-Z]+\.[A-Z_]+)`\s*\|/gm)].map((m) => m[1]);
    expect(listed).toEqual(RULES.map((r) => r.code));
    for (const rule of RULES) {
      const row = section
        .split('\n')
        .find((line) => new RegExp(`^\\|\\s*\`${rule.code.replace('.', '\\.')}\`\\s*\\|`).test(line));
      expect(row).toContain(rule.source.replace(/\|/g, '\\|'));
      // … and where the running system applies it.
      const e = enforcementOf(rule.code);
      expect(row).toContain(e && 'at' in e ? e.at : (e?.reason ?? '—'));
    }
  });
});
