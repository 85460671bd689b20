import { IsObject, IsString, Matches, MaxLength, MinLength } from 'class-validator';

/** A new version of an organization's policy: the values set over the defaults, and why. */
export class ChangePolicyDto {
  /** The policy's values that differ from the defaults (@jishi/domain Policy fields). */
  @IsObject({ message: 'policy：须为按配置项给出的对象 / policy must be an object of policy fields' })
  policy!: Record<string, unknown>;

  @IsString({ message: 'reason：须说明调整理由 / reason must be text' })
  @MinLength(2, { message: 'reason：须说明调整理由 / reason: say why the policy changes' })
  @MaxLength(2000, { message: 'reason：不超过 2000 字 / reason: at most 2000 characters' })
  // eslint-disable-next-line no-control-regex
  @Matches(/^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/, {
    message: 'reason：不能含控制字符 / reason may not hold control characters',
  })
  reason!: string;
}
