import { DomainError } from '../errors/refusal';
import { addMonths, daysBetween, monthsBetween, yearsBetween } from './civil-date';
import { WorkingCalendar } from './working-calendar';

const calendar = WorkingCalendar.official();

function refusalCode(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return err.refusal.code;
    throw err;
  }
  throw new Error('expected a DomainError');
}

describe('working-day calendar (chinese-days data)', () => {
  it('counts the fifth working day across the 2026 National Day holiday and its make-up Saturday', () => {
    // 30 Sep (Wed) is day 1; 1–7 Oct are holidays; 8 Oct (Thu) 2; 9 Oct (Fri) 3;
    // 10 Oct is a Saturday worked in lieu: 4; 11 Oct (Sun) is off; 12 Oct (Mon) is the fifth.
    expect(calendar.isWorkingDay('2026-10-10')).toBe(true);
    expect(calendar.isWorkingDay('2026-10-05')).toBe(false);
    expect(calendar.isWorkingDay('2026-10-11')).toBe(false);
    expect(calendar.nthWorkingDay('2026-09-30', 5)).toBe('2026-10-12');
    expect(calendar.workingDaysBetween('2026-09-30', '2026-10-12')).toBe(5);
    expect(calendar.workingDaysBetween('2026-09-30', '2026-10-09')).toBe(3);
  });

  it('counts the make-up Sunday before the holiday (20 Sep 2026) as a working day', () => {
    expect(calendar.isWorkingDay('2026-09-20')).toBe(true);
    expect(calendar.nthWorkingDay('2026-09-19', 1)).toBe('2026-09-20');
  });

  it('treats ordinary weekends as days off and weekdays as working days', () => {
    expect(calendar.isWorkingDay('2026-11-27')).toBe(true); // a Friday
    expect(calendar.isWorkingDay('2026-11-28')).toBe(false); // a Saturday
    expect(calendar.addWorkingDays('2026-11-27', 1)).toBe('2026-11-30');
  });

  it('refuses a year the calendar does not cover instead of guessing', () => {
    expect(calendar.coveredYears()).toContain(2026);
    expect(refusalCode(() => calendar.isWorkingDay('2027-01-04'))).toBe('CAL.YEAR_NOT_COVERED');
    // An announcement starting late in December runs into the uncovered year: refused, not guessed.
    expect(refusalCode(() => calendar.nthWorkingDay('2026-12-28', 5))).toBe('CAL.YEAR_NOT_COVERED');
  });

  it('needs the next year’s schedule for the last days of December, where its New Year holiday may begin', () => {
    // 2025's last week is settled: the package has 2026. 2026's last week waits for 2027's notice.
    expect(calendar.isWorkingDay('2025-12-31')).toBe(true);
    expect(calendar.isWorkingDay('2026-12-24')).toBe(true);
    let refusal: unknown;
    try {
      calendar.isWorkingDay('2026-12-25');
    } catch (err) {
      refusal = err instanceof DomainError ? err.refusal : err;
    }
    expect(refusal).toMatchObject({
      code: 'CAL.YEAR_NOT_COVERED',
      details: { date: '2026-12-25', year: 2027 },
    });
    expect((refusal as { zh: string }).zh).toContain('2027 年');
    const withNextYear = WorkingCalendar.official([{ year: 2027, holidays: [], makeUpWorkdays: [] }]);
    expect(withNextYear.isWorkingDay('2026-12-25')).toBe(true);
  });

  it('takes a later year once the organization loads its published schedule', () => {
    const withNextYear = WorkingCalendar.official([
      { year: 2027, holidays: ['2027-01-01'], makeUpWorkdays: [] },
    ]);
    expect(withNextYear.isWorkingDay('2027-01-01')).toBe(false);
    expect(withNextYear.nthWorkingDay('2026-12-28', 5)).toBe('2027-01-04');
  });

  it('refuses an invalid date with CAL.INVALID_DATE', () => {
    expect(refusalCode(() => calendar.isWorkingDay('2026-02-30'))).toBe('CAL.INVALID_DATE');
    expect(refusalCode(() => calendar.isWorkingDay('2026/10/01'))).toBe('CAL.INVALID_DATE');
  });

  it('gives the same answers whatever the process time zone', () => {
    const original = process.env['TZ'];
    try {
      for (const tz of ['America/Los_Angeles', 'Asia/Shanghai', 'Pacific/Kiritimati']) {
        process.env['TZ'] = tz;
        expect(WorkingCalendar.official().nthWorkingDay('2026-09-30', 5)).toBe('2026-10-12');
      }
    } finally {
      if (original === undefined) delete process.env['TZ'];
      else process.env['TZ'] = original;
    }
  });
});

describe('civil dates', () => {
  it('adds months the way periods are counted, clamping to the end of a shorter month', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2026-03-15', 12)).toBe('2027-03-15');
  });

  it('counts whole months and years completed', () => {
    expect(monthsBetween('2026-03-15', '2026-04-14')).toBe(0);
    expect(monthsBetween('2026-03-15', '2026-04-15')).toBe(1);
    expect(monthsBetween('2026-01-31', '2026-02-28')).toBe(1);
    expect(yearsBetween('2021-06-01', '2026-05-31')).toBe(4);
    expect(yearsBetween('2021-06-01', '2026-06-01')).toBe(5);
    expect(daysBetween('2026-09-30', '2026-10-12')).toBe(12);
  });
});
