import {
  caseWorkflowId,
  decodeEnvelope,
  type Envelope,
  EnvelopeError,
  occurredAt,
  Topics,
} from '@jishi/contracts';
import {
  admit,
  consumeAttributes,
  type PartyRegistry,
  sendToDeadLetter,
  ConsumerWatch,
} from '@jishi/messaging';
import { contextFrom, inSpan, type Observability, SpanKind } from '@jishi/observability';
import { type Client, type WorkflowHandle, WorkflowNotFoundError } from '@temporalio/client';
import type { Consumer, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { CalendarFanOut, calendarChangeOf } from './calendar-fan-out';
import { BRIDGED_TOPICS, type CaseSignal, signalFor } from './result-signals';

/**
 * Consumes the result topics and signals each result to its case workflow, `case-<caseId>`; and the
 * calendar's changes, which wake every case waiting for the year that was loaded. The
 * signal carries the event id and the workflow ignores an id it has seen, so a redelivered event
 * changes nothing. An event that cannot be decoded, or whose case has no workflow, goes to the
 * dead-letter topic with the reason; an event for a case that has already ended is ignored (a replay
 * of the topic); a failure to reach Temporal is thrown, and Kafka redelivers.
 */
export class SignalBridge {
  private consumer: Consumer | undefined;
  private readonly calendar: CalendarFanOut;
  private watch: ConsumerWatch | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly deadLetters: Producer,
    private readonly temporal: Client,
    private readonly groupId: string,
    /** The registered keys of the parties that sign answers and objections. */
    private readonly parties: PartyRegistry,
    /** The process's health and metrics: the group's state, lag and dead letters are shown there. */
    private readonly observability?: Observability,
  ) {
    this.calendar = new CalendarFanOut(temporal);
  }

  async start(): Promise<void> {
    const consumer = this.kafka.consumer({ groupId: this.groupId });
    this.consumer = consumer;
    const topics = [...BRIDGED_TOPICS, Topics.calendarEvents];
    if (this.observability) {
      this.watch = new ConsumerWatch(this.kafka, this.observability, {
        name: 'signal-bridge',
        groupId: this.groupId,
        topics,
      });
      this.watch.attach(consumer);
    }
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        // Handled first, then counted: a counter that is absent must not skip the handling.
        const outcome = await this.bridge(topic, message);
        this.watch?.took(topic, outcome);
      },
    });
  }

  async stop(): Promise<void> {
    this.calendar.stop();
    await this.consumer?.disconnect();
    await this.watch?.stop();
  }

  /** True when the case's workflow exists and has ended; false when there is no such workflow. */
  private async hasEnded(handle: WorkflowHandle): Promise<boolean> {
    try {
      return (await handle.describe()).status.name !== 'RUNNING';
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return false;
      throw err;
    }
  }

  /** Bridges one message; returns what happened. */
  async bridge(topic: string, message: KafkaMessage): Promise<'signalled' | 'ignored' | 'dead-letter'> {
    // What the message says, and whether its topic lets its writer say it: deciding this needs no
    // other system, so a message refused here would be refused on every delivery — it goes to the
    // dead letters with the reason (a payload that does not decode too), never retried for ever.
    let envelope: Envelope;
    let signal: CaseSignal | undefined;
    try {
      if (!message.value) throw new EnvelopeError('(message)', 'is empty');
      envelope = decodeEnvelope(message.value);
      const speaking = admit(topic, envelope, this.parties);
      signal = topic === Topics.calendarEvents ? undefined : signalFor(envelope, speaking);
    } catch (err) {
      await sendToDeadLetter(this.deadLetters, {
        topic,
        message,
        reason: err,
        consumer: 'signal-bridge',
      });
      return 'dead-letter';
    }
    // The message's span continues the trace of the step that caused it (the envelope's trace context).
    return inSpan(
      `consume ${topic}`,
      { kind: SpanKind.CONSUMER, attributes: consumeAttributes(topic, envelope) },
      contextFrom(envelope.trace),
      async () => {
        try {
          if (topic === Topics.calendarEvents) {
            // A year's schedule concerns every case that waits for it, not one case.
            const change = calendarChangeOf(envelope);
            if (!change) return 'ignored';
            await this.calendar.changed(change, occurredAt(envelope).getTime());
            return 'signalled';
          }
          if (!signal) return 'ignored';
          const handle = this.temporal.workflow.getHandle(caseWorkflowId(envelope.caseId));
          try {
            await handle.signal(signal.name, signal.args);
          } catch (err) {
            // A case that has ended took every result it needed; a result replayed afterwards is done.
            if (err instanceof WorkflowNotFoundError && (await this.hasEnded(handle))) return 'ignored';
            throw err;
          }
          return 'signalled';
        } catch (err) {
          if (err instanceof EnvelopeError || err instanceof WorkflowNotFoundError) {
            await sendToDeadLetter(this.deadLetters, {
              topic,
              message,
              reason: err,
              consumer: 'signal-bridge',
            });
            return 'dead-letter';
          }
          throw err;
        }
      },
    );
  }
}
