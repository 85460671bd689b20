import { caseProfile } from '../classification/classification';
import { isRequired } from '../gates/conditions';
import { GATE_KEYS } from '../gates/gates';
import { CURRENT_SPEC_VERSION, specificationOf } from '../gates/spec';
import {
  caseCompleteness,
  fillRate,
  gateCompleteness,
  requiredItems,
  validateItemValue,
} from './completeness';
import { DATA_ITEMS, ITEM_TYPES } from './data-items';
import { describeModel } from './model';

describe('the record-item catalogue (数据项)', () => {
  it('is at least as rich as Tianjin’s 181 items: 150 or more, each key unique', () => {
    expect(DATA_ITEMS.length).toBeGreaterThanOrEqual(150);
    expect(new Set(DATA_ITEMS.map((i) => i.key)).size).toBe(DATA_ITEMS.length);
  });

  it('gives every item a gate, a step of that gate (or the gate’s sign-off), labels, a type and a source', () => {
    for (const item of DATA_ITEMS) {
      expect(GATE_KEYS).toContain(item.gate);
      if (!item.step.endsWith('.signoff'))
        expect(specificationOf(CURRENT_SPEC_VERSION).step(item.step)?.gate).toBe(item.gate);
      expect(item.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(item.en).toMatch(/[a-z]/);
      expect(ITEM_TYPES).toContain(item.type);
      expect(item.source).toMatch(/domain\.md|seed|design\.md/);
      if (item.type === 'enum') expect(item.options?.length).toBeGreaterThan(1);
    }
  });

  it('has items in every gate, and the types domain.md names', () => {
    for (const gate of GATE_KEYS) expect(DATA_ITEMS.some((i) => i.gate === gate)).toBe(true);
    for (const type of ITEM_TYPES) expect(DATA_ITEMS.some((i) => i.type === type)).toBe(true);
  });

  it('requires items by classification: exceptional promotion, dual management, audit, upper approval', () => {
    const plain = requiredItems(caseProfile()).map((i) => i.key);
    const exceptional = requiredItems(caseProfile({ exceptionalPromotion: true })).map((i) => i.key);
    expect(plain).not.toContain('qualification.exceptional_approval.reason');
    expect(exceptional).toContain('qualification.exceptional_approval.reason');
    expect(exceptional).toContain('appointment.announcement.exceptional_reasons');
    expect(requiredItems(caseProfile({ dualManaged: true })).map((i) => i.key)).toContain(
      'consultation.close.silence_consent',
    );
    expect(requiredItems(caseProfile({ auditRequired: true })).map((i) => i.key)).toContain(
      'inspection.audit.report',
    );
    expect(requiredItems(caseProfile({ needsUpperApproval: true })).map((i) => i.key)).toContain(
      'motion.upper_approval.reply',
    );
    expect(requiredItems(caseProfile({ elected: true }), 'probation')).toEqual([]);
  });

  it('measures completeness: filled required items over required items, with what is missing', () => {
    const profile = caseProfile();
    const motion = requiredItems(profile, 'motion').map((i) => i.key);
    expect(gateCompleteness(profile, 'motion', motion)).toMatchObject({ ratio: 1, missing: [] });
    const half = gateCompleteness(profile, 'motion', motion.slice(0, 10));
    expect(half.filled).toBe(10);
    expect(half.required).toBe(motion.length);
    expect(half.missing).toEqual(motion.slice(10));
    const all = requiredItems(profile).map((i) => i.key);
    const whole = caseCompleteness(profile, all);
    expect(whole.ratio).toBe(1);
    expect(whole.byGate.inspection.ratio).toBe(1);
    expect(caseCompleteness(profile, []).ratio).toBe(0);
    // Optional items never count against completeness.
    const optional = DATA_ITEMS.filter((i) => !isRequired(i.required, profile)).map((i) => i.key);
    expect(caseCompleteness(profile, optional).filled).toBe(0);
  });

  it('measures the fill rate of a batch (Nanchuan: 171 of 171)', () => {
    expect(fillRate(Array.from({ length: 171 }, () => ({ hasRecord: true })))).toEqual({
      cases: 171,
      withRecord: 171,
      ratio: 1,
    });
    expect(fillRate([{ hasRecord: true }, { hasRecord: false }]).ratio).toBe(0.5);
  });

  it('validates values against the item’s type, naming the item', () => {
    expect(validateItemValue('motion.propose.reason', '原局长退休，职位空缺').ok).toBe(true);
    expect(validateItemValue('motion.propose.reason', '  ')).toMatchObject({
      code: 'CATALOGUE.INVALID_VALUE',
      details: { key: 'motion.propose.reason' },
    });
    expect(validateItemValue('motion.propose.proposed_on', '2026-02-30')).toMatchObject({
      code: 'CATALOGUE.INVALID_VALUE',
    });
    expect(validateItemValue('motion.work_plan.number', -1)).toMatchObject({
      code: 'CATALOGUE.INVALID_VALUE',
    });
    expect(validateItemValue('motion.propose.selection_type', 'competitive').ok).toBe(true);
    expect(validateItemValue('motion.propose.selection_type', 'lottery')).toMatchObject({
      code: 'CATALOGUE.INVALID_VALUE',
    });
    expect(validateItemValue('motion.propose.proposer', { id: 'u1', name: '张三' }).ok).toBe(true);
    expect(
      validateItemValue('motion.work_plan.document', { name: 'plan.pdf', sha256: 'a'.repeat(64) }).ok,
    ).toBe(true);
    expect(validateItemValue('motion.work_plan.document', { name: 'plan.pdf', sha256: 'xyz' })).toMatchObject(
      { code: 'CATALOGUE.INVALID_VALUE' },
    );
    expect(
      validateItemValue('inspection.report.signatures', [
        { signerId: 'a', signature: 's' },
        { signerId: 'b', signature: 't' },
      ]).ok,
    ).toBe(true);
    expect(validateItemValue('inspection.report.signatures', [])).toMatchObject({
      code: 'CATALOGUE.INVALID_VALUE',
    });
    expect(validateItemValue('no.such.item', 'x')).toMatchObject({ code: 'CATALOGUE.UNKNOWN_ITEM' });
    const refusal = validateItemValue('motion.propose.proposed_on', 'tomorrow');
    expect(refusal.ok ? '' : refusal.zh).toContain('动议时间');
    expect(refusal.ok ? '' : refusal.en).toContain('proposed on');
  });

  it('describes the whole model as plain JSON', () => {
    const model = JSON.parse(JSON.stringify(describeModel()));
    expect(model.gates).toHaveLength(9);
    expect(model.counts.dataItems).toBe(DATA_ITEMS.length);
    expect(model.rules.length).toBe(model.counts.rules);
    expect(model.calendar.coveredYears[0]).toBe(2004);
    expect(model.policy.defaults.shortlistCandidatesPerPost).toBe(2);
  });
});
