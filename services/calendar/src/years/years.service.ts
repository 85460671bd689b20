import { create, toBinary } from '@bufbuild/protobuf';
import {
  ActorKind,
  CalendarChange,
  CalendarYearChangedSchema,
  calendarRecordId,
  createEnvelope,
  FestivalDaysSchema,
  Topics,
} from '@jishi/contracts';
import {
  applyNotice,
  checkCalendarLoad,
  checkCalendarWithdrawal,
  DomainError,
  type Festival,
  type LoadedYear,
  type LineReading,
  type NoticeSource,
  packageDisagreements,
  packageFestivals,
  parseOfficialNotice,
  parseScheduleJson,
  type ParsedNotice,
  type Refusal,
  type ScheduleOrigin,
  yearScheduleOf,
} from '@jishi/domain';
import { enqueue } from '@jishi/messaging';
import { refusalBody } from '@jishi/service-kit';
import {
  BadRequestException,
  ConflictException,
  HttpException,
  Injectable,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { Acted, ActorDto, LoadYearDto, WithdrawYearDto } from './years.dto';

/** Where a year without a loaded schedule comes from. */
export const PACKAGE_SOURCE = 'npm chinese-days 1.5.7';

type Change = 'loaded' | 'replaced' | 'amended' | 'withdrawn';

interface VersionRow {
  year: number;
  version: number;
  change: Change;
  festivals: Festival[] | null;
  notice_kind: ScheduleOrigin | 'withdrawal';
  notice_text: string;
  source_number: string;
  published_on: string;
  correction: boolean;
  reason: string;
  actor_id: string;
  actor_role: string;
  actor_unit: string;
  recorded_at: Date;
}

/** A year of the calendar as everyone reads it. */
export interface YearView {
  readonly year: number;
  /** `loaded` by an administrator, or the `package`'s data. */
  readonly origin: 'loaded' | 'package';
  /** The year's version: 0 for the package's data never changed here, else the newest change's. */
  readonly version: number;
  readonly festivals: readonly Festival[];
  readonly holidays: readonly string[];
  readonly makeUpWorkdays: readonly string[];
  readonly source: { readonly number: string; readonly publishedOn?: string };
  readonly loadedBy?: { readonly id: string; readonly role: string; readonly unitId: string };
  readonly loadedAt?: string;
}

/** One change to a year, as the record keeps it. */
export interface VersionView {
  readonly year: number;
  readonly version: number;
  readonly change: Change;
  readonly noticeKind: string;
  readonly source: { readonly number: string; readonly publishedOn: string };
  readonly correction: boolean;
  readonly reason: string;
  readonly actor: { readonly id: string; readonly role: string; readonly unitId: string };
  readonly recordedAt: string;
  readonly festivals: readonly Festival[] | null;
}

/** What a notice says, as the system understood it, before anything is loaded. */
export interface NoticePreview {
  readonly year: number;
  readonly kind: string;
  readonly source: NoticeSource;
  readonly lines: readonly LineReading[];
  /** The year's festivals once the notice is applied to what the calendar holds now. */
  readonly festivals: readonly Festival[];
  readonly holidays: readonly string[];
  readonly makeUpWorkdays: readonly string[];
  /** Dates on which it disagrees with the package's data about working (a correction, if any). */
  readonly disagreesWithPackageOn: readonly string[];
  /** The year's version now, and where it comes from. */
  readonly current: { readonly origin: 'loaded' | 'package' | 'none'; readonly version: number };
}

const CONFLICTS = new Set([
  'CAL.YEAR_ALREADY_LOADED',
  'CAL.DISAGREES_WITH_PACKAGE',
  'CAL.NOTICE_BASE_MISSING',
]);

/** A rule's refusal as the HTTP answer a client can act on: 409 for the calendar's state, 404, else 422. */
function refusal(r: Refusal): HttpException {
  if (r.code === 'CAL.NOT_LOADED') return new NotFoundException(refusalBody(r));
  if (CONFLICTS.has(r.code)) return new ConflictException(refusalBody(r));
  return new UnprocessableEntityException(refusalBody(r));
}

function read<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof DomainError) throw refusal(err.refusal);
    throw err;
  }
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The working-day calendar, the one source of every year's official schedule: the package's data
 * for the years it covers, and the schedules the organization department's administrators load from
 * the State Council's notices as they appear. Every change is a new version, published on
 * jishi.calendar.events.v1 through the outbox in the same transaction: the archive records it with
 * its author, and the signal bridge wakes the cases waiting for the year.
 */
