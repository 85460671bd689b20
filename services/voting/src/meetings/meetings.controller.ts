import { CallerTokenGuard, caseIdParam } from '@jishi/service-kit';
import { Body, Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { AttendanceDto, CandidateBallotDto, DeferralDto } from './meetings.dto';
import { type MeetingView, MeetingsService } from './meetings.service';

/** Decision meetings, reached through the gateway, which authenticates the members. */
@Controller('meetings/:caseId')
@UseGuards(CallerTokenGuard)
export class MeetingsController {
  constructor(private readonly meetings: MeetingsService) {}

  @Get()
  view(@Param('caseId') caseId: string): Promise<MeetingView> {
    return this.meetings.view(caseIdParam(caseId));
  }

  @Post('attendance')
  @HttpCode(204)
  async attend(@Param('caseId') caseId: string, @Body() body: AttendanceDto): Promise<void> {
    await this.meetings.attend(caseIdParam(caseId), body.memberId);
  }

  @Post('ballots')
  @HttpCode(204)
  async cast(@Param('caseId') caseId: string, @Body() body: CandidateBallotDto): Promise<void> {
    await this.meetings.cast(caseIdParam(caseId), body.memberId, body.choice, body.candidateId);
  }

  @Post('deferrals')
  @HttpCode(204)
  async defer(@Param('caseId') caseId: string, @Body() body: DeferralDto): Promise<void> {
    await this.meetings.defer(caseIdParam(caseId), body.candidateId, body.reason);
  }

  @Post('close')
  @HttpCode(200)
  close(@Param('caseId') caseId: string): Promise<MeetingView> {
    return this.meetings.close(caseIdParam(caseId));
  }
}
