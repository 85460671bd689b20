import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { ID_PATTERN, idMessage } from './ids';

/** One person on a roll, by id and name. */
export class RollMemberDto {
  @IsString()
  @Matches(ID_PATTERN, { message: idMessage('personId') })
  personId!: string;

  @IsString({ message: 'name：须填写姓名 / name must be text' })
  @MinLength(1, { message: 'name：须填写姓名 / name is required' })
  @MaxLength(64, { message: 'name：不超过 64 个字符 / name is at most 64 characters' })
  name!: string;
}

/**
 * A roll registered for one case and round (名单): the committee members of a decision meeting, the
 * participants of a recommendation meeting, the appraisers of a democratic appraisal. Only those on it
 * act in the round, each once.
 */
export class RollDto {
  @IsArray({ message: 'members：须为人员列表 / members must be a list' })
  @ArrayMinSize(1, { message: 'members：至少 1 人 / members needs at least one person' })
  @ArrayMaxSize(2000, { message: 'members：最多 2000 人 / members holds at most 2000' })
  @ValidateBy({
    name: 'distinctRollMembers',
    validator: {
      validate: (members: unknown) =>
        !Array.isArray(members) ||
        new Set(members.map((m) => (m as { personId?: unknown } | null)?.personId)).size === members.length,
      defaultMessage: () => 'members：同一人不能出现两次 / members lists a person twice',
    },
  })
  @ValidateNested({ each: true })
  @Type(() => RollMemberDto)
  members!: RollMemberDto[];
}
