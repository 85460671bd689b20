import { create, toBinary } from '@bufbuild/protobuf';
import {
  ActorKind,
  type ActorRef,
  type CalendarYearSchedule,
  CaseFactRecordedSchema,
  DeadlineNoticeSchema,
  CaseRulesSchema,
  ConsultationRequestedSchema,
  createEnvelope,
  OpenDecisionMeetingSchema,
  StartInspectionSchema,
  StartNominationSchema,
  Topics,
} from '@jishi/contracts';
import type { EnvelopePublisher } from '@jishi/messaging';
import type { JsonObject } from '@bufbuild/protobuf';

/** One fact of a case, as the workflow hands it to the record. */
export interface CaseFact {
  readonly caseId: string;
  readonly sequence: number;
  readonly gate: string;
  readonly kind: string;
  readonly summary: string;
  readonly actor: ActorRef;
  /** ISO date-time, workflow time. */
  readonly occurredAt: string;
  readonly step?: {
    readonly stepId: string;
    readonly items: Readonly<Record<string, unknown>>;
    /** The candidate the step is for, where it is one candidate's (specification 2). */
    readonly candidateId?: string;
    /** The people who acted in a service's step, as the service recorded them. */
    readonly actors?: readonly ActorRef[];
  };
  /** The attempt a rule refused, for a `step.refused` fact. */
  readonly refused?: {
    readonly stepId: string;
    readonly candidateId?: string;
    readonly code: string;
    readonly field?: string;
  };
}

/** A command that opens a gate in one of the services. */
export interface ServiceCommand {
  readonly caseId: string;
  readonly service: 'nomination' | 'inspection' | 'voting';
  readonly posts: number;
  readonly expectedParticipants: number;
  readonly candidateIds: readonly string[];
  readonly expectedMembers: number;
  /** The deciding body, for the voting service (a case's profile says which). */
  readonly body?: string;
  /** The case's resolved policy and its profile, which the service decides by. */
  readonly rules?: { readonly policy: object; readonly profile: object };
  /** Inspection, specification 2: the candidates are the organization department's shortlist. */
  readonly shortlisted?: boolean;
  /** Voting, specification 2: the meeting's number in the case (a void or deferred item comes back at the next). */
  readonly meeting?: number;
}

export interface ConsultationRequests {
  readonly caseId: string;
  readonly units: readonly string[];
  readonly candidateId: string;
  /** Specification 2: every candidate proposed to the deciding body (candidateId is the first). */
  readonly candidateIds?: readonly string[];
  readonly dueOn: string;
}

/** A year's official schedule as the calendar service holds it now. */
export type CalendarYearRead = CalendarYearSchedule;

/** Reads a year of the working-day calendar; null when no schedule for it is loaded yet. */
export interface CalendarSource {
  readYear(year: number): Promise<CalendarYearRead | null>;
}

/** The activities of the case workflow; each is idempotent by an event id derived from the case and the step. */
export interface CaseActivities {
  /** A year's official schedule from the calendar service, or null when it is not loaded yet (reads only). */
  readCalendarYear(year: number): Promise<CalendarYearRead | null>;
  /** Publishes a fact of the case on jishi.case.events.v1 (event id: case, "fact", sequence). */
  publishCaseFact(fact: CaseFact): Promise<void>;
  /** Sends the command that opens a gate to its service (event id: case, service, "start"). */
  sendServiceCommand(command: ServiceCommand): Promise<void>;
  /** Publishes one consultation request per member unit (event id: case, "consultation", unit). */
  publishConsultationRequests(requests: ConsultationRequests): Promise<void>;
  /** Publishes a deadline's reminder or escalation on jishi.case.reminders.v1 (event id: case, "deadline", its fact, addressee). */
  publishDeadlineNotice(notice: DeadlineNoticeArgs): Promise<void>;
}

/** A deadline's reminder to its owner, or its escalation once missed (specification 5). */
export interface DeadlineNoticeArgs {
  readonly caseId: string;
  readonly kind: 'reminder' | 'escalation';
  readonly deadline: string;
  readonly subject?: string;
  readonly startOn: string;
  readonly dueOn: string;
  readonly to: string;
  readonly owedStep: string;
  /** The fact that records the notice. */
  readonly factSequence: number;
  readonly occurredAt: string;
}

const WORKFLOW_ACTOR = { id: 'case-workflow', kind: ActorKind.SERVICE, role: 'service' } as const;

