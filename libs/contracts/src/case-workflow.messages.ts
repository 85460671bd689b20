/**
 * The messages of the case workflow (`case-<caseId>`), as plain types shared by the workflow, the
 * gateway and the signal bridge. The workflow defines its handlers with these names; clients call
 * them by name, so no client imports workflow code.
 */

/** Workflow type name and id scheme. */
export const CASE_WORKFLOW_TYPE = 'caseWorkflow';
export const caseWorkflowId = (caseId: string): string => `case-${caseId}`;

/** The task queue the case workflow and its activities run on. */
export const CASE_TASK_QUEUE = 'jishi-cases';

/** Who acts, as the workflow and the record see it. */
export interface ActorRef {
  readonly id: string;
  /** A role of @jishi/domain (`org_staff`, `member_unit`, …). */
  readonly role: string;
  readonly unitId?: string;
}

/** Durations the deployment may shorten (tests, demonstrations); absent means the rules' own lengths. */
export interface CaseTimerOverrides {
  /** Announcement length, e.g. "5s"; otherwise five working days by the state calendar. */
  readonly announcement?: string;
  /** Probation length, e.g. "10s"; otherwise one year from the appointment notice. */
  readonly probation?: string;
  /** Consultation deadline before reminders, e.g. "3s"; otherwise the policy's working days. */
  readonly consultation?: string;
  /**
   * Specification 5: the length of one day for the deadlines of the process, e.g. "1s": a deadline of
   * n days then runs n + 1 such days from its start, its reminders as many days before its end.
   */
  readonly deadlineDay?: string;
}

/** What starts a case. */
export interface CaseInput {
  readonly caseId: string;
  readonly departmentId: string;
  readonly title: string;
  readonly startedBy: ActorRef;
  /** Posts to fill. */
  readonly posts: number;
  /** Facts of the case profile (@jishi/domain CaseProfile), defaults for the rest. */
  readonly profile?: Readonly<Record<string, unknown>>;
  /** Members of the deciding body. */
  readonly committeeMembers: number;
  /** Expected participants of the recommendation meeting. */
  readonly recommendationParticipants: number;
  readonly timers?: CaseTimerOverrides;
  /** The organization's policy overrides (@jishi/domain Policy); the defaults for the rest. */
  readonly policy?: Readonly<Record<string, unknown>>;
  /** The organization that runs the case, whose policy it carries. */
  readonly organization?: string;
  /**
   * The version of the organization's policy the case carries (0: the deployment's configured
   * policy). The policy itself is `policy`, resolved whole when the case started.
   */
  readonly policyVersion?: number;
  /**
   * The version of the gate specification the case runs under all its life (@jishi/domain
   * SpecVersion); absent is 1, for cases started before versions were recorded.
   */
  readonly specVersion?: number;
}

/** A step's record as a service or a person brings it; `candidateId` where the step is one candidate's. */
export interface StepRecordArgs {
  readonly stepId: string;
  readonly items: Readonly<Record<string, unknown>>;
  readonly candidateId?: string;
  /** The people who acted in a service's step, as the gateway asserted them to the service. */
  readonly actors?: readonly ActorRef[];
}

/** Update `submitStep`: a single-actor human step, validated before it is accepted. */
export const SUBMIT_STEP_UPDATE = 'submitStep';
export interface SubmitStepArgs {
  readonly stepId: string;
  readonly actor: ActorRef;
  /** Record items of the step, keyed by catalogue item key. */
  readonly items: Readonly<Record<string, unknown>>;
  /** The candidate the step is for, where it is one candidate's (specification 2). */
  readonly candidateId?: string;
}
export interface SubmitStepResult {
  readonly sequence: number;
  readonly gate: string;
}

/** Signal `serviceResult`: a service finished its part of a gate. */
export const SERVICE_RESULT_SIGNAL = 'serviceResult';
export interface ServiceResultArgs {
  /** The event id of the result message: the signal is ignored when it was seen before. */
  readonly eventId: string;
  readonly service: 'nomination' | 'inspection' | 'voting';
  readonly steps: readonly StepRecordArgs[];
  /** Candidates in order (nomination result, inspection ranking, the candidate voted on). */
  readonly candidateIds: readonly string[];
  /** The decision outcome, for voting (specification 1). */
  readonly outcome?: string;
  /** The meeting's number, for voting (specification 2). */
  readonly meeting?: number;
}

/** Signal `consultationAnswer`: a member unit answered. */
export const CONSULTATION_ANSWER_SIGNAL = 'consultationAnswer';
export interface ConsultationAnswerArgs {
  readonly eventId: string;
  readonly unit: string;
  readonly opinion: 'no_objection' | 'objection' | 'needs_verification';
  readonly content: string;
  readonly answeredOn: string;
}

/** Signal `objection`: an objection logged during the public announcement. */
export const OBJECTION_SIGNAL = 'objection';
export interface ObjectionArgs {
  readonly eventId: string;
  readonly receivedOn: string;
  readonly anonymous: boolean;
  readonly content: string;
  readonly seriousAndSpecific: boolean;
  /** The candidate it is about (specification 3 on: objections are each candidate's). */
  readonly candidateId?: string;
  /** How it came in: "unit_system", "letter", "phone", "visit", "online". */
  readonly channel?: string;
  /** The unit whose system sent it or whose desk received it. */
  readonly unit?: string;
}

