import { CallerTokenGuard, caseIdParam } from '@jishi/service-kit';
import { Body, Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { NominationFormDto, RecommendationBallotDto } from './rounds.dto';
import { type RoundView, RoundsService } from './rounds.service';

/** Nomination rounds, reached through the gateway, which authenticates the nominators and participants. */
@Controller('nominations/:caseId')
@UseGuards(CallerTokenGuard)
export class RoundsController {
  constructor(private readonly rounds: RoundsService) {}

  @Get()
  view(@Param('caseId') caseId: string): Promise<RoundView> {
    return this.rounds.view(caseIdParam(caseId));
  }

  @Post('forms')
  @HttpCode(201)
  submitForm(
    @Param('caseId') caseId: string,
    @Body() body: NominationFormDto,
  ): Promise<{ firstNominatorId: string; filedAs: string }> {
    return this.rounds.submitForm(caseIdParam(caseId), body);
  }

  @Post('ballots')
  @HttpCode(204)
  async vote(@Param('caseId') caseId: string, @Body() body: RecommendationBallotDto): Promise<void> {
    await this.rounds.vote(caseIdParam(caseId), body.participantId, body.candidateIds);
  }

  @Post('close')
  @HttpCode(200)
  close(@Param('caseId') caseId: string): Promise<RoundView> {
    return this.rounds.close(caseIdParam(caseId));
  }
}
