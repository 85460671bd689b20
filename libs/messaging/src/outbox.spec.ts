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

  it('takes a database failure after a sent request as the round failing, not the rows: none is sent again one by one or set aside', async () => {
    const row = {
      id: '1',
      topic: 'jishi.voting.events.v1',
      case_id: 'c',
      event_id: 'e1',
      envelope: Buffer.from('x'),
      attempts: 2,
    };
    const sent: unknown[] = [];
    const producer = {
      connect: async () => undefined,
      disconnect: async () => undefined,
      sendBatch: async (batch: unknown) => void sent.push(batch),
    };
    const query = async (sql: string) => {
      if (sql.includes('advisory')) return [{ locked: true }];
      if (sql.startsWith('SELECT "id"')) return [row, { ...row, id: '2', event_id: 'e2' }];
      if (sql.startsWith('UPDATE'))
        throw Object.assign(new Error('the database went away'), { code: '57P01' });
      return [];
    };
    const dataSource = {
      query,
      transaction: (work: (manager: unknown) => Promise<unknown>) => work({ query }),
    } as unknown as DataSource;
    const reported: string[] = [];
    const relay = new OutboxRelay(dataSource, { producer: () => producer } as unknown as Kafka, {
      maxAttempts: 3,
      onFailure: (line) => reported.push(line),
    });
    await expect(relay.round()).rejects.toThrow('the database went away');
    // One request, not a second one row by row, and no dead letter for a row that was sent.
    expect(sent).toHaveLength(1);
    expect(reported).toEqual([]);
    await relay.stop();
  });
});
