import officialDays from 'chinese-days/dist/chinese-days.json';
import { DomainError, refuse } from '../errors/refusal';
import { addDays, assertCivilDate, type CivilDate, dayOfWeek, isCivilDate } from './civil-date';
import type { YearSchedule } from './working-calendar';

/*
 * The State Council's holiday notices (《国务院办公厅关于20XX年部分节假日安排的通知》, 国办发明电) and
 * their amendments (调整…放假安排, 延长…假期), read line by line into festivals.
 *
 * An organization loads a year the chinese-days package does not have yet by pasting the notice; the
 * reading of every line is shown back so that a person can check it before it is used. Whatever the
 * reader does not understand is refused with its line, never guessed: a wrong working day would cut
 * a public announcement short.
 *
 * Pure: no I/O, no clock, no Node API, because the domain also runs inside Temporal workflow code.
 */

/** One festival of a year's schedule: its days off and the weekend days worked in lieu. */
export interface Festival {
  readonly name: string;
  readonly holidays: readonly CivilDate[];
  readonly makeUpWorkdays: readonly CivilDate[];
}

/** Where a schedule comes from: the notice number (国办发明电〔2025〕7号) and the date it was signed. */
export interface NoticeSource {
  readonly number?: string;
  readonly publishedOn?: CivilDate;
}

/** What the reader understood of one line of the pasted notice. */
export interface LineReading {
  /** 1-based line number in the pasted text. */
  readonly line: number;
  /** The line, trimmed. */
  readonly text: string;
  readonly reading: 'blank' | 'preamble' | 'item' | 'prose' | 'source';
  readonly festival?: string;
  readonly holidays?: readonly CivilDate[];
  readonly makeUpWorkdays?: readonly CivilDate[];
  /** What was understood, one sentence in Chinese, for a person to check. */
  readonly zh?: string;
  /** The same in English. */
  readonly en?: string;
}

export type NoticeChange =
  /** 部分节假日安排的通知: the whole year. */
  | { readonly kind: 'annual'; readonly festivals: readonly Festival[] }
  /** 调整…放假安排: replaces one festival's days. */
  | { readonly kind: 'adjustment'; readonly festival: string; readonly replacement: Festival }
  /** 延长…假期至…: extends one festival's holiday run. */
  | { readonly kind: 'extension'; readonly festival: string; readonly until: CivilDate };

export interface ParsedNotice {
  readonly year: number;
  readonly change: NoticeChange;
  readonly source: NoticeSource;
  readonly lines: readonly LineReading[];
}

/** The seven festivals of the national holiday regulations (《全国年节及纪念日放假办法》). */
export const FESTIVAL_NAMES: readonly string[] = Object.freeze([
  '元旦',
  '春节',
  '清明节',
  '劳动节',
  '端午节',
  '中秋节',
  '国庆节',
]);

// ---------------------------------------------------------------------------------------------
// Festival names

/** Short names as the chinese-days package (and people) write them. */
const ALIASES: ReadonlyMap<string, string> = new Map([
  ['清明', '清明节'],
  ['端午', '端午节'],
  ['中秋', '中秋节'],
]);

/** A combined item is named with 国庆节 first, as the 2020 and 2025 notices write it. */
const COMBINED_ORDER = ['元旦', '春节', '清明节', '劳动节', '端午节', '国庆节', '中秋节'];

const ENGLISH: ReadonlyMap<string, string> = new Map([
  ['元旦', "New Year's Day"],
  ['春节', 'Spring Festival'],
  ['清明节', 'Qingming Festival'],
  ['劳动节', 'Labour Day'],
  ['端午节', 'Dragon Boat Festival'],
  ['中秋节', 'Mid-Autumn Festival'],
  ['国庆节', 'National Day'],
]);

function festivalParts(name: string): string[] {
  return name.split('、').map((part) => part.trim());
}

/**
 * The canonical name of a festival, or of festivals taken together ("中秋节、国庆节" → "国庆节、中秋节");
 * undefined when a part is not one of the seven or is named twice.
 */
function canonicalFestival(raw: string): string | undefined {
  const parts = festivalParts(raw).map((part) => ALIASES.get(part) ?? part);
  if (!parts.every((part) => FESTIVAL_NAMES.includes(part)) || new Set(parts).size !== parts.length) {
    return undefined;
  }
  return parts.sort((a, b) => COMBINED_ORDER.indexOf(a) - COMBINED_ORDER.indexOf(b)).join('、');
}

function englishName(name: string): string {
  return festivalParts(name)
    .map((part) => ENGLISH.get(part) ?? part)
    .join(' and ');
}

// ---------------------------------------------------------------------------------------------
// Dates

const WEEKDAY_ZH = ['日', '一', '二', '三', '四', '五', '六'];
const WEEKDAY_EN = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const WEEKDAY_EN_FULL = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function civil(year: number, month: number, day: number): CivilDate | undefined {
  const date = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return isCivilDate(date) ? date : undefined;
}

function isWeekend(date: CivilDate): boolean {
  const weekday = dayOfWeek(date);
  return weekday === 0 || weekday === 6;
}

/** A year's schedule reaches back into December of the year before (元旦 over a year end). */
function windowOf(year: number): { from: CivilDate; to: CivilDate } {
  return { from: `${year - 1}-12-01`, to: `${year}-12-31` };
}

function inWindow(year: number, date: CivilDate): boolean {
  const { from, to } = windowOf(year);
  return date >= from && date <= to;
}

function eachDate(from: CivilDate, to: CivilDate): CivilDate[] {
  const dates: CivilDate[] = [];
  for (let date = from; date <= to; date = addDays(date, 1)) dates.push(date);
  return dates;
}

function sortedUnique(dates: Iterable<CivilDate>): CivilDate[] {
  return [...new Set(dates)].sort();
}

function zhDate(date: CivilDate): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日（周${WEEKDAY_ZH[dayOfWeek(date)]}）`;
}

function enDate(date: CivilDate): string {
  return `${WEEKDAY_EN[dayOfWeek(date)]} ${date}`;
}

// ---------------------------------------------------------------------------------------------
// Refusals. Each code is written out where it is refused, so that the rule registry finds it.

interface SourceLine {
  readonly line: number;
  /** The line as pasted, trimmed: what messages quote. */
  readonly text: string;
  /** The same with full-width digits made ASCII (１０月８日 → 10月8日): what is read. */
  readonly norm: string;
}

function shown(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

/** Full-width digits (U+FF10–FF19) as ASCII; nothing else changes, so positions stay the same. */
function normalised(text: string): string {
  return text.replace(/[０-９]/g, (digit) => String.fromCharCode(digit.charCodeAt(0) - 0xfee0));
}

/**
 * The first character no notice has and no text column can hold (PostgreSQL refuses U+0000): C0
 * controls but tab, DEL, C1 controls, the Unicode line and paragraph separators, and the bidi
 * controls that show text in an order other than the one it is read in.
 */
function controlCharacter(text: string): string | undefined {
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (
      (code < 0x20 && char !== '\t') ||
      (code >= 0x7f && code <= 0x9f) ||
      code === 0x2028 ||
      code === 0x2029 ||
      (code >= 0x202a && code <= 0x202e) ||
      (code >= 0x2066 && code <= 0x2069)
    ) {
      return char;
    }
  }
  return undefined;
}

function codePoint(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The text with each such character written out, "⟨U+0000⟩", so that a message quoting it can be stored. */
function visible(text: string): string {
  return [...text].map((char) => (controlCharacter(char) ? `⟨${codePoint(char)}⟩` : char)).join('');
}

/** The wording is not one this reader knows: a person rephrases it or enters the schedule by hand. */
function unreadable(
  at: SourceLine,
  zh: string,
  en: string,
  facts: Record<string, unknown> = {},
): DomainError {
  return new DomainError(
    refuse(
      'CAL.NOTICE_UNREADABLE',
      `第${at.line}行无法识别：“${shown(at.text)}”（${zh}）`,
      `line ${at.line} cannot be read: "${shown(at.text)}" (${en})`,
      { line: at.line, text: at.text, ...facts },
    ),
  );
}

function nothingRead(zh: string, en: string): DomainError {
  return new DomainError(
    refuse('CAL.NOTICE_UNREADABLE', `通知无法识别：${zh}`, `the notice cannot be read: ${en}`),
  );
}

/** The line was read, but its dates cannot be right: a person checks it against the published notice. */
function conflicting(
  at: SourceLine,
  zh: string,
  en: string,
  facts: Record<string, unknown> = {},
): DomainError {
  return new DomainError(
    refuse(
      'CAL.NOTICE_CONFLICT',
      `第${at.line}行的日期有误：“${shown(at.text)}”（${zh}）`,
      `line ${at.line} has a date that cannot be right: "${shown(at.text)}" (${en})`,
      { line: at.line, text: at.text, ...facts },
    ),
  );
}

function scheduleConflict(year: number, date: CivilDate, zh: string, en: string): DomainError {
  return yearConflict(year, zh, en, { date });
}

function yearConflict(year: number, zh: string, en: string, facts: Record<string, unknown>): DomainError {
  return new DomainError(
    refuse(
      'CAL.NOTICE_CONFLICT',
      `${year}年的节假日安排有误：${zh}`,
      `the ${year} holiday schedule cannot be right: ${en}`,
      { year, ...facts },
    ),
  );
}

/**
 * A year's notice read only in part: a festival its opening names has no item, an item number is
 * skipped, or the opening that names the festivals is not there to check against.
 */
function incomplete(zh: string, en: string, facts: Record<string, unknown>): DomainError {
  return new DomainError(
    refuse(
      'CAL.NOTICE_INCOMPLETE',
      `节假日通知不完整：${zh}`,
      `the holiday notice is not complete: ${en}`,
      facts,
    ),
  );
}

function weekdayMismatch(
  at: SourceLine,
  date: CivilDate,
  stated: string,
  statedDay: number,
  actual: string,
): DomainError {
  const [y, m, d] = date.split('-').map(Number);
  return new DomainError(
    refuse(
      'CAL.NOTICE_WEEKDAY_MISMATCH',
      `第${at.line}行的星期与日期不符：“${shown(at.text)}”（写的是${stated}，但${y}年${m}月${d}日是${actual}）`,
      `line ${at.line} gives the wrong weekday: "${shown(at.text)}" (it says ${stated}, a ${WEEKDAY_EN_FULL[statedDay]}, but ${date} is a ${WEEKDAY_EN_FULL[dayOfWeek(date)]})`,
      { line: at.line, text: at.text, date, stated, actual },
    ),
  );
}

function countMismatch(at: SourceLine, stated: number, counted: number): DomainError {
  return new DomainError(
    refuse(
      'CAL.NOTICE_COUNT_MISMATCH',
      `第${at.line}行的天数与日期不符：“${shown(at.text)}”（写明${stated}天，所列放假日期共${counted}天）`,
      `line ${at.line} gives the wrong number of days: "${shown(at.text)}" (it says ${stated}, the dates listed make ${counted})`,
      { line: at.line, text: at.text, stated, counted },
    ),
  );
}

function noYear(): DomainError {
  return new DomainError(
    refuse(
      'CAL.NOTICE_NO_YEAR',
      '通知中找不到年份：应有“关于2026年部分节假日安排”“现将2026年元旦、春节……”或“调整（延长）2026年××假期”之类的文字',
      'the notice names no year: it should say "关于2026年部分节假日安排", "现将2026年元旦、春节…" or "调整 (延长) 2026年… 假期"',
    ),
  );
}

function baseMissing(zh: string, en: string, facts: Record<string, unknown>): DomainError {
  return new DomainError(refuse('CAL.NOTICE_BASE_MISSING', zh, en, facts));
}

function invalidField(field: string, value: unknown, zh: string, en: string): DomainError {
  return new DomainError(
    refuse(
      'CAL.SCHEDULE_INVALID',
      `节假日安排表的 ${field} 有误：${zh}`,
      `the holiday schedule's ${field} is wrong: ${en}`,
      { field, value },
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// What the notice is: its year and whether it sets the whole year or amends one festival

