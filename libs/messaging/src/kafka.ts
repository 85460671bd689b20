import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';

export interface KafkaSettings {
  readonly clientId: string;
  readonly brokers: readonly string[];
}

export function createKafka(settings: KafkaSettings): Kafka {
  return new Kafka({ clientId: settings.clientId, brokers: [...settings.brokers], logLevel: logLevel.WARN });
}

/** An idempotent producer (no duplicates from the producer's own retries), waiting for all replicas. */
export function createProducer(kafka: Kafka): Producer {
  return kafka.producer({
    idempotent: true,
    maxInFlightRequests: 5,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
}
