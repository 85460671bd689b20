import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DomainError, type Refusal } from '../errors/refusal';
import { type CivilDate, dayOfWeek } from './civil-date';
import {
  applyNotice,
  FESTIVAL_NAMES,
  type Festival,
  packageFestivals,
  parseOfficialNotice,
  parseScheduleJson,
  workingDayDifferences,
  yearScheduleOf,
} from './official-notice';
import { WorkingCalendar } from './working-calendar';

const NOTICES = path.join(__dirname, 'notices');

function notice(name: string): string {
  return readFileSync(path.join(NOTICES, `${name}.txt`), 'utf8');
}

/** A fixture with one passage changed; the passage must be there exactly once. */
function edited(name: string, from: string, to: string): string {
  const text = notice(name);
  expect(text.split(from)).toHaveLength(2);
  return text.replace(from, to);
}

function festivalsOf(name: string, base?: readonly Festival[]): Festival[] {
  return applyNotice(base, parseOfficialNotice(notice(name)));
}

function pkg(year: number): Festival[] {
  const festivals = packageFestivals(year);
  if (!festivals) throw new Error(`chinese-days has no ${year}`);
  return festivals;
}

function refusalOf(fn: () => unknown): Refusal {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return err.refusal;
    throw err;
  }
  throw new Error('expected a DomainError');
}

/** Working day as the calendar counts it, under one year's festivals. */
function isWorking(year: number, festivals: readonly Festival[], date: CivilDate): boolean {
  const schedule = yearScheduleOf(year, festivals);
  if (schedule.makeUpWorkdays.includes(date)) return true;
  if (schedule.holidays.includes(date)) return false;
  return dayOfWeek(date) !== 0 && dayOfWeek(date) !== 6;
}

function festival(festivals: readonly Festival[], name: string): Festival {
  const found = festivals.find((f) => f.name === name);
  if (!found) throw new Error(`no ${name} in ${festivals.map((f) => f.name).join(' ')}`);
  return found;
}

describe('the fixtures are the notices as published', () => {
  it('are UTF-8 with full-width punctuation, each with its number and signature date', () => {
    const files = readdirSync(NOTICES).filter((f) => f.endsWith('.txt'));
    expect(files).toHaveLength(9);
    for (const file of files) {
      const text = readFileSync(path.join(NOTICES, file), 'utf8');
      expect(text).toContain('各省、自治区、直辖市人民政府，国务院各部委、各直属机构：');
      expect(text).not.toMatch(/[():,;]/);
      const { source } = parseOfficialNotice(text);
      expect(source.number).toMatch(/^国办发明电〔20\d\d〕\d+号$/);
      expect(source.publishedOn).toMatch(/^20\d\d-\d\d-\d\d$/);
    }
  });
});

