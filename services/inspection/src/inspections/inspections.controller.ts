import {
  type AssertedPerson,
  CallerTokenGuard,
  caseIdParam,
  ForPerson,
  Person,
  RollDto,
} from '@jishi/service-kit';
import { Body, Controller, Get, HttpCode, Param, Post, Put, UseGuards } from '@nestjs/common';
import { AppraisalDto, NoticeDto, ReportDto, ReportSignatureDto, TeamDto } from './inspections.dto';
import { type InspectionView, InspectionsService } from './inspections.service';

/** The report's digest (SHA-256 over its canonical JSON), which each member of the team signs. */
export interface ReportDigest {
  digest: string;
}

/**
 * Inspections, reached through the gateway, which authenticates the team and the appraisers and
 * vouches for each: who acted comes from its assertion, never from a body.
 */
@Controller('inspections/:caseId')
@UseGuards(CallerTokenGuard)
export class InspectionsController {
  constructor(private readonly inspections: InspectionsService) {}

  @Get()
  view(
    @Param('caseId') caseId: string,
    @Person({ optional: true }) reader?: AssertedPerson,
  ): Promise<InspectionView> {
    return this.inspections.view(caseIdParam(caseId), reader);
  }

  @Put('team')
  @HttpCode(204)
  @ForPerson()
  async team(
    @Param('caseId') caseId: string,
    @Body() body: TeamDto,
    @Person() by: AssertedPerson,
  ): Promise<void> {
    await this.inspections.setTeam(caseIdParam(caseId), body.members, by);
  }

  @Put('notice')
  @HttpCode(204)
  @ForPerson()
  async notice(
    @Param('caseId') caseId: string,
    @Body() body: NoticeDto,
    @Person() by: AssertedPerson,
  ): Promise<void> {
    await this.inspections.setNotice(caseIdParam(caseId), body, by);
  }

  @Put('appraisers')
  @HttpCode(204)
  @ForPerson()
  async roll(
    @Param('caseId') caseId: string,
    @Body() body: RollDto,
    @Person() by: AssertedPerson,
  ): Promise<void> {
    await this.inspections.setRoll(caseIdParam(caseId), body.members, by);
  }

  /** An appraisal in the appraiser's own name: the person the gateway asserts. */
  @Post('appraisals')
  @HttpCode(204)
  @ForPerson()
  async appraise(
    @Param('caseId') caseId: string,
    @Body() body: AppraisalDto,
    @Person() appraiser: AssertedPerson,
  ): Promise<void> {
    await this.inspections.appraise(caseIdParam(caseId), appraiser.id, body);
  }

  /** 200 with the report's digest, which each member of the team then signs. */
  @Put('report')
  @HttpCode(200)
  @ForPerson()
  report(
    @Param('caseId') caseId: string,
    @Body() body: ReportDto,
    @Person() by: AssertedPerson,
  ): Promise<ReportDigest> {
    return this.inspections.fileReport(caseIdParam(caseId), body, by);
  }

  @Post('report/signatures')
  @HttpCode(204)
  @ForPerson()
  async sign(
    @Param('caseId') caseId: string,
    @Body() body: ReportSignatureDto,
    @Person() by: AssertedPerson,
  ): Promise<void> {
    await this.inspections.signReport(caseIdParam(caseId), body, by);
  }

  @Post('close')
  @HttpCode(200)
  @ForPerson()
  close(@Param('caseId') caseId: string, @Person() by: AssertedPerson): Promise<InspectionView> {
    return this.inspections.close(caseIdParam(caseId), by);
  }
}