type Kind = NoticeChange['kind'];

interface Header {
  readonly year: number;
  readonly kind: Kind;
  /** The festival an amendment changes. */
  readonly festival?: string;
  /** The lines that named the year, with what they said, for their reading. */
  readonly mentions: ReadonlyMap<number, { zh: string; en: string }>;
  /**
   * The line "现将2026年元旦、春节……的具体安排通知如下" of a year's notice and the festivals it names, each
   * of which must have an item.
   */
  readonly list?: { readonly at: SourceLine; readonly festivals: readonly string[] };
  /**
   * The line that ends the opening ("……通知如下。"), 0 when there is none. The opening may speak of
   * dates and days off ("自2025年1月1日起……", "国庆节自10月1日起放假调休7天"): it is not read for them.
   */
  readonly preambleEnd: number;
}

interface Mention {
  readonly kind: Kind;
  readonly year: number;
  readonly name?: string;
  readonly at: SourceLine;
}

const MENTIONS: readonly { kind: Kind; pattern: RegExp }[] = [
  { kind: 'extension', pattern: /延长\s*(\d{4})\s*年\s*(\S{1,8}?)\s*假期/ },
  { kind: 'adjustment', pattern: /调整\s*(\d{4})\s*年\s*(\S{1,8}?)\s*(?:放假|假期)安排/ },
  { kind: 'annual', pattern: /关于\s*(\d{4})\s*年\s*部分节假日安排/ },
  { kind: 'annual', pattern: /现将\s*(\d{4})\s*年\s*(?:元旦|春节|清明节|劳动节|端午节|中秋节|国庆节)/ },
];

function mentionsIn(at: SourceLine): Mention[] {
  return MENTIONS.flatMap(({ kind, pattern }) => {
    const match = pattern.exec(at.norm);
    return match ? [{ kind, year: Number(match[1]), name: match[2], at }] : [];
  });
}

/** The years a notice can be for: a year outside them is a typo ("2206年"), not a notice. */
const FIRST_YEAR = 2000;
const LAST_YEAR = 2200;

function readHeader(lines: readonly SourceLine[]): Header {
  const mentions = lines.flatMap(mentionsIn);
  const first = mentions[0];
  if (!first) throw noYear();
  if (first.year < FIRST_YEAR || first.year > LAST_YEAR) {
    throw conflicting(
      first.at,
      `${first.year}年不在${FIRST_YEAR}年至${LAST_YEAR}年之间`,
      `${first.year} is not between ${FIRST_YEAR} and ${LAST_YEAR}`,
      { year: first.year },
    );
  }
  for (const mention of mentions) {
    if (mention.year !== first.year) {
      throw unreadable(
        mention.at,
        `这里写的是${mention.year}年，第${first.at.line}行写的是${first.year}年`,
        `it names ${mention.year}, line ${first.at.line} names ${first.year}`,
      );
    }
  }
  const end = lines.find((at) => at.norm.includes('通知如下'));
  if (end) {
    // "……通知如下。一、元旦：……" on one line would hide the first item in the opening.
    const after = end.norm.slice(end.norm.indexOf('通知如下') + '通知如下'.length);
    if (!/^[。：:.\s]*$/.test(after)) {
      throw unreadable(
        end,
        '“通知如下”之后还有文字：每一项安排应另起一行',
        'there is more after "通知如下": each item starts a line of its own',
      );
    }
  }
  const preambleEnd = end?.line ?? 0;
  const amendments = mentions.filter((m) => m.kind !== 'annual');
  const amendment = amendments[0];
  if (!amendment) {
    const list = festivalList(lines, first.year);
    return {
      year: first.year,
      kind: 'annual',
      mentions: describeMentions(mentions),
      preambleEnd: preambleEnd || (list?.at.line ?? 0),
      ...(list ? { list } : {}),
    };
  }
  const festival = amendedFestival(amendment);
  for (const other of amendments) {
    // One notice, one change: an extension that also adjusts, or two festivals, is not a form we know.
    if (other.kind !== amendment.kind || amendedFestival(other) !== festival) {
      throw unreadable(
        other.at,
        `与第${amendment.at.line}行修改的不是同一项安排`,
        `it changes something other than line ${amendment.at.line} does`,
      );
    }
  }
  return {
    year: first.year,
    kind: amendment.kind,
    festival,
    mentions: describeMentions(mentions),
    preambleEnd,
  };
}

/** "现将2026年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下" */
const LIST_LINE = /现将\s*(\d{4})\s*年\s*(.*?)\s*(?:的)?(?:放假|调休|假期|具体安排|安排)/;
const LIST_SEPARATOR = /\s*(?:以及|、|和|及|与|，|,)\s*/;

/** The festivals the opening of a year's notice names; undefined when no line names them. */
function festivalList(
  lines: readonly SourceLine[],
  year: number,
): { at: SourceLine; festivals: string[] } | undefined {
  let found: { at: SourceLine; festivals: string[] } | undefined;
  for (const at of lines) {
    const match = LIST_LINE.exec(at.norm);
    if (!match) continue;
    if (Number(match[1]) !== year) {
      throw unreadable(
        at,
        `这里写的是${match[1]}年，通知是${year}年的`,
        `it names ${match[1]}, the notice is for ${year}`,
      );
    }
    const festivals: string[] = [];
    for (const part of (match[2] ?? '').split(LIST_SEPARATOR)) {
      const festival = canonicalFestival(part);
      if (festival === undefined || festival.includes('、') || festivals.includes(festival)) {
        throw unreadable(
          at,
          `通知开头列出的“${part}”不是法定节日，或重复列出`,
          `"${part}" in the notice's list of festivals is not one of the seven, or is listed twice`,
        );
      }
      festivals.push(festival);
    }
    if (found && found.festivals.join('、') !== festivals.join('、')) {
      throw unreadable(
        at,
        `列出的节日与第${found.at.line}行不同`,
        `it lists other festivals than line ${found.at.line}`,
      );
    }
    found ??= { at, festivals };
  }
  return found;
}

function amendedFestival(mention: Mention): string {
  const festival = canonicalFestival(mention.name ?? '');
  if (festival === undefined || festival.includes('、')) {
    throw unreadable(
      mention.at,
      `“${mention.name ?? ''}”不是法定节日`,
      `"${mention.name ?? ''}" is not one of the seven festivals`,
    );
  }
  return festival;
}

function describeMentions(mentions: readonly Mention[]): Map<number, { zh: string; en: string }> {
  const described = new Map<number, { zh: string; en: string }>();
  for (const { kind, year, name, at } of mentions) {
    const festival = canonicalFestival(name ?? '') ?? name ?? '';
    described.set(
      at.line,
      kind === 'annual'
        ? { zh: `${year}年全年的节假日安排。`, en: `the holiday schedule for the whole of ${year}.` }
        : kind === 'adjustment'
          ? {
              zh: `调整${year}年${festival}的放假安排。`,
              en: `changes the ${englishName(festival)} days of ${year}.`,
            }
          : {
              zh: `延长${year}年${festival}假期。`,
              en: `extends the ${englishName(festival)} holiday of ${year}.`,
            },
    );
  }
  return described;
}

// ---------------------------------------------------------------------------------------------
// Reading dates out of a clause: "1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休"

/** "2018年12月30日", "1月5日", "6日" (a day alone keeps the month before it); 号 is read as 日. */
const DATE = /(?:(\d{4})\s*年\s*)?(?:(\d{1,2})\s*月\s*)?(\d{1,2})\s*[日号]/y;
const NOTE = /\s*[（(]([^（()）]*)[）)]/y;
const RANGE = /\s*(?:至|—{1,2}|－|-|–|~|～)\s*/y;
const LIST = /\s*、\s*/y;
const WEEKDAY = /(周|星期|礼拜)([一二三四五六日天])/g;
/** A weekday word that names no day this reader can check: "周7", "星期末", "礼拜". 周年 and 周岁 are no weekday. */
const OTHER_WEEKDAY = /(?:周(?!年|岁)|星期|礼拜)(?![一二三四五六日天])/;

