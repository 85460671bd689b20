import { CallerTokenGuard, caseIdParam } from '@jishi/service-kit';
import { Body, Controller, Get, HttpCode, Param, Post, Put, UseGuards } from '@nestjs/common';
import { AppraisalDto, NoticeDto, ReportDto, TeamDto } from './inspections.dto';
import { type InspectionView, InspectionsService } from './inspections.service';

/** Inspections, reached through the gateway, which authenticates the team and the appraisers. */
@Controller('inspections/:caseId')
@UseGuards(CallerTokenGuard)
export class InspectionsController {
  constructor(private readonly inspections: InspectionsService) {}

  @Get()
  view(@Param('caseId') caseId: string): Promise<InspectionView> {
    return this.inspections.view(caseIdParam(caseId));
  }

  @Put('team')
  @HttpCode(204)
  async team(@Param('caseId') caseId: string, @Body() body: TeamDto): Promise<void> {
    await this.inspections.setTeam(caseIdParam(caseId), body.members);
  }

  @Put('notice')
  @HttpCode(204)
  async notice(@Param('caseId') caseId: string, @Body() body: NoticeDto): Promise<void> {
    await this.inspections.setNotice(caseIdParam(caseId), body);
  }

  @Post('appraisals')
  @HttpCode(204)
  async appraise(@Param('caseId') caseId: string, @Body() body: AppraisalDto): Promise<void> {
    await this.inspections.appraise(caseIdParam(caseId), body);
  }

  @Put('report')
  @HttpCode(204)
  async report(@Param('caseId') caseId: string, @Body() body: ReportDto): Promise<void> {
    await this.inspections.fileReport(caseIdParam(caseId), body);
  }

  @Post('close')
  @HttpCode(200)
  close(@Param('caseId') caseId: string): Promise<InspectionView> {
    return this.inspections.close(caseIdParam(caseId));
  }
}
