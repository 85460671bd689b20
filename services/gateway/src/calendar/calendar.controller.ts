import { Answers } from '../contract/answers';
import { BadRequestException, Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow, CurrentPrincipal } from '../auth/access.decorators';
import { PERSON_ROLES, type Principal, RECORD_READERS } from '../auth/principal';
import { calendarRecordId } from '@jishi/contracts';
import { asObject, form, ServiceClient, type ServiceName } from '../participation/service-client';

const NOTICE_EXAMPLE = [
  '国务院办公厅关于2026年部分节假日安排的通知',
  '国办发明电〔2025〕7号',
  '各省、自治区、直辖市人民政府，国务院各部委、各直属机构：',
  '经国务院批准，现将2026年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。',
  '一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。',
  '二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。',
  '三、清明节：4月4日（周六）至6日（周一）放假，共3天。',
  '四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。',
  '五、端午节：6月19日（周五）至21日（周日）放假，共3天。',
  '六、中秋节：9月25日（周五）至27日（周日）放假，共3天。',
  '七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。',
  '鼓励单位和个人结合落实带薪年休假等制度，实际形成较长假期，推动错峰出行。节假日期间，各地区、各部门要妥善安排好值班和安全、保卫、疫情防控等工作，遇有重大突发事件，要按规定及时报告并妥善处置，确保人民群众祥和平安度过节日假期。',
  '国务院办公厅',
  '2025年11月4日',
].join('\n');

function yearParam(text: string): string {
  if (/^(20\d\d|2100|21\d\d|2200)$/.test(text)) return text;
  throw new BadRequestException({
    code: 'REQUEST.INVALID',
    field: 'year',
    zh: 'year：年份须为 2000 至 2200 之间的四位数',
    en: 'year must be a four-digit year from 2000 to 2200',
  });
}

/**
 * The working-day calendar (工作日历): every year's official holidays and make-up workdays, the one
 * source every deadline in working days is counted from. Anyone signed in reads it; the organization
 * department's administrators load a year from the State Council's notice the day it appears, and
 * every load, amendment, replacement or withdrawal is a fact of the record, with who did it.
 */
@ApiTags('calendar')
@ApiBearerAuth()
@Controller('calendar')
export class CalendarController {
  constructor(private readonly services: ServiceClient) {}

  /** The calendar service's answer (or, for the year's record, the archive's), passed on as it is. */
  private async forward(
    res: Response,
    method: string,
    path: string,
    body?: unknown,
    service: ServiceName = 'calendar',
    person?: Principal,
  ): Promise<unknown> {
    const answer = await this.services.forward(service, method, path, body, person);
    res.status(answer.status);
    return answer.body;
  }

  @Get('years')
  @Answers(200, ['YearSummary'])
  @Allow(...PERSON_ROLES)
  @ApiOperation({
    summary: '工作日历覆盖的年份及其来源 / the years the calendar covers, and where each comes from',
  })
  years(@Res({ passthrough: true }) res: Response) {
    return this.forward(res, 'GET', '/calendar/years');
  }

  @Get('years/:year')
  @Answers(200, 'YearView')
  @Allow(...PERSON_ROLES)
  @ApiOperation({ summary: '某年的法定节假日和调休上班日 / a year’s official holidays and make-up workdays' })
  year(@Param('year') year: string, @Res({ passthrough: true }) res: Response) {
    return this.forward(res, 'GET', `/calendar/years/${yearParam(year)}`);
  }

  @Get('years/:year/versions')
  @Answers(200, ['VersionView'])
  @Allow(...RECORD_READERS, 'org_admin')
  @ApiOperation({ summary: '某年安排的每一次导入、修改、替换、撤回 / every change to a year’s schedule' })
  versions(@Param('year') year: string, @Res({ passthrough: true }) res: Response) {
    return this.forward(res, 'GET', `/calendar/years/${yearParam(year)}/versions`);
  }

  @Get('years/:year/record')
  @Answers(200, 'RecordAnswer')
  @Allow(...RECORD_READERS, 'org_admin')
  @ApiOperation({
    summary:
      '某年工作日历的纪实记录：每次导入、修改、替换、撤回及其办理人，链式校验 / the year’s calendar on the record, every change with who made it, its chain verified',
  })
  record(@Param('year') year: string, @Res({ passthrough: true }) res: Response) {
    const id = calendarRecordId(Number(yearParam(year)));
    return this.forward(res, 'GET', `/cases/${id}/record`, undefined, 'archive');
  }

  @Post('notices/preview')
  @Answers(200, 'NoticePreview')
  @Allow('org_admin')
  @ApiOperation({
    summary:
      '预览：系统对通知原文的理解（逐行），不作任何改动 / preview what the system reads in a notice, line by line, changing nothing',
  })
  @ApiBody(form('NoticePreviewDto', { text: NOTICE_EXAMPLE }))
  preview(@Body() body: unknown, @Res({ passthrough: true }) res: Response) {
    return this.forward(res, 'POST', '/calendar/notices/preview', asObject(body));
  }

  @Post('years')
  @Answers(201, 'LoadedYear')
  @Answers(200, 'LoadedYear', '同一安排已导入 / the same schedule was already loaded')
  @Allow('org_admin')
  @ApiOperation({
    summary:
      '导入某年的节假日安排：粘贴国务院办公厅通知原文（或 JSON）；替换须注明 replace，更正内置日历须注明 correction，并说明理由 / load a year’s schedule from the notice’s text (or JSON); replace and correction must be said, with a reason',
  })
  @ApiBody(form('LoadYearDto', { text: NOTICE_EXAMPLE }, true))
  load(@CurrentPrincipal() p: Principal, @Body() body: unknown, @Res({ passthrough: true }) res: Response) {
    return this.forward(res, 'POST', '/calendar/years', asObject(body), 'calendar', p);
  }

  @Post('years/:year/withdrawal')
  @Answers(201, 'VersionView')
  @Allow('org_admin')
  @ApiOperation({
    summary: '撤回已导入的某年安排（须说明理由）/ withdraw a loaded year’s schedule, with the reason',
  })
  @ApiBody(form('WithdrawYearDto', { reason: '误导入了征求意见稿' }, true))
  withdraw(
    @CurrentPrincipal() p: Principal,
    @Param('year') year: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.forward(
      res,
      'POST',
      `/calendar/years/${yearParam(year)}/withdrawal`,
      asObject(body),
      'calendar',
      p,
    );
  }
}