/** A sticky pattern tried at one position. */
function matchAt(pattern: RegExp, text: string, position: number): RegExpExecArray | null {
  pattern.lastIndex = position;
  return pattern.exec(text);
}

interface Scan {
  readonly text: string;
  position: number;
}

/** Where a date without a year or month takes them from. */
interface DateContext {
  readonly year: number;
  /**
   * 元旦's days may fall in the December before: the notices then write the year ("2018年12月30日"),
   * and a December date without it is refused rather than put in the notice's own year.
   */
  readonly decemberNeedsYear: boolean;
  previous?: { year: number; month: number };
}

interface Run {
  readonly from: CivilDate;
  readonly to: CivilDate;
}

function readDate(scan: Scan, context: DateContext, at: SourceLine): CivilDate | undefined {
  const match = matchAt(DATE, scan.text, scan.position);
  if (!match) return undefined;
  const written = match[0];
  const [year, month, day] = [match[1], match[2], Number(match[3])];
  // "1月5日（星期六）、6日（星期日）": a day alone keeps the month (and year) of the date before it.
  const previous = context.previous;
  if (month === undefined && (year !== undefined || previous === undefined)) {
    throw unreadable(at, `“${written}”没有写月份`, `"${written}" gives no month`);
  }
  if (context.decemberNeedsYear && month !== undefined && Number(month) === 12 && year === undefined) {
    throw unreadable(
      at,
      `元旦条目中的“${written}”没有写年份：请照通知原文写明年份，如“${context.year - 1}年12月31日”`,
      `"${written}" in the New Year's Day item gives no year: write it as the notice does, e.g. "${context.year - 1}年12月31日"`,
    );
  }
  const y =
    year !== undefined ? Number(year) : month === undefined && previous ? previous.year : context.year;
  const m = month !== undefined ? Number(month) : (previous?.month ?? 0);
  const date = civil(y, m, day);
  if (date === undefined) {
    throw conflicting(at, `没有${y}年${m}月${day}日这一天`, `there is no such day as ${y}-${m}-${day}`);
  }
  context.previous = { year: y, month: m };
  scan.position = match.index + written.length;
  readNotes(scan, date, at);
  return date;
}

/** Parenthesised notes after a date: a weekday in them must be the date's; the rest (农历…) is ignored. */
function readNotes(scan: Scan, date: CivilDate, at: SourceLine): void {
  for (;;) {
    const note = matchAt(NOTE, scan.text, scan.position);
    if (!note) return;
    scan.position = note.index + note[0].length;
    const other = OTHER_WEEKDAY.exec(note[1] ?? '');
    if (other) {
      throw unreadable(
        at,
        `括注“${note[1] ?? ''}”中的星期无法核对：请写作“周一”至“周日”或“星期一”至“星期日”`,
        `the weekday in the note "${note[1] ?? ''}" cannot be checked: write 周一…周日 or 星期一…星期日`,
      );
    }
    for (const [stated, style, day] of (note[1] ?? '').matchAll(WEEKDAY)) {
      const weekday = day === '天' ? 0 : WEEKDAY_ZH.indexOf(day ?? '');
      if (weekday !== dayOfWeek(date)) {
        throw weekdayMismatch(at, date, stated, weekday, `${style}${WEEKDAY_ZH[dayOfWeek(date)]}`);
      }
    }
  }
}

/** Dates and ranges separated by 、 at the start of a clause; [] when it does not start with a date. */
function readRuns(scan: Scan, context: DateContext, at: SourceLine): Run[] {
  const runs: Run[] = [];
  for (;;) {
    const from = readDate(scan, context, at);
    if (from === undefined) return runs;
    let to = from;
    const range = matchAt(RANGE, scan.text, scan.position);
    if (range) {
      scan.position = range.index + range[0].length;
      const end = readDate(scan, context, at);
      if (end === undefined) throw unreadable(at, '日期范围缺少结束日期', 'a range with no end date');
      to = end;
    }
    if (to < from) {
      throw conflicting(
        at,
        `${zhDate(to)}早于${zhDate(from)}`,
        `the range ends on ${to}, before it starts on ${from}`,
      );
    }
    runs.push({ from, to });
    const separator = matchAt(LIST, scan.text, scan.position);
    const next = separator ? separator.index + separator[0].length : -1;
    // A 、 not followed by a date is left in place, for the clause to be refused as not understood.
    if (!separator || !matchAt(DATE, scan.text, next)) return runs;
    scan.position = next;
  }
}

type Clause =
  | {
      readonly kind: 'holidays';
      readonly runs: readonly Run[];
      readonly inLieu?: true;
      readonly days?: number;
    }
  | { readonly kind: 'workdays'; readonly runs: readonly Run[] }
  | { readonly kind: 'resume'; readonly date: CivilDate }
  | { readonly kind: 'count'; readonly days: number }
  | { readonly kind: 'remark'; readonly text: '与周末连休' | '不调休' }
  | { readonly kind: 'extend'; readonly festival: string; readonly until: CivilDate };

/** Splits an item's body on 。，；, but not inside brackets: "（农历正月初九，星期日）" stays whole. */
function clausesOf(body: string, at: SourceLine): string[] {
  const clauses: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of body) {
    if (char === '（' || char === '(') depth += 1;
    if (char === '）' || char === ')') depth -= 1;
    if (depth < 0) break;
    if (depth === 0 && '。，；,;'.includes(char)) {
      clauses.push(current.trim());
      current = '';
    } else {
      current += char;
    }
  }
  if (depth !== 0) throw unreadable(at, '括号不配对', 'the brackets do not pair up');
  clauses.push(current.trim());
  return clauses.filter((clause) => clause !== '');
}

function readClause(text: string, context: DateContext, at: SourceLine): Clause {
  const count = /^共\s*(\d+)\s*天$/.exec(text);
  if (count) return { kind: 'count', days: Number(count[1]) };
  // They say how the days fall, not which: the dates are in the clauses around them.
  if (text === '与周末连休' || text === '不调休') return { kind: 'remark', text };
  if (text.startsWith('延长')) return readExtension(text, context, at);
  const scan: Scan = { text, position: 0 };
  const runs = readRuns(scan, context, at);
  if (runs.length === 0) throw unreadable(at, `不理解“${text}”`, `"${text}" is not a form this reader knows`);
  return clauseVerb(text.slice(scan.position).trim(), runs, text, at);
}

/** What a clause says of its dates: "放假", "放假调休", "放假1天", "补休", "上班", "起正常上班". */
function clauseVerb(verb: string, runs: readonly Run[], text: string, at: SourceLine): Clause {
  const off = /^放假(?:调休|公休)?(?:\s*(\d+)\s*天)?$/.exec(verb);
  if (off)
    return off[1] === undefined
      ? { kind: 'holidays', runs }
      : { kind: 'holidays', runs, days: Number(off[1]) };
  if (verb === '补休') return { kind: 'holidays', runs, inLieu: true };
  if (verb === '上班') return { kind: 'workdays', runs };
  if (/^起\s*(?:正常)?上班$/.test(verb)) {
    const only = runs[0];
    if (runs.length !== 1 || !only || only.from !== only.to) {
      throw unreadable(at, '“起正常上班”前应只有一个日期', '"起正常上班" takes a single date');
    }
    return { kind: 'resume', date: only.from };
  }
  throw unreadable(
    at,
    `不理解“${text}”中的“${verb}”`,
    `"${verb}" in "${text}" is not a form this reader knows`,
  );
}

/** "延长2020年春节假期至2月2日（农历正月初九，星期日）" */
function readExtension(text: string, context: DateContext, at: SourceLine): Clause {
  const head = /^延长\s*(?:(\d{4})\s*年)?\s*(\S+?)\s*假期\s*至\s*/.exec(text);
  if (!head) throw unreadable(at, `不理解“${text}”`, `"${text}" is not a form this reader knows`);
  if (head[1] !== undefined && Number(head[1]) !== context.year) {
    throw unreadable(
      at,
      `通知是${context.year}年的，这里写的是${head[1]}年`,
      `the notice is for ${context.year}, this says ${head[1]}`,
    );
  }
  const festival = canonicalFestival(head[2] ?? '');
  if (festival === undefined) {
    throw unreadable(
      at,
      `“${head[2] ?? ''}”不是法定节日`,
      `"${head[2] ?? ''}" is not one of the seven festivals`,
    );
  }
  const scan: Scan = { text, position: head[0].length };
  const runs = readRuns(scan, context, at);
  const until = runs[0];
  if (runs.length !== 1 || !until || until.from !== until.to || scan.position !== text.length) {
    throw unreadable(at, '“延长……假期至”后应只有一个日期', '"延长…假期至" takes a single date');
  }
  return { kind: 'extend', festival, until: until.from };
}

// ---------------------------------------------------------------------------------------------
// Reading the notice line by line

/**
 * An item's number as the notices and the people copying them write it: "一、" "十二、" "一．" "1." "1、"
 * "(1)" "（一）". "1." is a number only before something other than a digit ("1.1日" is no item), or
 * before a year ("1.2019年5月1日……").
 */
const MARKER =
  /^(?:([一二三四五六七八九十]{1,3})\s*[、.．]|(\d{1,2})\s*[、.．](?:(?!\d)|(?=\d{4}\s*年))|[（(]\s*(?:([一二三四五六七八九十]{1,3})|(\d{1,2}))\s*[）)]\s*[、.．]?)\s*/;
