import { CallerTokenGuard, caseIdParam } from '@jishi/service-kit';
import { BadRequestException, Controller, Get, NotFoundException, Query, UseGuards } from '@nestjs/common';
import type { SignedTreeHead } from '@jishi/evidence';
import { type InclusionProof, TransparencyLogService } from './transparency-log.service';

const whole = (value: string | undefined, field: string, min: number): number => {
  const n = Number(value);
  if (value === undefined || !/^\d{1,15}$/.test(value) || n < min) {
    throw new BadRequestException({
      code: 'QUERY.INVALID',
      field,
      zh: `${field} 须为不小于 ${min} 的整数`,
      en: `${field} must be a whole number of ${min} or more`,
    });
  }
  return n;
};

/** That the log of size `to` extends the log of size `from`: the proof's hashes. */
export interface ConsistencyProof {
  from: number;
  to: number;
  proof: string[];
}

/**
 * The log of every case's facts, for anyone who may check it: the latest signed tree head, the
 * audit path of a fact in a head's tree, and the consistency proof between two heads.
 */
@Controller('log')
@UseGuards(CallerTokenGuard)
export class LogController {
  constructor(private readonly log: TransparencyLogService) {}

  @Get('head')
  async head(): Promise<SignedTreeHead> {
    const head = await this.log.latestHead();
    if (!head)
      throw new NotFoundException({
        code: 'LOG.EMPTY',
        zh: '尚无签名树头',
        en: 'no tree head has been signed yet',
      });
    return head;
  }

  @Get('inclusion')
  async inclusion(
    @Query('case') caseId?: string,
    @Query('sequence') sequence?: string,
    @Query('size') size?: string,
  ): Promise<InclusionProof> {
    const id = caseIdParam(caseId ?? '');
    const seq = whole(sequence, 'sequence', 1);
    const treeSize = whole(size, 'size', 1);
    const head = await this.log.latestHead();
    if (seq > 2_147_483_647 || !head || treeSize > head.treeSize)
      throw new BadRequestException({
        code: 'QUERY.INVALID',
        field: !head || treeSize > (head?.treeSize ?? 0) ? 'size' : 'sequence',
        zh: 'size 须不大于最新签名树头的规模，sequence 须为事实序号',
        en: 'size must be at most the latest signed head’s size, and sequence a fact’s number',
      });
    const proof = await this.log.inclusion(id, seq, treeSize);
    if (!proof)
      throw new NotFoundException({
        code: 'LOG.NOT_INCLUDED',
        zh: '该事实不在此规模的日志中',
        en: 'the fact is not in the log of that size',
      });
    return proof;
  }

  @Get('consistency')
  async consistency(@Query('from') from?: string, @Query('to') to?: string): Promise<ConsistencyProof> {
    const first = whole(from, 'from', 1);
    const second = whole(to, 'to', 1);
    const head = await this.log.latestHead();
    if (first > second || !head || second > head.treeSize)
      throw new BadRequestException({
        code: 'QUERY.INVALID',
        field: 'to',
        zh: '须 from ≤ to ≤ 最新树头的规模',
        en: 'from ≤ to ≤ the latest head’s size is required',
      });
    return { from: first, to: second, proof: await this.log.consistency(first, second) };
  }
}
