/**
 * A year of the working-day calendar as the calendar service answers `GET /calendar/years/<year>`:
 * the one source every process counts working days from (the case workflow through its activity,
 * the services and the gateway through the calendar client).
 */
export interface CalendarYearSchedule {
  readonly year: number;
  /** The year's version in the calendar service (0: the package's data, never changed). */
  readonly version: number;
  /** Official holidays and days off in lieu (放假), YYYY-MM-DD. */
  readonly holidays: readonly string[];
  /** Weekend days worked in lieu (调休上班), YYYY-MM-DD. */
  readonly makeUpWorkdays: readonly string[];
  /** Where the schedule comes from: the notice's number, or the package. */
  readonly source: string;
}
