import { isCivilDate } from '../calendar/civil-date';
import type { CaseProfile } from '../classification/classification';
import { ALLOWED, refuse, type Verdict } from '../errors/refusal';
import { isRequired } from '../gates/conditions';
import { MEASURE_KINDS } from '../policy/policy';
import type { CaseProgress } from '../gates/case-progress';
import { GATE_KEYS, type GateKey } from '../gates/gates';
import { specificationOf } from '../gates/spec';
import { DATA_ITEMS, type DataItem, dataItem } from './data-items';

/** How complete (完整度) a gate's or a case's record is: required items filled over required items. */
export interface Completeness {
  readonly required: number;
  readonly filled: number;
  /** filled / required, 1 when nothing is required. */
  readonly ratio: number;
  /** Keys of the required items not filled. */
  readonly missing: readonly string[];
}

/**
 * The items a step's record fills: those given a value. An empty list is no value, except a
 * candidate's measures, where "none on file" is itself the declaration.
 */
export function filledItemKeys(items: Readonly<Record<string, unknown>>): string[] {
  return Object.entries(items)
    .filter(
      ([key, value]) =>
        !(
          value === undefined ||
          value === null ||
          value === '' ||
          (Array.isArray(value) && value.length === 0 && !key.endsWith('.measures'))
        ),
    )
    .map(([key]) => key);
}

/** Required items filled over required items. */
export function measureCompleteness(
  required: readonly DataItem[],
  filled: ReadonlySet<string>,
): Completeness {
  return measure(required, filled);
}

function measure(required: readonly DataItem[], filled: ReadonlySet<string>): Completeness {
  const missing = required.filter((item) => !filled.has(item.key)).map((item) => item.key);
  const count = required.length - missing.length;
  return {
    required: required.length,
    filled: count,
    ratio: required.length === 0 ? 1 : count / required.length,
    missing,
  };
}

/** The items a gate requires of a case with this profile. */
export function requiredItems(profile: CaseProfile, gate?: GateKey): DataItem[] {
  return DATA_ITEMS.filter(
    (item) => (gate === undefined || item.gate === gate) && isRequired(item.required, profile),
  );
}

export function gateCompleteness(
  profile: CaseProfile,
  gate: GateKey,
  filled: Iterable<string>,
): Completeness {
  return measure(requiredItems(profile, gate), new Set(filled));
}

export function caseCompleteness(
  profile: CaseProfile,
  filled: Iterable<string>,
): Completeness & { readonly byGate: Readonly<Record<GateKey, Completeness>> } {
  const set = new Set(filled);
  const byGate = Object.fromEntries(
    GATE_KEYS.map((gate) => [gate, measure(requiredItems(profile, gate), set)]),
  ) as Record<GateKey, Completeness>;
  return { ...measure(requiredItems(profile), set), byGate };
}

/** The fill rate (填写率) of a batch: cases with a record form over cases (Nanchuan: 171 of 171). */
export function fillRate(cases: readonly { readonly hasRecord: boolean }[]): {
  cases: number;
  withRecord: number;
  ratio: number;
} {
  const withRecord = cases.filter((c) => c.hasRecord).length;
  return { cases: cases.length, withRecord, ratio: cases.length === 0 ? 1 : withRecord / cases.length };
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

function fits(item: DataItem, value: unknown): string | undefined {
  switch (item.type) {
    case 'text':
      return nonEmpty(value) ? undefined : '须为非空文字 / must be non-empty text';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) && value >= 0
        ? undefined
        : '须为非负数 / must be a number of 0 or more';
    case 'date':
      return typeof value === 'string' && isCivilDate(value)
        ? undefined
        : '须为 YYYY-MM-DD 格式的日期 / must be a date YYYY-MM-DD';
    case 'enum':
      return typeof value === 'string' && (item.options ?? []).includes(value)
        ? undefined
        : `须为以下之一 / must be one of: ${(item.options ?? []).join(', ')}`;
    case 'person': {
      const person = value as { id?: unknown; name?: unknown } | null;
      return typeof person === 'object' && person !== null && nonEmpty(person.id) && nonEmpty(person.name)
        ? undefined
        : '须含人员编号 id 和姓名 name / must have a person id and name';
    }
    case 'signature': {
      const sig = value as { signerId?: unknown; signature?: unknown } | null;
      return typeof sig === 'object' && sig !== null && nonEmpty(sig.signerId) && nonEmpty(sig.signature)
        ? undefined
        : '须含签名人 signerId 和签名值 signature / must have signerId and signature';
    }
    case 'measure': {
      const m = value as { kind?: unknown; decidedOn?: unknown; restoredOn?: unknown } | null;
      if (typeof m !== 'object' || m === null || !(MEASURE_KINDS as readonly unknown[]).includes(m.kind))
        return `须含处理或处分种类 kind（${MEASURE_KINDS.join('、')}） / must have a kind (${MEASURE_KINDS.join(', ')})`;
      if (typeof m.decidedOn !== 'string' || !isCivilDate(m.decidedOn))
        return '须含决定日期 decidedOn（YYYY-MM-DD） / must have decidedOn (YYYY-MM-DD)';
      if (m.kind === 'party_probation' && (typeof m.restoredOn !== 'string' || !isCivilDate(m.restoredOn)))
        return '留党察看须含恢复党员权利日期 restoredOn / party probation must have restoredOn';
      return undefined;
    }
    case 'proposal': {
      const p = value as { post?: unknown; candidateId?: unknown; reason?: unknown } | null;
      return typeof p === 'object' &&
        p !== null &&
        Number.isInteger(p.post) &&
        (p.post as number) >= 1 &&
        nonEmpty(p.candidateId) &&
        nonEmpty(p.reason)
        ? undefined
        : '须含职位序号 post（1 起）、人选 candidateId 和理由 reason / must have a post (from 1), a candidateId and a reason';
    }
    case 'attachment': {
      const file = value as { name?: unknown; sha256?: unknown } | null;
      return typeof file === 'object' &&
        file !== null &&
        nonEmpty(file.name) &&
        typeof file.sha256 === 'string' &&
        SHA256_HEX.test(file.sha256)
        ? undefined
        : '须含文件名 name 和 SHA-256 摘要（64 位小写十六进制）/ must have a name and a SHA-256 digest (64 lowercase hex)';
    }
  }
}

