import { ALLOWED, refuse, type Verdict } from '../errors/refusal';
import { isCivilDate, yearOf } from './civil-date';
import { type Festival, type NoticeSource, workingDayDifferences } from './official-notice';

/** How a year's schedule reaches the calendar: one of the notice's kinds, or data in the JSON form. */
export type ScheduleOrigin = 'annual' | 'adjustment' | 'extension' | 'json';

/** A year as the calendar holds it now: loaded (the newest version), withdrawn, or never loaded. */
export interface LoadedYear {
  readonly version: number;
  readonly withdrawn: boolean;
  readonly festivals?: readonly Festival[];
  readonly sourceNumber: string;
}

/** An administrator's request to load a year's schedule, with the festivals it would leave. */
export interface CalendarLoad {
  readonly year: number;
  readonly origin: ScheduleOrigin;
  /** The year's festivals once the notice is applied. */
  readonly festivals: readonly Festival[];
  readonly sourceNumber?: string;
  readonly publishedOn?: string;
  /** The source as the notice's own text gives it, where it does. */
  readonly textSource?: NoticeSource;
  /** The source as the administrator typed it beside the text, where they did. */
  readonly given?: NoticeSource;
  /** Replaces a loaded schedule with another (a re-issued or corrected notice). */
  readonly replace: boolean;
  /** Overrides the package's data for a year it covers. */
  readonly correction: boolean;
  readonly reason?: string;
}

/** The dates on which the package and the loaded festivals disagree about working. */
export function packageDisagreements(
  year: number,
  festivals: readonly Festival[],
  pkg: readonly Festival[] | undefined,
): string[] {
  return pkg ? workingDayDifferences(year, festivals, pkg).map((d) => d.date) : [];
}

/**
 * Whether a year's schedule may be loaded. Never a guess: the notice's source is recorded; a loaded
 * year is replaced only on purpose and with a reason; and where the package already covers the year,
 * a schedule that disagrees with it is taken only as an explicit correction, with a reason — a typo
 * in pasted text must not silently move a public announcement's last day.
 */
export function checkCalendarLoad(
  load: CalendarLoad,
  current: LoadedYear | undefined,
  pkg: readonly Festival[] | undefined,
): Verdict {
  if (!load.sourceNumber?.trim() || !load.publishedOn || !isCivilDate(load.publishedOn)) {
    return refuse(
      'CAL.SOURCE_REQUIRED',
      '须注明安排的来源：通知文号（如“国办发明电〔2025〕7号”）和印发日期（YYYY-MM-DD）；通知原文中如有，会自动识别',
      'name the source: the notice’s number (e.g. 国办发明电〔2025〕7号) and its date of issue (YYYY-MM-DD); both are read from the notice’s text when it has them',
      { field: !load.sourceNumber?.trim() ? 'sourceNumber' : 'publishedOn' },
    );
  }
  const text = load.textSource;
  for (const [field, given, read] of [
    ['sourceNumber', load.given?.number, text?.number],
    ['publishedOn', load.given?.publishedOn, text?.publishedOn],
  ] as const) {
    if (given && read && given.trim() !== read) {
      return refuse(
        'CAL.SOURCE_CONFLICT',
        `所填来源“${given}”与通知原文中的“${read}”不一致；以原文为准，无需另填`,
        `the source given, "${given}", is not the notice's own "${read}"; the notice's text stands, leave the field out`,
        { field, given, read },
      );
    }
  }
  const issued = yearOf(load.publishedOn);
  if (issued < load.year - 2 || issued > load.year) {
    return refuse(
      'CAL.SOURCE_DATE',
      `${load.year} 年安排的印发日期 ${load.publishedOn} 不合常理：应在 ${load.year - 2} 年至 ${load.year} 年之间`,
      `a ${load.year} schedule issued on ${load.publishedOn} cannot be right: it is issued between ${load.year - 2} and ${load.year}`,
      { field: 'publishedOn', publishedOn: load.publishedOn },
    );
  }
  const loaded = current && !current.withdrawn;
  const whole = load.origin === 'annual' || load.origin === 'json';
  if (whole && loaded && !load.replace) {
    return refuse(
      'CAL.YEAR_ALREADY_LOADED',
      `${load.year} 年的节假日安排已导入（第 ${current.version} 版，来源 ${current.sourceNumber}）；如需替换，请注明替换并说明理由`,
      `the ${load.year} schedule is already loaded (version ${current.version}, from ${current.sourceNumber}); to replace it, say so and give the reason`,
      { year: load.year, version: current.version },
    );
  }
  const disagreements = packageDisagreements(load.year, load.festivals, pkg);
  if (disagreements.length > 0 && !load.correction) {
    return refuse(
      'CAL.DISAGREES_WITH_PACKAGE',
      `导入的 ${load.year} 年安排与系统内置日历在以下日期的上班/休息不一致：${disagreements.join('、')}；如确属更正，请标注为更正并说明理由`,
      `the ${load.year} schedule disagrees with the built-in calendar on whether these days are worked: ${disagreements.join(', ')}; if it is a correction, mark it as one and give the reason`,
      { year: load.year, dates: disagreements },
    );
  }
  if ((load.replace || load.correction) && !load.reason?.trim()) {
    return refuse(
      'CAL.REASON_REQUIRED',
      '替换或更正节假日安排须说明理由',
      'replacing or correcting a schedule needs a reason',
      { field: 'reason' },
    );
  }
  return ALLOWED;
}

/** Whether a loaded year may be withdrawn: only a loaded one, and with a reason. */
export function checkCalendarWithdrawal(
  year: number,
  current: LoadedYear | undefined,
  reason: string | undefined,
): Verdict {
  if (!current || current.withdrawn) {
    return refuse(
      'CAL.NOT_LOADED',
      `${year} 年没有已导入的节假日安排可撤回`,
      `no loaded schedule for ${year} to withdraw`,
      { year },
    );
  }
  if (!reason?.trim()) {
    return refuse(
      'CAL.REASON_REQUIRED',
      '撤回节假日安排须说明理由',
      'withdrawing a schedule needs a reason',
      {
        field: 'reason',
      },
    );
  }
  return ALLOWED;
}
