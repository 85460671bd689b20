/**
 * What the case workflow's tests share: activities that remember what the workflow asked of them, a
 * fake calendar service, a case's input, and a bench that starts a time-skipping Temporal test
 * server, bundles the workflow and runs a worker per test (unit tests may use fakes).
 */
import {
  type CaseInput,
  type CaseStatus,
  type SubmitStepArgs,
  type SubmitStepResult,
} from '@jishi/contracts';
import {
  caseProfile,
  chinaDateOf,
  type GateKey,
  packageFestivals,
  profileAsItems,
  signOffSlots,
  WorkingCalendar,
  yearScheduleOf,
} from '@jishi/domain';
import { eligibleCheck, exampleItems, loadStackSettings, searchAttributesRequest } from '@jishi/testing';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  bundleWorkflowCode,
  DefaultLogger,
  Runtime,
  Worker,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import type {
  CalendarYearRead,
  CaseActivities,
  CaseFact,
  ConsultationRequests,
  ServiceCommand,
  DeadlineNoticeArgs,
} from './activities/case.activities';
import {
  caseWorkflow,
  consultationAnswerSignal,
  serviceResultSignal,
  statusQuery,
  submitStepUpdate,
} from './case.workflow';
import { bundleConfig } from './worker/bundle';

export const stack = loadStackSettings();

/**
 * The calendar service as a fake: every year the package covers, a plain year (no holidays) for any
 * other, except the years a test withholds (not loaded yet) or loads itself.
 */
export class FakeCalendar {
  readonly withheld = new Set<number>();
  readonly loaded = new Map<number, CalendarYearRead>();
  readonly reads: number[] = [];

  read(year: number): CalendarYearRead | null {
    this.reads.push(year);
    const loaded = this.loaded.get(year);
    if (loaded) return loaded;
    if (this.withheld.has(year)) return null;
    const festivals = packageFestivals(year);
    const schedule = festivals ? yearScheduleOf(year, festivals) : { holidays: [], makeUpWorkdays: [] };
    return {
      year,
      version: 0,
      holidays: schedule.holidays,
      makeUpWorkdays: schedule.makeUpWorkdays,
      source: 'package',
    };
  }

  /** The calendar the fake serves now, to count the expected dates with. */
  calendar(years: readonly number[]): WorkingCalendar {
    return new WorkingCalendar(
      years.map((y) => this.read(y)).filter((y): y is CalendarYearRead => y !== null),
    );
  }
}

/** Activities that remember what the workflow asked of them (unit tests may use fakes). */
export class RecordingActivities {
  readonly facts: CaseFact[] = [];
  readonly commands: ServiceCommand[] = [];
  readonly consultations: ConsultationRequests[] = [];
  readonly notices: DeadlineNoticeArgs[] = [];
  readonly calendar = new FakeCalendar();
  /** The activity functions to register: the worker registers an object's own function properties. */
  readonly functions: CaseActivities = {
    readCalendarYear: async (year) => this.calendar.read(year),
    publishCaseFact: async (fact) => void this.facts.push(fact),
    sendServiceCommand: async (command) => void this.commands.push(command),
    publishConsultationRequests: async (requests) => void this.consultations.push(requests),
    publishDeadlineNotice: async (notice) => void this.notices.push(notice),
  };
}

/** One signature on a gate's record: the items of the signer's place, in their own name. */
export function signature(
  gate: GateKey,
  actor: { id: string; role: string; unitId: string },
  items: readonly string[],
  today = chinaDateOf(Date.now()),
): SubmitStepArgs {
  const values = Object.fromEntries(
    items.map((key) => {
      if (key.endsWith('_signature')) return [key, { signerId: actor.id, signature: `签字:${actor.id}` }];
      if (key.endsWith('_on')) return [key, today];
      return [key, { id: actor.id, name: actor.id }];
    }),
  );
  return { stepId: `${gate}.signoff`, actor, items: values };
}

/** The records a service reports for its gate (empty items: the unit tests check the flow, not the forms). */
export const emptyRecords = (...stepIds: string[]) => stepIds.map((stepId) => ({ stepId, items: {} }));

export const person = (role: string, id = `${role}-1`) => ({ id, role, unitId: 'org-dept' });
export const attachment = { name: 'doc.pdf', sha256: 'a'.repeat(64) };

export function input(caseId: string, extra: Partial<CaseInput> = {}): CaseInput {
  return {
    caseId,
    departmentId: 'dept-transport',
    title: '县交通运输局局长选拔',
    startedBy: person('department_officer'),
    posts: 1,
    committeeMembers: 9,
    recommendationParticipants: 60,
    timers: { announcement: '10s', probation: '30s', consultation: '1h' },
    policy: { consultationUnits: [] },
    ...extra,
  };
}