/** Checks a value for a record item against the item's type; several values where the item allows them. */
export function validateItemValue(key: string, value: unknown): Verdict {
  const item = dataItem(key);
  if (!item)
    return refuse('CATALOGUE.UNKNOWN_ITEM', `纪实数据项“${key}”不存在`, `there is no record item "${key}"`, {
      key,
    });
  const values = item.multiple && Array.isArray(value) ? value : [value];
  // "None on file" is a declaration too: an empty list of measures says the candidate has none.
  if (values.length === 0 && item.type !== 'measure') {
    return refuse(
      'CATALOGUE.INVALID_VALUE',
      `“${item.zh}”至少填写一项`,
      `"${item.en}" needs at least one value`,
      { key },
    );
  }
  for (const v of values) {
    const problem = fits(item, v);
    if (problem) {
      return refuse(
        'CATALOGUE.INVALID_VALUE',
        `“${item.zh}”${problem.split(' / ')[0]}`,
        `"${item.en}" ${problem.split(' / ')[1]}`,
        {
          key,
          type: item.type,
        },
      );
    }
  }
  return ALLOWED;
}

/**
 * The items a step must carry to be accepted: the step's required items for this profile, except
 * those the rules fill (a conclusion). Refuses with CATALOGUE.MISSING_ITEM, naming every item missing.
 */
export function checkRequiredItems(
  stepId: string,
  items: Readonly<Record<string, unknown>>,
  profile: CaseProfile,
): Verdict {
  const missing = DATA_ITEMS.filter(
    (item) =>
      item.step === stepId &&
      !item.computed &&
      isRequired(item.required, profile) &&
      (items[item.key] === undefined || items[item.key] === null),
  );
  if (missing.length === 0) return ALLOWED;
  return refuse(
    'CATALOGUE.MISSING_ITEM',
    `缺少必填数据项：${missing.map((i) => `${i.zh}（${i.key}）`).join('、')}`,
    `required items missing: ${missing.map((i) => `${i.en} (${i.key})`).join(', ')}`,
    { missing: missing.map((i) => i.key) },
  );
}

/** Refuses an item the rules fill (CATALOGUE.COMPUTED_ITEM): a person never gives a conclusion the rules draw. */
export function checkNoComputedItems(items: Readonly<Record<string, unknown>>): Verdict {
  const given = Object.keys(items).filter((key) => dataItem(key)?.computed);
  if (given.length === 0) return ALLOWED;
  return refuse(
    'CATALOGUE.COMPUTED_ITEM',
    `数据项 ${given.join('、')} 由系统按规则得出，不能填写`,
    `the items ${given.join(', ')} are drawn by the rules and cannot be given`,
    { items: given },
  );
}

/** How complete a case's record is: the case's own items gate by gate, and each candidate's. */
export interface RecordCompleteness extends Completeness {
  readonly byGate: Readonly<Record<GateKey, Completeness>>;
  /** Each candidate's own record (their eligibility check, four musts, votes …), by candidate id. */
  readonly candidates: Readonly<Record<string, Completeness>>;
}

/**
 * The completeness (完整度) of a case's record against the catalogue, as the specification it runs
 * under splits it: the case's steps' required items, gate by gate, and each candidate's steps'
 * required items — those of the steps the candidate has taken or now stands to take.
 */
export function recordCompleteness(
  progress: CaseProgress,
  filled: {
    readonly case: Iterable<string>;
    readonly candidates: Readonly<Record<string, Iterable<string>>>;
  },
  options: { readonly threeLevelSignature?: boolean } = {},
): RecordCompleteness {
  const spec = specificationOf(progress.version);
  // The three-level signature is counted only where the organization's policy asks for it.
  const threeLevel = /\.signoff\.(selection_deputy|selection_principal|responsible_unit_leader)_signature$/;
  const perCandidate = new Set(spec.steps.filter((s) => s.per === 'candidate').map((s) => s.id));
  // The items of the case's own specification (and each gate's sign-off), not of steps it lacks.
  const caseItems = requiredItems(progress.profile).filter(
    (item) =>
      !perCandidate.has(item.step) &&
      !item.computed &&
      (spec.step(item.step) !== undefined || item.step.endsWith('.signoff')) &&
      (options.threeLevelSignature === true || !threeLevel.test(item.key)),
  );
  const set = new Set(filled.case);
  const byGate = Object.fromEntries(
    GATE_KEYS.map((gate) => [
      gate,
      measure(
        caseItems.filter((i) => i.gate === gate),
        set,
      ),
    ]),
  ) as Record<GateKey, Completeness>;
  const candidates = Object.fromEntries(
    (progress.candidates ?? []).map((c) => {
      const steps = spec.steps.filter(
        (s) => s.per === 'candidate' && ((c.done[s.id] ?? 0) > 0 || s.forCandidates.includes(c.status)),
      );
      const items = requiredItems(progress.profile).filter(
        (item) => !item.computed && steps.some((s) => s.id === item.step),
      );
      return [c.id, measure(items, new Set(filled.candidates[c.id] ?? []))];
    }),
  );
  return { ...measure(caseItems, set), byGate, candidates };
}
