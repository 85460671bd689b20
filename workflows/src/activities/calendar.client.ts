import type { CalendarSource, CalendarYearRead } from './case.activities';

/**
 * The calendar service over HTTP, with Jishi's caller token: the one source of every year's
 * official schedule. A year it has no schedule for answers 404 (null here); anything else that is
 * not a schedule is thrown, so Temporal retries the activity.
 */
export class CalendarClient implements CalendarSource {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async readYear(year: number): Promise<CalendarYearRead | null> {
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
}
