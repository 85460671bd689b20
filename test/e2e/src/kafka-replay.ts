import { TOPIC_SPECS } from '@jishi/contracts';
import { type Admin, Kafka, type KafkaMessage, logLevel, type SASLOptions } from 'kafkajs';

/** Reading and rewinding Kafka for the end-to-end checks. */
export class KafkaProbe {
  private readonly kafka: Kafka;
  private admin: Admin | undefined;

  constructor(brokers: readonly string[], sasl: SASLOptions) {
    this.kafka = new Kafka({
      clientId: 'e2e-probe',
      brokers: [...brokers],
      sasl,
      logLevel: logLevel.NOTHING,
    });
  }

  async connect(): Promise<void> {
    this.admin = this.kafka.admin();
    await this.admin.connect();
  }

  async disconnect(): Promise<void> {
    await this.admin?.disconnect();
  }

  private get client(): Admin {
    if (!this.admin) throw new Error('connect first');
    return this.admin;
  }

  /** The end offset of every partition of every topic of the manifest: "topic/partition" → offset. */
  async endOffsets(): Promise<Record<string, string>> {
    const ends: Record<string, string> = {};
    for (const spec of TOPIC_SPECS) {
      for (const p of await this.client.fetchTopicOffsets(spec.name))
        ends[`${spec.name}/${p.partition}`] = p.high;
    }
    return ends;
  }

  /** The topics a consumer group has committed offsets on. */
  async topicsOf(groupId: string): Promise<string[]> {
    const offsets = await this.client.fetchOffsets({ groupId });
    return offsets.filter((t) => t.partitions.some((p) => Number(p.offset) >= 0)).map((t) => t.topic);
  }

  /**
   * Rewinds a stopped group to the beginning of each of its topics: one member joins the group,
   * commits the earliest offset of every partition and leaves (one join per group, where the admin
   * client's resetOffsets joins once per topic).
   */
  async rewind(groupId: string, topics: readonly string[]): Promise<void> {
    const earliest: { topic: string; partition: number; offset: string }[] = [];
    for (const topic of topics) {
      for (const p of await this.client.fetchTopicOffsets(topic)) {
        earliest.push({ topic, partition: p.partition, offset: p.low });
      }
    }
    const consumer = this.kafka.consumer({ groupId });
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [...topics], fromBeginning: true });
      const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        // Reads nothing: the member is here only to commit.
        eachBatch: async () => undefined,
      });
      await joined;
      consumer.pause(topics.map((topic) => ({ topic })));
      await consumer.commitOffsets(earliest);
    } finally {
      await consumer.disconnect();
    }
  }

  /** True when the group has committed up to the end of every partition of its topics. */
  async caughtUp(groupId: string, topics: readonly string[]): Promise<boolean> {
    const committed = await this.client.fetchOffsets({ groupId, topics: [...topics] });
    for (const topic of committed) {
      const ends = await this.client.fetchTopicOffsets(topic.topic);
      for (const end of ends) {
        const at = topic.partitions.find((p) => p.partition === end.partition)?.offset ?? '-1';
        const low = Number(end.low);
        const high = Number(end.high);
        if (high > low && Number(at) < high) return false;
      }
    }
    return true;
  }

  /** How many records a topic holds under a key (a case id), read from its beginning. */
  async countKeyed(topic: string, key: string): Promise<number> {
    return (await this.keyed(topic, key)).length;
  }

  /** Every record of a topic with this key, from the beginning, in partition order. */
  async keyed(topic: string, key: string): Promise<KafkaMessage[]> {
    const ends = await this.client.fetchTopicOffsets(topic);
    const total = ends.reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
    if (total === 0) return [];
    const consumer = this.kafka.consumer({ groupId: `e2e-count-${Date.now()}-${Math.random()}` });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    let seen = 0;
    const matched: KafkaMessage[] = [];
    await new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          seen += 1;
          if (message.key?.toString() === key) matched.push(message);
          if (seen >= total) resolve();
        },
      });
    });
    await consumer.disconnect();
    return matched;
  }
}