describe('the notices agree with chinese-days day for day', () => {
  it('2013, whose items put "一、元旦：" alone on a line and the dates on the next', () => {
    const parsed = parseOfficialNotice(notice('2013'));
    const head = parsed.lines.find((l) => l.text === '一、元旦：');
    expect(head).toMatchObject({
      line: 6,
      reading: 'item',
      festival: '元旦',
      holidays: [],
      makeUpWorkdays: [],
    });
    expect(parsed.lines[6]).toMatchObject({
      line: 7,
      reading: 'item',
      festival: '元旦',
      holidays: ['2013-01-01', '2013-01-02', '2013-01-03'],
      makeUpWorkdays: ['2013-01-05', '2013-01-06'],
    });
    const festivals = applyNotice(undefined, parsed);
    expect(festivals.map((f) => f.name)).toEqual([...FESTIVAL_NAMES]);
    expect(workingDayDifferences(2013, festivals, pkg(2013))).toEqual([]);
    expect(isWorking(2013, festivals, '2013-01-05')).toBe(true); // a Saturday worked
    expect(isWorking(2013, festivals, '2013-05-01')).toBe(false);
    expect(parsed.source).toEqual({ number: '国办发明电〔2012〕33号', publishedOn: '2012-12-08' });
  });

  it('2017, with a day off in lieu (补休) and Mid-Autumn joined to National Day', () => {
    const festivals = festivalsOf('2017');
    expect(workingDayDifferences(2017, festivals, pkg(2017))).toEqual([]);
    expect(festival(festivals, '元旦').holidays).toEqual(['2017-01-01', '2017-01-02']);
    expect(festival(festivals, '国庆节、中秋节')).toEqual({
      name: '国庆节、中秋节',
      holidays: [
        '2017-10-01',
        '2017-10-02',
        '2017-10-03',
        '2017-10-04',
        '2017-10-05',
        '2017-10-06',
        '2017-10-07',
        '2017-10-08',
      ],
      makeUpWorkdays: ['2017-09-30'],
    });
    expect(isWorking(2017, festivals, '2017-01-02')).toBe(false); // a Monday off
    expect(isWorking(2017, festivals, '2017-09-30')).toBe(true);
  });

  it('2018', () => {
    const festivals = festivalsOf('2018');
    expect(festivals).toHaveLength(7);
    expect(workingDayDifferences(2018, festivals, pkg(2018))).toEqual([]);
    expect(isWorking(2018, festivals, '2018-02-24')).toBe(true);
    expect(isWorking(2018, festivals, '2018-06-18')).toBe(false);
  });

  it('2019 with its Labour Day adjustment applied, including the days of December 2018', () => {
    const annual = festivalsOf('2019');
    const adjusted = festivalsOf('2019-labour-day-adjustment', annual);
    expect(workingDayDifferences(2019, adjusted, pkg(2019))).toEqual([]);
    expect(isWorking(2019, adjusted, '2018-12-29')).toBe(true); // a Saturday worked for 元旦 2019
    expect(isWorking(2019, adjusted, '2018-12-31')).toBe(false);
    expect(isWorking(2019, adjusted, '2019-04-28')).toBe(true);
    expect(isWorking(2019, adjusted, '2019-05-02')).toBe(false);
    expect(festival(adjusted, '劳动节')).toEqual({
      name: '劳动节',
      holidays: ['2019-05-01', '2019-05-02', '2019-05-03', '2019-05-04'],
      makeUpWorkdays: ['2019-04-28', '2019-05-05'],
    });
    // The other festivals are untouched.
    expect(adjusted.filter((f) => f.name !== '劳动节')).toEqual(annual.filter((f) => f.name !== '劳动节'));
  });

  it('2020 with its Spring Festival extension applied, which cancels the make-up Saturday of 1 February', () => {
    const annual = festivalsOf('2020');
    const extended = festivalsOf('2020-spring-festival-extension', annual);
    expect(workingDayDifferences(2020, extended, pkg(2020))).toEqual([]);
    expect(isWorking(2020, annual, '2020-02-01')).toBe(true);
    expect(isWorking(2020, extended, '2020-02-01')).toBe(false);
    expect(isWorking(2020, extended, '2020-02-03')).toBe(true);
    expect(festival(extended, '春节')).toEqual({
      name: '春节',
      holidays: [
        '2020-01-24',
        '2020-01-25',
        '2020-01-26',
        '2020-01-27',
        '2020-01-28',
        '2020-01-29',
        '2020-01-30',
        '2020-01-31',
        '2020-02-01',
        '2020-02-02',
      ],
      makeUpWorkdays: ['2020-01-19'],
    });
    expect(festival(extended, '国庆节、中秋节').holidays).toHaveLength(8);
  });

  it('2025, whose New Year is one day with no day moved', () => {
    const festivals = festivalsOf('2025');
    expect(workingDayDifferences(2025, festivals, pkg(2025))).toEqual([]);
    expect(festival(festivals, '元旦')).toEqual({
      name: '元旦',
      holidays: ['2025-01-01'],
      makeUpWorkdays: [],
    });
    expect(festival(festivals, '春节').holidays).toHaveLength(8);
    expect(isWorking(2025, festivals, '2025-02-08')).toBe(true);
  });

  it('2026, and it loads into the working calendar', () => {
    const festivals = festivalsOf('2026');
    expect(workingDayDifferences(2026, festivals, pkg(2026))).toEqual([]);
    const schedule = yearScheduleOf(2026, festivals);
    expect(schedule.holidays).toHaveLength(33);
    expect(schedule.makeUpWorkdays).toEqual([
      '2026-01-04',
      '2026-02-14',
      '2026-02-28',
      '2026-05-09',
      '2026-09-20',
      '2026-10-10',
    ]);
    const calendar = new WorkingCalendar([schedule]);
    expect(calendar.isWorkingDay('2026-02-28')).toBe(true);
    expect(calendar.isWorkingDay('2026-02-23')).toBe(false);
    expect(calendar.nthWorkingDay('2026-09-30', 5)).toBe('2026-10-12');
  });

  it('while the original 2019 and 2020 notices alone do differ from the package, which has the amendments', () => {
    expect(workingDayDifferences(2019, festivalsOf('2019'), pkg(2019))).toEqual([
      { date: '2019-04-28', a: false, b: true },
      { date: '2019-05-02', a: true, b: false },
      { date: '2019-05-03', a: true, b: false },
      { date: '2019-05-05', a: false, b: true },
    ]);
    expect(workingDayDifferences(2020, festivalsOf('2020'), pkg(2020))).toEqual([
      { date: '2020-01-31', a: true, b: false },
      { date: '2020-02-01', a: true, b: false },
    ]);
  });
});