/**
 * Signal `attemptRefused`: the gateway refused a person's step on this case (a rule of the domain,
 * or the workflow's own refusal): the attempt is a fact of the record — who, what, which rule.
 */
export const ATTEMPT_REFUSED_SIGNAL = 'attemptRefused';
export interface AttemptRefusedArgs {
  readonly eventId: string;
  readonly actor: ActorRef;
  readonly stepId: string;
  readonly candidateId?: string;
  readonly code: string;
  readonly field?: string;
  readonly zh: string;
  readonly en: string;
}

/** Query `status`. */
export const STATUS_QUERY = 'status';
export interface CaseStatus {
  readonly caseId: string;
  readonly departmentId: string;
  readonly title: string;
  /** The gate the case stands at, or "completed" / "closed" (not appointed). */
  readonly gate: string;
  /** `removed`: specification 5, every appointee was removed on probation. */
  readonly status: 'running' | 'completed' | 'not_appointed' | 'removed';
  /** Steps done, with how often. */
  readonly done: Readonly<Record<string, number>>;
  /** Required steps of the current gate not yet done. */
  readonly missing: readonly string[];
  /** Who the case waits on now (roles, units or services). */
  readonly waitingOn: readonly string[];
  /** The next deadline, ISO date-time, if any. */
  readonly nextDeadline?: string;
  /** The public announcement's first and last day (YYYY-MM-DD, China), once counted. */
  readonly announcement?: { readonly startsOn: string; readonly endsOn?: string };
  readonly candidateIds: readonly string[];
  readonly appointedCandidateId?: string;
  readonly facts: number;
  /** The specification the case runs under. */
  readonly specVersion?: number;
  /**
   * Specification 2: how complete the record is against the catalogue (完整度): the case's required
   * items filled, overall and gate by gate, and each candidate's own.
   */
  readonly completeness?: {
    readonly ratio: number;
    readonly required: number;
    readonly filled: number;
    readonly missing: readonly string[];
    readonly byGate: Readonly<
      Record<
        string,
        {
          readonly required: number;
          readonly filled: number;
          readonly ratio: number;
          readonly missing: readonly string[];
        }
      >
    >;
    readonly candidates: Readonly<
      Record<
        string,
        {
          readonly required: number;
          readonly filled: number;
          readonly ratio: number;
          readonly missing: readonly string[];
        }
      >
    >;
  };
  /** The organization's policy the case runs by, and its version (0: the deployment's configuration). */
  readonly policy?: { readonly organization: string; readonly version: number };
  /** Specification 2: each candidate's own record, in the order they entered the case. */
  readonly candidates?: readonly CandidateView[];
  /** Specification 2: candidates' required steps of the current gate not yet done. */
  readonly missingForCandidates?: readonly { readonly candidateId: string; readonly stepId: string }[];
  /**
   * Specification 4: the sign-off of each gate the case opened — the signatures given, in order,
   * how many it needs, and, once the gate is done, the roles whose signature it waits for next.
   */
  /** Specification 5: the deadlines the case holds open, each with its last day and the days late. */
  readonly deadlines?: readonly {
    readonly key: string;
    readonly subject?: string;
    readonly startOn: string;
    readonly dueOn: string;
    readonly dueAt: string;
    readonly overdue: boolean;
    readonly daysLate: number;
  }[];
  readonly signOff?: readonly {
    readonly gate: string;
    readonly signed: readonly { readonly personId: string; readonly role: string }[];
    readonly required: number;
    readonly complete: boolean;
    readonly next?: readonly string[];
  }[];
}

/** One candidate as the status shows them (specification 2). */
export interface CandidateView {
  readonly id: string;
  /** @jishi/domain CandidateStatus: nominated, shortlisted, eligible, ineligible, proposed, passed … */
  readonly status: string;
  /** The post the candidate is proposed for (1, 2, …). */
  readonly post?: number;
  /** The candidate's own steps done. */
  readonly done: Readonly<Record<string, number>>;
  /** Why the candidate left the case: the rule's code and words. */
  readonly left?: { readonly code: string; readonly zh: string; readonly en: string; readonly gate: string };
}

/**
 * Signal `calendarChanged`: the working-day calendar of a year changed (a schedule was loaded,
 * amended or replaced). A case waiting for that year reads it again; any other case ignores it.
 */
export const CALENDAR_CHANGED_SIGNAL = 'calendarChanged';
export interface CalendarChangedArgs {
  readonly year: number;
  /** The year's version in the calendar service after the change. */
  readonly version: number;
}

/** What a case waiting for a year's official schedule lists in `waitingOn` and `CaseAwaiting`. */
export const calendarAwaiting = (year: number): string => `calendar:${year}`;

/** The record's chain for a year's calendar: every load, amendment, replacement or withdrawal. */
export const calendarRecordId = (year: number): string => `calendar-${year}`;
