import { create, toBinary } from '@bufbuild/protobuf';
import {
  ActorKind,
  ConsultationAnsweredSchema,
  createEnvelope,
  DecisionTalliedSchema,
  type Envelope,
  EnvelopeError,
  ObjectionReceivedSchema,
  Topics,
} from '@jishi/contracts';
import { PartyRegistry, signEnvelope } from './envelope-signature';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { admit } from './topic-bindings';

const audit = generateKeyPairSync('ed25519');
const petitions = generateKeyPairSync('ed25519');
const gateway = generateKeyPairSync('ed25519');
const pem = (k: KeyObject) => k.export({ type: 'spki', format: 'pem' }).toString();
const parties = PartyRegistry.fromJson(
  JSON.stringify({
    parties: [
      { principal: 'unit-audit', unit: 'audit', publicKey: pem(audit.publicKey) },
      { principal: 'unit-petitions', unit: 'petitions', publicKey: pem(petitions.publicKey) },
      { principal: 'jishi-gateway', vouchesForPeople: true, publicKey: pem(gateway.publicKey) },
    ],
  }),
);
const asAudit = { principal: 'unit-audit', privateKey: audit.privateKey };
const asGateway = { principal: 'jishi-gateway', privateKey: gateway.privateKey };

const tally = (actorId = 'voting-service') =>
  createEnvelope({
    eventId: 'voting/c1/tally',
    caseId: 'c1',
    type: DecisionTalliedSchema.typeName,
    occurredAt: new Date(),
    actor: { id: actorId, kind: ActorKind.SERVICE, role: 'service' },
    payload: toBinary(
      DecisionTalliedSchema,
      create(DecisionTalliedSchema, {
        step: { stepId: 'decision.meeting' },
        outcome: 'passed',
        candidateId: 'x',
      }),
    ),
  });

const answer = (o: { eventId?: string; unit?: string; actorUnit?: string; kind?: ActorKind } = {}) =>
  createEnvelope({
    eventId: o.eventId ?? 'unit-audit/answer/c1',
    caseId: 'c1',
    type: ConsultationAnsweredSchema.typeName,
    occurredAt: new Date(),
    actor: { id: 'audit-system', kind: o.kind ?? ActorKind.SERVICE, unitId: o.actorUnit ?? 'audit' },
    payload: toBinary(
      ConsultationAnsweredSchema,
      create(ConsultationAnsweredSchema, {
        unit: o.unit ?? 'audit',
        opinion: 'no_objection',
        content: '无',
        answeredOn: '2026-11-27',
      }),
    ),
  });

const refusal = (topic: string, envelope: Envelope): string => {
  try {
    admit(topic, envelope, parties);
  } catch (err) {
    if (err instanceof EnvelopeError) return err.field;
    throw err;
  }
  return 'admitted';
};

describe('each bridged topic bound to its message types and its writers', () => {
  it('takes a service’s result on its own topic, said to be its own', () => {
    expect(admit(Topics.votingEvents, tally(), parties)).toEqual({ service: 'voting' });
    expect(refusal(Topics.votingEvents, tally('nomination-service'))).toBe('actor');
  });

  it('refuses a result on any topic but its service’s: a tally on the answers topic, signed or not', () => {
    expect(refusal(Topics.consultationAnswers, tally())).toBe('type');
    expect(refusal(Topics.consultationAnswers, signEnvelope(tally(), asAudit))).toBe('type');
    expect(refusal(Topics.objections, tally())).toBe('type');
    expect(refusal(Topics.nominationEvents, tally())).toBe('type');
    expect(refusal('jishi.case.events.v1', tally())).toBe('(topic)');
  });

  it('takes a unit’s answer only signed by its key, for itself, under ids of its own', () => {
    expect(admit(Topics.consultationAnswers, signEnvelope(answer(), asAudit), parties)).toEqual({
      unit: 'audit',
    });
    expect(refusal(Topics.consultationAnswers, answer())).toBe('signature');
    // Audit answering in petitions' name, in the payload or the actor: refused.
    expect(refusal(Topics.consultationAnswers, signEnvelope(answer({ unit: 'petitions' }), asAudit))).toBe(
      'payload.unit',
    );
    expect(
      refusal(
        Topics.consultationAnswers,
        signEnvelope(answer({ unit: 'petitions', actorUnit: 'petitions' }), asAudit),
      ),
    ).toBe('actor.unit_id');
    // Audit signing with petitions' principal: the key is not petitions'.
    expect(
      refusal(
        Topics.consultationAnswers,
        signEnvelope(answer(), { ...asAudit, principal: 'unit-petitions' }),
      ),
    ).toBe('signature.key_id');
    // Audit taking the event id the gateway gives petitions' answer, to have the real one dropped.
    expect(
      refusal(
        Topics.consultationAnswers,
        signEnvelope(answer({ eventId: 'case-c1/answer/petitions' }), asAudit),
      ),
    ).toBe('event_id');
  });

  it('takes the gateway’s answer for the person it authenticated, in the unit the person acted for', () => {
    const viaGateway = (unit: string, eventId = `case-c1/answer/${unit}`) =>
      signEnvelope(answer({ eventId, unit, actorUnit: unit, kind: ActorKind.PERSON }), asGateway);
    expect(admit(Topics.consultationAnswers, viaGateway('petitions'), parties)).toEqual({
      unit: 'petitions',
    });
    expect(refusal(Topics.consultationAnswers, viaGateway('petitions', 'unit-petitions/answer/c1'))).toBe(
      'event_id',
    );
    const mismatched = signEnvelope(
      answer({
        eventId: 'case-c1/answer/audit',
        unit: 'petitions',
        actorUnit: 'audit',
        kind: ActorKind.PERSON,
      }),
      asGateway,
    );
    expect(refusal(Topics.consultationAnswers, mismatched)).toBe('payload.unit');
  });

  it('gives an objection the unit of its signer, whatever its payload left out', () => {
    const objection = signEnvelope(
      createEnvelope({
        eventId: 'unit-audit/objection/1',
        caseId: 'c1',
        type: ObjectionReceivedSchema.typeName,
        occurredAt: new Date(),
        actor: { id: 'audit-system', kind: ActorKind.SERVICE, unitId: 'audit' },
        payload: toBinary(
          ObjectionReceivedSchema,
          create(ObjectionReceivedSchema, {
            candidateId: 'x',
            receivedOn: '2026-11-27',
            content: '反映问题',
            channel: 'unit_system',
          }),
        ),
      }),
      asAudit,
    );
    const speaking = admit(Topics.objections, objection, parties);
    expect(speaking).toEqual({ unit: 'audit' });
  });

  it('keeps a unit’s event ids apart from every id a service or the gateway gives', () => {
    for (const eventId of ['voting/c1/tally', 'case-c1/answer/audit', 'audit/answer/c1'])
      expect(refusal(Topics.consultationAnswers, signEnvelope(answer({ eventId }), asAudit))).toBe(
        'event_id',
      );
  });
});
