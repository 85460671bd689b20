import { IsIn, IsString, Matches } from 'class-validator';

const MEMBER_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export class AttendanceDto {
  @IsString()
  @Matches(MEMBER_ID, {
    message:
      'memberId：成员编号只能包含字母、数字、点、下划线和连字符 / memberId may hold letters, digits, dots, underscores and hyphens',
  })
  memberId!: string;
}

export class BallotDto extends AttendanceDto {
  @IsIn(['agree', 'disagree', 'abstain'], {
    message: 'choice：须为 agree、disagree 或 abstain / choice must be agree, disagree or abstain',
  })
  choice!: 'agree' | 'disagree' | 'abstain';
}