@Injectable()
export class YearsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private async latest(manager: EntityManager, year: number): Promise<VersionRow | undefined> {
    const [row] = (await manager.query(
      `SELECT * FROM "calendar_year_version" WHERE "year" = $1 ORDER BY "version" DESC LIMIT 1`,
      [year],
    )) as VersionRow[];
    return row;
  }

  private static loadedYear(row: VersionRow | undefined): LoadedYear | undefined {
    return row
      ? {
          version: row.version,
          withdrawn: row.change === 'withdrawn',
          ...(row.festivals ? { festivals: row.festivals } : {}),
          sourceNumber: row.source_number,
        }
      : undefined;
  }

  private static view(year: number, row: VersionRow | undefined): YearView | undefined {
    if (row && row.festivals) {
      const schedule = yearScheduleOf(year, row.festivals);
      return {
        year,
        origin: 'loaded',
        version: row.version,
        festivals: row.festivals,
        holidays: schedule.holidays,
        makeUpWorkdays: schedule.makeUpWorkdays,
        source: { number: row.source_number, publishedOn: row.published_on },
        loadedBy: { id: row.actor_id, role: row.actor_role, unitId: row.actor_unit },
        loadedAt: row.recorded_at.toISOString(),
      };
    }
    const pkg = packageFestivals(year);
    if (!pkg) return undefined;
    const schedule = yearScheduleOf(year, pkg);
    return {
      year,
      origin: 'package',
      version: row?.version ?? 0,
      festivals: pkg,
      holidays: schedule.holidays,
      makeUpWorkdays: schedule.makeUpWorkdays,
      source: { number: PACKAGE_SOURCE },
    };
  }

  /** The year's calendar now; 404 CAL.YEAR_NOT_COVERED when neither a load nor the package has it. */
  async year(year: number): Promise<YearView> {
    const view = YearsService.view(year, await this.latest(this.dataSource.manager, year));
    if (view) return view;
    throw new NotFoundException({
      code: 'CAL.YEAR_NOT_COVERED',
      zh: `工作日历尚未导入 ${year} 年的法定节假日安排`,
      en: `the working-day calendar has no official schedule for ${year} yet`,
      details: { year },
    });
  }

  /** Every year the calendar answers for, newest last, without the days. */
  async years(): Promise<Omit<YearView, 'festivals' | 'holidays' | 'makeUpWorkdays'>[]> {
    const rows = (await this.dataSource.query(
      `SELECT DISTINCT ON ("year") * FROM "calendar_year_version" ORDER BY "year", "version" DESC`,
    )) as VersionRow[];
    const byYear = new Map(rows.map((r) => [r.year, r]));
    const years = new Set<number>(rows.map((r) => r.year));
    for (let y = 2004; y <= 2100; y += 1) if (packageFestivals(y)) years.add(y);
    return [...years]
      .sort((a, b) => a - b)
      .map((y) => YearsService.view(y, byYear.get(y)))
      .filter((v): v is YearView => v !== undefined)
      .map(({ festivals: _f, holidays: _h, makeUpWorkdays: _m, ...rest }) => rest);
  }

  /** Every change to a year, oldest first. */
  versions(year: number): Promise<VersionView[]> {
    return this.versionsIn(this.dataSource.manager, year);
  }

  /** Reads a notice and shows what it would make of the year; changes nothing. */
  async preview(text: string): Promise<NoticePreview> {
    const notice = read(() => parseOfficialNotice(text));
    const row = await this.latest(this.dataSource.manager, notice.year);
    const base = YearsService.view(notice.year, row);
    const festivals = read(() => applyNotice(base?.festivals, notice));
    const schedule = yearScheduleOf(notice.year, festivals);
    return {
      year: notice.year,
      kind: notice.change.kind,
      source: notice.source,
      lines: notice.lines,
      festivals,
      holidays: schedule.holidays,
      makeUpWorkdays: schedule.makeUpWorkdays,
      disagreesWithPackageOn: packageDisagreements(notice.year, festivals, packageFestivals(notice.year)),
      current: base ? { origin: base.origin, version: base.version } : { origin: 'none', version: 0 },
    };
  }

  /** What the request asks to load: the notice read from its text, or the schedule from its JSON form. */
  private static requested(dto: LoadYearDto): {
    notice: ParsedNotice;
    origin: ScheduleOrigin;
    text: string;
  } {
    if ((dto.text === undefined) === (dto.schedule === undefined)) {
      throw new BadRequestException({
        code: 'REQUEST.INVALID',
        field: 'text',
        zh: 'text：须提供通知原文（text）或 JSON 形式的安排（schedule），二者取一',
        en: 'text: give either the notice’s text (text) or the schedule in its JSON form (schedule), one of the two',
      });
    }
    if (dto.text !== undefined) {
      const text = dto.text;
      const notice = read(() => parseOfficialNotice(text));
      return { notice, origin: notice.change.kind, text };
    }
    const json = read(() => parseScheduleJson(dto.schedule));
    return {
      notice: {
        year: json.year,
        change: { kind: 'annual', festivals: json.festivals },
        source: json.source,
        lines: [],
      },
      origin: 'json',
      text: '',
    };
  }

  /** Loads a year's schedule; the same load again changes nothing and answers with the version it made. */
  async load(dto: Acted<LoadYearDto>): Promise<{ created: boolean; year: YearView }> {
    const { notice, origin, text } = YearsService.requested(dto);
    const sourceNumber = notice.source.number ?? dto.sourceNumber?.trim();
    const publishedOn = notice.source.publishedOn ?? dto.publishedOn;
    const year = notice.year;
    return this.dataSource.transaction(async (manager) => {
      // One change to a year at a time: versions follow each other.
      await manager.query(`SELECT pg_advisory_xact_lock($1)`, [year]);
      const row = await this.latest(manager, year);
      const current = YearsService.loadedYear(row);
      const base = YearsService.view(year, row);
      const festivals = read(() => applyNotice(base?.festivals, notice));
      if (
        row &&
        row.change !== 'withdrawn' &&
        same(row.festivals, festivals) &&
        row.source_number === sourceNumber &&
        row.published_on === publishedOn &&
        row.notice_kind === origin
      ) {
        return { created: false, year: YearsService.view(year, row) as YearView };
      }
      const pkg = packageFestivals(year);
      const verdict = checkCalendarLoad(
        {
          year,
          origin,
          festivals,
          ...(sourceNumber ? { sourceNumber } : {}),
          ...(publishedOn ? { publishedOn } : {}),
          ...(origin === 'json' ? {} : { textSource: notice.source }),
          given: {
            ...(dto.sourceNumber !== undefined ? { number: dto.sourceNumber } : {}),
            ...(dto.publishedOn !== undefined ? { publishedOn: dto.publishedOn } : {}),
          },
          replace: dto.replace === true,
          correction: dto.correction === true,
          ...(dto.reason !== undefined ? { reason: dto.reason } : {}),
        },
        current,
        pkg,
      );
      if (!verdict.ok) throw refusal(verdict);
      const change: Change =
        origin === 'adjustment' || origin === 'extension'
          ? 'amended'
          : current && !current.withdrawn
            ? 'replaced'
            : 'loaded';
      const version = (row?.version ?? 0) + 1;
      const saved = await this.insert(manager, {
        year,
        version,
        change,
        festivals,
        notice_kind: origin,
        notice_text: text,
        source_number: sourceNumber ?? '',
        published_on: publishedOn ?? '',
        correction: dto.correction === true,
        reason: dto.reason ?? '',
        actor: dto.actor,
      });
      return { created: true, year: YearsService.view(year, saved) as YearView };
    });
  }

  /** Withdraws a loaded schedule, with the reason; the year falls back to the package's data, if any. */
  async withdraw(year: number, dto: Acted<WithdrawYearDto>): Promise<VersionView> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock($1)`, [year]);
      const row = await this.latest(manager, year);
      const verdict = checkCalendarWithdrawal(year, YearsService.loadedYear(row), dto.reason);
      if (!verdict.ok) throw refusal(verdict);
      await this.insert(manager, {
        year,
        version: (row?.version ?? 0) + 1,
        change: 'withdrawn',
        festivals: null,
        notice_kind: 'withdrawal',
        notice_text: '',
        source_number: row?.source_number ?? '',
        published_on: row?.published_on ?? '',
        correction: false,
        reason: dto.reason,
        actor: dto.actor,
      });
      const versions = await this.versionsIn(manager, year);
      return versions[versions.length - 1] as VersionView;
    });
  }

  private async versionsIn(manager: EntityManager, year: number): Promise<VersionView[]> {
    const rows = (await manager.query(
      `SELECT * FROM "calendar_year_version" WHERE "year" = $1 ORDER BY "version"`,
      [year],
    )) as VersionRow[];
    return rows.map((r) => ({
      year: r.year,
      version: r.version,
      change: r.change,
      noticeKind: r.notice_kind,
      source: { number: r.source_number, publishedOn: r.published_on },
      correction: r.correction,
      reason: r.reason,
      actor: { id: r.actor_id, role: r.actor_role, unitId: r.actor_unit },
      recordedAt: r.recorded_at.toISOString(),
      festivals: r.festivals,
    }));
  }

  /** Inserts a version and, in the same transaction, the event that tells everyone. */
  private async insert(
    manager: EntityManager,
    v: Omit<VersionRow, 'actor_id' | 'actor_role' | 'actor_unit' | 'recorded_at'> & { actor: ActorDto },
  ): Promise<VersionRow> {
    const [row] = (await manager.query(
      `INSERT INTO "calendar_year_version"
         ("year", "version", "change", "festivals", "notice_kind", "notice_text", "source_number",
          "published_on", "correction", "reason", "actor_id", "actor_role", "actor_unit")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING *`,
      [
        v.year,
        v.version,
        v.change,
        v.festivals === null ? null : JSON.stringify(v.festivals),
        v.notice_kind,
        v.notice_text,
        v.source_number,
        v.published_on,
        v.correction,
        v.reason,
        v.actor.id,
        v.actor.role,
        v.actor.unitId,
      ],
    )) as VersionRow[];
    const saved = row as VersionRow;
    const changes: Record<Change, CalendarChange> = {
      loaded: CalendarChange.LOADED,
      replaced: CalendarChange.REPLACED,
      amended: CalendarChange.AMENDED,
      withdrawn: CalendarChange.WITHDRAWN,
    };
    const payload = create(CalendarYearChangedSchema, {
      year: v.year,
      version: v.version,
      change: changes[v.change],
      festivals: (v.festivals ?? []).map((f) =>
        create(FestivalDaysSchema, {
          name: f.name,
          holidays: [...f.holidays],
          makeUpWorkdays: [...f.makeUpWorkdays],
        }),
      ),
      sourceNumber: v.source_number,
      publishedOn: v.published_on,
      noticeKind: v.notice_kind,
      noticeText: v.notice_text,
      correction: v.correction,
      reason: v.reason,
    });
    await enqueue(manager, Topics.calendarEvents, [
      createEnvelope({
        // Unique per change even across deployments sharing a broker; stored once in the outbox, so a
        // republished change carries the same id.
        eventId: `calendar/${v.year}/v${v.version}/${randomUUID()}`,
        caseId: calendarRecordId(v.year),
        type: CalendarYearChangedSchema.typeName,
        occurredAt: saved.recorded_at,
        actor: { id: v.actor.id, kind: ActorKind.PERSON, role: v.actor.role, unitId: v.actor.unitId },
        payload: toBinary(CalendarYearChangedSchema, payload),
      }),
    ]);
    return saved;
  }
}
