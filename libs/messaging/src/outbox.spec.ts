import type { Kafka } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { OutboxRelay } from './outbox';

describe('the outbox relay', () => {
  it('stops for good when stopped while a round is running: no further round polls the database', async () => {
    let queries = 0;
    let release: () => void = () => undefined;
    // Each round begins by taking the outbox's lock: the rounds are counted by it.
    const query = (sql: string) => {
      if (!sql.includes('advisory')) return Promise.resolve([]);
      queries += 1;
      // The first round is slow: the relay is stopped while it runs.
      return queries === 1 ? new Promise<unknown[]>((r) => (release = () => r([]))) : Promise.resolve([]);
    };
    const dataSource = {
      query,
      transaction: (work: (manager: unknown) => Promise<unknown>) => work({ query }),
    } as unknown as DataSource;
    const relay = new OutboxRelay(dataSource, {} as Kafka, { intervalMs: 5 });
    relay.start();
    expect(queries).toBe(1);
    const stopping = relay.stop();
    release();
    await stopping;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(queries).toBe(1);
  });

  it('polls again and again while it runs', async () => {
    let queries = 0;
    const query = async () => ((queries += 1), []);
    const dataSource = {
      query,
      transaction: (work: (manager: unknown) => Promise<unknown>) => work({ query }),
    } as unknown as DataSource;
    const relay = new OutboxRelay(dataSource, {} as Kafka, { intervalMs: 5 });
    relay.start();
    await new Promise((resolve) => setTimeout(resolve, 60));
    await relay.stop();
    const polled = queries;
    expect(polled).toBeGreaterThan(2);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(queries).toBe(polled);
  });
});
