import {
  type AssertedPerson,
  CallerTokenGuard,
  caseIdParam,
  ForPerson,
  Person,
  RollDto,
} from '@jishi/service-kit';
import { Body, Controller, Get, HttpCode, Param, Post, Put, UseGuards } from '@nestjs/common';
import { NominationFormDto, RecommendationBallotDto } from './rounds.dto';
import { type RoundView, RoundsService } from './rounds.service';

/** A nomination form taken: who first nominated the candidate, and how this form was filed. */
export interface FiledForm {
  firstNominatorId: string;
  filedAs: string;
}

/**
 * Nomination rounds, reached through the gateway, which authenticates the nominators and participants
 * and vouches for each: who acted comes from its assertion, never from a body.
 */
@Controller('nominations/:caseId')
@UseGuards(CallerTokenGuard)
export class RoundsController {
  constructor(private readonly rounds: RoundsService) {}

  @Get()
  view(@Param('caseId') caseId: string): Promise<RoundView> {
    return this.rounds.view(caseIdParam(caseId));
  }

  @Put('participants')
  @HttpCode(204)
  @ForPerson()
  async roll(
    @Param('caseId') caseId: string,
    @Body() body: RollDto,
    @Person() by: AssertedPerson,
  ): Promise<void> {
    await this.rounds.setRoll(caseIdParam(caseId), body.members, by);
  }

  @Post('forms')
  @HttpCode(201)
  @ForPerson()
  submitForm(
    @Param('caseId') caseId: string,
    @Body() body: NominationFormDto,
    @Person() by: AssertedPerson,
  ): Promise<FiledForm> {
    return this.rounds.submitForm(caseIdParam(caseId), body, by);
  }

  /** A recommendation ballot in the participant's own name: the person the gateway asserts. */
  @Post('ballots')
  @HttpCode(204)
  @ForPerson()
  async vote(
    @Param('caseId') caseId: string,
    @Body() body: RecommendationBallotDto,
    @Person() participant: AssertedPerson,
  ): Promise<void> {
    await this.rounds.vote(caseIdParam(caseId), participant.id, body.candidateIds);
  }

  @Post('close')
  @HttpCode(200)
  @ForPerson()
  close(@Param('caseId') caseId: string, @Person() by: AssertedPerson): Promise<RoundView> {
    return this.rounds.close(caseIdParam(caseId), by);
  }
}
