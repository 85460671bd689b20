import type { CalendarYearSchedule } from '@jishi/contracts';
import { WorkingCalendar } from '@jishi/domain';

/**
 * The calendar service over HTTP, with Jishi's caller token: the one source of every year's
 * official schedule, read afresh on every call, so a year loaded while a process runs counts at
 * once. A year it has no schedule for answers 404 (null here); anything else that is not a
 * schedule is thrown (an activity is then retried; an HTTP request answers 503).
 */
export class CalendarClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async readYear(year: number): Promise<CalendarYearSchedule | null> {
    const response = await fetch(`${this.baseUrl}/calendar/years/${year}`, {
      headers: { authorization: `Bearer ${this.token}` },
      signal: AbortSignal.timeout(10_000),
    });
    if (response.status === 404) return null;
    if (!response.ok) throw new Error(`the calendar service answered ${response.status} for ${year}`);
    const body = (await response.json()) as {
      year: number;
      version: number;
      holidays: string[];
      makeUpWorkdays: string[];
      source: { number: string };
    };
    if (body.year !== year || !Array.isArray(body.holidays) || !Array.isArray(body.makeUpWorkdays)) {
      throw new Error(`the calendar service answered ${year} with something that is not its schedule`);
    }
    return {
      year,
      version: body.version,
      holidays: body.holidays,
      makeUpWorkdays: body.makeUpWorkdays,
      source: body.source.number,
    };
  }

  /**
   * The state calendar for the years given, each read from the service; a year it lacks is left
   * out, so counting into it is refused with CAL.YEAR_NOT_COVERED, never guessed.
   */
  async workingCalendar(years: readonly number[]): Promise<WorkingCalendar> {
    const read = await Promise.all([...new Set(years)].map((year) => this.readYear(year)));
    return new WorkingCalendar(read.filter((y): y is CalendarYearSchedule => y !== null));
  }
}
