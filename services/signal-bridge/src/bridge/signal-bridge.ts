import { caseWorkflowId, decodeEnvelope, EnvelopeError } from '@jishi/contracts';
import { sendToDeadLetter } from '@jishi/messaging';
import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import type { Consumer, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { BRIDGED_TOPICS, signalFor } from './result-signals';

/**
 * Consumes the result topics and signals each result to its case workflow, `case-<caseId>`. The
 * signal carries the event id and the workflow ignores an id it has seen, so a redelivered event
 * changes nothing. An event that cannot be decoded, or whose case has no workflow, goes to the
 * dead-letter topic with the reason; a failure to reach Temporal is thrown, and Kafka redelivers.
 */
export class SignalBridge {
  private consumer: Consumer | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly deadLetters: Producer,
    private readonly temporal: Client,
    private readonly groupId: string,
  ) {}

  async start(): Promise<void> {
    const consumer = this.kafka.consumer({ groupId: this.groupId });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: [...BRIDGED_TOPICS], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        await this.bridge(topic, message);
      },
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }

  /** Bridges one message; returns what happened. */
  async bridge(topic: string, message: KafkaMessage): Promise<'signalled' | 'ignored' | 'dead-letter'> {
    try {
      if (!message.value) throw new EnvelopeError('(message)', 'is empty');
      const envelope = decodeEnvelope(message.value);
      const signal = signalFor(envelope);
      if (!signal) return 'ignored';
      await this.temporal.workflow
        .getHandle(caseWorkflowId(envelope.caseId))
        .signal(signal.name, signal.args);
      return 'signalled';
    } catch (err) {
      if (err instanceof EnvelopeError || err instanceof WorkflowNotFoundError) {
        await sendToDeadLetter(this.deadLetters, { topic, message, reason: err, consumer: 'signal-bridge' });
        return 'dead-letter';
      }
      throw err;
    }
  }
}
