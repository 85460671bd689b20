import {
  type CalendarLoad,
  checkCalendarLoad,
  checkCalendarWithdrawal,
  packageDisagreements,
} from './calendar-loading';
import { packageFestivals } from './official-notice';

const pkg2026 = packageFestivals(2026);
const load = (over: Partial<CalendarLoad> = {}): CalendarLoad => ({
  year: 2026,
  origin: 'annual',
  festivals: pkg2026 ?? [],
  sourceNumber: '国办发明电〔2025〕7号',
  publishedOn: '2025-11-04',
  replace: false,
  correction: false,
  ...over,
});
const codeOf = (v: { ok: boolean; code?: string }) => (v.ok ? 'OK' : v.code);

describe('loading a year of the calendar', () => {
  it('takes a schedule that agrees with the package, with its source', () => {
    expect(codeOf(checkCalendarLoad(load(), undefined, pkg2026))).toBe('OK');
    expect(codeOf(checkCalendarLoad(load({ sourceNumber: '' }), undefined, pkg2026))).toBe(
      'CAL.SOURCE_REQUIRED',
    );
    expect(codeOf(checkCalendarLoad(load({ publishedOn: '2025-13-01' }), undefined, pkg2026))).toBe(
      'CAL.SOURCE_REQUIRED',
    );
  });

  it('refuses a typed source that contradicts the notice, and an implausible date of issue', () => {
    const typed = load({
      textSource: { number: '国办发明电〔2025〕7号' },
      given: { number: '国办发明电〔2025〕8号' },
    });
    expect(checkCalendarLoad(typed, undefined, pkg2026)).toMatchObject({
      code: 'CAL.SOURCE_CONFLICT',
      details: { field: 'sourceNumber' },
    });
    expect(codeOf(checkCalendarLoad(load({ publishedOn: '2099-12-31' }), undefined, pkg2026))).toBe(
      'CAL.SOURCE_DATE',
    );
    expect(codeOf(checkCalendarLoad(load({ publishedOn: '2023-12-31' }), undefined, pkg2026))).toBe(
      'CAL.SOURCE_DATE',
    );
    expect(codeOf(checkCalendarLoad(load({ publishedOn: '2024-01-01' }), undefined, pkg2026))).toBe('OK');
  });

  it('replaces a loaded year only on purpose and with a reason', () => {
    const current = { version: 1, withdrawn: false, sourceNumber: '国办发明电〔2025〕7号' };
    expect(codeOf(checkCalendarLoad(load(), current, pkg2026))).toBe('CAL.YEAR_ALREADY_LOADED');
    expect(codeOf(checkCalendarLoad(load({ replace: true }), current, pkg2026))).toBe('CAL.REASON_REQUIRED');
    expect(codeOf(checkCalendarLoad(load({ replace: true, reason: '重新印发' }), current, pkg2026))).toBe(
      'OK',
    );
    // An amendment changes a loaded year without replacing it.
    expect(codeOf(checkCalendarLoad(load({ origin: 'adjustment' }), current, pkg2026))).toBe('OK');
    // A withdrawn year loads again as new.
    expect(codeOf(checkCalendarLoad(load(), { ...current, withdrawn: true }, pkg2026))).toBe('OK');
  });

  it('takes a schedule the package disagrees with only as a correction, and lists the dates', () => {
    const onlyNewYear = (pkg2026 ?? []).filter((f) => f.name === '元旦');
    expect(packageDisagreements(2026, onlyNewYear, pkg2026)).toEqual(
      expect.arrayContaining(['2026-02-16', '2026-10-10']),
    );
    const verdict = checkCalendarLoad(load({ festivals: onlyNewYear }), undefined, pkg2026);
    expect(verdict).toMatchObject({ code: 'CAL.DISAGREES_WITH_PACKAGE' });
    expect(
      codeOf(checkCalendarLoad(load({ festivals: onlyNewYear, correction: true }), undefined, pkg2026)),
    ).toBe('CAL.REASON_REQUIRED');
    const corrected = load({ festivals: onlyNewYear, correction: true, reason: '更正' });
    expect(codeOf(checkCalendarLoad(corrected, undefined, pkg2026))).toBe('OK');
    // A year the package lacks has nothing to disagree with.
    expect(packageDisagreements(2031, onlyNewYear, packageFestivals(2031))).toEqual([]);
  });

  it('withdraws only a loaded year, with a reason', () => {
    expect(codeOf(checkCalendarWithdrawal(2026, undefined, '无'))).toBe('CAL.NOT_LOADED');
    const loaded = { version: 2, withdrawn: false, sourceNumber: 'x' };
    expect(codeOf(checkCalendarWithdrawal(2026, { ...loaded, withdrawn: true }, '无'))).toBe(
      'CAL.NOT_LOADED',
    );
    expect(codeOf(checkCalendarWithdrawal(2026, loaded, ' '))).toBe('CAL.REASON_REQUIRED');
    expect(codeOf(checkCalendarWithdrawal(2026, loaded, '误导入'))).toBe('OK');
  });
});
