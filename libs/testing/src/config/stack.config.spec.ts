import { loadStackSettings, parseStackConf } from './stack.config';

describe('stack settings', () => {
  it('parses KEY=VALUE lines, strips quotes, skips comments', () => {
    expect(parseStackConf('# comment\nA=1\nB="x y"\n  \nnot a line\n')).toEqual({ A: '1', B: 'x y' });
  });

  it('reads deploy/local/stack.conf as stack.sh does', () => {
    const s = loadStackSettings({});
    expect(s.temporal.address).toBe('127.0.0.1:7233');
    expect(s.temporal.namespace).toBe('jishi');
    expect(s.temporal.searchAttributes).toMatchObject({ CaseGate: 'Keyword', CaseNextDeadline: 'Datetime' });
    expect(s.kafka.brokers).toEqual(['127.0.0.1:9092']);
    expect(s.postgres.databases).toContain('jishi_smoke');
    expect(s.temporal.testServerPath).toMatch(/\.jishi\/tools\/temporal\/bin\/temporal-test-server$/);
  });

  it('lets the environment override a setting, and refuses a port that is not one', () => {
    expect(loadStackSettings({ KAFKA_PORT: '19092' }).kafka.brokers).toEqual(['127.0.0.1:19092']);
    expect(() => loadStackSettings({ PG_PORT: 'abc' })).toThrow('PG_PORT is not a port');
  });
});
