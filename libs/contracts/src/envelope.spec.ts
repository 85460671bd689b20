import { create, toBinary } from '@bufbuild/protobuf';
import {
  ActorKind,
  createEnvelope,
  decodeEnvelope,
  encodeEnvelope,
  EnvelopeError,
  EnvelopeSchema,
  occurredAt,
  type EnvelopeInit,
} from './index';

const init: EnvelopeInit = {
  eventId: '0b9a3f0e-8a53-4c55-9d1e-2f7b3c1a9e10',
  caseId: 'C-2026-0001',
  type: 'jishi.voting.v1.TallyRecorded',
  occurredAt: new Date('2026-11-27T08:30:00.123Z'),
  actor: { id: 'user-42', kind: ActorKind.PERSON, role: 'recorder', unitId: 'org-dept' },
  payload: new Uint8Array([1, 2, 3]),
  trace: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' },
};

function expectEnvelopeError(fn: () => unknown, field: string): void {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(EnvelopeError);
    expect((err as EnvelopeError).field).toBe(field);
    expect((err as EnvelopeError).code).toBe('ENVELOPE.INVALID');
    return;
  }
  throw new Error(`expected an EnvelopeError on ${field}`);
}

describe('envelope', () => {
  it('survives the binary round trip with every field intact', () => {
    const decoded = decodeEnvelope(encodeEnvelope(createEnvelope(init)));
    expect(decoded.eventId).toBe(init.eventId);
    expect(decoded.caseId).toBe(init.caseId);
    expect(decoded.type).toBe(init.type);
    expect(occurredAt(decoded).toISOString()).toBe('2026-11-27T08:30:00.123Z');
    expect(decoded.actor?.id).toBe('user-42');
    expect(decoded.actor?.kind).toBe(ActorKind.PERSON);
    expect(decoded.actor?.role).toBe('recorder');
    expect(decoded.actor?.unitId).toBe('org-dept');
    expect(decoded.schemaVersion).toBe(1);
    expect(decoded.trace?.traceparent).toBe(init.trace?.traceparent);
    expect(Array.from(decoded.payload)).toEqual([1, 2, 3]);
  });

  it.each([
    ['event_id', { eventId: ' ' }],
    ['case_id', { caseId: '' }],
    ['type', { type: '' }],
    ['type', { type: 'TallyRecorded' }],
    ['actor.id', { actor: { id: '', kind: ActorKind.SERVICE } }],
    ['actor.kind', { actor: { id: 'svc', kind: ActorKind.UNSPECIFIED } }],
    ['schema_version', { schemaVersion: 0 }],
  ] as const)('refuses an envelope whose %s breaks its rule', (field, change) => {
    expectEnvelopeError(() => createEnvelope({ ...init, ...change }), field);
  });

  it('refuses bytes that decode to an envelope without occurred_at or actor', () => {
    const partial = create(EnvelopeSchema, {
      eventId: 'e',
      caseId: 'c',
      type: 'jishi.x.v1.Y',
      schemaVersion: 1,
    });
    expectEnvelopeError(() => decodeEnvelope(toBinary(EnvelopeSchema, partial)), 'occurred_at');
  });

  it('refuses bytes that are not protobuf at all', () => {
    expectEnvelopeError(() => decodeEnvelope(new TextEncoder().encode('{"not":"protobuf"}')), '(message)');
  });
});
