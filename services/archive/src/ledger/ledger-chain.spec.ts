import { type ChainFields, entryHash, GENESIS_HASH, sha256Hex, verifyChain } from './ledger-chain';

type Entry = ChainFields & { hash: string };

function chain(n: number) {
  const entries: Entry[] = [];
  let previousHash = GENESIS_HASH;
  for (let sequence = 1; sequence <= n; sequence++) {
    const fields: ChainFields = {
      caseId: 'c',
      sequence,
      eventId: `e${sequence}`,
      topic: 'jishi.case.events.v1',
      type: 'jishi.case.v1.CaseFactRecorded',
      occurredAt: `2026-11-27T08:00:0${sequence}.000Z`,
      actorId: 'a',
      actorRole: 'service',
      payloadDigest: sha256Hex(`payload ${sequence}`),
      previousHash,
    };
    const hash = entryHash(fields);
    entries.push({ ...fields, hash });
    previousHash = hash;
  }
  return entries;
}

describe('the per-case hash chain', () => {
  it('verifies an intact chain', () => {
    expect(verifyChain(chain(4))).toEqual({ valid: true, entries: 4 });
    expect(verifyChain([])).toEqual({ valid: true, entries: 0 });
  });

  it('finds a changed field', () => {
    const entries = chain(4);
    entries[2] = { ...(entries[2] as (typeof entries)[number]), actorId: 'someone else' };
    expect(verifyChain(entries)).toMatchObject({
      valid: false,
      brokenAt: 3,
      reason: 'its hash does not match its contents',
    });
  });

  it('finds a changed field whose hash was recomputed, at the next link', () => {
    const entries = chain(4);
    const forged = { ...(entries[1] as (typeof entries)[number]), payloadDigest: sha256Hex('forged') };
    entries[1] = { ...forged, hash: entryHash(forged) };
    expect(verifyChain(entries)).toMatchObject({
      valid: false,
      brokenAt: 3,
      reason: 'not linked to the previous entry',
    });
  });

  it('finds a removed or reordered entry', () => {
    const [first, second, third, fourth] = chain(4) as [Entry, Entry, Entry, Entry];
    expect(verifyChain([first, third, fourth])).toMatchObject({ valid: false, brokenAt: 3 });
    expect(verifyChain([second, first])).toMatchObject({ valid: false, brokenAt: 2 });
  });
});
