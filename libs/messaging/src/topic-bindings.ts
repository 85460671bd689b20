import { fromBinary } from '@bufbuild/protobuf';
import {
  ActorKind,
  CalendarYearChangedSchema,
  ConsultationAnsweredSchema,
  DecisionTalliedSchema,
  type Envelope,
  EnvelopeError,
  InspectionCompletedSchema,
  NominationCompletedSchema,
  ObjectionReceivedSchema,
  Topics,
} from '@jishi/contracts';
import type { PartyRegistry } from './envelope-signature';

/** Who may speak on a bridged topic: one of Jishi's services, or signing parties (member units, the gateway). */
type Speaker = { readonly service: string } | { readonly signed: true };

interface TopicBinding {
  /** The message types the topic carries; any other is dead-lettered. */
  readonly types: readonly string[];
  readonly speaker: Speaker;
}

/**
 * Every topic the bridge reads, bound to the message types allowed on it and to who may write them. A
 * service's result comes only on its own events topic, which the broker lets only that service write,
 * and must say it is that service's; an answer or objection comes only signed by a registered party.
 */
export const TOPIC_BINDINGS: Readonly<Record<string, TopicBinding>> = {
  [Topics.nominationEvents]: {
    types: [NominationCompletedSchema.typeName],
    speaker: { service: 'nomination' },
  },
  [Topics.inspectionEvents]: {
    types: [InspectionCompletedSchema.typeName],
    speaker: { service: 'inspection' },
  },
  [Topics.votingEvents]: { types: [DecisionTalliedSchema.typeName], speaker: { service: 'voting' } },
  [Topics.consultationAnswers]: { types: [ConsultationAnsweredSchema.typeName], speaker: { signed: true } },
  [Topics.objections]: { types: [ObjectionReceivedSchema.typeName], speaker: { signed: true } },
  // The working-day calendar's administrator changes a year through the calendar service.
  [Topics.calendarEvents]: { types: [CalendarYearChangedSchema.typeName], speaker: { service: 'calendar' } },
};

/** Who said a bridged message: the service, or the member unit the signing party authenticated. */
export interface Speaking {
  readonly service?: string;
  /** The unit an answer or objection is from, as its signature proves: never as its payload claims. */
  readonly unit?: string;
}

/**
 * Checks a message against its topic's binding before anything acts on it; throws EnvelopeError
 * (dead-lettered with the reason) for a type the topic does not carry, a service result that does not
 * say it is that service's, an unsigned or falsely signed answer, or a party speaking for another unit.
 */
export function admit(topic: string, envelope: Envelope, parties: PartyRegistry): Speaking {
  const binding = TOPIC_BINDINGS[topic];
  if (!binding) throw new EnvelopeError('(topic)', `${topic} is not a topic the signal bridge reads`);
  if (!binding.types.includes(envelope.type))
    throw new EnvelopeError(
      'type',
      `${envelope.type} is not carried on ${topic}, which carries ${binding.types.join(', ')}`,
    );
  if ('service' in binding.speaker) {
    const { service } = binding.speaker;
    // The calendar's changes are an administrator's, carried by the calendar service.
    if (
      service !== 'calendar' &&
      (envelope.actor?.kind !== ActorKind.SERVICE || envelope.actor.id !== `${service}-service`)
    )
      throw new EnvelopeError('actor', `a result on ${topic} must be the ${service} service's own`);
    return { service };
  }
  const party = parties.verify(envelope);
  const payloadUnit = unitInPayload(envelope);
  const actorUnit = envelope.actor?.unitId ?? '';
  if (party.unit !== undefined) {
    // A member unit's system speaks for its unit alone, under event ids of its own.
    if (actorUnit !== party.unit)
      throw new EnvelopeError(
        'actor.unit_id',
        `must be "${party.unit}", the unit of the signer ${party.principal}`,
      );
    if (payloadUnit !== '' && payloadUnit !== party.unit)
      throw new EnvelopeError(
        'payload.unit',
        `must be "${party.unit}", the unit of the signer ${party.principal}`,
      );
    // The principal's name, "unit-<id>/", begins no id a service or the gateway gives (voting/…, case-…/…).
    if (!envelope.eventId.startsWith(`${party.principal}/`))
      throw new EnvelopeError(
        'event_id',
        `must begin with "${party.principal}/": a unit names only its own messages`,
      );
    return { unit: party.unit };
  }
  if (party.vouchesForPeople) {
    // The gateway speaks for the person it authenticated, whose unit the actor names.
    if (envelope.actor?.kind !== ActorKind.PERSON || actorUnit === '')
      throw new EnvelopeError('actor', `${party.principal} signs only for a person of a unit`);
    if (payloadUnit !== '' && payloadUnit !== actorUnit)
      throw new EnvelopeError('payload.unit', `must be "${actorUnit}", the unit of the person who acted`);
    if (!envelope.eventId.startsWith(`case-${envelope.caseId}/`))
      throw new EnvelopeError('event_id', `must begin with "case-${envelope.caseId}/"`);
    return { unit: actorUnit };
  }
  throw new EnvelopeError('signature.signer', `${party.principal} may not write on ${topic}`);
}

function unitInPayload(envelope: Envelope): string {
  if (envelope.type === ConsultationAnsweredSchema.typeName)
    return fromBinary(ConsultationAnsweredSchema, envelope.payload).unit;
  if (envelope.type === ObjectionReceivedSchema.typeName)
    return fromBinary(ObjectionReceivedSchema, envelope.payload).unit;
  return '';
}