/** "元旦：…", "中秋节、国庆节：…", "植树节：…": a name and a colon, after the number if any. */
const ITEM_HEAD = /^([^：:，。；\d（）()]{1,20}?)\s*[：:]\s*(.*)$/;
/** The festivals' names as the notices and people write them, longest first. */
const FESTIVAL_WORD = '元旦|春节|清明节|清明|劳动节|端午节|端午|中秋节|中秋|国庆节|国庆';
/** "元旦，1月1日……", "元旦 1月1日……", "元旦1月1日……": a festival's name, then its dates without a colon. */
const FESTIVAL_HEAD = new RegExp(
  `^((?:${FESTIVAL_WORD})(?:\\s*、\\s*(?:${FESTIVAL_WORD}))*)(?:\\s*[，,]\\s*|\\s+|(?=\\d))(.*)$`,
);
const FESTIVAL_START = new RegExp(`^(?:${FESTIVAL_WORD})`);
/** A month and a day in Arabic numerals, with or without 日/号 ("1月1", "１０月８号"), or as "2026-10-08", "10/8", "10.8". */
const ARABIC_DATE =
  /\d{1,2}\s*月\s*\d{1,2}|\d{4}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}|\d{1,2}\s*\/\s*\d{1,2}|(?<![\d.])\d{1,2}\.\d{1,2}(?![\d.])/;
/**
 * A date in Chinese numerals ("一月四日", "十二月三十一号", "元月一日"); a lunar date in a note
 * ("农历八月十五日") is not one.
 */
const CHINESE_DATE =
  /(?<![农历阴〇零一二三四五六七八九十])(?:[〇零一二三四五六七八九十]{1,3}|元)月[〇零一二三四五六七八九十廿卅]{1,3}[日号]/;
/** What a line that sets days off or work says. */
const SCHEDULE_WORD = /放假|上班|补休|调休|休息/;
/** With a digit, what says a count of days too: "共5天". 共和国 is not 共. */
const COUNT_WORD = /放假|上班|补休|调休|休息|共(?!和国)|天/;
/** Digits other than 0–9 (full-width ones are made ASCII first): "١٠", "①", "Ⅹ". 〇 is a Chinese numeral. */
const OTHER_DIGIT = /(?![0-9〇])[\p{Nd}\p{Nl}\p{No}]/u;
const NOTICE_NUMBER = /^(?:发文字号[：:])?国办发明电[〔[（(](\d{4})[〕\]）)](\d+)号$/;
const SIGNATURE = /^(?:国务院办公厅)?(?:成文日期[：:])?(\d{4})年(\d{1,2})月(\d{1,2})日$/;

/** The annual notices' limits: no festival runs longer, no year has more days off. */
const LONGEST_RUN = 20;
const MOST_HOLIDAYS = 60;

const CHINESE_DIGITS = '〇一二三四五六七八九';

/** "一" → 1, "十二" → 12, "二十" → 20; undefined for what is no such numeral ("十十"). */
function chineseNumber(numeral: string): number | undefined {
  const match = /^([一二三四五六七八九])?(十)?([一二三四五六七八九])?$/.exec(numeral);
  if (!match || numeral === '') return undefined;
  const [, tens, ten, units] = match;
  if (!ten) return tens !== undefined && units === undefined ? CHINESE_DIGITS.indexOf(tens) : undefined;
  return (tens ? CHINESE_DIGITS.indexOf(tens) : 1) * 10 + (units ? CHINESE_DIGITS.indexOf(units) : 0);
}

function chineseNumeral(n: number): string {
  if (n < 10) return CHINESE_DIGITS[n] ?? String(n);
  const tens = Math.floor(n / 10);
  const units = n % 10;
  return `${tens === 1 ? '' : (CHINESE_DIGITS[tens] ?? '')}十${units === 0 ? '' : (CHINESE_DIGITS[units] ?? '')}`;
}

/** An item's number and the rest of its line; undefined when the line has no number. */
function markerOf(text: string): { number: number | undefined; written: string; rest: string } | undefined {
  const match = MARKER.exec(text);
  if (!match) return undefined;
  const [written, zh, arabic, parenZh, parenArabic] = match;
  const numeral = zh ?? parenZh;
  const number = numeral !== undefined ? chineseNumber(numeral) : Number(arabic ?? parenArabic);
  return { number, written: written.trim(), rest: text.slice(written.length) };
}

function hasDate(text: string): boolean {
  return ARABIC_DATE.test(text) || CHINESE_DATE.test(text);
}

/** A digit with a word of days off or work: "共5天", "放假3天", "6日（星期日）上班". */
function hasCount(text: string): boolean {
  return /\d/.test(text) && COUNT_WORD.test(text);
}

interface OpenItem {
  readonly festival: string;
  readonly head: SourceLine;
  readonly context: DateContext;
  /** Holiday days read since the last "共N天", which that count must equal. */
  uncounted: number;
  datesRead: boolean;
}

interface Draft {
  readonly head: SourceLine;
  readonly holidays: Set<CivilDate>;
  readonly makeUpWorkdays: Set<CivilDate>;
}

/** What one item line yielded, for its reading. */
interface LineYield {
  readonly holidays: CivilDate[];
  readonly makeUpWorkdays: CivilDate[];
  readonly zh: string[];
  readonly en: string[];
}

class NoticeReader {
  private readonly readings: LineReading[] = [];
  private readonly drafts = new Map<string, Draft>();
  /** Every date read so far, as a holiday or as a make-up workday, and the line that said so. */
  private readonly days = new Map<CivilDate, { kind: 'holiday' | 'workday'; line: number }>();
  private item: OpenItem | undefined;
  private itemsSeen = false;
  /** The item heads of a year's notice so far, with their numbers. */
  private readonly heads: { at: SourceLine; number: number | undefined; numbered: boolean }[] = [];
  private number: { value: string; line: number } | undefined;
  private signed: { value: CivilDate; line: number } | undefined;
  private extension: { until: CivilDate; at: SourceLine } | undefined;
  private readonly resumes: { date: CivilDate; at: SourceLine }[] = [];

  constructor(private readonly header: Header) {}

  read(lines: readonly SourceLine[]): ParsedNotice {
    if (this.header.kind === 'annual' && !this.header.list) {
      // Without the opening that names the festivals, a festival whose item was not pasted would
      // go unnoticed and its days off be counted as working days.
      throw incomplete(
        `找不到通知开头列出节日的段落（“现将${this.header.year}年元旦、春节……的具体安排通知如下”），无法核对是否每个节日都已读到：请粘贴通知全文`,
        `the opening paragraph that lists the festivals ("现将${this.header.year}年元旦、春节…的具体安排通知如下") is missing, so whether every festival was read cannot be checked: paste the whole notice`,
        { year: this.header.year, named: [], read: [] },
      );
    }
    for (const at of lines) this.readings.push(this.readLine(at));
    this.closeItem();
    return {
      year: this.header.year,
      change: this.change(),
      source: {
        ...(this.number ? { number: this.number.value } : {}),
        ...(this.signed ? { publishedOn: this.signed.value } : {}),
      },
      lines: this.readings,
    };
  }

  private readLine(at: SourceLine): LineReading {
    const { line, text, norm } = at;
    if (norm === '') return { line, text, reading: 'blank' };
    const compact = norm.replace(/\s+/g, '');
    const number = NOTICE_NUMBER.exec(compact);
    if (number) return this.readNumber(at, `国办发明电〔${number[1]}〕${number[2]}号`);
    const signature = this.itemsSeen ? SIGNATURE.exec(compact) : null;
    if (signature)
      return this.readSignature(at, Number(signature[1]), Number(signature[2]), Number(signature[3]));
    const marker = markerOf(norm);
    const rest = marker?.rest ?? norm;
    if (line <= this.header.preambleEnd) {
      // The opening ends with "……通知如下。"; an item before that line is out of place, not preamble.
      if (marker || FESTIVAL_START.test(norm)) {
        throw unreadable(
          at,
          '像是放假条目，却在“通知如下”之前',
          'it looks like an item but comes before "通知如下"',
        );
      }
      return { line, text, reading: 'preamble', ...this.preambleSays(line) };
    }
    const chinese = CHINESE_DATE.exec(norm);
    if (chinese) {
      throw unreadable(
        at,
        `“${chinese[0]}”是用汉字写的日期：请改用阿拉伯数字，如“10月8日”`,
        `"${chinese[0]}" is a date in Chinese numerals: write it in Arabic numerals, e.g. 10月8日`,
      );
    }
    const head = this.itemHead(at, rest, marker !== undefined);
    if (head) {
      this.closeItem();
      this.openItem(at, head.festival, marker);
      return this.readItemBody(at, head.body);
    }
    // A line that goes on from the item before it ("一、元旦：" alone on a line, as the 2013 notice
    // prints it, then the dates; or "共5天。" on a line of its own) is read as part of that item.
    if (this.item && !marker && (/^\d/.test(norm) || hasDate(norm) || hasCount(norm))) {
      return this.readItemBody(at, norm);
    }
    this.closeItem();
    return this.readOther(at, marker !== undefined, rest);
  }

  /** A line that is neither an item nor goes on from one: preamble or prose, if nothing in it sets days. */
  private readOther(at: SourceLine, numbered: boolean, rest: string): LineReading {
    const { line, text, norm } = at;
    if (numbered && /^\d/.test(rest)) {
      throw unreadable(at, '条目没有写节日名称', 'the item names no festival');
    }
    // After the first item, a date or a count of days in a line not read as an item is refused: it
    // may be a holiday this reader would otherwise drop. Before it, a date said to be off or worked.
    if (this.itemsSeen ? hasDate(norm) || hasCount(norm) : hasDate(norm) && SCHEDULE_WORD.test(norm)) {
      throw unreadable(
        at,
        '含有日期或天数，但不是能识别的放假安排',
        'it has a date or a number of days but is no form this reader knows',
      );
    }
    // "一、元旦放假一天", "1.春节除夕至初六放假": numbered or named like an item, but not read as one.
    const festivalFirst = FESTIVAL_START.test(rest);
    if ((numbered || festivalFirst) && (/\d/.test(norm) || (festivalFirst && SCHEDULE_WORD.test(norm)))) {
      throw unreadable(
        at,
        '像是放假条目，但格式无法识别：应写作“一、元旦：1月1日放假……”',
        'it looks like an item but its form is not one this reader knows: it should read "一、元旦：1月1日放假…"',
      );
    }
    if (!this.itemsSeen) return { line, text, reading: 'preamble', ...this.preambleSays(line) };
    return {
      line,
      text,
      reading: 'prose',
      zh: '说明性文字，不含放假日期。',
      en: 'prose, with no holiday dates.',
    };
  }