describe('amendments', () => {
  it('reads an adjustment: its item names no festival, the notice does', () => {
    const parsed = parseOfficialNotice(notice('2019-labour-day-adjustment'));
    expect(parsed.year).toBe(2019);
    expect(parsed.change).toEqual({
      kind: 'adjustment',
      festival: '劳动节',
      replacement: {
        name: '劳动节',
        holidays: ['2019-05-01', '2019-05-02', '2019-05-03', '2019-05-04'],
        makeUpWorkdays: ['2019-04-28', '2019-05-05'],
      },
    });
    expect(parsed.source).toEqual({ number: '国办发明电〔2019〕3号', publishedOn: '2019-03-22' });
    // "二、各地区、各部门…" and "三、劳动节期间，…" are numbered like items but are prose.
    expect(parsed.lines.filter((l) => l.reading === 'item').map((l) => l.line)).toEqual([6]);
    expect(parsed.lines[6]).toMatchObject({ line: 7, reading: 'prose' });
    expect(parsed.lines[7]).toMatchObject({ line: 8, reading: 'prose' });
  });

  it('reads an extension: the new end, and a weekday on which work resumes', () => {
    const parsed = parseOfficialNotice(notice('2020-spring-festival-extension'));
    expect(parsed.change).toEqual({ kind: 'extension', festival: '春节', until: '2020-02-02' });
    expect(parsed.lines[5]).toMatchObject({ line: 6, reading: 'item', festival: '春节' });
    expect(parsed.lines[5]?.zh).toContain('2020年2月2日');
    expect(parsed.lines[5]?.en).toContain('work resumes Mon 2020-02-03');
  });

  it('applies an amendment of 中秋节 to the combined "国庆节、中秋节", keeping its name', () => {
    const text = [
      '国务院办公厅关于调整2020年中秋节放假安排的通知',
      '经国务院批准，现将调整2020年中秋节放假安排通知如下。',
      '一、2020年10月1日至7日放假调休，共7天。9月27日（星期日）、10月10日（星期六）上班。',
    ].join('\n');
    const adjusted = applyNotice(festivalsOf('2020'), parseOfficialNotice(text));
    expect(festival(adjusted, '国庆节、中秋节').holidays).toHaveLength(7);
    expect(isWorking(2020, adjusted, '2020-10-08')).toBe(true);
  });

  it('gives an annual notice its own festivals whatever the base', () => {
    expect(applyNotice(pkg(2025), parseOfficialNotice(notice('2026')))).toEqual(festivalsOf('2026'));
  });

  it('refuses an amendment with no base, or with a base that lacks its festival', () => {
    const adjustment = parseOfficialNotice(notice('2019-labour-day-adjustment'));
    const none = refusalOf(() => applyNotice(undefined, adjustment));
    expect(none.code).toBe('CAL.NOTICE_BASE_MISSING');
    expect(none.zh).toContain('劳动节');
    expect(none.en).toContain('Labour Day');
    const lacking = refusalOf(() =>
      applyNotice(
        festivalsOf('2019').filter((f) => f.name !== '劳动节'),
        adjustment,
      ),
    );
    expect(lacking).toMatchObject({
      code: 'CAL.NOTICE_BASE_MISSING',
      details: { festival: '劳动节', year: 2019 },
    });
    const extension = parseOfficialNotice(notice('2020-spring-festival-extension'));
    expect(refusalOf(() => applyNotice(undefined, extension)).code).toBe('CAL.NOTICE_BASE_MISSING');
  });

  it('refuses an extension that ends before the festival already does', () => {
    const extension = parseOfficialNotice(notice('2020-spring-festival-extension'));
    const longer = festivalsOf('2020').map((f) =>
      f.name === '春节' ? { ...f, holidays: [...f.holidays, '2020-02-03'] } : f,
    );
    expect(refusalOf(() => applyNotice(longer, extension)).code).toBe('CAL.NOTICE_CONFLICT');
  });
});

