import { addDays, assertCivilDate, type CivilDate } from './civil-date';

/**
 * China keeps one time zone, UTC+8, all year (no daylight saving since 1991). Every date the rules
 * count — today, a deadline, the last day of an announcement — is a date in China, whatever zone the
 * server runs in: this is the one place that turns an instant into that date and back.
 */
export const CHINA_UTC_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The date in China at an instant (milliseconds since the epoch). */
export function chinaDateOf(epochMs: number): CivilDate {
  return new Date(epochMs + CHINA_UTC_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a date begins in China (00:00 China time). */
export function chinaDayStartMs(date: CivilDate): number {
  assertCivilDate(date);
  return Date.parse(`${date}T00:00:00Z`) - CHINA_UTC_OFFSET_MS;
}

/** The instant a date ends in China: 00:00 China time of the next day. */
export function chinaDayEndMs(date: CivilDate): number {
  return chinaDayStartMs(addDays(date, 1));
}