  private preambleSays(line: number): { zh: string; en: string } {
    return (
      this.header.mentions.get(line) ?? {
        zh: '前言，不从中读取放假日期。',
        en: 'preamble; no holiday dates are taken from it.',
      }
    );
  }

  /** The festival an item line is for, and the rest of the line; undefined when it is no item. */
  private itemHead(
    at: SourceLine,
    rest: string,
    numbered: boolean,
  ): { festival: string; body: string } | undefined {
    const { kind, festival } = this.header;
    // "一、延长2020年春节假期至2月2日……"; "一、2019年5月1日至4日放假调休……": an amendment's item may
    // name no festival, the notice does.
    if (rest.startsWith('延长') && kind === 'extension' && festival) return { festival, body: rest };
    if (numbered && /^\d/.test(rest) && kind === 'adjustment' && festival) return { festival, body: rest };
    const head = ITEM_HEAD.exec(rest) ?? FESTIVAL_HEAD.exec(rest);
    if (!head) return undefined;
    const [, name = '', body = ''] = head;
    const named = canonicalFestival(name);
    if (named === undefined) {
      // "八、植树节：3月12日放假。" looks like an item of a festival the regulations do not have.
      if (numbered) {
        throw unreadable(
          at,
          `“${name.trim()}”不是法定节日`,
          `"${name.trim()}" is not one of the seven festivals`,
        );
      }
      // "另：10月8号放假。", "元旦假期：1月1日至3日放假。"
      if (hasDate(body) || hasCount(body)) {
        throw unreadable(
          at,
          `含有日期或天数，但“${name.trim()}”不是法定节日，不是能识别的放假条目`,
          `it has a date or a number of days, but "${name.trim()}" is not one of the seven festivals`,
        );
      }
      return undefined;
    }
    if (festival !== undefined && named !== festival) {
      throw unreadable(
        at,
        `本通知只修改${festival}的安排`,
        `this notice changes ${englishName(festival)} only`,
      );
    }
    return { festival: named, body };
  }

  private openItem(at: SourceLine, festival: string, marker: ReturnType<typeof markerOf>): void {
    if (this.header.kind === 'annual') this.checkAnnualItem(at, festival, marker);
    this.itemsSeen = true;
    this.item = {
      festival,
      head: at,
      context: { year: this.header.year, decemberNeedsYear: festivalParts(festival).includes('元旦') },
      uncounted: 0,
      datesRead: false,
    };
    if (this.header.kind === 'extension') return;
    const earlier = this.drafts.get(festival);
    if (!earlier) this.drafts.set(festival, { head: at, holidays: new Set(), makeUpWorkdays: new Set() });
  }

  /**
   * A year's notice lists each festival once, among those its opening names, and numbers its items
   * 一, 二, 三… without a gap (a gap is an item not pasted). An amendment may spread its one festival
   * over several items and numbers its other paragraphs as it likes.
   */
  private checkAnnualItem(at: SourceLine, festival: string, marker: ReturnType<typeof markerOf>): void {
    const parts = festivalParts(festival);
    for (const [name, draft] of this.drafts) {
      const twice = festivalParts(name).find((part) => parts.includes(part));
      if (twice !== undefined) {
        throw conflicting(
          at,
          `${twice}已在第${draft.head.line}行列出`,
          `${englishName(twice)} is already listed on line ${draft.head.line}`,
        );
      }
    }
    const list = this.header.list;
    const unnamed = parts.find((part) => list && !list.festivals.includes(part));
    if (list && unnamed !== undefined) {
      throw conflicting(
        at,
        `第${list.at.line}行列出的节日中没有${unnamed}`,
        `line ${list.at.line} does not name ${englishName(unnamed)} among the festivals`,
      );
    }
    const previous = this.heads.at(-1);
    this.heads.push({ at, number: marker?.number, numbered: marker !== undefined });
    if (marker && marker.number === undefined) {
      throw unreadable(
        at,
        `编号“${marker.written}”无法识别`,
        `the number "${marker.written}" cannot be read`,
      );
    }
    if (previous && previous.numbered !== (marker !== undefined)) {
      throw incomplete(
        `第${at.line}行的条目${marker ? '有' : '没有'}编号，第${previous.at.line}行的条目${previous.numbered ? '有' : '没有'}：请粘贴通知全文`,
        `the item on line ${at.line} is ${marker ? '' : 'not '}numbered, the one on line ${previous.at.line} is ${previous.numbered ? '' : 'not'}: paste the whole notice`,
        { line: at.line, text: at.text, otherLine: previous.at.line },
      );
    }
    const expected = (previous?.number ?? 0) + 1;
    if (marker && marker.number !== expected) {
      throw incomplete(
        `第${at.line}行的条目编号是“${marker.written}”，应为“${chineseNumeral(expected)}”：前面的条目可能没有贴全，请粘贴通知全文`,
        `the item on line ${at.line} is numbered "${marker.written}" where ${expected} was due: an item before it may be missing; paste the whole notice`,
        { line: at.line, text: at.text, expected, found: marker.number },
      );
    }
  }

  private closeItem(): void {
    const item = this.item;
    this.item = undefined;
    if (item && !item.datesRead) {
      throw unreadable(
        item.head,
        `${item.festival}没有写明日期`,
        `no dates are given for ${englishName(item.festival)}`,
      );
    }
  }

  private readItemBody(at: SourceLine, body: string): LineReading {
    const item = this.item;
    if (!item) throw unreadable(at, '不在任何节日条目之内', 'it belongs to no festival item');
    const yielded: LineYield = { holidays: [], makeUpWorkdays: [], zh: [], en: [] };
    for (const text of clausesOf(body, at)) this.apply(readClause(text, item.context, at), at, yielded);
    if (body === '') {
      yielded.zh.push('日期见后续行');
      yielded.en.push('the dates follow on the next lines');
    } else if (yielded.zh.length === 0) {
      // "共3天。" on a line of its own: checked against the days listed before it.
      yielded.zh.push('所写天数与上文所列放假日期相符');
      yielded.en.push('the number of days matches the holidays listed before it');
    }
    return {
      line: at.line,
      text: at.text,
      reading: 'item',
      festival: item.festival,
      holidays: sortedUnique(yielded.holidays),
      makeUpWorkdays: sortedUnique(yielded.makeUpWorkdays),
      zh: `${item.festival}：${yielded.zh.join('；')}。`,
      en: `${englishName(item.festival)}: ${yielded.en.join('; ')}.`,
    };
  }

  private apply(clause: Clause, at: SourceLine, yielded: LineYield): void {
    const item = this.item;
    if (!item) return;
    // An extension notice only moves the end of a holiday; a schedule never says "延长".
    const extending = this.header.kind === 'extension';
    if (extending && (clause.kind === 'holidays' || clause.kind === 'workdays' || clause.kind === 'count')) {
      throw unreadable(
        at,
        '延长假期的通知中不应另列放假或上班日期',
        'an extension notice lists no other days',
      );
    }
    if (!extending && clause.kind === 'extend') {
      throw unreadable(
        at,
        '“延长……假期”只出现在延长假期的通知中',
        '"延长…假期" belongs to an extension notice only',
      );
    }
    switch (clause.kind) {
      case 'holidays':
        return this.applyHolidays(item, clause, at, yielded);
      case 'workdays':
        return this.applyWorkdays(item, clause.runs, at, yielded);
      case 'count':
        return this.checkCount(item, clause.days, at);
      case 'resume':
        return this.applyResume(item, clause.date, at, yielded);
      case 'extend':
        return this.applyExtension(item, clause, at, yielded);
      case 'remark':
        yielded.zh.push(clause.text);
        yielded.en.push(clause.text === '不调休' ? 'no working day is moved' : 'it runs on into the weekend');
        return;
    }
  }

  private applyHolidays(
    item: OpenItem,
    { runs, inLieu, days }: { readonly runs: readonly Run[]; readonly inLieu?: true; readonly days?: number },
    at: SourceLine,
    yielded: LineYield,
  ): void {
    const [zhVerb, enVerb] = inLieu ? ['补休', 'off in lieu'] : ['放假', 'off'];
    for (const run of runs) {
      const dates = eachDate(run.from, run.to);
      if (dates.length > LONGEST_RUN) {
        throw conflicting(
          at,
          `${zhDate(run.from)}至${zhDate(run.to)}共${dates.length}天，一段假期不会超过${LONGEST_RUN}天`,
          `${run.from} to ${run.to} is ${dates.length} days; no holiday runs longer than ${LONGEST_RUN}`,
          { from: run.from, to: run.to, days: dates.length },
        );
      }
      for (const date of dates) this.addDay(item, date, 'holiday', at);
      yielded.holidays.push(...dates);
      item.uncounted += dates.length;
      yielded.zh.push(
        run.from === run.to
          ? `${zhDate(run.from)}${zhVerb}`
          : `${zhDate(run.from)}至${zhDate(run.to)}${zhVerb}，${dates.length}天`,
      );
      yielded.en.push(
        run.from === run.to
          ? `${enVerb} ${enDate(run.from)}`
          : `${enVerb} ${enDate(run.from)} to ${enDate(run.to)}, ${dates.length} days`,
      );
    }
    item.datesRead = true;
    if (days !== undefined) this.checkCount(item, days, at);
  }