describe('refusals name the line (1-based) and are given in Chinese and English', () => {
  it('a weekday that is not the date’s', () => {
    const refusal = refusalOf(() => parseOfficialNotice(edited('2026', '1月1日（周四）', '1月1日（周五）')));
    expect(refusal).toMatchObject({
      code: 'CAL.NOTICE_WEEKDAY_MISMATCH',
      details: { line: 6, date: '2026-01-01', stated: '周五', actual: '周四' },
    });
    expect(refusal.zh).toContain('第6行');
    expect(refusal.en).toContain('line 6');
  });

  it('a weekday in a note beside the lunar date, written 星期', () => {
    const text = edited('2020-spring-festival-extension', '农历正月初九，星期日', '农历正月初九，星期六');
    expect(refusalOf(() => parseOfficialNotice(text))).toMatchObject({
      code: 'CAL.NOTICE_WEEKDAY_MISMATCH',
      details: { line: 6, date: '2020-02-02', stated: '星期六', actual: '星期日' },
    });
  });

  it('a count of days that is not the days listed', () => {
    const refusal = refusalOf(() => parseOfficialNotice(edited('2026', '共9天', '共8天')));
    expect(refusal).toMatchObject({
      code: 'CAL.NOTICE_COUNT_MISMATCH',
      details: { line: 7, stated: 8, counted: 9 },
    });
    const oneDay = edited('2025', '1月1日（周三）放假1天', '1月1日（周三）放假2天');
    expect(refusalOf(() => parseOfficialNotice(oneDay))).toMatchObject({
      code: 'CAL.NOTICE_COUNT_MISMATCH',
      details: { line: 7, stated: 2, counted: 1 },
    });
  });

  it('an item of a festival the regulations do not have', () => {
    const text = edited(
      '2026',
      '9月20日（周日）、10月10日（周六）上班。\n',
      '9月20日（周日）、10月10日（周六）上班。\n八、植树节：3月12日放假。\n',
    );
    const refusal = refusalOf(() => parseOfficialNotice(text));
    expect(refusal).toMatchObject({
      code: 'CAL.NOTICE_UNREADABLE',
      details: { line: 13, text: '八、植树节：3月12日放假。' },
    });
    expect(refusal.zh).toBe('第13行无法识别：“八、植树节：3月12日放假。”（“植树节”不是法定节日）');
  });

  it('a line with a date after the items that says something not understood', () => {
    const prose = edited('2026', '\n国务院办公厅', '\n另外，3月8日妇女节放假半天。\n国务院办公厅');
    expect(refusalOf(() => parseOfficialNotice(prose))).toMatchObject({
      code: 'CAL.NOTICE_UNREADABLE',
      details: { line: 15 },
    });
    const clause = edited('2026', '放假，共3天。\n四', '放假半天，共3天。\n四');
    expect(refusalOf(() => parseOfficialNotice(clause))).toMatchObject({
      code: 'CAL.NOTICE_UNREADABLE',
      details: { line: 8 },
    });
  });

  it('a make-up working day on a weekday', () => {
    const refusal = refusalOf(() =>
      parseOfficialNotice(edited('2026', '1月4日（周日）上班', '1月5日（周一）上班')),
    );
    expect(refusal).toMatchObject({ code: 'CAL.NOTICE_CONFLICT', details: { line: 6, date: '2026-01-05' } });
    expect(refusal.en).toContain('Saturday or Sunday');
  });

  it('work resuming on a weekend day', () => {
    const text = edited(
      '2020-spring-festival-extension',
      '2月3日（星期一）起正常上班',
      '2月2日（星期日）起正常上班',
    );
    expect(refusalOf(() => parseOfficialNotice(text))).toMatchObject({
      code: 'CAL.NOTICE_CONFLICT',
      details: { line: 6, date: '2020-02-02' },
    });
  });

  it('no year anywhere', () => {
    const text = '各省、自治区、直辖市人民政府，国务院各部委、各直属机构：\n一、元旦：1月1日放假。\n';
    const refusal = refusalOf(() => parseOfficialNotice(text));
    expect(refusal.code).toBe('CAL.NOTICE_NO_YEAR');
    expect(refusal.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(refusal.en).toContain('no year');
  });

  it('two different years', () => {
    const text = edited('2026', '现将2026年元旦', '现将2025年元旦');
    expect(refusalOf(() => parseOfficialNotice(text))).toMatchObject({
      code: 'CAL.NOTICE_UNREADABLE',
      details: { line: 5 },
    });
  });

  it('a date both a holiday and a make-up working day', () => {
    const refusal = refusalOf(() =>
      parseOfficialNotice(edited('2026', '5月9日（周六）上班', '4月4日（周六）上班')),
    );
    expect(refusal).toMatchObject({
      code: 'CAL.NOTICE_CONFLICT',
      details: { line: 9, date: '2026-04-04', otherLine: 8 },
    });
  });

  it('a date outside the year, or no such date', () => {
    const outside = edited('2026', '10月10日（周六）上班', '2027年1月2日（周六）上班');
    expect(refusalOf(() => parseOfficialNotice(outside))).toMatchObject({
      code: 'CAL.NOTICE_CONFLICT',
      details: { line: 12, date: '2027-01-02' },
    });
    const impossible = edited('2026', '2月28日（周六）上班', '2月30日上班');
    expect(refusalOf(() => parseOfficialNotice(impossible))).toMatchObject({
      code: 'CAL.NOTICE_CONFLICT',
      details: { line: 7 },
    });
  });

  it('a festival head whose dates never come', () => {
    const text = edited('2013', '1月1日至3日放假调休，共3天。1月5日（星期六）、1月6日（星期日）上班。\n', '');
    expect(refusalOf(() => parseOfficialNotice(text))).toMatchObject({
      code: 'CAL.NOTICE_UNREADABLE',
      details: { line: 6, text: '一、元旦：' },
    });
  });

  it('an item of a year’s notice that names no festival', () => {
    const text = edited('2026', '一、元旦：', '一、');
    expect(refusalOf(() => parseOfficialNotice(text))).toMatchObject({
      code: 'CAL.NOTICE_UNREADABLE',
      details: { line: 6 },
    });
  });

  it('a festival listed twice', () => {
    const text = edited('2026', '六、中秋节：', '六、端午节：');
    expect(refusalOf(() => parseOfficialNotice(text))).toMatchObject({
      code: 'CAL.NOTICE_CONFLICT',
      details: { line: 11 },
    });
  });
});

describe('the reading of each line, for a person to check', () => {
  it('classifies the lines of a notice and says what each item was read as', () => {
    const { lines } = parseOfficialNotice(notice('2026'));
    expect(lines.slice(0, 16).map((l) => l.reading)).toEqual([
      'preamble', // title
      'source', // 国办发明电〔2025〕7号
      'blank',
      'preamble', // addressee
      'preamble', // 经国务院批准…
      ...Array<string>(7).fill('item'),
      'prose', // 鼓励单位和个人…
      'blank',
      'prose', // 国务院办公厅
      'source', // 2025年11月4日
    ]);
    expect(lines[1]).toMatchObject({
      text: '国办发明电〔2025〕7号',
      zh: '发文字号：国办发明电〔2025〕7号。',
    });
    expect(lines[15]).toMatchObject({ text: '2025年11月4日', en: 'signed on Tue 2025-11-04.' });
    expect(lines[6]).toEqual({
      line: 7,
      text: '二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。',
      reading: 'item',
      festival: '春节',
      holidays: [
        '2026-02-15',
        '2026-02-16',
        '2026-02-17',
        '2026-02-18',
        '2026-02-19',
        '2026-02-20',
        '2026-02-21',
        '2026-02-22',
        '2026-02-23',
      ],
      makeUpWorkdays: ['2026-02-14', '2026-02-28'],
      zh: '春节：2026年2月15日（周日）至2026年2月23日（周一）放假，9天；2026年2月14日（周六）、2026年2月28日（周六）上班。',
      en: 'Spring Festival: off Sun 2026-02-15 to Mon 2026-02-23, 9 days; working days Sat 2026-02-14, Sat 2026-02-28.',
    });
    for (const line of lines.filter((l) => l.reading !== 'blank')) {
      expect(line.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(line.en).toMatch(/[a-z]/);
    }
  });

  it('takes a preamble with dates in it (2025: 自2025年1月1日起, 自10月1日起) as preamble', () => {
    const { lines } = parseOfficialNotice(notice('2025'));
    expect(lines[4]).toMatchObject({ line: 5, reading: 'preamble' });
    expect(lines[4]?.text).toContain('自2025年1月1日起');
    expect(lines[6]).toMatchObject({
      festival: '元旦',
      holidays: ['2025-01-01'],
      zh: '元旦：2025年1月1日（周三）放假；不调休。',
    });
  });

  it('reads "中秋节、国庆节" as one festival named with 国庆节 first', () => {
    const { lines } = parseOfficialNotice(notice('2017'));
    expect(lines[10]).toMatchObject({ festival: '国庆节、中秋节', makeUpWorkdays: ['2017-09-30'] });
    expect(lines[10]?.en).toContain('National Day and Mid-Autumn Festival');
  });

  it('reads other range marks, a day that keeps the month before it, and other brackets', () => {
    const base = [
      '国务院办公厅关于2013年部分节假日安排的通知',
      '国办发明电[2012]33号',
      '经国务院批准，现将2013年元旦、春节、清明节、劳动节和端午节放假调休日期的具体安排通知如下。',
      '一、元旦：1月1日—3日放假调休，共3天。1月5日（星期六）、6日（星期日）上班。',
      '二、春节：2月9日－15日放假调休，共7天。',
      '三、清明节：4月4日-6日放假调休，共3天。',
      '四、劳动节：4月29日~5月1日放假调休，共3天。',
      '五、端午节：6月10日～12日放假调休，共3天。',
      '国务院办公厅 2012年12月8日',
    ].join('\n');
    const parsed = parseOfficialNotice(base);
    const festivals = applyNotice(undefined, parsed);
    expect(festival(festivals, '元旦').makeUpWorkdays).toEqual(['2013-01-05', '2013-01-06']);
    expect(festivals.map((f) => f.holidays.length)).toEqual([3, 7, 3, 3, 3]);
    expect(parsed.source).toEqual({ number: '国办发明电〔2012〕33号', publishedOn: '2012-12-08' });
  });
});

describe('the chinese-days package by festival', () => {
  it('puts the last days of December named 元旦 in the next year’s schedule', () => {
    expect(festival(pkg(2019), '元旦')).toEqual({
      name: '元旦',
      holidays: ['2018-12-30', '2018-12-31', '2019-01-01'],
      makeUpWorkdays: ['2018-12-29'],
    });
    expect(
      pkg(2018)
        .flatMap((f) => [...f.holidays, ...f.makeUpWorkdays])
        .filter((d) => d >= '2018-12-01'),
    ).toEqual([]);
  });

  it('names the festivals as the notices do, in date order', () => {
    expect(pkg(2026).map((f) => f.name)).toEqual([...FESTIVAL_NAMES]);
    expect(pkg(2017).map((f) => f.name)).toContain('中秋节');
  });

  it('has nothing for a year it does not cover', () => {
    expect(packageFestivals(2003)).toBeUndefined();
    expect(packageFestivals(2099)).toBeUndefined();
  });
});

describe('the JSON form of a schedule', () => {
  const valid = {
    year: 2026,
    festivals: festivalsOf('2026'),
    source: { number: '国办发明电〔2025〕7号', publishedOn: '2025-11-04' },
  };

  it('reads what a parsed notice gives', () => {
    const parsed = parseScheduleJson(JSON.parse(JSON.stringify(valid)) as unknown);
    expect(parsed).toEqual(valid);
    expect(
      parseScheduleJson({ year: 2026, festivals: [{ name: '中秋、国庆节', holidays: ['2026-10-01'] }] }),
    ).toEqual({
      year: 2026,
      festivals: [{ name: '国庆节、中秋节', holidays: ['2026-10-01'], makeUpWorkdays: [] }],
      source: {},
    });
  });

  it.each([
    ['a date that is not one', ['festivals', 2, 'holidays', 0], '2026-02-30', 'festivals[2].holidays[0]'],
    [
      'a make-up working day on a weekday',
      ['festivals', 0, 'makeUpWorkdays', 0],
      '2026-01-05',
      'festivals[0].makeUpWorkdays[0]',
    ],
    ['a date outside the year', ['festivals', 6, 'holidays', 0], '2027-10-01', 'festivals[6].holidays[0]'],
    [
      'a day both off and worked',
      ['festivals', 3, 'makeUpWorkdays', 0],
      '2026-10-03',
      'festivals[6].holidays[2]',
    ],
  ])('refuses %s, naming the field', (_what, at, value, field) => {
    const input = JSON.parse(JSON.stringify(valid)) as Record<string, unknown>;
    let target: unknown = input;
    for (const key of at.slice(0, -1))
      target = (target as Record<string | number, unknown>)[key as string | number];
    (target as unknown[])[at[at.length - 1] as number] = value;
    const refusal = refusalOf(() => parseScheduleJson(input));
    expect(refusal).toMatchObject({ code: 'CAL.SCHEDULE_INVALID', details: { field } });
    expect(refusal.zh).toContain(field);
    expect(refusal.en).toContain(field);
  });

  it('refuses a missing year, an unknown or misspelt field, and a bad source', () => {
    const field = (input: unknown) => (refusalOf(() => parseScheduleJson(input)).details ?? {})['field'];
    expect(field('2026')).toBe('schedule');
    expect(field({ festivals: valid.festivals })).toBe('year');
    expect(field({ year: 2026, festivals: [] })).toBe('festivals');
    expect(
      field({ year: 2026, festivals: [{ name: '元旦', holidays: ['2026-01-01'], makeupWorkdays: [] }] }),
    ).toBe('festivals[0].makeupWorkdays');
    expect(field({ year: 2026, festivals: [{ name: '', holidays: ['2026-01-01'] }] })).toBe(
      'festivals[0].name',
    );
    expect(field({ ...valid, source: { publishedOn: '2025-11-31' } })).toBe('source.publishedOn');
  });
});

describe('what was once read wrongly without a word is now read right or refused', () => {
  const first2026 = '一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。';

  it.each([
    ['a comma for the colon', '一、元旦，1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。'],
    ['"1." for the number', '1.元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。'],
    ['"1、" for the number', '1、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。'],
    [
      '"（一）" for the number',
      '（一）元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。',
    ],
    ['a space for the colon', '一、元旦 1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。'],
  ])('reads the first item with %s, not as preamble', (_what, line) => {
    const parsed = parseOfficialNotice(edited('2026', first2026, line));
    expect(parsed.lines[5]).toMatchObject({ line: 6, reading: 'item', festival: '元旦' });
    expect(applyNotice(undefined, parsed)).toEqual(festivalsOf('2026'));
  });

  it('refuses a first item it cannot read rather than take it as preamble', () => {
    for (const line of [
      '一、元旦放假三天，1月4日（周日）上班。',
      '元旦假期：1月1日至3日放假。',
      '一、元旦放假一天。',
    ]) {
      expect(refusalOf(() => parseOfficialNotice(edited('2026', first2026, line)))).toMatchObject({
        code: 'CAL.NOTICE_UNREADABLE',
        details: { line: 6, text: line },
      });
    }
    // The opening ends at "通知如下": an item on that line or before it is not preamble either.
    const joined = edited('2026', '通知如下。\n一、', '通知如下。一、');
    expect(refusalOf(() => parseOfficialNotice(joined))).toMatchObject({
      code: 'CAL.NOTICE_UNREADABLE',
      details: { line: 5 },
    });
  });

  it('refuses a year’s notice that lacks an item its opening names, or skips a number', () => {
    const gap = edited('2026', '三、清明节：4月4日（周六）至6日（周一）放假，共3天。\n', '');
    const skipped = refusalOf(() => parseOfficialNotice(gap));
    expect(skipped).toMatchObject({
      code: 'CAL.NOTICE_INCOMPLETE',
      details: { line: 8, expected: 3, found: 4 },
    });
    expect(skipped.zh).toContain('第8行');
    expect(skipped.en).toContain('line 8');
    const last = edited(
      '2026',
      '七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。\n',
      '',
    );
    const missing = refusalOf(() => parseOfficialNotice(last));
    expect(missing).toMatchObject({
      code: 'CAL.NOTICE_INCOMPLETE',
      details: {
        named: ['元旦', '春节', '清明节', '劳动节', '端午节', '中秋节', '国庆节'],
        read: ['元旦', '春节', '清明节', '劳动节', '端午节', '中秋节'],
        missing: ['国庆节'],
      },
    });
    expect(missing.zh).toContain('国庆节');
    expect(missing.en).toContain('National Day');
  });

  it('refuses a year’s notice pasted without the opening that names its festivals', () => {
    const partial = [
      '国务院办公厅关于2026年部分节假日安排的通知',
      '一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。',
      '国务院办公厅',
      '2025年11月4日',
    ].join('\n');
    const refusal = refusalOf(() => parseOfficialNotice(partial));
    expect(refusal).toMatchObject({ code: 'CAL.NOTICE_INCOMPLETE', details: { year: 2026 } });
    expect(refusal.zh).toContain('通知全文');
    expect(refusal.en).toContain('paste the whole notice');
  });

  it('refuses an item for a festival the opening does not name', () => {
    const text = edited('2026', '现将2026年元旦、春节、', '现将2026年元旦、');
    expect(refusalOf(() => parseOfficialNotice(text))).toMatchObject({
      code: 'CAL.NOTICE_CONFLICT',
      details: { line: 7 },
    });
  });

  it('reads full-width digits and 号 as the notice means them, quoting the line as pasted', () => {
    const fullWidth = notice('2026').replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
    const parsed = parseOfficialNotice(fullWidth);
    expect(applyNotice(undefined, parsed)).toEqual(festivalsOf('2026'));
    expect(parsed.year).toBe(2026);
    expect(parsed.lines[11]?.text).toContain('１０月１０日（周六）上班');
    const hao = edited(
      '2026',
      '9月20日（周日）、10月10日（周六）上班',
      '9月20号（周日）、10月10号（周六）上班',
    );
    expect(applyNotice(undefined, parseOfficialNotice(hao))).toEqual(festivalsOf('2026'));
    const refusal = refusalOf(() =>
      parseOfficialNotice(edited('2026', '放假，共3天。\n四', '放假，共４天。\n四')),
    );
    expect(refusal).toMatchObject({ code: 'CAL.NOTICE_COUNT_MISMATCH', details: { line: 8, stated: 4 } });
    expect(refusal.zh).toContain('共４天');
  });

  it('refuses a date in another form on a line of its own after the items', () => {
    for (const [line, says] of [
      ['另：10月8号放假。', '日期'],
      ['１０月８日放假。', '日期'],
      ['十月八日放假。', '阿拉伯数字'],
      ['另外补休2天。', '天数'],
      ['国庆节一月四日上班。', '阿拉伯数字'],
    ] as const) {
      const text = edited('2026', '\n国务院办公厅', `\n${line}\n国务院办公厅`);
      const refusal = refusalOf(() => parseOfficialNotice(text));
      expect(refusal).toMatchObject({ code: 'CAL.NOTICE_UNREADABLE', details: { line: 15, text: line } });
      expect(refusal.zh).toContain(says);
    }
  });

  it('refuses a date in Chinese numerals in an item, asking for Arabic numerals', () => {
    const text = edited('2026', '1月4日（周日）上班', '一月四日（周日）上班');
    const refusal = refusalOf(() => parseOfficialNotice(text));
    expect(refusal).toMatchObject({ code: 'CAL.NOTICE_UNREADABLE', details: { line: 6 } });
    expect(refusal.zh).toContain('阿拉伯数字');
    expect(refusal.en).toContain('Arabic numerals');
  });

  it('reads a count of days on the line after its item, and checks it', () => {
    const split = (count: string) =>
      edited(
        '2026',
        '五、端午节：6月19日（周五）至21日（周日）放假，共3天。',
        `五、端午节：6月19日（周五）至21日（周日）放假。\n${count}`,
      );
    const parsed = parseOfficialNotice(split('共3天。'));
    expect(parsed.lines[10]).toMatchObject({
      line: 11,
      reading: 'item',
      festival: '端午节',
      zh: '端午节：所写天数与上文所列放假日期相符。',
    });
    expect(applyNotice(undefined, parsed)).toEqual(festivalsOf('2026'));
    expect(refusalOf(() => parseOfficialNotice(split('共5天。')))).toMatchObject({
      code: 'CAL.NOTICE_COUNT_MISMATCH',
      details: { line: 11, stated: 5, counted: 3 },
    });
  });

  it('refuses a December date of 元旦 that does not give its year', () => {
    const text = edited('2019', '2018年12月29日（星期六）上班', '12月29日上班');
    const refusal = refusalOf(() => parseOfficialNotice(text));
    expect(refusal).toMatchObject({ code: 'CAL.NOTICE_UNREADABLE', details: { line: 6 } });
    expect(refusal.zh).toContain('2018年12月31日');
    const notice2042 = [
      '国务院办公厅关于2042年部分节假日安排的通知',
      '经国务院批准，现将2042年元旦放假调休日期的具体安排通知如下。',
      '一、元旦：12月31日放假，1月1日放假，共2天。',
    ].join('\n');
    expect(refusalOf(() => parseOfficialNotice(notice2042))).toMatchObject({
      code: 'CAL.NOTICE_UNREADABLE',
      details: { line: 3 },
    });
  });

  it('checks a weekday written 礼拜, 星期天 or 周天, and refuses one it cannot check', () => {
    const misdated = (weekday: string) =>
      refusalOf(() => parseOfficialNotice(edited('2026', '1月4日（周日）', `1月4日（${weekday}）`)));
    expect(misdated('礼拜一')).toMatchObject({
      code: 'CAL.NOTICE_WEEKDAY_MISMATCH',
      details: { line: 6, date: '2026-01-04', stated: '礼拜一', actual: '礼拜日' },
    });
    for (const weekday of ['礼拜天', '礼拜日', '星期天', '周天']) {
      expect(parseOfficialNotice(edited('2026', '1月4日（周日）', `1月4日（${weekday}）`)).year).toBe(2026);
    }
    const saturday = (weekday: string) =>
      refusalOf(() => parseOfficialNotice(edited('2026', '3日（周六）', `3日（${weekday}）`)));
    for (const weekday of ['礼拜天', '星期天', '周天']) {
      expect(saturday(weekday)).toMatchObject({
        code: 'CAL.NOTICE_WEEKDAY_MISMATCH',
        details: { stated: weekday },
      });
    }
    expect(misdated('周7')).toMatchObject({ code: 'CAL.NOTICE_UNREADABLE', details: { line: 6 } });
    expect(misdated('礼拜')).toMatchObject({ code: 'CAL.NOTICE_UNREADABLE', details: { line: 6 } });
  });

  it('refuses a holiday run of more than 20 days, more than 60 days in a year, a festival twice, a year out of range', () => {
    const long = edited(
      '2026',
      '2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。',
      '2月15日至3月15日放假调休，共29天。2月14日（周六）上班。',
    );
    expect(refusalOf(() => parseOfficialNotice(long))).toMatchObject({
      code: 'CAL.NOTICE_CONFLICT',
      details: { line: 7, days: 29 },
    });
    const many = [
      '国务院办公厅关于2030年部分节假日安排的通知',
      '经国务院批准，现将2030年元旦、春节、劳动节和国庆节放假调休日期的具体安排通知如下。',
      '一、元旦：1月1日至16日放假，共16天。',
      '二、春节：2月1日至16日放假，共16天。',
      '三、劳动节：5月1日至16日放假，共16天。',
      '四、国庆节：10月1日至16日放假，共16天。',
    ].join('\n');
    expect(refusalOf(() => parseOfficialNotice(many))).toMatchObject({
      code: 'CAL.NOTICE_CONFLICT',
      details: { year: 2030, holidays: 64 },
    });
    const twice = edited('2026', '七、国庆节：', '七、国庆节、中秋节：');
    expect(refusalOf(() => parseOfficialNotice(twice))).toMatchObject({
      code: 'CAL.NOTICE_CONFLICT',
      details: { line: 12 },
    });
    for (const year of ['1999', '2201']) {
      const text = notice('2026').replace(/2026年/g, `${year}年`);
      expect(refusalOf(() => parseOfficialNotice(text))).toMatchObject({
        code: 'CAL.NOTICE_CONFLICT',
        details: { line: 1, year: Number(year) },
      });
    }
    // Applying an amendment is held to the same limits.
    const longer = festivalsOf('2020').map((f) =>
      f.name === '春节' ? { ...f, holidays: f.holidays.filter((d) => d < '2020-01-29') } : f,
    );
    const extension = parseOfficialNotice(
      edited(
        '2020-spring-festival-extension',
        '至2月2日（农历正月初九，星期日），2月3日（星期一）',
        '至2月22日，2月24日（星期一）',
      ),
    );
    expect(refusalOf(() => applyNotice(longer, extension))).toMatchObject({
      code: 'CAL.NOTICE_CONFLICT',
      details: { year: 2020, days: 30 },
    });
  });

  it('refuses a control character anywhere, at its line, quoting it so that it can be stored', () => {
    for (const [char, line] of [
      ['\u0000', 13],
      ['\u0007', 5],
      ['\u001b', 9],
      ['\u202e', 12],
    ] as const) {
      const lines = notice('2026').split('\n');
      lines[line - 1] = `${lines[line - 1] ?? ''}${char}`;
      const refusal = refusalOf(() => parseOfficialNotice(lines.join('\n')));
      expect(refusal).toMatchObject({ code: 'CAL.NOTICE_UNREADABLE', details: { line } });
      expect(JSON.stringify(refusal)).not.toContain(char);
      expect(refusal.zh).toContain('U+');
    }
  });
});

describe('the JSON form of a schedule, held to what a notice could say', () => {
  const one = (name: unknown, holidays: string[] = ['2026-01-01']) => ({ name, holidays });
  const field = (input: unknown) => {
    const refusal = refusalOf(() => parseScheduleJson(input));
    expect(refusal.code).toBe('CAL.SCHEDULE_INVALID');
    expect(JSON.stringify(refusal)).not.toContain('\u0000');
    expect(JSON.stringify(refusal)).not.toContain('\u202e');
    return (refusal.details ?? {})['field'];
  };

  it('takes the seven, two of them joined by 、, or another Chinese name of up to 20 characters', () => {
    const names = (input: unknown[]) =>
      parseScheduleJson({ year: 2015, festivals: input }).festivals.map((f) => f.name);
    expect(names([one('抗战胜利70周年纪念日', ['2015-09-03'])])).toEqual(['抗战胜利70周年纪念日']);
    expect(names([one('中秋、国庆节', ['2015-10-01'])])).toEqual(['国庆节、中秋节']);
  });

  it.each([
    ['a name with U+0000', '元旦\u0000'],
    ['a name with a bidi override', '植树节\u202e'],
    ['a name with a zero-width space', '元\u200b旦'],
    ['a name not in Chinese', 'Christmas'],
    ['three festivals in one', '元旦、春节、清明节'],
    ['a name of 21 characters', '这是一个很长很长很长很长很长很长的节日名称'],
    ['a name with a line break', '元旦\n春节'],
  ])('refuses %s', (_what, name) => {
    expect(field({ year: 2026, festivals: [one('春节', ['2026-02-16']), one(name)] })).toBe(
      'festivals[1].name',
    );
  });

  it('refuses a festival that repeats another in part, the same date twice, too many festivals or dates', () => {
    expect(
      field({
        year: 2026,
        festivals: [one('中秋节', ['2026-09-25']), one('国庆节、中秋节', ['2026-10-01'])],
      }),
    ).toBe('festivals[1].name');
    expect(field({ year: 2026, festivals: [one('元旦'), one('春节', ['2026-02-16', '2026-01-01'])] })).toBe(
      'festivals[1].holidays[1]',
    );
    expect(field({ year: 2026, festivals: [one('元旦', ['2026-01-01', '2026-01-01'])] })).toBe(
      'festivals[0].holidays[1]',
    );
    const others = Array.from({ length: 21 }, (_, i) =>
      one(`节日${i}`, [`2026-03-${String(i + 1).padStart(2, '0')}`]),
    );
    expect(field({ year: 2026, festivals: others })).toBe('festivals');
    const dates = Array.from(
      { length: 41 },
      (_, i) => `2026-0${1 + Math.floor(i / 20)}-${String((i % 20) + 1).padStart(2, '0')}`,
    );
    expect(field({ year: 2026, festivals: [one('春节', dates)] })).toBe('festivals[0]');
  });

  it('refuses more than 20 days off in a row, more than 60 in a year, and a year outside 2000–2200', () => {
    const run = Array.from({ length: 21 }, (_, i) => `2026-02-${String(i + 1).padStart(2, '0')}`);
    expect(field({ year: 2026, festivals: [one('春节', run)] })).toBe('festivals[0].holidays');
    const month = (m: string) =>
      Array.from({ length: 16 }, (_, i) => `2026-${m}-${String(i + 1).padStart(2, '0')}`);
    expect(
      field({
        year: 2026,
        festivals: [
          one('元旦', month('01')),
          one('春节', month('02')),
          one('劳动节', month('05')),
          one('国庆节', month('10')),
        ],
      }),
    ).toBe('festivals');
    expect(field({ year: 1999, festivals: [one('元旦', ['1999-01-01'])] })).toBe('year');
    expect(field({ year: 2201, festivals: [one('元旦', ['2201-01-01'])] })).toBe('year');
  });

  it('refuses a notice number longer than 60 characters or with a control character', () => {
    const festivals = [one('元旦')];
    expect(
      field({ year: 2026, festivals, source: { number: `国办发明电〔2025〕${'7'.repeat(60)}号` } }),
    ).toBe('source.number');
    expect(field({ year: 2026, festivals, source: { number: '国办发明电〔2025〕7号\u0000' } })).toBe(
      'source.number',
    );
    expect(field({ year: 2026, festivals, source: { number: '国办发明电\u202e〔2025〕7号' } })).toBe(
      'source.number',
    );
  });
});
