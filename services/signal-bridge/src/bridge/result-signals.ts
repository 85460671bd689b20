import { fromBinary } from '@bufbuild/protobuf';
import {
  CONSULTATION_ANSWER_SIGNAL,
  type ConsultationAnswerArgs,
  ConsultationAnsweredSchema,
  DecisionTalliedSchema,
  type Envelope,
  EnvelopeError,
  InspectionCompletedSchema,
  NominationCompletedSchema,
  OBJECTION_SIGNAL,
  type ObjectionArgs,
  ObjectionReceivedSchema,
  SERVICE_RESULT_SIGNAL,
  type ServiceResultArgs,
  Topics,
} from '@jishi/contracts';
import { isCivilDate, OBJECTION_CHANNELS } from '@jishi/domain';
import type { Speaking } from '@jishi/messaging';

/** A signal to send to a case workflow. */
export type CaseSignal =
  | { readonly name: typeof SERVICE_RESULT_SIGNAL; readonly args: ServiceResultArgs }
  | { readonly name: typeof CONSULTATION_ANSWER_SIGNAL; readonly args: ConsultationAnswerArgs }
  | { readonly name: typeof OBJECTION_SIGNAL; readonly args: ObjectionArgs };

/** The topics whose events become signals. */
export const BRIDGED_TOPICS = [
  Topics.nominationEvents,
  Topics.inspectionEvents,
  Topics.votingEvents,
  Topics.consultationAnswers,
  Topics.objections,
] as const;

const OPINIONS = ['no_objection', 'objection', 'needs_verification'] as const;

/**
 * The signal an event becomes, carrying the event id, so the workflow ignores a redelivery.
 * Returns undefined for an event type that is not a result; throws EnvelopeError for a malformed one.
 */
export function signalFor(envelope: Envelope, speaking: Speaking = {}): CaseSignal | undefined {
  const records = (
    steps: readonly {
      stepId: string;
      items?: unknown;
      candidateId?: string;
      actors?: readonly { id: string; role: string; unitId: string }[];
    }[],
  ) =>
    steps.map((s) => ({
      stepId: s.stepId,
      items: (s.items ?? {}) as Record<string, unknown>,
      // A candidate's own step names them (specification 2).
      ...(s.candidateId ? { candidateId: s.candidateId } : {}),
      // Who acted in it, as the service recorded them from the gateway's assertions.
      ...(s.actors && s.actors.length > 0
        ? {
            actors: s.actors.map((a) => ({
              id: a.id,
              role: a.role,
              ...(a.unitId ? { unitId: a.unitId } : {}),
            })),
          }
        : {}),
    }));
  switch (envelope.type) {
    case NominationCompletedSchema.typeName: {
      const result = fromBinary(NominationCompletedSchema, envelope.payload);
      return {
        name: SERVICE_RESULT_SIGNAL,
        args: {
          eventId: envelope.eventId,
          service: 'nomination',
          steps: records(result.steps),
          candidateIds: result.candidateIds,
        },
      };
    }
    case InspectionCompletedSchema.typeName: {
      const result = fromBinary(InspectionCompletedSchema, envelope.payload);
      return {
        name: SERVICE_RESULT_SIGNAL,
        args: {
          eventId: envelope.eventId,
          service: 'inspection',
          steps: records(result.steps),
          candidateIds: result.rankedCandidateIds,
        },
      };
    }
    case DecisionTalliedSchema.typeName: {
      const tally = fromBinary(DecisionTalliedSchema, envelope.payload);
      if (tally.meeting > 0) {
        // Specification 2: meeting n's record, then each candidate's vote or deferral.
        if (tally.steps.length === 0) throw new EnvelopeError('payload.steps', 'is required');
        return {
          name: SERVICE_RESULT_SIGNAL,
          args: {
            eventId: envelope.eventId,
            service: 'voting',
            steps: records(tally.steps),
            candidateIds: [],
            outcome: tally.outcome,
            meeting: tally.meeting,
          },
        };
      }
      if (!tally.step) throw new EnvelopeError('payload.step', 'is required');
      return {
        name: SERVICE_RESULT_SIGNAL,
        args: {
          eventId: envelope.eventId,
          service: 'voting',
          steps: records([tally.step]),
          candidateIds: [tally.candidateId],
          outcome: tally.outcome,
        },
      };
    }
    case ConsultationAnsweredSchema.typeName: {
      const answer = fromBinary(ConsultationAnsweredSchema, envelope.payload);
      const opinion = OPINIONS.find((o) => o === answer.opinion);
      if (!opinion) throw new EnvelopeError('payload.opinion', `must be one of ${OPINIONS.join(', ')}`);
      if (answer.unit.trim() === '') throw new EnvelopeError('payload.unit', 'is required');
      return {
        name: CONSULTATION_ANSWER_SIGNAL,
        args: {
          eventId: envelope.eventId,
          // The unit its signature proves, which admit() has checked the payload against.
          unit: speaking.unit ?? answer.unit,
          opinion,
          content: answer.content,
          answeredOn: answer.answeredOn,
        },
      };
    }
    case ObjectionReceivedSchema.typeName: {
      const objection = fromBinary(ObjectionReceivedSchema, envelope.payload);
      if (objection.candidateId.trim() === '') throw new EnvelopeError('payload.candidate_id', 'is required');
      if (!isCivilDate(objection.receivedOn))
        throw new EnvelopeError('payload.received_on', 'must be a date, YYYY-MM-DD');
      if (objection.content.trim() === '') throw new EnvelopeError('payload.content', 'is required');
      if (objection.unit !== '' && !/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/.test(objection.unit))
        throw new EnvelopeError('payload.unit', 'must be a unit id of letters, digits and . _ : -');
      const channel = OBJECTION_CHANNELS.find((c) => c === objection.channel);
      if (!channel)
        throw new EnvelopeError('payload.channel', `must be one of ${OBJECTION_CHANNELS.join(', ')}`);
      return {
        name: OBJECTION_SIGNAL,
        args: {
          eventId: envelope.eventId,
          candidateId: objection.candidateId,
          receivedOn: objection.receivedOn,
          anonymous: objection.anonymous,
          content: objection.content,
          seriousAndSpecific: objection.seriousAndSpecific,
          channel,
          ...(speaking.unit !== undefined
            ? { unit: speaking.unit }
            : objection.unit.trim() === ''
              ? {}
              : { unit: objection.unit }),
        },
      };
    }
    default:
      return undefined;
  }
}
