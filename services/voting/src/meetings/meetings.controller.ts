import {
  type AssertedPerson,
  CallerTokenGuard,
  caseIdParam,
  ForPerson,
  Person,
  RollDto,
} from '@jishi/service-kit';
import { Body, Controller, Get, HttpCode, Param, Post, Put, UseGuards } from '@nestjs/common';
import { AttendanceDto, CandidateBallotDto, DeferralDto } from './meetings.dto';
import { type MeetingView, MeetingsService } from './meetings.service';

/**
 * Decision meetings, reached through the gateway, which authenticates the people and vouches for each
 * of them to the service: who acted comes from its assertion, never from a body.
 */
@Controller('meetings/:caseId')
@UseGuards(CallerTokenGuard)
export class MeetingsController {
  constructor(private readonly meetings: MeetingsService) {}

  @Get()
  view(@Param('caseId') caseId: string): Promise<MeetingView> {
    return this.meetings.view(caseIdParam(caseId));
  }

  @Put('members')
  @HttpCode(204)
  @ForPerson()
  async members(
    @Param('caseId') caseId: string,
    @Body() body: RollDto,
    @Person() by: AssertedPerson,
  ): Promise<void> {
    await this.meetings.setMembers(caseIdParam(caseId), body.members, by);
  }

  @Post('attendance')
  @HttpCode(204)
  @ForPerson()
  async attend(
    @Param('caseId') caseId: string,
    @Body() body: AttendanceDto,
    @Person() by: AssertedPerson,
  ): Promise<void> {
    await this.meetings.attend(caseIdParam(caseId), body.memberId, by);
  }

  /** A secret ballot in the voter's own name: the member is the person the gateway asserts. */
  @Post('ballots')
  @HttpCode(204)
  @ForPerson()
  async cast(
    @Param('caseId') caseId: string,
    @Body() body: CandidateBallotDto,
    @Person() voter: AssertedPerson,
  ): Promise<void> {
    await this.meetings.cast(caseIdParam(caseId), voter.id, body.choice, body.candidateId);
  }

  @Post('deferrals')
  @HttpCode(204)
  @ForPerson()
  async defer(
    @Param('caseId') caseId: string,
    @Body() body: DeferralDto,
    @Person() by: AssertedPerson,
  ): Promise<void> {
    await this.meetings.defer(caseIdParam(caseId), body.candidateId, body.reason, by);
  }

  @Post('close')
  @HttpCode(200)
  @ForPerson()
  close(@Param('caseId') caseId: string, @Person() by: AssertedPerson): Promise<MeetingView> {
    return this.meetings.close(caseIdParam(caseId), by);
  }
}
