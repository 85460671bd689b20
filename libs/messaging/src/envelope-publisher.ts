import { encodeEnvelope, type Envelope } from '@jishi/contracts';
import type { Producer } from 'kafkajs';

/** Header names carried beside every record, so tools can route without decoding the envelope. */
export const HEADERS = { eventId: 'jishi-event-id', type: 'jishi-type' } as const;

/**
 * Publishes envelopes to Kafka, keyed by case id so each case's messages stay in order. Delivery is
 * at least once: a retried publish sends the same event id again, and consumers deduplicate on it.
 */
export class EnvelopePublisher {
  constructor(private readonly producer: Producer) {}

  async publish(topic: string, envelopes: readonly Envelope[]): Promise<void> {
    if (envelopes.length === 0) return;
    await this.producer.send({
      topic,
      acks: -1,
      messages: envelopes.map((envelope) => ({
        key: envelope.caseId,
        value: Buffer.from(encodeEnvelope(envelope)),
        headers: { [HEADERS.eventId]: envelope.eventId, [HEADERS.type]: envelope.type },
      })),
    });
  }
}
