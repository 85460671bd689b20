import type { Kafka, Producer } from 'kafkajs';
import { EventEmitter } from 'node:events';
import type { DataSource } from 'typeorm';
import { IdempotentConsumer } from './idempotent-consumer';
import { OUTBOX_CHANNEL, OutboxRelay } from './outbox';

/** An outbox row of a vote's event, tried `attempts` times before. */
const outboxRow = (attempts: number) => ({
  id: '1',
  topic: 'jishi.voting.events.v1',
  case_id: 'c',
  event_id: 'e1',
  envelope: Buffer.from('x'),
  attempts,
});

/**
 * An outbox of one row and a pool whose one listening connection the test notifies as a commit to the
 * outbox would. While `state.failing` says so, a round fails: it `throw`s (the database refuses), or
 * the broker `refuse`s the row (the round ends with the row's failure). Rounds are counted by the
 * outbox's lock; the row's publication by its mark.
 */
function notifiedOutbox(state: { failing: 'throw' | 'refuse' | false }) {
  const counts = { rounds: 0, published: 0 };
  const row = outboxRow(0);
  const query = async (sql: string) => {
    if (sql.includes('advisory')) {
      counts.rounds += 1;
      if (state.failing === 'throw') throw new Error('the outbox table is gone');
      return [{ locked: true }];
    }
    if (sql.startsWith('SELECT "id"')) return counts.published > 0 ? [] : [row];
    if (sql.includes('"published_at" = now()')) counts.published += 1;
    return [];
  };
  const producer = {
    connect: async () => undefined,
    disconnect: async () => undefined,
    sendBatch: async () => {
      if (state.failing === 'refuse') throw new Error('the topic refused the message');
    },
  };
  const listener = Object.assign(new EventEmitter(), {
    query: async (sql: string) => ({ rows: sql.includes('current_schema') ? [{ schema: 'jishi' }] : [] }),
    release: () => undefined,
  });
  const dataSource = {
    query,
    transaction: (work: (manager: unknown) => Promise<unknown>) => work({ query }),
    driver: { master: { connect: async () => listener } },
  } as unknown as DataSource;
  const kafka = { producer: () => producer } as unknown as Kafka;
  const commit = () => listener.emit('notification', { channel: OUTBOX_CHANNEL, payload: 'jishi' });
  return { dataSource, kafka, counts, commit };
}

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
    const row = outboxRow(2);
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

  it.each(['throw', 'refuse'] as const)(
    'keeps its pause after a failed round (%s) however many commits wake it, then publishes the row; after a good round a commit starts one at once',
    async (failure) => {
      jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate'] });
      const state: { failing: 'throw' | 'refuse' | false } = { failing: failure };
      const outbox = notifiedOutbox(state);
      const relay = new OutboxRelay(outbox.dataSource, outbox.kafka, {
        intervalMs: 400,
        onFailure: () => undefined,
      });
      try {
        relay.start();
        await jest.advanceTimersByTimeAsync(0);
        expect(relay.listening).toBe(true);
        expect(outbox.counts.rounds).toBe(1);
        // Commits during the pause: none of them starts a round.
        for (let i = 0; i < 10; i++) {
          outbox.commit();
          await jest.advanceTimersByTimeAsync(30);
        }
        expect(outbox.counts.rounds).toBe(1);
        expect(outbox.counts.published).toBe(0);
        // The pause ends: one round, which publishes the row.
        state.failing = false;
        await jest.advanceTimersByTimeAsync(100);
        await jest.advanceTimersByTimeAsync(50);
        expect(outbox.counts.rounds).toBe(2);
        expect(outbox.counts.published).toBe(1);
        // A good round does not hold back the next commit.
        outbox.commit();
        await jest.advanceTimersByTimeAsync(0);
        expect(outbox.counts.rounds).toBe(3);
      } finally {
        await relay.stop();
        jest.useRealTimers();
      }
    },
  );

  it('refuses a batch size that would take nothing, naming the setting', () => {
    const dataSource = {} as DataSource;
    for (const batchSize of [0, -1, 2.5, Number.NaN])
      expect(() => new OutboxRelay(dataSource, {} as Kafka, { batchSize })).toThrow(
        /the outbox relay: batchSize must be a whole number of at least 1/,
      );
    expect(
      () =>
        new IdempotentConsumer({} as Kafka, dataSource, {} as Producer, {
          name: 'archive',
          groupId: 'g',
          topics: [],
          batchSize: 0,
        }),
    ).toThrow(/the consumer archive: batchSize must be a whole number of at least 1 \(was 0\)/);
    expect(() => new OutboxRelay(dataSource, {} as Kafka, { batchSize: 1 })).not.toThrow();
  });
});
