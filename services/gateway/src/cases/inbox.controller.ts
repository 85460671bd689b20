import { Answers } from '../contract/answers';
import { DEADLINES } from '@jishi/domain';
import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal } from '../auth/access.decorators';
import { CASE_READERS, type Principal } from '../auth/principal';
import { type CaseSummary, CasesService } from './cases.service';

/** What waits for a person. */
export interface Inbox {
  /** Running cases that wait on the person's role (their unit, for a member unit), each with its next deadline and what is overdue. */
  readonly owed: readonly CaseSummary[];
  /** Cases with a missed deadline that escalates to the person's role. */
  readonly escalated: readonly CaseSummary[];
}

/**
 * A person's inbox (待办): the cases waiting on them, with their deadlines (reminded before, overdue
 * after), and the missed deadlines escalated to them — from the same search attributes supervisors
 * list by, so it never disagrees with the cases.
 */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('inbox')
export class InboxController {
  constructor(private readonly cases: CasesService) {}

  @Get()
  @Answers(200, 'Inbox')
  // Those who may read cases (a department's people their own department's), and member units
  // (their consultations); not inspection team members, voters or administrators.
  @Allow(...CASE_READERS, 'member_unit')
  @ApiOperation({
    summary:
      '待办：等待本人办理的事项及其期限，以及逾期报本人督办的事项 / the cases waiting on me, and the missed deadlines escalated to me',
  })
  async inbox(@CurrentPrincipal() principal: Principal): Promise<Inbox> {
    const awaiting = principal.role === 'member_unit' ? principal.unitId : principal.role;
    const owed = await this.cases.list(principal, { awaiting, status: 'running', limit: 200 });
    const escalating = DEADLINES.filter((d) => d.escalateTo === principal.role).map((d) => d.key);
    const escalated = (
      await Promise.all(
        escalating.map((overdue) => this.cases.list(principal, { overdue, status: 'running', limit: 200 })),
      )
    ).flat();
    return { owed, escalated: [...new Map(escalated.map((c) => [c.caseId, c])).values()] };
  }
}
