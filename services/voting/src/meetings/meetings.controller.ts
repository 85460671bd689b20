import { CallerTokenGuard } from '@jishi/service-kit';
import { BadRequestException, Body, Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { AttendanceDto, BallotDto } from './meetings.dto';
import { type MeetingView, MeetingsService } from './meetings.service';

const CASE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

function caseIdOf(caseId: string): string {
  if (CASE_ID.test(caseId)) return caseId;
  throw new BadRequestException({
    code: 'REQUEST.INVALID',
    field: 'caseId',
    zh: '事项编号只能包含字母、数字、点、下划线和连字符，最长 128 位',
    en: 'caseId may hold letters, digits, dots, underscores and hyphens, at most 128',
  });
}

/** Decision meetings, reached through the gateway, which authenticates the members. */
@Controller('meetings/:caseId')
@UseGuards(CallerTokenGuard)
export class MeetingsController {
  constructor(private readonly meetings: MeetingsService) {}

  @Get()
  view(@Param('caseId') caseId: string): Promise<MeetingView> {
    return this.meetings.view(caseIdOf(caseId));
  }

  @Post('attendance')
  @HttpCode(204)
  async attend(@Param('caseId') caseId: string, @Body() body: AttendanceDto): Promise<void> {
    await this.meetings.attend(caseIdOf(caseId), body.memberId);
  }

  @Post('ballots')
  @HttpCode(204)
  async cast(@Param('caseId') caseId: string, @Body() body: BallotDto): Promise<void> {
    await this.meetings.cast(caseIdOf(caseId), body.memberId, body.choice);
  }

  @Post('close')
  @HttpCode(200)
  close(@Param('caseId') caseId: string): Promise<MeetingView> {
    return this.meetings.close(caseIdOf(caseId));
  }
}
