import { type AssertedPerson, Callers, CallerTokenGuard, ForPerson, Person } from '@jishi/service-kit';
import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Res,
  UseGuards,
} from '@nestjs/common';
import type { Response } from 'express';
import { LoadYearDto, NoticePreviewDto, WithdrawYearDto } from './years.dto';
import { type NoticePreview, type VersionView, type YearView, YearsService } from './years.service';

function yearParam(text: string): number {
  const year = Number(text);
  if (/^\d{4}$/.test(text) && year >= 2000 && year <= 2200) return year;
  throw new BadRequestException({
    code: 'REQUEST.INVALID',
    field: 'year',
    zh: 'year：年份须为 2000 至 2200 之间的四位数',
    en: 'year must be a four-digit year from 2000 to 2200',
  });
}

/** A year loaded: its schedule, and whether this request loaded it (false: it was already). */
export type LoadedYear = YearView & { created: boolean };
/** A year in the list of years: its version, without its days. */
export type YearSummary = Omit<YearView, 'festivals' | 'holidays' | 'makeUpWorkdays'>;

/**
 * The working-day calendar, reached through the gateway, which authenticates the administrators
 * who load schedules and vouches for who they are; the worker reads the years it counts with.
 */
@Controller('calendar')
@UseGuards(CallerTokenGuard)
export class YearsController {
  constructor(private readonly years: YearsService) {}

  @Get('years')
  @Callers('gateway', 'worker')
  list(): Promise<YearSummary[]> {
    return this.years.years();
  }

  @Get('years/:year')
  @Callers('gateway', 'worker')
  year(@Param('year') year: string): Promise<YearView> {
    return this.years.year(yearParam(year));
  }

  @Get('years/:year/versions')
  versions(@Param('year') year: string): Promise<VersionView[]> {
    return this.years.versions(yearParam(year));
  }

  @Post('notices/preview')
  @HttpCode(200)
  preview(@Body() body: NoticePreviewDto): Promise<NoticePreview> {
    return this.years.preview(body.text);
  }

  /** 201 with the new version; 200 when the same schedule was already loaded (a retried request). */
  @Post('years')
  @ForPerson()
  async load(
    @Body() body: LoadYearDto,
    @Person() by: AssertedPerson,
    @Res({ passthrough: true }) res: Response,
  ): Promise<LoadedYear> {
    const { created, year } = await this.years.load({ ...body, actor: actorOf(by) });
    res.status(created ? 201 : 200);
    return { ...year, created };
  }

  @Post('years/:year/withdrawal')
  @HttpCode(201)
  @ForPerson()
  withdraw(
    @Param('year') year: string,
    @Body() body: WithdrawYearDto,
    @Person() by: AssertedPerson,
  ): Promise<VersionView> {
    return this.years.withdraw(yearParam(year), { ...body, actor: actorOf(by) });
  }
}

/** Who acted, as the gateway asserted them. */
export const actorOf = (by: AssertedPerson) => ({ id: by.id, role: by.role, unitId: by.unitId });
