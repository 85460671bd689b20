import officialDays from 'chinese-days/dist/chinese-days.json';
import { DomainError, refuse } from '../errors/refusal';
import { addDays, assertCivilDate, type CivilDate, compareDates, dayOfWeek, yearOf } from './civil-date';

/**
 * A year's official schedule as the State Council publishes it: the official holidays (法定节假日及
 * 调休放假日) and the make-up working days on weekends (调休上班日).
 */
export interface YearSchedule {
  readonly year: number;
  readonly holidays: readonly CivilDate[];
  readonly makeUpWorkdays: readonly CivilDate[];
}

/**
 * Working days in China: Monday to Friday, except official holidays, plus make-up working days.
 *
 * The years 2004–2026 come from the maintained `chinese-days` package (its data table, read as
 * plain dates, so no time zone can shift a day). An organization may load the schedule of a later
 * year once it is published. A date in a year that neither covers is refused with
 * CAL.YEAR_NOT_COVERED, never guessed: a guessed working day could cut a public announcement short.
 */
export class WorkingCalendar {
  private readonly holidays = new Set<CivilDate>();
  private readonly makeUpWorkdays = new Set<CivilDate>();
  private readonly years = new Set<number>();

  constructor(schedules: readonly YearSchedule[]) {
    for (const schedule of schedules) {
      this.years.add(schedule.year);
      for (const date of schedule.holidays) this.add(this.holidays, schedule.year, date);
      for (const date of schedule.makeUpWorkdays) this.add(this.makeUpWorkdays, schedule.year, date);
    }
  }

  private add(into: Set<CivilDate>, year: number, date: CivilDate): void {
    assertCivilDate(date);
    // A holiday run may start in the last days of the previous year (元旦 over a year end).
    if (Math.abs(yearOf(date) - year) > 1) {
      throw new Error(`schedule of ${year} lists ${date}, which is not near that year`);
    }
    into.add(date);
  }

  /** The calendar of the chinese-days package, with any later years the organization loads. */
  static official(extraYears: readonly YearSchedule[] = []): WorkingCalendar {
    return new WorkingCalendar([...packageSchedules(), ...extraYears]);
  }

  /** The years this calendar can answer for, ascending. */
  coveredYears(): number[] {
    return [...this.years].sort((a, b) => a - b);
  }

  /**
   * The year whose schedule a date needs and the calendar lacks, if any. The last days of December
   * need the next year's schedule too: the New Year holiday of the next year can begin, or a make-up
   * workday fall, in them (the 2019 notice made 29 Dec 2018 a workday and 30–31 Dec holidays).
   */
  private missingYear(date: CivilDate): number | undefined {
    const year = yearOf(date);
    if (!this.years.has(year)) return year;
    if (date.slice(5) >= YEAR_END_FROM && !this.years.has(year + 1)) return year + 1;
    return undefined;
  }

  private assertCovered(date: CivilDate): void {
    const year = this.missingYear(date);
    if (year === undefined) return;
    const years = this.coveredYears();
    const covered = years.length > 0 ? `${years[0]}–${years[years.length - 1]}` : '';
    throw new DomainError(
      refuse(
        'CAL.YEAR_NOT_COVERED',
        year === yearOf(date)
          ? `工作日历未包含 ${year} 年的法定节假日安排${covered ? `（已覆盖 ${covered} 年）` : ''}，请先导入该年度安排`
          : `${date} 是否上班要待 ${year} 年的节假日安排公布后才能确定（元旦放假可能从上年年底开始），请先导入 ${year} 年安排`,
        year === yearOf(date)
          ? `the working-day calendar has no official schedule for ${year}${covered ? ` (it covers ${covered})` : ''}; load that year's schedule first`
          : `whether ${date} is worked depends on the ${year} schedule (its New Year holiday can begin in the last days of the year before); load the ${year} schedule first`,
        { date, year },
      ),
    );
  }

  isWorkingDay(date: CivilDate): boolean {
    assertCivilDate(date);
    this.assertCovered(date);
    if (this.makeUpWorkdays.has(date)) return true;
    if (this.holidays.has(date)) return false;
    const weekday = dayOfWeek(date);
    return weekday !== 0 && weekday !== 6;
  }

  /** The n-th working day on or after `start` (n ≥ 1): the last day of a period of n working days starting then. */
  nthWorkingDay(start: CivilDate, n: number): CivilDate {
    if (!Number.isInteger(n) || n < 1) throw new Error(`n must be a whole number of 1 or more, not ${n}`);
    let date = start;
    let counted = 0;
    for (;;) {
      if (this.isWorkingDay(date)) counted += 1;
      if (counted === n) return date;
      date = addDays(date, 1);
    }
  }

  /** The working day `n` working days after `date` (n ≥ 1), not counting `date` itself: a deadline. */
  addWorkingDays(date: CivilDate, n: number): CivilDate {
    return this.nthWorkingDay(addDays(date, 1), n);
  }

  /** Working days in the closed range [from, to]; 0 when `to` is before `from`. */
  workingDaysBetween(from: CivilDate, to: CivilDate): number {
    let count = 0;
    for (let date = from; compareDates(date, to) <= 0; date = addDays(date, 1)) {
      if (this.isWorkingDay(date)) count += 1;
    }
    return count;
  }
}

/** From this day of December (MM-DD) a date also needs the next year's schedule. */
const YEAR_END_FROM = '12-25';

let cached: YearSchedule[] | undefined;

function packageSchedules(): YearSchedule[] {
  if (cached) return cached;
  const table = officialDays as { holidays: Record<string, string>; workdays: Record<string, string> };
  const byYear = new Map<number, { holidays: CivilDate[]; makeUpWorkdays: CivilDate[] }>();
  const entry = (date: CivilDate) => {
    const year = yearOf(date);
    let schedule = byYear.get(year);
    if (!schedule) byYear.set(year, (schedule = { holidays: [], makeUpWorkdays: [] }));
    return schedule;
  };
  for (const date of Object.keys(table.holidays)) entry(date).holidays.push(date);
  for (const date of Object.keys(table.workdays)) entry(date).makeUpWorkdays.push(date);
  cached = [...byYear.entries()].map(([year, s]) => ({ year, ...s }));
  return cached;
}
