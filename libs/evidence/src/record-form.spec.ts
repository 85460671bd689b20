import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FactContent } from './fact-chain';
import { candidatesOf, formValue, recordForm } from './record-form';
import { renderRecordFormPdf } from './record-form-pdf';

const caseId = 'dept-1-0001';
const at = (m: number) => `2026-11-28T0${m}:00:00.000Z`;
const base = { v: 1 as const, caseId, actor: { id: 'staff-1', role: 'org_staff' } };
const facts: FactContent[] = [
  {
    ...base,
    sequence: 1,
    gate: 'qualification',
    kind: 'case.started',
    summary: '县交通运输局副局长选拔',
    occurredAt: at(1),
  },
  {
    ...base,
    sequence: 2,
    gate: 'qualification',
    kind: 'step.recorded',
    summary: '任职资格审查',
    step: {
      stepId: 'qualification.check',
      candidateId: 'cand-a',
      items: {
        'qualification.check.candidate_name': { id: 'p-1', name: '张三' },
        'qualification.check.conclusion': 'eligible',
        'qualification.check.grassroots_years': 4,
      },
    },
    occurredAt: at(2),
  },
  {
    ...base,
    sequence: 3,
    gate: 'qualification',
    kind: 'step.recorded',
    summary: '任职资格审查',
    step: {
      stepId: 'qualification.check',
      candidateId: 'cand-b',
      items: { 'qualification.check.candidate_name': { id: 'p-2', name: '李四' } },
    },
    occurredAt: at(3),
  },
  {
    ...base,
    sequence: 4,
    gate: 'qualification',
    kind: 'step.refused',
    summary: 'CASE.ROLE_NOT_ALLOWED',
    actor: { id: 'sup-1', role: 'supervisor' },
    refused: { stepId: 'qualification.check', code: 'CASE.ROLE_NOT_ALLOWED' },
    occurredAt: at(4),
  },
  {
    ...base,
    sequence: 5,
    gate: 'qualification',
    kind: 'step.recorded',
    summary: '签字',
    actor: { id: 'recorder-1', role: 'recorder' },
    step: {
      stepId: 'qualification.signoff',
      items: {
        'qualification.signoff.reviewer': { id: 'staff-2', name: '王五' },
        'qualification.signoff.recorder_signature': {
          signerId: 'recorder-1',
          keyId: 'ab'.repeat(32),
          signature: 'cd'.repeat(64),
          through: 3,
          digest: 'ef'.repeat(32),
          suite: 'ed25519-sha256',
        },
      },
    },
    occurredAt: at(5),
  },
];
const hashes = new Map(facts.map((f) => [f.sequence, String(f.sequence).repeat(64).slice(0, 64)]));

describe('the record form (纪实表) of a candidate', () => {
  it('holds the case’s facts and the candidate’s own, gate by gate, with labels, recorder, reviewer and signatures', () => {
    expect(candidatesOf(facts)).toEqual(['cand-a', 'cand-b']);
    const form = recordForm(facts, 'cand-a', hashes);
    expect(form).toMatchObject({
      caseId,
      title: '县交通运输局副局长选拔',
      candidateId: 'cand-a',
      candidateName: '张三',
    });
    expect(form.through).toEqual({ sequence: 5, hash: hashes.get(5) });
    const q = form.sections.find((s) => s.gate === 'qualification');
    expect(q?.zh).toBe('任职资格');
    // cand-b's check is not on cand-a's form.
    expect(q?.entries.map((e) => e.sequence)).toEqual([2]);
    expect(q?.entries[0]?.items).toContainEqual(
      expect.objectContaining({ key: 'qualification.check.candidate_name', value: '张三（p-1）' }),
    );
    expect(q?.entries[0]?.recordedBy).toMatchObject({ id: 'staff-1', role: 'org_staff' });
    expect(q?.refused).toBe(1);
    expect(q?.reviewer).toBe('王五（staff-2）');
    expect(q?.signatures).toEqual([
      expect.objectContaining({
        item: 'qualification.signoff.recorder_signature',
        zh: '记录人签字',
        signerId: 'recorder-1',
        through: 3,
      }),
    ]);
    expect(form.sections.map((s) => s.gate)).toHaveLength(9);
  });

  it('writes values as a person reads them', () => {
    expect(formValue('yes')).toBe('是');
    expect(formValue([])).toBe('（无）');
    expect(formValue({ name: 'minutes.pdf', sha256: 'a'.repeat(64) })).toBe(
      `minutes.pdf（SHA-256 ${'a'.repeat(16)}…）`,
    );
    expect(formValue(null)).toBe('—');
  });

  it('renders as PDF with the CJK font embedded: its text extracts in Chinese and its pages render', async () => {
    const pdf = await renderRecordFormPdf(recordForm(facts, 'cand-a', hashes), {
      createdAt: new Date(at(6)),
    });
    const dir = mkdtempSync(join(tmpdir(), 'jishi-form-'));
    const file = join(dir, 'form.pdf');
    writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    for (const words of [
      '干部选拔任用工作纪实表',
      '任职资格',
      '县交通运输局副局长选拔',
      '张三',
      '复核人',
      '记录人签字',
      '王五',
    ])
      expect(text).toContain(words);
    expect(text).not.toContain('李四');
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
    expect(fonts).toMatch(/NotoSansCJKsc-Regular\s+CID Type 0C\s+Identity-H\s+yes\s+yes/);
    execFileSync('pdftoppm', ['-r', '40', '-png', file, join(dir, 'page')]);
    const pages = readdirSync(dir).filter((f) => f.endsWith('.png'));
    expect(pages.length).toBeGreaterThanOrEqual(1);
    // A rendered page is an image with ink on it, not blank.
    const png = readFileSync(join(dir, pages[0] as string));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.length).toBeGreaterThan(2000);
    // The same form and export time give the same file.
    const again = await renderRecordFormPdf(recordForm(facts, 'cand-a', hashes), {
      createdAt: new Date(at(6)),
    });
    expect(again.equals(pdf)).toBe(true);
  });
});
