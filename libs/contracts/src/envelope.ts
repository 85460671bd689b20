import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { context, propagation } from '@opentelemetry/api';
import { timestampDate, timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  ActorKind,
  ActorSchema,
  type Envelope,
  EnvelopeSchema,
  TraceContextSchema,
} from './gen/jishi/common/v1/envelope_pb';

/** What a producer supplies to wrap a payload in an {@link Envelope}. */
export interface EnvelopeInit {
  /**
   * Unique id of the message. Producers derive it from the business step (for an activity: the
   * workflow id and the step), so that a retried send carries the same id and stays idempotent.
   */
  eventId: string;
  caseId: string;
  /** Fully qualified protobuf name of the payload. */
  type: string;
  occurredAt: Date;
  actor: { id: string; kind: ActorKind; role?: string; unitId?: string };
  payload: Uint8Array;
  /** Defaults to 1. */
  schemaVersion?: number;
  /** The trace the message continues; by default, the active span's (none when nothing traces). */
  trace?: { traceparent: string; tracestate?: string };
}

/** The active span's W3C trace context, if any: what a message carries so its consumers continue the trace. */
function activeTrace(): { traceparent: string; tracestate?: string } | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier['traceparent']
    ? { traceparent: carrier['traceparent'], tracestate: carrier['tracestate'] ?? '' }
    : undefined;
}

/** A message that is not a valid envelope: which field, and which rule it breaks. */
export class EnvelopeError extends Error {
  readonly code = 'ENVELOPE.INVALID';
  constructor(
    readonly field: string,
    readonly rule: string,
  ) {
    super(`envelope field ${field}: ${rule}`);
    this.name = 'EnvelopeError';
  }
}

/** Checks the invariants every consumer relies on; throws {@link EnvelopeError} on the first broken one. */
export function assertValidEnvelope(envelope: Envelope): void {
  const required: [string, string][] = [
    ['event_id', envelope.eventId],
    ['case_id', envelope.caseId],
    ['type', envelope.type],
  ];
  for (const [field, value] of required) {
    if (value.trim() === '') throw new EnvelopeError(field, 'is required');
  }
  if (!/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*\.v[0-9]+\.[A-Z][A-Za-z0-9]*$/.test(envelope.type)) {
    throw new EnvelopeError(
      'type',
      'must be a fully qualified versioned message name, like jishi.area.v1.Name',
    );
  }
  if (!envelope.occurredAt) throw new EnvelopeError('occurred_at', 'is required');
  if (!envelope.actor) throw new EnvelopeError('actor', 'is required');
  if (envelope.actor.id.trim() === '') throw new EnvelopeError('actor.id', 'is required');
  if (envelope.actor.kind === ActorKind.UNSPECIFIED) throw new EnvelopeError('actor.kind', 'is required');
  if (envelope.schemaVersion < 1) throw new EnvelopeError('schema_version', 'must be 1 or more');
}

/** Wraps a payload in a valid envelope. */
export function createEnvelope(init: EnvelopeInit): Envelope {
  const trace = init.trace ?? activeTrace();
  const envelope = create(EnvelopeSchema, {
    eventId: init.eventId,
    caseId: init.caseId,
    type: init.type,
    occurredAt: timestampFromDate(init.occurredAt),
    actor: create(ActorSchema, {
      id: init.actor.id,
      kind: init.actor.kind,
      role: init.actor.role ?? '',
      unitId: init.actor.unitId ?? '',
    }),
    schemaVersion: init.schemaVersion ?? 1,
    payload: init.payload,
    ...(trace
      ? {
          trace: create(TraceContextSchema, {
            traceparent: trace.traceparent,
            tracestate: trace.tracestate ?? '',
          }),
        }
      : {}),
  });
  assertValidEnvelope(envelope);
  return envelope;
}

/** The binary form sent as a Kafka record's value. */
export function encodeEnvelope(envelope: Envelope): Uint8Array {
  assertValidEnvelope(envelope);
  return toBinary(EnvelopeSchema, envelope);
}

/** Decodes and validates a Kafka record's value; throws {@link EnvelopeError} for anything else. */
export function decodeEnvelope(bytes: Uint8Array): Envelope {
  let envelope: Envelope;
  try {
    envelope = fromBinary(EnvelopeSchema, bytes);
  } catch (err) {
    throw new EnvelopeError('(message)', `is not a protobuf Envelope (${(err as Error).message})`);
  }
  assertValidEnvelope(envelope);
  return envelope;
}

/** When the fact in the envelope happened. */
export function occurredAt(envelope: Envelope): Date {
  if (!envelope.occurredAt) throw new EnvelopeError('occurred_at', 'is required');
  return timestampDate(envelope.occurredAt);
}