  private applyWorkdays(item: OpenItem, runs: readonly Run[], at: SourceLine, yielded: LineYield): void {
    const dates = runs.flatMap((run) => eachDate(run.from, run.to));
    for (const date of dates) {
      // A make-up working day is a weekend day worked in lieu; on a weekday the date must be a typo.
      if (!isWeekend(date)) {
        throw conflicting(
          at,
          `${zhDate(date)}本就是工作日，调休上班日应是周六或周日`,
          `${enDate(date)} is a weekday; a make-up working day is a Saturday or Sunday`,
          { date },
        );
      }
      this.addDay(item, date, 'workday', at);
    }
    yielded.makeUpWorkdays.push(...dates);
    yielded.zh.push(`${dates.map(zhDate).join('、')}上班`);
    yielded.en.push(`working day${dates.length > 1 ? 's' : ''} ${dates.map(enDate).join(', ')}`);
    item.datesRead = true;
  }

  /** "共N天" and "放假N天" count the holiday days listed before them in the same item. */
  private checkCount(item: OpenItem, days: number, at: SourceLine): void {
    if (item.uncounted === 0)
      throw unreadable(at, `“${days}天”前面没有放假日期`, `"${days} days" follows no holiday dates`);
    if (days !== item.uncounted) throw countMismatch(at, days, item.uncounted);
    item.uncounted = 0;
  }

  /** "2月3日（星期一）起正常上班": says no new day, but its date must be a weekday. */
  private applyResume(item: OpenItem, date: CivilDate, at: SourceLine, yielded: LineYield): void {
    if (isWeekend(date)) {
      throw conflicting(
        at,
        `${zhDate(date)}是周末，不会“起正常上班”`,
        `${enDate(date)} is a weekend day, so work cannot resume on it`,
        { date },
      );
    }
    this.resumes.push({ date, at });
    item.datesRead = true;
    yielded.zh.push(`${zhDate(date)}起正常上班`);
    yielded.en.push(`work resumes ${enDate(date)}`);
  }

  private applyExtension(
    item: OpenItem,
    clause: { readonly festival: string; readonly until: CivilDate },
    at: SourceLine,
    yielded: LineYield,
  ): void {
    if (clause.festival !== item.festival) {
      throw unreadable(
        at,
        `本通知延长的是${item.festival}假期`,
        `this notice extends ${englishName(item.festival)}`,
      );
    }
    if (this.extension) {
      throw unreadable(
        at,
        `第${this.extension.at.line}行已写明延长至哪一天`,
        `line ${this.extension.at.line} already gives the new end`,
      );
    }
    this.checkWindow(clause.until, at);
    this.extension = { until: clause.until, at };
    item.datesRead = true;
    yielded.zh.push(`假期延长至${zhDate(clause.until)}`);
    yielded.en.push(`the holiday runs until ${enDate(clause.until)}`);
  }

  private checkWindow(date: CivilDate, at: SourceLine): void {
    if (!inWindow(this.header.year, date)) {
      const { from, to } = windowOf(this.header.year);
      throw conflicting(
        at,
        `${zhDate(date)}不在${this.header.year}年的安排范围（${from}至${to}）内`,
        `${date} is outside the ${this.header.year} schedule (${from} to ${to})`,
        { date },
      );
    }
  }

  private addDay(item: OpenItem, date: CivilDate, kind: 'holiday' | 'workday', at: SourceLine): void {
    this.checkWindow(date, at);
    const earlier = this.days.get(date);
    // A date listed twice, even as the same kind of day, is a typo for another date or one festival's
    // day given to two.
    if (earlier) {
      const was = earlier.kind === 'holiday' ? '放假日' : '上班日';
      throw conflicting(
        at,
        `${zhDate(date)}在第${earlier.line}行已列为${was}`,
        `${date} is already a ${earlier.kind === 'holiday' ? 'holiday' : 'make-up working day'} on line ${earlier.line}`,
        { date, otherLine: earlier.line },
      );
    }
    this.days.set(date, { kind, line: at.line });
    const draft = this.drafts.get(item.festival);
    if (kind === 'holiday') draft?.holidays.add(date);
    else draft?.makeUpWorkdays.add(date);
  }

  private readNumber(at: SourceLine, value: string): LineReading {
    if (this.number && this.number.value !== value) {
      throw unreadable(
        at,
        `第${this.number.line}行的文号是${this.number.value}`,
        `line ${this.number.line} gives the number ${this.number.value}`,
      );
    }
    this.closeItem();
    this.number = { value, line: at.line };
    return {
      line: at.line,
      text: at.text,
      reading: 'source',
      zh: `发文字号：${value}。`,
      en: `notice number ${value}.`,
    };
  }

  private readSignature(at: SourceLine, year: number, month: number, day: number): LineReading {
    const date = civil(year, month, day);
    if (date === undefined) {
      throw conflicting(
        at,
        `没有${year}年${month}月${day}日这一天`,
        `there is no such day as ${year}-${month}-${day}`,
      );
    }
    if (this.signed && this.signed.value !== date) {
      throw unreadable(
        at,
        `第${this.signed.line}行的成文日期是${this.signed.value}`,
        `line ${this.signed.line} gives the date ${this.signed.value}`,
      );
    }
    this.closeItem();
    this.signed = { value: date, line: at.line };
    return {
      line: at.line,
      text: at.text,
      reading: 'source',
      zh: `成文日期：${zhDate(date)}。`,
      en: `signed on ${enDate(date)}.`,
    };
  }

  private change(): NoticeChange {
    const { kind, festival } = this.header;
    if (kind === 'extension') return this.extensionChange(festival ?? '');
    const festivals = [...this.drafts].map(([name, draft]) => {
      if (draft.holidays.size === 0) {
        throw unreadable(draft.head, `${name}没有放假日期`, `${englishName(name)} has no holidays`);
      }
      return {
        name,
        holidays: sortedUnique(draft.holidays),
        makeUpWorkdays: sortedUnique(draft.makeUpWorkdays),
      };
    });
    if (kind === 'annual') {
      if (festivals.length === 0)
        throw nothingRead('没有找到任何节日的放假安排', 'no festival and its days were found');
      this.checkComplete(festivals);
      checkYear(this.header.year, festivals);
      return { kind, festivals };
    }
    const replacement = festivals[0];
    if (!replacement || !festival) {
      throw nothingRead(
        `没有找到调整后的${festival ?? ''}放假日期`,
        `the new days of ${englishName(festival ?? '')} were not found`,
      );
    }
    return { kind, festival, replacement };
  }

  /** Every festival the opening names has its item. */
  private checkComplete(festivals: readonly Festival[]): void {
    const named = this.header.list?.festivals ?? [];
    const read = festivals.flatMap((f) => festivalParts(f.name));
    const missing = named.filter((name) => !read.includes(name));
    if (missing.length > 0) {
      const line = this.header.list?.at.line ?? 0;
      throw incomplete(
        `第${line}行列出了${named.join('、')}，但没有读到${missing.join('、')}的条目：请粘贴通知全文，并确认每一项都是“一、元旦：1月1日放假……”的形式`,
        `line ${line} names ${named.map(englishName).join(', ')}, but no item was read for ${missing.map(englishName).join(', ')}: paste the whole notice, each item in the form "一、元旦：1月1日放假…"`,
        { line, named, read, missing },
      );
    }
  }

  private extensionChange(festival: string): NoticeChange {
    const extension = this.extension;
    if (!extension)
      throw nothingRead(
        `没有找到${festival}假期延长至哪一天`,
        `the new end of ${englishName(festival)} was not found`,
      );
    for (const resume of this.resumes) {
      if (resume.date <= extension.until) {
        throw conflicting(
          resume.at,
          `正常上班的${zhDate(resume.date)}不在延长后的假期之后`,
          `work resumes on ${resume.date}, not after the extended holiday`,
          { date: resume.date },
        );
      }
    }
    return { kind: 'extension', festival, until: extension.until };
  }
}

/**
 * Reads a State Council holiday notice, or one of its amendments, as pasted by a person.
 * Throws a DomainError (CAL.NOTICE_*) naming the line of whatever it cannot read or cannot be right.
 */
export function parseOfficialNotice(text: string): ParsedNotice {
  const lines = text.split(/\r\n|\r|\n/).map((raw, index): SourceLine => {
    const line = index + 1;
    const control = controlCharacter(raw);
    if (control !== undefined) {
      throw unreadable(
        { line, text: visible(raw).trim(), norm: '' },
        `含有不可见的控制字符 ${codePoint(control)}：请从通知原文重新复制，或手工录入该行`,
        `it has the invisible control character ${codePoint(control)}: copy the line again from the notice, or type it`,
        { character: codePoint(control) },
      );
    }
    const trimmed = raw.trim();
    const norm = normalised(trimmed);
    const digit = OTHER_DIGIT.exec(norm);
    if (digit) {
      throw unreadable(
        { line, text: trimmed, norm },
        `“${digit[0]}”不是能识别的数字：请改用阿拉伯数字0至9`,
        `"${digit[0]}" is not a digit this reader knows: write 0 to 9`,
      );
    }
    return { line, text: trimmed, norm };
  });
  return new NoticeReader(readHeader(lines)).read(lines);
}

// ---------------------------------------------------------------------------------------------
// Applying a notice

/**
 * The festivals of a year once a notice is applied: an annual notice gives them all (the base is
 * ignored); an amendment changes one festival of the base.
 */
export function applyNotice(base: readonly Festival[] | undefined, notice: ParsedNotice): Festival[] {
  const { change, year } = notice;
  if (change.kind === 'annual') return checkedFestivals(year, change.festivals);
  if (base === undefined) {
    throw baseMissing(
      `这份通知只修改${year}年${change.festival}的安排，请先导入${year}年全年的节假日安排`,
      `this notice only changes ${englishName(change.festival)} ${year}; load the ${year} schedule first`,
      { year, festival: change.festival },
    );
  }
  const index = amendedIndex(base, change.festival, year);
  const applied =
    change.kind === 'adjustment'
      ? adjusted(base, index, change.replacement)
      : extended(base, index, change.until, year);
  return checkedFestivals(year, applied);
}

