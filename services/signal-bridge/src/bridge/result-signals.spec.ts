import { create, toBinary } from '@bufbuild/protobuf';
import {
  ActorKind,
  ConsultationAnsweredSchema,
  createEnvelope,
  DecisionTalliedSchema,
  EnvelopeError,
  NominationCompletedSchema,
  ObjectionReceivedSchema,
} from '@jishi/contracts';
import { signalFor } from './result-signals';

const envelope = (type: string, payload: Uint8Array) =>
  createEnvelope({
    eventId: 'e-1',
    caseId: 'c-1',
    type,
    occurredAt: new Date(),
    actor: { id: 's', kind: ActorKind.SERVICE },
    payload,
  });

describe('result events as signals', () => {
  it('turns a tally into the voting service result, with the event id', () => {
    const tally = create(DecisionTalliedSchema, {
      step: { stepId: 'decision.meeting', items: { 'decision.meeting.agree': 5 } },
      outcome: 'passed',
      candidateId: 'b',
    });
    expect(
      signalFor(envelope(DecisionTalliedSchema.typeName, toBinary(DecisionTalliedSchema, tally))),
    ).toEqual({
      name: 'serviceResult',
      args: {
        eventId: 'e-1',
        service: 'voting',
        steps: [{ stepId: 'decision.meeting', items: { 'decision.meeting.agree': 5 } }],
        candidateIds: ['b'],
        outcome: 'passed',
      },
    });
  });

  it('turns a numbered meeting’s tally into its record and each candidate’s vote or deferral (specification 2)', () => {
    const tally = create(DecisionTalliedSchema, {
      meeting: 2,
      outcome: 'held',
      steps: [
        { stepId: 'decision.meeting', items: { 'decision.meeting.present': 7 } },
        { stepId: 'decision.deferral', candidateId: 'a', items: { 'decision.deferral.reason': '需核实' } },
        { stepId: 'decision.vote', candidateId: 'b', items: { 'decision.vote.outcome': 'passed' } },
      ],
    });
    expect(
      signalFor(envelope(DecisionTalliedSchema.typeName, toBinary(DecisionTalliedSchema, tally))),
    ).toEqual({
      name: 'serviceResult',
      args: {
        eventId: 'e-1',
        service: 'voting',
        meeting: 2,
        outcome: 'held',
        candidateIds: [],
        steps: [
          { stepId: 'decision.meeting', items: { 'decision.meeting.present': 7 } },
          { stepId: 'decision.deferral', candidateId: 'a', items: { 'decision.deferral.reason': '需核实' } },
          { stepId: 'decision.vote', candidateId: 'b', items: { 'decision.vote.outcome': 'passed' } },
        ],
      },
    });
    const empty = create(DecisionTalliedSchema, { meeting: 3, outcome: 'held' });
    expect(() =>
      signalFor(envelope(DecisionTalliedSchema.typeName, toBinary(DecisionTalliedSchema, empty))),
    ).toThrow(EnvelopeError);
  });

  it('turns a nomination result and a consultation answer into their signals', () => {
    const nomination = create(NominationCompletedSchema, {
      steps: [{ stepId: 'nomination.result' }],
      candidateIds: ['a', 'b'],
    });
    expect(
      signalFor(
        envelope(NominationCompletedSchema.typeName, toBinary(NominationCompletedSchema, nomination)),
      ),
    ).toMatchObject({
      name: 'serviceResult',
      args: {
        service: 'nomination',
        candidateIds: ['a', 'b'],
        steps: [{ stepId: 'nomination.result', items: {} }],
      },
    });
    const answer = create(ConsultationAnsweredSchema, {
      unit: 'audit',
      opinion: 'no_objection',
      content: '无',
      answeredOn: '2026-11-27',
    });
    expect(
      signalFor(envelope(ConsultationAnsweredSchema.typeName, toBinary(ConsultationAnsweredSchema, answer))),
    ).toEqual({
      name: 'consultationAnswer',
      args: {
        eventId: 'e-1',
        unit: 'audit',
        opinion: 'no_objection',
        content: '无',
        answeredOn: '2026-11-27',
      },
    });
  });

  it('refuses a malformed result and passes over events that are not results', () => {
    const bad = create(ConsultationAnsweredSchema, { unit: 'audit', opinion: 'maybe' });
    expect(() =>
      signalFor(envelope(ConsultationAnsweredSchema.typeName, toBinary(ConsultationAnsweredSchema, bad))),
    ).toThrow(EnvelopeError);
    expect(signalFor(envelope('jishi.other.v1.Thing', new Uint8Array()))).toBeUndefined();
  });

  it('turns an objection from a unit’s system into the objection signal, with its candidate and how it came in', () => {
    const objection = (own: Record<string, unknown> = {}) =>
      envelope(
        ObjectionReceivedSchema.typeName,
        toBinary(
          ObjectionReceivedSchema,
          create(ObjectionReceivedSchema, {
            candidateId: 'cand-a',
            receivedOn: '2026-11-27',
            anonymous: false,
            content: '反映该同志在原单位存在违规问题',
            seriousAndSpecific: true,
            channel: 'unit_system',
            unit: 'petitions',
            ...own,
          }),
        ),
      );
    expect(signalFor(objection())).toEqual({
      name: 'objection',
      args: {
        eventId: 'e-1',
        candidateId: 'cand-a',
        receivedOn: '2026-11-27',
        anonymous: false,
        content: '反映该同志在原单位存在违规问题',
        seriousAndSpecific: true,
        channel: 'unit_system',
        unit: 'petitions',
      },
    });
    expect(() => signalFor(objection({ channel: 'rumour' }))).toThrow(EnvelopeError);
    expect(() => signalFor(objection({ candidateId: '' }))).toThrow(EnvelopeError);
    expect(() => signalFor(objection({ receivedOn: '2026-13-40' }))).toThrow(EnvelopeError);
    expect(() => signalFor(objection({ unit: 'petitions office; drop' }))).toThrow(EnvelopeError);
  });
});
