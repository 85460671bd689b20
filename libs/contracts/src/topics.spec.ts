import {
  KAFKA_PARTIES,
  Topics,
  TOPIC_MIN_INSYNC_REPLICAS,
  TOPIC_REPLICATION_FACTOR,
  TOPIC_SPECS,
} from './index';

describe('topic manifest', () => {
  it('names every topic exactly once, versioned', () => {
    const names = TOPIC_SPECS.map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^jishi\.[a-z]+\.[a-z]+\.v[0-9]+$/);
  });

  it('gives every role in Topics a topic of the manifest, and leaves no manifest topic without a role', () => {
    expect(new Set(Object.values(Topics))).toEqual(new Set(TOPIC_SPECS.map((t) => t.name)));
  });

  it('says who writes and who reads every topic, each a known party; only the administrator reads the dead letters', () => {
    const parties = new Set([...KAFKA_PARTIES.services, ...KAFKA_PARTIES.outside]);
    for (const topic of TOPIC_SPECS) {
      expect(topic.writers.length).toBeGreaterThan(0);
      for (const party of [...topic.writers, ...topic.readers]) expect(parties).toContain(party);
    }
    const byName = new Map(TOPIC_SPECS.map((t) => [t.name, t]));
    expect(byName.get(Topics.deadLetter)?.readers).toEqual([]);
    // What an outside party may write: the answers and objections, nothing a service or the workflow reads as a result.
    const outsideWrites = TOPIC_SPECS.filter((t) => t.writers.some((w) => KAFKA_PARTIES.outside.includes(w)));
    expect(outsideWrites.map((t) => t.name).sort()).toEqual(
      [Topics.objections, Topics.consultationAnswers].sort(),
    );
    // No outside party reads the requests topic: units read their own requests through the gateway's inbox.
    expect(byName.get(Topics.consultationRequests)?.readers).toEqual(['archive']);
  });

  it('keeps every record of a case for its whole life, and needs two in-sync replicas in production', () => {
    for (const topic of TOPIC_SPECS)
      expect([topic.name, topic.config?.['retention.ms']]).toEqual([
        topic.name,
        topic.name === Topics.reminders ? String(90 * 24 * 3600_000) : '-1',
      ]);
    expect(TOPIC_REPLICATION_FACTOR).toBe(3);
    expect(TOPIC_MIN_INSYNC_REPLICAS).toBe(2);
  });
});
