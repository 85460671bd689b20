import { caseProfile, requiredItems } from '@jishi/domain';
import type { FactContent } from './fact-chain';
import { caseLedgerCompleteness, summarizeCompleteness } from './ledger-completeness';

const at = '2026-11-27T17:00:00.000Z'; // 01:00 on the 28th, China time
const fact = (sequence: number, f: Partial<FactContent>): FactContent => ({
  v: 1,
  caseId: 'c-1',
  sequence,
  gate: 'qualification',
  kind: 'step.recorded',
  summary: '',
  actor: { id: 'staff-1', role: 'org_staff', unitId: 'dept-1' },
  occurredAt: at,
  ...f,
});

describe('completeness read from the ledger', () => {
  const started = fact(1, {
    kind: 'case.started',
    actor: { id: 'officer-1', role: 'department_officer', unitId: 'dept-1' },
  });

  it('counts the required items of the gates reached, filled by the facts, by the day the case started in China', () => {
    const conditions = fact(2, {
      step: {
        stepId: 'qualification.conditions',
        items: { 'qualification.conditions.post': '副局长', 'qualification.conditions.level': '' },
      },
    });
    const c = caseLedgerCompleteness([started, conditions]);
    expect(c).toMatchObject({
      caseId: 'c-1',
      department: 'dept-1',
      startedOn: '2026-11-28',
      hasRecord: true,
    });
    // Only the qualification gate was reached: its required items, nothing of the others.
    expect(Object.keys(c.byGate)).toEqual(['qualification']);
    expect(c.byGate.qualification?.missing).not.toContain('qualification.conditions.post');
    // An empty value fills nothing.
    const required = requiredItems(caseProfile(), 'qualification').map((i) => i.key);
    if (required.includes('qualification.conditions.level'))
      expect(c.byGate.qualification?.missing).toContain('qualification.conditions.level');
    expect(c.filled).toBeGreaterThan(0);
    expect(c.filled).toBeLessThan(c.required);
    const opened = fact(3, { kind: 'gate.opened', gate: 'motion' });
    expect(caseLedgerCompleteness([started, conditions, opened]).required).toBeGreaterThan(c.required);
  });

  it('requires what the confirmed profile requires: an upper approval only where the motion needs it', () => {
    const opened = fact(2, { kind: 'gate.opened', gate: 'motion' });
    const profile = (needs: 'yes' | 'no') =>
      fact(3, {
        step: {
          stepId: 'qualification.profile',
          items: { 'qualification.profile.needs_upper_approval': needs },
        },
      });
    const withApproval = caseLedgerCompleteness([started, opened, profile('yes')]);
    const without = caseLedgerCompleteness([started, opened, profile('no')]);
    expect(withApproval.byGate.motion?.missing).toContain('motion.upper_approval.reply');
    expect(without.byGate.motion?.missing).not.toContain('motion.upper_approval.reply');
  });

  it('measures each candidate in the steps they took, and sums cases into fill rate and completeness', () => {
    const check = fact(2, {
      step: {
        stepId: 'qualification.check',
        candidateId: 'cand-a',
        items: { 'qualification.check.education': 'bachelor' },
      },
    });
    const a = caseLedgerCompleteness([started, check]);
    expect(Object.keys(a.candidates)).toEqual(['cand-a']);
    expect(a.candidates['cand-a']?.filled).toBe(1);
    const empty = caseLedgerCompleteness([{ ...started, caseId: 'c-2' }]);
    expect(empty.hasRecord).toBe(false);
    const sum = summarizeCompleteness([a, empty]);
    expect(sum).toMatchObject({
      cases: 2,
      fillRate: 0.5,
      required: a.required + empty.required,
      filled: a.filled,
    });
    expect(sum.completeness).toBeCloseTo(sum.filled / sum.required);
    expect(summarizeCompleteness([])).toMatchObject({ cases: 0, fillRate: 1, completeness: 1 });
  });
});