export async function waitFor(
  handle: WorkflowHandle,
  predicate: (s: CaseStatus) => boolean,
): Promise<CaseStatus> {
  for (let i = 0; i < 200; i++) {
    const status = await handle.query(statusQuery);
    if (predicate(status)) return status;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`status never matched: ${JSON.stringify(await handle.query(statusQuery))}`);
}

/** A step's required items as a filled-in form sends them (dates: today). */
export const filled = (stepId: string, own: Record<string, unknown> = {}) =>
  exampleItems(stepId, own, { today: chinaDateOf(Date.now()) });

/** The five-person group's record: the five aspects compared, and the candidate proposed for each post. */
export const groupItems = (proposals: readonly unknown[]) =>
  filled('deliberation.five_person_group', {
    'deliberation.five_person_group.comparison': [
      'character',
      'ability',
      'performance',
      'public_support',
      'potential',
    ],
    'deliberation.five_person_group.proposals': proposals,
  });

type Proposal = { post: number; candidateId: string; reason: string };

/** The facts of an eligibility check of a candidate who meets a county-level deputy post's conditions. */
export const check = (extra: Record<string, unknown> = {}) =>
  eligibleCheck({ 'qualification.check.checked_on': '2026-11-20', ...extra }, { today: '2026-11-20' });

/**
 * A time-skipping Temporal test server for one test file, the workflow bundled once, and a fresh
 * task queue (with its own worker) for each test. `install()` registers the hooks.
 */
export class CaseTestBench {
  env!: TestWorkflowEnvironment;
  taskQueue = '';
  private bundle!: WorkflowBundleWithSourceMap;
  private queues = 0;

  /**
   * `serverPerTest`: each test gets its own server, for tests that skip months: a test that fails
   * mid-case can leave the server's skipped time held, and the next test's sleep would wait for real.
   */
  constructor(private readonly options: { readonly serverPerTest?: boolean } = {}) {}