/** The base festival an amendment of `festival` is for: the one named so, or the one whose name has it. */
function amendedIndex(base: readonly Festival[], festival: string, year: number): number {
  const exact = base.findIndex((f) => f.name === festival);
  if (exact >= 0) return exact;
  const containing = base.flatMap((f, i) =>
    festivalParts(canonicalFestival(f.name) ?? f.name).includes(festival) ? [i] : [],
  );
  const only = containing[0];
  if (only === undefined || containing.length > 1) {
    throw baseMissing(
      containing.length > 1
        ? `${year}年的节假日安排中有多个节日含${festival}，无法确定修改哪一个`
        : `${year}年的节假日安排中没有${festival}，无法修改`,
      containing.length > 1
        ? `the ${year} schedule has more than one festival with ${englishName(festival)}; which one is changed cannot be told`
        : `the ${year} schedule has no ${englishName(festival)} to change`,
      { year, festival, names: base.map((f) => f.name) },
    );
  }
  return only;
}

function adjusted(base: readonly Festival[], index: number, replacement: Festival): Festival[] {
  // The base's name stays: an adjustment of 中秋节 changes "国庆节、中秋节" without renaming it.
  return base.map((f, i) => (i === index ? { ...replacement, name: f.name } : f));
}

/**
 * Every day after the festival's last holiday up to `until` becomes a holiday; a make-up workday in
 * that stretch is cancelled (2020: 1 February, a Saturday that was to be worked, became a day off).
 */
function extended(base: readonly Festival[], index: number, until: CivilDate, year: number): Festival[] {
  const festival = base[index];
  const last = festival ? [...festival.holidays].sort().at(-1) : undefined;
  if (!festival || last === undefined || until <= last) {
    throw scheduleConflict(
      year,
      until,
      `${festival?.name ?? ''}假期原本就到${last ?? '（无放假日）'}，延长至${until}并未延长`,
      `${festival?.name ?? ''} already runs to ${last ?? '(no holidays)'}, so extending it to ${until} extends nothing`,
    );
  }
  const added = eachDate(addDays(last, 1), until);
  const stretch = new Set(added);
  return base.map((f, i) => ({
    name: f.name,
    holidays: i === index ? sortedUnique([...f.holidays, ...added]) : [...f.holidays],
    makeUpWorkdays: f.makeUpWorkdays.filter((date) => !stretch.has(date)),
  }));
}

/**
 * What no year's schedule has: more than 60 days off, a stretch of more than 20 days off in a row,
 * or a festival twice ("中秋节" and "国庆节、中秋节").
 */
function checkYear(year: number, festivals: readonly Festival[]): void {
  const seen = new Map<string, string>();
  for (const { name } of festivals) {
    for (const part of festivalParts(canonicalFestival(name) ?? name)) {
      const earlier = seen.get(part);
      if (earlier !== undefined) {
        throw yearConflict(
          year,
          `${part}出现在“${earlier}”和“${name}”两个节日中`,
          `${part} is in both "${earlier}" and "${name}"`,
          { festival: part, names: [earlier, name] },
        );
      }
      seen.set(part, name);
    }
  }
  const holidays = sortedUnique(festivals.flatMap((f) => f.holidays));
  if (holidays.length > MOST_HOLIDAYS) {
    throw yearConflict(
      year,
      `全年放假${holidays.length}天，不会超过${MOST_HOLIDAYS}天`,
      `${holidays.length} days off in the year; no year has more than ${MOST_HOLIDAYS}`,
      { holidays: holidays.length },
    );
  }
  let from = 0;
  for (let i = 1; i <= holidays.length; i += 1) {
    const previous = holidays[i - 1];
    const date = holidays[i];
    if (date !== undefined && previous !== undefined && addDays(previous, 1) === date) continue;
    const start = holidays[from];
    if (start !== undefined && previous !== undefined && i - from > LONGEST_RUN) {
      throw yearConflict(
        year,
        `${start}至${previous}连续放假${i - from}天，一段假期不会超过${LONGEST_RUN}天`,
        `${start} to ${previous} is ${i - from} days off in a row; no holiday runs longer than ${LONGEST_RUN}`,
        { from: start, to: previous, days: i - from },
      );
    }
    from = i;
  }
}

/** Copies with sorted dates, refused unless every date is real, within the year, and one kind only. */
function checkedFestivals(year: number, festivals: readonly Festival[]): Festival[] {
  const kinds = new Map<CivilDate, 'holiday' | 'workday'>();
  const check = (date: CivilDate, kind: 'holiday' | 'workday') => {
    assertCivilDate(date);
    if (!inWindow(year, date)) {
      const { from, to } = windowOf(year);
      throw scheduleConflict(
        year,
        date,
        `${date}不在${from}至${to}之内`,
        `${date} is outside ${from} to ${to}`,
      );
    }
    if (kinds.get(date) === (kind === 'holiday' ? 'workday' : 'holiday')) {
      throw scheduleConflict(
        year,
        date,
        `${date}既是放假日又是上班日`,
        `${date} is both a holiday and a make-up working day`,
      );
    }
    kinds.set(date, kind);
  };
  const checked = festivals.map((f) => {
    f.holidays.forEach((date) => check(date, 'holiday'));
    f.makeUpWorkdays.forEach((date) => check(date, 'workday'));
    return {
      name: f.name,
      holidays: sortedUnique(f.holidays),
      makeUpWorkdays: sortedUnique(f.makeUpWorkdays),
    };
  });
  checkYear(year, checked);
  return checked;
}

// ---------------------------------------------------------------------------------------------
// The chinese-days package, by festival

interface PackageTable {
  readonly holidays: Readonly<Record<string, string>>;
  readonly workdays: Readonly<Record<string, string>>;
}

type PackageYears = Map<number, Map<string, { holidays: CivilDate[]; makeUpWorkdays: CivilDate[] }>>;

let packageYears: PackageYears | undefined;

/** The year whose schedule lists a date: 元旦 days at the end of December open the next year. */
function scheduleYear(date: CivilDate, name: string): number {
  const year = Number(date.slice(0, 4));
  return name === '元旦' && date.slice(5, 7) === '12' ? year + 1 : year;
}

function indexPackage(): PackageYears {
  if (packageYears) return packageYears;
  const table = officialDays as PackageTable;
  const years: PackageYears = new Map();
  const add = (entries: Readonly<Record<string, string>>, kind: 'holidays' | 'makeUpWorkdays') => {
    for (const [date, value] of Object.entries(entries)) {
      // Values read "Spring Festival,春节,3": English, Chinese, a day count.
      const [english = '', chinese] = value.split(',');
      const raw = chinese ?? english;
      const name = canonicalFestival(raw) ?? raw;
      const year = scheduleYear(date, name);
      const festivals =
        years.get(year) ?? new Map<string, { holidays: CivilDate[]; makeUpWorkdays: CivilDate[] }>();
      years.set(year, festivals);
      const festival = festivals.get(name) ?? { holidays: [], makeUpWorkdays: [] };
      festivals.set(name, festival);
      festival[kind].push(date);
    }
  };
  add(table.holidays, 'holidays');
  add(table.workdays, 'makeUpWorkdays');
  packageYears = years;
  return years;
}

/** The chinese-days package's schedule of a year, by festival in date order; undefined when it has none. */
export function packageFestivals(year: number): Festival[] | undefined {
  const festivals = indexPackage().get(year);
  if (!festivals) return undefined;
  return [...festivals]
    .map(([name, days]) => ({
      name,
      holidays: sortedUnique(days.holidays),
      makeUpWorkdays: sortedUnique(days.makeUpWorkdays),
    }))
    .sort((a, b) => firstDate(a).localeCompare(firstDate(b)));
}

/** A festival's place in the year is its first day off: 国庆节's make-up Sunday may precede 中秋节. */
function firstDate(festival: Festival): CivilDate {
  return sortedUnique(festival.holidays)[0] ?? sortedUnique(festival.makeUpWorkdays)[0] ?? '';
}

// ---------------------------------------------------------------------------------------------
// Comparing and loading

/** The festivals as the working calendar takes a year: every holiday and make-up workday, once. */
export function yearScheduleOf(year: number, festivals: readonly Festival[]): YearSchedule {
  const checked = checkedFestivals(year, festivals);
  return {
    year,
    holidays: sortedUnique(checked.flatMap((f) => f.holidays)),
    makeUpWorkdays: sortedUnique(checked.flatMap((f) => f.makeUpWorkdays)),
  };
}

/**
 * Every date from 1 December of the year before to 31 December where the two schedules disagree on
 * whether it is a working day (Monday to Friday and not a holiday, or a make-up workday).
 */
export function workingDayDifferences(
  year: number,
  a: readonly Festival[],
  b: readonly Festival[],
): { date: CivilDate; a: boolean; b: boolean }[] {
  const working = workingDayTest(a);
  const other = workingDayTest(b);
  const { from, to } = windowOf(year);
  return eachDate(from, to)
    .map((date) => ({ date, a: working(date), b: other(date) }))
    .filter((d) => d.a !== d.b);
}

function workingDayTest(festivals: readonly Festival[]): (date: CivilDate) => boolean {
  const holidays = new Set(festivals.flatMap((f) => f.holidays));
  const makeUpWorkdays = new Set(festivals.flatMap((f) => f.makeUpWorkdays));
  return (date) => makeUpWorkdays.has(date) || (!holidays.has(date) && !isWeekend(date));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Refuses a field it does not know: a misspelt "makeupWorkdays" must not pass as "none". */
function onlyKnownFields(value: Record<string, unknown>, known: readonly string[], path: string): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      const field = path === '' ? key : `${path}.${key}`;
      throw invalidField(
        field,
        value[key],
        `没有这个字段（可用：${known.join('、')}）`,
        `no such field (known: ${known.join(', ')})`,
      );
    }
  }
}

/** At most this many festivals in a year's JSON form, and this many dates in one festival. */
const MOST_FESTIVALS = 20;
const MOST_DATES = 40;
/** At most this many characters in a notice number ("国办发明电〔2025〕7号" has 15). */
const MOST_NUMBER_CHARACTERS = 60;

