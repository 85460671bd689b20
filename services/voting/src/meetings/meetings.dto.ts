import { ID_PATTERN, idMessage } from '@jishi/service-kit';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

/** A member present, as the recorder marks them: one on the meeting's roll. */
export class AttendanceDto {
  @IsString()
  @Matches(ID_PATTERN, { message: idMessage('memberId') })
  memberId!: string;
}

/** A secret ballot, cast in the voter's own name (the gateway's assertion says who). */
export class BallotDto {
  @IsIn(['agree', 'disagree', 'abstain'], {
    message: 'choice：须为 agree、disagree 或 abstain / choice must be agree, disagree or abstain',
  })
  choice!: 'agree' | 'disagree' | 'abstain';
}

/** A secret ballot on one candidate; the candidate may be left out where the meeting votes on one. */
export class CandidateBallotDto extends BallotDto {
  @IsOptional()
  @IsString()
  @Matches(ID_PATTERN, { message: idMessage('candidateId') })
  candidateId?: string;
}

/** Deferring a candidate's item before the vote (暂缓表决), with the reason. */
export class DeferralDto {
  @IsString()
  @Matches(ID_PATTERN, { message: idMessage('candidateId') })
  candidateId!: string;

  @IsString({ message: 'reason：须为文字 / reason must be text' })
  @MinLength(1, { message: 'reason：须说明暂缓表决的理由 / reason: say why the vote is deferred' })
  @MaxLength(2000, { message: 'reason：不超过 2000 字 / reason: at most 2000 characters' })
  reason!: string;
}