  private async startServer(): Promise<void> {
    this.env = await TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: stack.temporal.testServerPath } },
    });
    // The time-skipping server starts without the case search attributes the workflow keeps current.
    await this.env.connection.operatorService.addSearchAttributes(searchAttributesRequest(stack, 'default'));
  }

  install(): void {
    const perTest = this.options.serverPerTest === true;
    beforeAll(async () => {
      try {
        Runtime.install({ logger: new DefaultLogger('WARN') });
      } catch {
        // installed by an earlier test file in this process
      }
      this.bundle = await bundleWorkflowCode({
        workflowsPath: require.resolve('./workflows'),
        webpackConfigHook: bundleConfig('case-test-bench'),
        logger: new DefaultLogger('WARN'),
      });
      if (!perTest) await this.startServer();
    });
    afterAll(async () => {
      if (!perTest) await this.env?.teardown();
    });
    beforeEach(async () => {
      this.queues += 1;
      this.taskQueue = `cases-test-${this.queues}`;
      if (perTest) await this.startServer();
    });
    afterEach(async () => {
      if (perTest) await this.env?.teardown();
    });
  }

  /** Starts a case on the test's task queue. */
  async start(caseInput: CaseInput): Promise<WorkflowHandle> {
    const workflowId = `case-${caseInput.caseId}`;
    return this.env.client.workflow.start(caseWorkflow, {
      taskQueue: this.taskQueue,
      workflowId,
      args: [caseInput],
    });
  }

  get workflowBundle(): WorkflowBundleWithSourceMap {
    return this.bundle;
  }

  async withWorker<T>(activities: RecordingActivities, fn: () => Promise<T>): Promise<T> {
    const worker = await Worker.create({
      connection: this.env.nativeConnection,
      taskQueue: this.taskQueue,
      workflowBundle: this.bundle,
      activities: activities.functions,
    });
    return worker.runUntil(fn);
  }

  submit(handle: WorkflowHandle, args: SubmitStepArgs): Promise<SubmitStepResult> {
    return handle.executeUpdate(submitStepUpdate, { args: [args] });
  }

  /** The refusal of a step the workflow must refuse (the test fails when it is accepted). */
  async refusalOf(
    handle: WorkflowHandle,
    args: SubmitStepArgs,
  ): Promise<{ code: string; zh: string; en: string }> {
    try {
      await this.submit(handle, args);
    } catch (err) {
      expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
      const cause = (err as WorkflowUpdateFailedError).cause as {
        type?: string;
        message: string;
        details?: unknown[];
      };
      const refusal = cause.details?.[0] as { code: string; zh: string; en: string };
      expect(cause.type).toBe(refusal.code);
      return refusal;
    }
    throw new Error(`expected ${args.stepId} to be refused`);
  }

  /** The qualification gate's case steps: the post's conditions (a county-level deputy post by default) and the profile confirmed. */
  async qualify(
    handle: WorkflowHandle,
    options: { level?: string; rank?: string; profile?: Record<string, unknown> } = {},
  ): Promise<void> {
    const org = person('org_staff');
    await this.submit(handle, {
      stepId: 'qualification.conditions',
      actor: org,
      items: filled('qualification.conditions', {
        'qualification.conditions.level': options.level ?? 'county',
        'qualification.conditions.rank': options.rank ?? 'deputy',
      }),
    });
    await this.submit(handle, {
      stepId: 'qualification.profile',
      actor: org,
      items: {
        ...profileAsItems(caseProfile({ recommendationByTalks: false, ...options.profile })),
        'qualification.profile.reason': '按本次选拔的实际情况确认',
      },
    });
  }

  /** Starts a case of specification 2 (or the version given) and walks it to the inspection gate with these nominated, all shortlisted. */
  async toInspection(
    acts: RecordingActivities,
    id: string,
    nominated: string[],
    options: {
      level?: string;
      rank?: string;
      profile?: Record<string, unknown>;
      policy?: Record<string, unknown>;
      /** The case's input beyond these (its specification version, posts, timers). */
      input?: Partial<CaseInput>;
      /** Whether to shortlist every one nominated (the default) or stop before. */
      shortlist?: boolean;
    } = {},
  ): Promise<WorkflowHandle> {
    const handle = await this.start(
      input(id, {
        specVersion: 2,
        policy: { consultationUnits: [], ...options.policy },
        ...options.input,
      }),
    );
    const org = person('org_staff');
    await this.qualify(handle, options);
    await this.submit(handle, {
      stepId: 'motion.propose',
      actor: person('department_officer'),
      items: filled('motion.propose', { 'motion.propose.approval_grounds': ['none'] }),
    });
    await this.submit(handle, { stepId: 'motion.work_plan', actor: org, items: filled('motion.work_plan') });
    await waitFor(handle, () => acts.commands.length === 1);
    await handle.signal(serviceResultSignal, {
      eventId: `${id}-nomination`,
      service: 'nomination',
      steps: emptyRecords('nomination.submit', 'nomination.meeting', 'nomination.result'),
      candidateIds: nominated,
    });
    await waitFor(handle, (s) => s.gate === 'inspection' && (s.candidates ?? []).length === nominated.length);
    if (options.shortlist === false) return handle;
    await this.submit(handle, {
      stepId: 'inspection.shortlist',
      actor: org,
      items: filled('inspection.shortlist', {
        'inspection.shortlist.candidates': nominated.map((c) => ({ id: c, name: c })),
      }),
    });
    return handle;
  }

  /**
   * From the shortlist to the decision gate: each of `ids` checked and found eligible, inspected, the
   * five-person group proposing as given, every member unit consulted answering; returns once the
   * first meeting is called.
   */
  async toDecision(
    acts: RecordingActivities,
    handle: WorkflowHandle,
    ids: readonly string[],
    proposals: readonly Proposal[],
    options: {
      /** Items of a candidate's eligibility check beyond the eligible defaults. */
      checks?: Readonly<Record<string, Record<string, unknown>>>;
      /** Units consulted that do not answer (the meeting is then not awaited). */
      silent?: readonly string[];
      /** The inspection team's members as the service reports them. */
      team?: readonly { id: string; name: string }[];
    } = {},
  ): Promise<void> {
    const { checks = {}, silent = [] } = options;
    const org = person('org_staff');
    for (const id of ids)
      await this.submit(handle, {
        stepId: 'qualification.check',
        actor: org,
        items: check(checks[id]),
        candidateId: id,
      });
    await waitFor(handle, () => acts.commands.length === 2);
    await this.inspected(handle, ids, options.team);
    await this.deliberate(handle, proposals);
    await waitFor(handle, () => acts.consultations.length === 1);
    for (const unit of acts.consultations[0]?.units ?? []) {
      if (silent.includes(unit)) continue;
      await handle.signal(consultationAnswerSignal, {
        eventId: `${handle.workflowId}-${unit}`,
        unit,
        opinion: 'no_objection',
        content: '无',
        answeredOn: '2026-11-20',
      });
    }
    if (silent.length === 0) await waitFor(handle, () => acts.commands.length === 3);
  }
  /** The inspection service's result for these candidates (empty forms); returns at the deliberation gate. */
  async inspected(
    handle: WorkflowHandle,
    ids: readonly string[],
    team?: readonly { id: string; name: string }[],
  ): Promise<void> {
    await handle.signal(serviceResultSignal, {
      eventId: `${handle.workflowId}-inspection`,
      service: 'inspection',
      steps: [
        { stepId: 'inspection.team', items: team ? { 'inspection.team.members': [...team] } : {} },
        ...emptyRecords(
          'inspection.notice',
          'inspection.appraisal',
          'inspection.talks',
          'inspection.investigation',
        ),
        ...ids.map((candidateId) => ({ stepId: 'inspection.four_musts', candidateId, items: {} })),
        ...emptyRecords('inspection.ranking', 'inspection.report'),
      ],
      candidateIds: [...ids],
    });
    await waitFor(handle, (s) => s.gate === 'deliberation');
  }

  /**
   * Signs a gate's record off in full, in order (specification 4): each place by the first of its
   * roles, as that role's first person (`<role>-1`); the reviewer is not the recorder.
   */
  async signOff(handle: WorkflowHandle, gate: GateKey, threeLevel = false): Promise<void> {
    for (const slot of signOffSlots(gate, threeLevel)) {
      await this.submit(handle, signature(gate, person(slot.roles[0] as string), slot.items));
    }
  }

  /** The department meeting, the leaders consulted, and the five-person group proposing as given. */
  /**
   * The decision's first meeting as the voting service reports it: held, 8 of 9 present, and each
   * of `candidateIds` passed (7 for, 1 against); then its minutes, by the deputy minister.
   */
  async decided(handle: WorkflowHandle, candidateIds: readonly string[]): Promise<void> {
    await handle.signal(serviceResultSignal, {
      eventId: `${handle.workflowId}-meeting-1`,
      service: 'voting',
      meeting: 1,
      candidateIds: [],
      steps: [
        {
          stepId: 'decision.meeting',
          items: {
            'decision.meeting.expected': 9,
            'decision.meeting.present': 8,
            'decision.meeting.outcome': 'held',
          },
        },
        ...candidateIds.map((candidateId) => ({
          stepId: 'decision.vote',
          candidateId,
          items: {
            'decision.vote.meeting': 1,
            'decision.vote.agree': 7,
            'decision.vote.disagree': 1,
            'decision.vote.abstain': 0,
            'decision.vote.outcome': 'passed',
          },
        })),
      ],
    });
    await waitFor(handle, (s) => (s.done['decision.meeting'] ?? 0) >= 1);
    await this.submit(handle, {
      stepId: 'decision.minutes',
      actor: person('deputy_minister'),
      items: filled('decision.minutes', {
        'decision.minutes.meeting': 1,
        'decision.minutes.speaking_order': ['m-2', 'secretary'].map((id) => ({ id, name: id })),
        'decision.minutes.principal': { id: 'secretary', name: 'secretary' },
      }),
    });
  }

  /**
   * Each of `candidateIds` appointed on their own notice with the minister's talk, then the record's
   * second submission; returns once the probation gate is open.
   */
  async appoint(handle: WorkflowHandle, candidateIds: readonly string[]): Promise<void> {
    const org = person('org_staff');
    for (const candidateId of candidateIds) {
      await this.submit(handle, {
        stepId: 'appointment.notice',
        actor: org,
        candidateId,
        items: filled('appointment.notice'),
      });
      await this.submit(handle, {
        stepId: 'appointment.talk',
        actor: person('minister'),
        candidateId,
        items: filled('appointment.talk'),
      });
    }
    await this.submit(handle, {
      stepId: 'appointment.second_submission',
      actor: org,
      items: filled('appointment.second_submission', {
        'appointment.second_submission.submitted_on': chinaDateOf(await this.env.currentTimeMs()),
      }),
    });
    await waitFor(handle, (s) => s.gate === 'probation');
  }

  async deliberate(handle: WorkflowHandle, proposals: readonly Proposal[]): Promise<void> {
    await this.submit(handle, {
      stepId: 'deliberation.department_meeting',
      actor: person('cadre_section_chief'),
      items: filled('deliberation.department_meeting'),
    });
    await this.submit(handle, {
      stepId: 'deliberation.leaders_consulted',
      actor: person('org_staff'),
      items: filled('deliberation.leaders_consulted'),
    });
    await this.submit(handle, {
      stepId: 'deliberation.five_person_group',
      actor: person('minister'),
      items: groupItems(proposals),
    });
  }
}
