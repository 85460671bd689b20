import { ID_PATTERN, idMessage } from '@jishi/service-kit';
import { IsIn, IsString, Matches } from 'class-validator';

export class AttendanceDto {
  @IsString()
  @Matches(ID_PATTERN, { message: idMessage('memberId') })
  memberId!: string;
}

export class BallotDto extends AttendanceDto {
  @IsIn(['agree', 'disagree', 'abstain'], {
    message: 'choice：须为 agree、disagree 或 abstain / choice must be agree, disagree or abstain',
  })
  choice!: 'agree' | 'disagree' | 'abstain';
}
