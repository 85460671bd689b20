import { DomainError, refuse } from '../errors/refusal';

/**
 * A calendar date in China, `YYYY-MM-DD`, with no time and no zone. Deadlines and periods in the
 * regulations are counted in such dates; keeping them as strings means no time zone can shift a day.
 */
export type CivilDate = string;

const PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(date: CivilDate): [number, number, number] {
  const match = PATTERN.exec(date);
  if (match) {
    const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const check = new Date(Date.UTC(y, m - 1, d));
    if (check.getUTCFullYear() === y && check.getUTCMonth() === m - 1 && check.getUTCDate() === d)
      return [y, m, d];
  }
  throw new DomainError(
    refuse(
      'CAL.INVALID_DATE',
      `日期"${date}"无效，应为 YYYY-MM-DD 格式的公历日期`,
      `"${date}" is not a valid date (YYYY-MM-DD)`,
      {
        date,
      },
    ),
  );
}

function format(utc: Date): CivilDate {
  return utc.toISOString().slice(0, 10);
}

/** Whether the text is a real calendar date in `YYYY-MM-DD` form. */
export function isCivilDate(text: string): boolean {
  try {
    parts(text);
    return true;
  } catch {
    return false;
  }
}

/** Throws CAL.INVALID_DATE unless the text is a real calendar date. */
export function assertCivilDate(text: string): CivilDate {
  parts(text);
  return text;
}

export function yearOf(date: CivilDate): number {
  return parts(date)[0];
}

export function addDays(date: CivilDate, days: number): CivilDate {
  const [y, m, d] = parts(date);
  return format(new Date(Date.UTC(y, m - 1, d + days)));
}

/**
 * The same day `months` later; when that month is shorter, its last day (31 Jan + 1 month = 28/29 Feb),
 * which is how periods "of N months" are counted.
 */
export function addMonths(date: CivilDate, months: number): CivilDate {
  const [y, m, d] = parts(date);
  const lastDay = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return format(new Date(Date.UTC(y, m - 1 + months, Math.min(d, lastDay))));
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: CivilDate): number {
  const [y, m, d] = parts(date);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

export function compareDates(a: CivilDate, b: CivilDate): number {
  parts(a);
  parts(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whole days from `a` to `b` (negative when b is earlier). */
export function daysBetween(a: CivilDate, b: CivilDate): number {
  const [ya, ma, da] = parts(a);
  const [yb, mb, db] = parts(b);
  return Math.round((Date.UTC(yb, mb - 1, db) - Date.UTC(ya, ma - 1, da)) / 86_400_000);
}

/** Whole months completed from `a` to `b`, as a person counts them (15 Mar → 14 Apr is 0, → 15 Apr is 1). */
export function monthsBetween(a: CivilDate, b: CivilDate): number {
  const [ya, ma, da] = parts(a);
  const [yb, mb, db] = parts(b);
  let months = (yb - ya) * 12 + (mb - ma);
  if (db < da && addMonths(a, months) > b) months -= 1;
  if (months > 0 && addMonths(a, months) > b) months -= 1;
  return months;
}

/** Whole years completed from `a` to `b`. */
export function yearsBetween(a: CivilDate, b: CivilDate): number {
  return Math.floor(monthsBetween(a, b) / 12);
}