export function createCaseActivities(deps: {
  publisher: EnvelopePublisher;
  calendar: CalendarSource;
  now?: () => Date;
}): CaseActivities {
  const now = deps.now ?? (() => new Date());
  return {
    readCalendarYear(year) {
      return deps.calendar.readYear(year);
    },

    async publishCaseFact(fact) {
      const payload = create(CaseFactRecordedSchema, {
        sequence: fact.sequence,
        gate: fact.gate,
        kind: fact.kind,
        summary: fact.summary,
        ...(fact.step
          ? {
              step: {
                stepId: fact.step.stepId,
                items: fact.step.items as JsonObject,
                candidateId: fact.step.candidateId ?? '',
                actors: (fact.step.actors ?? []).map((a) => ({
                  id: a.id,
                  kind: ActorKind.PERSON,
                  role: a.role,
                  unitId: a.unitId ?? '',
                })),
              },
            }
          : {}),
        ...(fact.refused
          ? {
              refused: {
                stepId: fact.refused.stepId,
                candidateId: fact.refused.candidateId ?? '',
                code: fact.refused.code,
                field: fact.refused.field ?? '',
              },
            }
          : {}),
      });
      await deps.publisher.publish(Topics.caseEvents, [
        createEnvelope({
          eventId: `case-${fact.caseId}/fact/${fact.sequence}`,
          caseId: fact.caseId,
          type: CaseFactRecordedSchema.typeName,
          occurredAt: new Date(fact.occurredAt),
          actor: {
            id: fact.actor.id,
            kind: fact.actor.role === 'service' ? ActorKind.SERVICE : ActorKind.PERSON,
            role: fact.actor.role,
            ...(fact.actor.unitId ? { unitId: fact.actor.unitId } : {}),
          },
          payload: toBinary(CaseFactRecordedSchema, payload),
        }),
      ]);
    },

    async sendServiceCommand(command) {
      const rules = command.rules
        ? create(CaseRulesSchema, {
            policy: command.rules.policy as JsonObject,
            profile: command.rules.profile as JsonObject,
          })
        : undefined;
      const envelope = (type: string, topic: string, payload: Uint8Array) => ({
        topic,
        envelope: createEnvelope({
          // Each meeting of a case is its own command (specification 2); the first keeps the old id.
          eventId: `case-${command.caseId}/${command.service}/start${command.meeting && command.meeting > 1 ? `/${command.meeting}` : ''}`,
          caseId: command.caseId,
          type,
          occurredAt: now(),
          actor: WORKFLOW_ACTOR,
          payload,
        }),
      });
      const message =
        command.service === 'nomination'
          ? envelope(
              StartNominationSchema.typeName,
              Topics.nominationCommands,
              toBinary(
                StartNominationSchema,
                create(StartNominationSchema, {
                  posts: command.posts,
                  expectedParticipants: command.expectedParticipants,
                  ...(rules ? { rules } : {}),
                }),
              ),
            )
          : command.service === 'inspection'
            ? envelope(
                StartInspectionSchema.typeName,
                Topics.inspectionCommands,
                toBinary(
                  StartInspectionSchema,
                  create(StartInspectionSchema, {
                    posts: command.posts,
                    candidateIds: [...command.candidateIds],
                    shortlisted: command.shortlisted ?? false,
                    ...(rules ? { rules } : {}),
                  }),
                ),
              )
            : envelope(
                OpenDecisionMeetingSchema.typeName,
                Topics.votingCommands,
                toBinary(
                  OpenDecisionMeetingSchema,
                  create(OpenDecisionMeetingSchema, {
                    candidateId: command.candidateIds[0] ?? '',
                    expectedMembers: command.expectedMembers,
                    body: command.body ?? 'standing_committee',
                    meeting: command.meeting ?? 0,
                    candidateIds: command.meeting ? [...command.candidateIds] : [],
                    ...(rules ? { rules } : {}),
                  }),
                ),
              );
      await deps.publisher.publish(message.topic, [message.envelope]);
    },

    async publishDeadlineNotice(notice) {
      const payload = create(DeadlineNoticeSchema, {
        kind: notice.kind,
        deadline: notice.deadline,
        subject: notice.subject ?? '',
        startOn: notice.startOn,
        dueOn: notice.dueOn,
        to: notice.to,
        owedStep: notice.owedStep,
        factSequence: notice.factSequence,
      });
      await deps.publisher.publish(Topics.reminders, [
        createEnvelope({
          eventId: `case-${notice.caseId}/deadline/${notice.factSequence}/${notice.to}`,
          caseId: notice.caseId,
          type: DeadlineNoticeSchema.typeName,
          occurredAt: new Date(notice.occurredAt),
          actor: { id: 'case-workflow', kind: ActorKind.SERVICE, role: 'service' },
          payload: toBinary(DeadlineNoticeSchema, payload),
        }),
      ]);
    },

    async publishConsultationRequests(requests) {
      await deps.publisher.publish(
        Topics.consultationRequests,
        requests.units.map((unit) =>
          createEnvelope({
            eventId: `case-${requests.caseId}/consultation/${unit}`,
            caseId: requests.caseId,
            type: ConsultationRequestedSchema.typeName,
            occurredAt: now(),
            actor: WORKFLOW_ACTOR,
            payload: toBinary(
              ConsultationRequestedSchema,
              create(ConsultationRequestedSchema, {
                unit,
                candidateId: requests.candidateId,
                candidateIds: [...(requests.candidateIds ?? [])],
                dueOn: requests.dueOn,
              }),
            ),
          }),
        ),
      );
    },
  };
}
