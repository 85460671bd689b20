import { Answers } from '../contract/answers';
import { caseIdParam } from '@jishi/service-kit';
import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal } from '../auth/access.decorators';
import type { Principal } from '../auth/principal';
import { ConsultationAnswerDto } from './consultation.dto';
import { ConsultationService, type OpenConsultation } from './consultation.service';

/** An answer taken: the id of the event that carries it to the case. */
export interface AcceptedAnswer {
  eventId: string;
}

/** The joint-meeting member units' side: their inbox of requests and their answers. */
@ApiTags('consultation')
@ApiBearerAuth()
@Controller()
export class ConsultationController {
  constructor(private readonly consultation: ConsultationService) {}

  @Get('consultations')
  @Answers(200, ['OpenConsultation'])
  @Allow('member_unit')
  @ApiOperation({ summary: '本单位待答复的征求意见 / the member unit’s open consultation requests' })
  inbox(@CurrentPrincipal() principal: Principal): Promise<OpenConsultation[]> {
    return this.consultation.inbox(principal);
  }

  @Post('cases/:caseId/consultation/answers')
  @Answers(202, 'AcceptedAnswer')
  @HttpCode(202)
  @Allow('member_unit')
  @ApiOperation({ summary: '成员单位答复征求意见 / a member unit answers the consultation' })
  answer(
    @CurrentPrincipal() principal: Principal,
    @Param('caseId') caseId: string,
    @Body() body: ConsultationAnswerDto,
  ): Promise<AcceptedAnswer> {
    return this.consultation.answer(principal, caseIdParam(caseId), body);
  }
}
