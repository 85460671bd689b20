import { BallotBox, ballotBoxSettings } from './ballot-box';

type Written = { item: string; batch: { voterId: string; ballot: string }[] };

/** A box over a fake store of `voters` eligible voters per item, who are marked when written. */
function box(mixSize: number, waitMs = 5_000, refuse: string[] = [], voters = 5) {
  const written: Written[] = [];
  const marked = new Map<string, number>();
  const b = new BallotBox<string>(
    { mixSize, waitMs },
    async (item, batch) => {
      written.push({ item, batch: [...batch] });
      marked.set(item, (marked.get(item) ?? 0) + batch.length);
      return new Map(
        refuse.filter((r) => batch.some((x) => x.voterId === r)).map((r) => [r, new Error(`${r} refused`)]),
      );
    },
    async (item) => voters - (marked.get(item) ?? 0),
  );
  return { b, written };
}

describe('the ballot box', () => {
  it('writes nothing until a batch of the mix size has gathered, then the batch at once', async () => {
    const { b, written } = box(3, 5_000, [], 6);
    const first = b.cast('c/1/a', 'm1', 'agree');
    const second = b.cast('c/1/a', 'm2', 'disagree');
    await new Promise((r) => setTimeout(r, 20));
    expect(written).toEqual([]);
    const answered: string[] = [];
    for (const [m, p] of [
      ['m1', first],
      ['m2', second],
    ] as const)
      void p.then(() => answered.push(m));
    await b.cast('c/1/a', 'm3', 'agree');
    await Promise.all([first, second]);
    expect(written).toHaveLength(1);
    expect(written[0]?.batch.map((x) => x.voterId)).toEqual(['m1', 'm2', 'm3']);
    expect(answered.sort()).toEqual(['m1', 'm2']);
  });

  it('leaves no batch smaller than the mix size: five voters are one batch, not three and two', async () => {
    const { b, written } = box(3, 5_000, [], 5);
    const first = ['m1', 'm2', 'm3'].map((m) => b.cast('c/1/a', m, 'agree'));
    await new Promise((r) => setTimeout(r, 20));
    // Three wait, but writing them would leave two: they wait for the rest.
    expect(written).toEqual([]);
    await Promise.all([...first, ...['m4', 'm5'].map((m) => b.cast('c/1/a', m, 'agree'))]);
    expect(written.map((w) => w.batch.length)).toEqual([5]);
  });

  it('writes a batch that leaves enough voters for another full one', async () => {
    const { b, written } = box(3, 5_000, [], 6);
    await Promise.all(['m1', 'm2', 'm3'].map((m) => b.cast('c/1/a', m, 'agree')));
    await Promise.all(['m4', 'm5', 'm6'].map((m) => b.cast('c/1/a', m, 'agree')));
    expect(written.map((w) => w.batch.length)).toEqual([3, 3]);
  });

  it('keeps items apart, and writes what waits when the round closes', async () => {
    const { b, written } = box(3);
    const a = b.cast('c/1/a', 'm1', 'agree');
    const other = b.cast('c/1/b', 'm1', 'agree');
    await b.drainAll('c/');
    await Promise.all([a, other]);
    expect(written.map((w) => w.item).sort()).toEqual(['c/1/a', 'c/1/b']);
  });

  it('hands a ballot back, not taken, when its batch does not gather in time; a voter waits once', async () => {
    const { b, written } = box(3, 100);
    const waiting = b.cast('c/1/a', 'm1', 'agree');
    await expect(b.cast('c/1/a', 'm1', 'agree')).rejects.toMatchObject({
      response: { code: 'BALLOT.PENDING' },
    });
    await expect(waiting).rejects.toMatchObject({ response: { code: 'BALLOT.NOT_TAKEN' } });
    expect(written).toEqual([]);
    expect(b.pending('c/1/a')).toBe(0);
  });

  it('answers a voter the batch refused with the refusal, the others as taken', async () => {
    const { b } = box(2, 5_000, ['m2']);
    const one = b.cast('c/1/a', 'm1', 'agree');
    const two = b.cast('c/1/a', 'm2', 'agree');
    await expect(one).resolves.toBeUndefined();
    await expect(two).rejects.toThrow('m2 refused');
  });

  it('fails the close when the ballots waiting cannot be written', async () => {
    const b = new BallotBox<string>(
      { mixSize: 3, waitMs: 5_000 },
      async () => {
        throw new Error('the database is away');
      },
      async () => 5,
    );
    const waiting = b.cast('c/1/a', 'm1', 'agree');
    await expect(b.drainAll('c/')).rejects.toThrow('could not be written');
    await expect(waiting).rejects.toThrow('the database is away');
  });

  it('reads its settings, refusing nonsense', () => {
    const problems: string[] = [];
    expect(ballotBoxSettings('VOTING', {}, problems)).toEqual({ mixSize: 3, waitMs: 60_000 });
    ballotBoxSettings('VOTING', { VOTING_BALLOT_MIX_SIZE: '0', VOTING_BALLOT_WAIT_MS: 'x' }, problems);
    expect(problems).toEqual([
      'VOTING_BALLOT_MIX_SIZE must be a whole number from 1 to 1000',
      'VOTING_BALLOT_WAIT_MS must be a whole number of milliseconds from 100 to 60000',
    ]);
  });
});