/**
 * The schedule of a year in its JSON form, `{year, festivals: [{name, holidays, makeUpWorkdays}],
 * source?: {number?, publishedOn?}}`, checked as strictly as a notice; throws CAL.SCHEDULE_INVALID
 * naming the field at fault (e.g. "festivals[2].holidays[0]").
 */
export function parseScheduleJson(input: unknown): {
  year: number;
  festivals: Festival[];
  source: NoticeSource;
} {
  if (!isRecord(input)) throw invalidField('schedule', input, '应为一个对象', 'must be an object');
  onlyKnownFields(input, ['year', 'festivals', 'source'], '');
  const year = input['year'];
  if (typeof year !== 'number' || !Number.isInteger(year) || year < FIRST_YEAR || year > LAST_YEAR) {
    throw invalidField(
      'year',
      year,
      `应为${FIRST_YEAR}至${LAST_YEAR}之间的年份`,
      `must be a year from ${FIRST_YEAR} to ${LAST_YEAR}`,
    );
  }
  const festivals = input['festivals'];
  if (!Array.isArray(festivals) || festivals.length === 0 || festivals.length > MOST_FESTIVALS) {
    throw invalidField(
      'festivals',
      Array.isArray(festivals) ? `${festivals.length} festivals` : festivals,
      `应为包含1至${MOST_FESTIVALS}个节日的数组`,
      `must be a list of 1 to ${MOST_FESTIVALS} festivals`,
    );
  }
  const days = new Map<CivilDate, { kind: 'holiday' | 'workday'; field: string }>();
  const names = new Map<string, string>();
  const parsed = festivals.map((festival: unknown, i) =>
    jsonFestival(festival, `festivals[${i}]`, year, days, names),
  );
  jsonYear(parsed);
  return { year, festivals: parsed, source: jsonSource(input['source']) };
}

/** A year's days off as a notice could set them: at most 60, and no more than 20 in a row. */
function jsonYear(festivals: readonly Festival[]): void {
  const holidays = sortedUnique(festivals.flatMap((f) => f.holidays));
  if (holidays.length > MOST_HOLIDAYS) {
    throw invalidField(
      'festivals',
      `${holidays.length} holidays`,
      `全年放假${holidays.length}天，不会超过${MOST_HOLIDAYS}天`,
      `${holidays.length} days off in the year; no year has more than ${MOST_HOLIDAYS}`,
    );
  }
  let run = 1;
  for (let i = 1; i < holidays.length; i += 1) {
    const previous = holidays[i - 1];
    run = previous !== undefined && addDays(previous, 1) === holidays[i] ? run + 1 : 1;
    if (run > LONGEST_RUN) {
      const index = festivals.findIndex((f) => f.holidays.includes(holidays[i] ?? ''));
      throw invalidField(
        `festivals[${index}].holidays`,
        holidays[i],
        `连续放假超过${LONGEST_RUN}天（至${holidays[i] ?? ''}），一段假期不会这么长`,
        `more than ${LONGEST_RUN} days off in a row (up to ${holidays[i] ?? ''}); no holiday runs so long`,
      );
    }
  }
}

/**
 * A name outside the seven, kept as written: a one-off day off (2015's 抗战胜利70周年纪念日) has
 * happened. Chinese characters and digits only, at most 20: nothing invisible, nothing that reorders.
 */
const OTHER_NAME = /^(?=.*\p{Script=Han})[\p{Script=Han}0-9]{1,20}$/u;
/** Control and formatting characters (U+0000, bidi overrides, zero-width spaces), and line separators. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

function festivalName(raw: unknown, field: string): string {
  if (typeof raw !== 'string' || raw.trim() === '') {
    throw invalidField(field, raw, '应为节日名称', 'must be the festival name');
  }
  const invisible = INVISIBLE.exec(raw);
  if (invisible) {
    throw invalidField(
      field,
      visibleAll(raw),
      `含有不可见的控制字符或格式字符 ${codePoint(invisible[0])}`,
      `has the invisible control or formatting character ${codePoint(invisible[0])}`,
    );
  }
  const canonical = canonicalFestival(raw);
  if (canonical !== undefined && festivalParts(canonical).length <= 2) return canonical;
  const name = raw.trim();
  if (canonical === undefined && OTHER_NAME.test(name)) return name;
  throw invalidField(
    field,
    raw,
    `应为${FESTIVAL_NAMES.join('、')}之一，或其中两个以“、”相连（如“国庆节、中秋节”），或不超过20个汉字（可含数字）的其他节日名称`,
    `must be one of ${FESTIVAL_NAMES.join(', ')}, or two of them joined by 、 (e.g. 国庆节、中秋节), or another name of at most 20 Chinese characters (digits allowed)`,
  );
}

/** The text with every control and formatting character written out, "⟨U+202E⟩". */
function visibleAll(text: string): string {
  return [...text].map((char) => (INVISIBLE.test(char) ? `⟨${codePoint(char)}⟩` : char)).join('');
}

function jsonFestival(
  value: unknown,
  path: string,
  year: number,
  days: Map<CivilDate, { kind: 'holiday' | 'workday'; field: string }>,
  names: Map<string, string>,
): Festival {
  if (!isRecord(value)) throw invalidField(path, value, '应为一个对象', 'must be an object');
  onlyKnownFields(value, ['name', 'holidays', 'makeUpWorkdays'], path);
  const raw = value['name'];
  const name = festivalName(raw, `${path}.name`);
  // "中秋节" and "国庆节、中秋节" in one year name 中秋节 twice.
  for (const part of festivalParts(name)) {
    const earlier = names.get(part);
    if (earlier !== undefined)
      throw invalidField(`${path}.name`, raw, `与 ${earlier} 重复`, `repeats ${earlier}`);
  }
  for (const part of festivalParts(name)) names.set(part, `${path}.name`);
  const listed = [value['holidays'], value['makeUpWorkdays']].reduce<number>(
    (sum, list) => sum + (Array.isArray(list) ? list.length : 0),
    0,
  );
  if (listed > MOST_DATES) {
    throw invalidField(
      path,
      `${listed} dates`,
      `一个节日最多${MOST_DATES}个日期，这里有${listed}个`,
      `a festival has at most ${MOST_DATES} dates, this one has ${listed}`,
    );
  }
  const holidays = jsonDates(value['holidays'], `${path}.holidays`, year, 'holiday', days);
  if (holidays.length === 0)
    throw invalidField(
      `${path}.holidays`,
      value['holidays'],
      '至少应有一个放假日',
      'must list at least one holiday',
    );
  // makeUpWorkdays may be left out when there are none; a misspelt key is refused above.
  const makeUpWorkdays =
    value['makeUpWorkdays'] === undefined
      ? []
      : jsonDates(value['makeUpWorkdays'], `${path}.makeUpWorkdays`, year, 'workday', days);
  return { name, holidays: sortedUnique(holidays), makeUpWorkdays: sortedUnique(makeUpWorkdays) };
}

function jsonDates(
  value: unknown,
  path: string,
  year: number,
  kind: 'holiday' | 'workday',
  days: Map<CivilDate, { kind: 'holiday' | 'workday'; field: string }>,
): CivilDate[] {
  if (!Array.isArray(value)) throw invalidField(path, value, '应为日期数组', 'must be a list of dates');
  return value.map((date: unknown, i) => {
    const field = `${path}[${i}]`;
    if (typeof date !== 'string' || !isCivilDate(date)) {
      throw invalidField(field, date, '应为 YYYY-MM-DD 格式的有效日期', 'must be a real date as YYYY-MM-DD');
    }
    if (!inWindow(year, date)) {
      const { from, to } = windowOf(year);
      throw invalidField(
        field,
        date,
        `不在${year}年的安排范围（${from}至${to}）内`,
        `is outside the ${year} schedule (${from} to ${to})`,
      );
    }
    if (kind === 'workday' && !isWeekend(date)) {
      throw invalidField(
        field,
        date,
        '调休上班日应是周六或周日',
        'a make-up working day must be a Saturday or Sunday',
      );
    }
    const earlier = days.get(date);
    if (earlier && earlier.kind !== kind) {
      throw invalidField(
        field,
        date,
        `与 ${earlier.field} 矛盾：同一天不能既放假又上班`,
        `contradicts ${earlier.field}: a day cannot be both off and worked`,
      );
    }
    // The same date twice, in one festival or in two, is a typo for another date.
    if (earlier) {
      throw invalidField(field, date, `与 ${earlier.field} 重复`, `repeats ${earlier.field}`);
    }
    days.set(date, { kind, field });
    return date;
  });
}

function jsonSource(value: unknown): NoticeSource {
  if (value === undefined) return {};
  if (!isRecord(value)) throw invalidField('source', value, '应为一个对象', 'must be an object');
  onlyKnownFields(value, ['number', 'publishedOn'], 'source');
  const { number, publishedOn } = value;
  if (
    number !== undefined &&
    (typeof number !== 'string' ||
      number.trim() === '' ||
      number.trim().length > MOST_NUMBER_CHARACTERS ||
      INVISIBLE.test(number))
  ) {
    throw invalidField(
      'source.number',
      typeof number === 'string' ? visibleAll(number) : number,
      `应为发文字号，如“国办发明电〔2025〕7号”，不超过${MOST_NUMBER_CHARACTERS}个字符，不含控制字符`,
      `must be the notice number, e.g. 国办发明电〔2025〕7号, at most ${MOST_NUMBER_CHARACTERS} characters, with no control characters`,
    );
  }
  if (publishedOn !== undefined && (typeof publishedOn !== 'string' || !isCivilDate(publishedOn))) {
    throw invalidField(
      'source.publishedOn',
      publishedOn,
      '应为 YYYY-MM-DD 格式的有效日期',
      'must be a real date as YYYY-MM-DD',
    );
  }
  return {
    ...(typeof number === 'string' ? { number: number.trim() } : {}),
    ...(typeof publishedOn === 'string' ? { publishedOn } : {}),
  };
}
