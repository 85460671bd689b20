import {
  CASE_AWAITING,
  CASE_DEPARTMENT,
  CASE_GATE,
  CASE_NEXT_DEADLINE,
  CASE_OVERDUE,
  CASE_OVERDUE_SINCE,
  CASE_STATUS,
  CASE_WORKFLOW_TYPE,
  type CaseInput,
  type CaseStatus,
  caseWorkflowId,
  ATTEMPT_REFUSED_SIGNAL,
  type AttemptRefusedArgs,
  STATUS_QUERY,
  SUBMIT_STEP_UPDATE,
  type SubmitStepArgs,
  type SubmitStepResult,
} from '@jishi/contracts';
import {
  anySpecStep,
  attachmentsNamed,
  checkAttachments,
  chinaDateOf,
  dataItem,
  type StoredAttachment,
  DEADLINE_KEYS,
  daysLate,
  checkArrival,
  CURRENT_SPEC_VERSION,
  type Policy,
  type Refusal,
  resolvePolicy,
  signatureInvalid,
  signOffGate,
} from '@jishi/domain';
import { signOffText } from '@jishi/evidence';
import { ID_PATTERN, refusalBody } from '@jishi/service-kit';
import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  HttpException,
  Inject,
  Injectable,
  BadGatewayException,
  Logger,
  NotFoundException,
} from '@nestjs/common';
import {
  isGrpcDeadlineError,
  WorkflowExecutionAlreadyStartedError,
  type WorkflowHandle,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  WorkflowUpdateStage,
} from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import { createHash, randomUUID } from 'node:crypto';
import { CASE_READERS, type Principal, UNIT_ROLES } from '../auth/principal';

/** A person's refused attempts a day the case itemizes (20), and the one that says the rest are not. */
const REFUSALS_TOLD_PER_DAY = 21;
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway.config';
import type { CaseFilterQuery, ListCasesQuery, StartCaseDto } from './cases.dto';
import { refusalStatus } from './refusal-status';
import { CaseMetrics } from './case-metrics';
import { TemporalClient } from './temporal.provider';
import { SignerKeys } from '../participation/signer-keys';
import { ServiceClient } from '../participation/service-client';

/** How many cases a list's filters select. */
export interface CaseCount {
  /**
   * 事项数 / the number of cases
   * @asType integer
   * @minimum 0
   */
  readonly count: number;
}

/** A case in a list. */
export interface CaseSummary {
  readonly caseId: string;
  readonly departmentId: string;
  readonly title: string;
  readonly gate: string;
  readonly status: string;
  readonly nextDeadline?: string;
  /** Whom the case waits on: roles, member units or services. */
  readonly awaiting: readonly string[];
  /** Specification 5: the deadlines missed and still owed, since when, and the days late. */
  readonly overdue?: {
    readonly deadlines: readonly string[];
    readonly since: string;
    readonly daysLate: number;
  };
  readonly startedAt: string;
}

/** A step accepted by the case whose outcome was not known in time (202): ask again at `poll`. */
export interface PendingStep {
  readonly status: 'pending';
  readonly updateId: string;
  readonly poll: string;
  readonly zh: string;
  readonly en: string;
}

export interface StartedCase {
  readonly caseId: string;
  /** False when the portal's request had already started this case. */
  readonly created: boolean;
}

/** What a case's memo holds: who started it and from which portal request. */
interface CaseMemo {
  readonly departmentId: string;
  readonly title: string;
  readonly requestId: string;
  readonly requestDigest: string;
}

const digest = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

/**
 * The cases, as the gateway reaches them through Temporal: start (idempotent by the portal's request
 * id), steps as the workflow's `submitStep` Update, the status Query and the visibility list.
 */
@Injectable()
export class CasesService {
  private readonly logger = new Logger(CasesService.name);
  /** The organization's policy as configured (version 0), resolved once at boot (it was checked then). */
  readonly configuredPolicy: Policy;

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly temporal: TemporalClient,
    private readonly services: ServiceClient,
    private readonly signers: SignerKeys,
    private readonly metrics: CaseMetrics,
  ) {
    const resolved = resolvePolicy(config.cases.policy);
    if (Array.isArray(resolved)) throw new Error(resolved.map((r) => r.en).join('; '));
    this.configuredPolicy = resolved;
  }

  /**
   * The organization's policy now: the version its administrator last set, or the deployment's
   * configured policy (version 0) while it has set none.
   */
  async currentPolicy(): Promise<{ organization: string; version: number; policy: Policy }> {
    const { organization } = this.config.cases;
    const answer = await this.services.forward('calendar', 'GET', `/organizations/${organization}/policy`);
    if (answer.status === 200) {
      const set = answer.body as { version: number; policy: Policy };
      return { organization, version: set.version, policy: set.policy };
    }
    if ((answer.body as { code?: string } | undefined)?.code === 'POLICY.NOT_SET')
      return { organization, version: 0, policy: this.configuredPolicy };
    // Anything else is the deployment's fault, not the caller's: no case starts on a guessed policy.
    throw new BadGatewayException({
      code: 'UPSTREAM.UNAVAILABLE',
      zh: '暂时无法读取本组织的政策配置，请稍后重试',
      en: 'the organization’s policy cannot be read now; try again later',
    });
  }

  /** The case id of a portal's request: the same request always names the same case. */
  static caseIdFor(departmentId: string, requestId: string): string {
    return `${departmentId}-${digest([departmentId, requestId]).slice(0, 16)}`;
  }

  async start(principal: Principal, dto: StartCaseDto): Promise<StartedCase> {
    this.checkUnit(principal, dto.departmentId);
    const caseId = CasesService.caseIdFor(dto.departmentId, dto.requestId);
    const requestDigest = digest(dto);
    const policy = await this.currentPolicy();
    const input: CaseInput = {
      caseId,
      departmentId: dto.departmentId,
      title: dto.title,
      startedBy: { id: principal.id, role: principal.role, unitId: principal.unitId },
      posts: dto.posts,
      committeeMembers: dto.committeeMembers,
      recommendationParticipants: dto.recommendationParticipants,
      ...(dto.profile ? { profile: { ...dto.profile } } : {}),
      timers: this.config.cases.timers,
      // The organization's policy resolved now, whole, with its version: a later change of the policy
      // or of a release's defaults never changes a running case's rules.
      organization: policy.organization,
      policyVersion: policy.version,
      policy: { ...policy.policy },
      // So is the specification of its gates: a later release's steps never move a running case.
      specVersion: CURRENT_SPEC_VERSION,
    };
    const memo: CaseMemo = {
      departmentId: dto.departmentId,
      title: dto.title,
      requestId: dto.requestId,
      requestDigest,
    };
    try {
      await this.temporal.workflow.start(CASE_WORKFLOW_TYPE, {
        taskQueue: this.config.temporal.taskQueue,
        workflowId: caseWorkflowId(caseId),
        args: [input],
        memo: { ...memo },
        // A case id is never used twice, even after the case has ended.
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        typedSearchAttributes: new TypedSearchAttributes([
          { key: CASE_DEPARTMENT, value: dto.departmentId },
          { key: CASE_GATE, value: 'qualification' },
          { key: CASE_STATUS, value: 'running' },
        ]),
      });
      return { caseId, created: true };
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      const existing = (await this.handle(caseId).describe()).memo as Partial<CaseMemo> | undefined;
      if (existing?.requestDigest === requestDigest) return { caseId, created: false };
      throw new ConflictException({
        code: 'CASE.REQUEST_REUSED',
        zh: `请求编号“${dto.requestId}”已用于另一内容的事项，请换用新的请求编号`,
        en: `the request id "${dto.requestId}" already started a case with other content; use a new request id`,
        field: 'requestId',
      });
    }
  }

  async status(principal: Principal, caseId: string): Promise<CaseStatus> {
    await this.authorizeCase(principal, caseId);
    // A case whose worker does not answer in time: 503, instead of a request that hangs.
    return this.temporal.withDeadline(this.config.stepWaitMs, () =>
      this.handle(caseId).query<CaseStatus>(STATUS_QUERY),
    );
  }

  /** A person's step, counted in the metrics by its outcome (and a refusal by its rule). */
  async submitStep(
    principal: Principal,
    caseId: string,
    stepId: string,
    items: Record<string, unknown>,
    idempotencyKey?: string,
    candidateId?: string,
  ): Promise<SubmitStepResult | PendingStep> {
    try {
      const result = await this.submit(principal, caseId, stepId, items, idempotencyKey, candidateId);
      this.metrics.step(stepId, 'status' in result && result.status === 'pending' ? 'pending' : 'accepted');
      return result;
    } catch (err) {
      const body = err instanceof HttpException ? (err.getResponse() as { code?: unknown }) : undefined;
      if (err instanceof HttpException && err.getStatus() < 500 && typeof body?.code === 'string')
        this.metrics.step(stepId, 'refused', body.code);
      else this.metrics.step(stepId, 'failed');
      throw err;
    }
  }

  private async submit(
    principal: Principal,
    caseId: string,
    stepId: string,
    items: Record<string, unknown>,
    idempotencyKey?: string,
    candidateId?: string,
  ): Promise<SubmitStepResult | PendingStep> {
    const spec = anySpecStep(stepId);
    if (!spec && !signOffGate(stepId)) {
      throw new NotFoundException({
        code: 'CASE.UNKNOWN_STEP',
        zh: `没有环节“${stepId}”`,
        en: `there is no step "${stepId}"`,
        field: 'stepId',
      });
    }
    // A step that may be done more than once is done once per key: a retried request (a timeout, a
    // 202 whose answer was lost) must not record it twice.
    if (spec?.repeatable && idempotencyKey === undefined) {
      throw new BadRequestException({
        code: 'REQUEST.IDEMPOTENCY_KEY_REQUIRED',
        field: 'Idempotency-Key',
        zh: `环节“${stepId}”可多次办理，提交时须带 Idempotency-Key 请求头，重试时沿用同一值`,
        en: `the step "${stepId}" may be done more than once: send an Idempotency-Key header, the same one on a retry`,
      });
    }
    // A step a service, a member unit or the workflow brings is refused here already, before the
    // role: no role may post it (the workflow refuses it too).
    const arrival = checkArrival(stepId, 'person', CURRENT_SPEC_VERSION);
    if (!arrival.ok) {
      // Recorded on the case for those who may act on it (an attempt on another unit's case is not).
      if (await this.mayAct(principal, caseId))
        await this.recordRefusal(principal, caseId, stepId, candidateId, arrival, idempotencyKey);
      throw new HttpException(refusalBody(arrival), refusalStatus(arrival.code));
    }
    await this.authorizeCase(principal, caseId);
    // Every attachment the step names is in the case's store, intact, and a meeting's recording is
    // audio or video; each is recorded with the type and size the store holds.
    const attached = await this.attachmentsOf(caseId, items);
    const attachments = checkAttachments(items, attached);
    if (!attachments.ok) {
      await this.recordRefusal(principal, caseId, stepId, candidateId, attachments, idempotencyKey);
      throw new HttpException(refusalBody(attachments), refusalStatus(attachments.code));
    }
    items = withStoredAttachments(items, attached);
    // A sign-off's signatures are verified here, against the signers' registered keys and the gate's
    // digest from the archive, and recorded with the key and digest they were made with.
    const gate = signOffGate(stepId);
    let sealed = items;
    if (gate) {
      const outcome = await this.sealSignatures(caseId, gate, items);
      if ('code' in outcome) {
        await this.recordRefusal(principal, caseId, stepId, candidateId, outcome, idempotencyKey);
        throw new HttpException(refusalBody(outcome), refusalStatus(outcome.code));
      }
      sealed = outcome.items;
    }
    const args: SubmitStepArgs = {
      stepId,
      actor: { id: principal.id, role: principal.role, unitId: principal.unitId },
      items: sealed,
      ...(candidateId === undefined ? {} : { candidateId }),
    };
    // The update is the person's own: its id begins with theirs, so only they may ask after it. A key
    // names one request: the same key with another step or other items is another request, never the
    // first one's outcome handed back.
    const content = createHash('sha256')
      .update(JSON.stringify([stepId, candidateId ?? '', items]))
      .digest('hex')
      .slice(0, 16);
    const updateId = `${principal.id}/${idempotencyKey ?? randomUUID()}/${content}`;
    try {
      // Accepted (the case's rules passed it) or refused, at once; then its outcome is awaited for a
      // bounded time: a case whose record cannot be written just now (Kafka away) answers 202 with
      // the update's id, and the client asks again (GET /cases/:caseId/updates/:updateId).
      // Not accepted in time (the case's worker away): 503, not accepted — a retry with the same key
      // is the same update.
      const update = await this.temporal.withDeadline(this.config.stepWaitMs, () =>
        this.handle(caseId).startUpdate<SubmitStepResult, [SubmitStepArgs]>(SUBMIT_STEP_UPDATE, {
          args: [args],
          updateId,
          waitForStage: WorkflowUpdateStage.ACCEPTED,
        }),
      );
      return await this.outcome(caseId, update.updateId, () => update.result());
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError) {
        const cause = err.cause as { type?: string; message?: string; details?: unknown[] } | undefined;
        const refusal = cause?.details?.[0] as Refusal | undefined;
        if (refusal?.code) {
          await this.recordRefusal(principal, caseId, stepId, candidateId, refusal, idempotencyKey);
          throw new HttpException(refusalBody(refusal), refusalStatus(refusal.code));
        }
      }
      if (err instanceof WorkflowNotFoundError) throw this.ended(caseId);
      throw err;
    }
  }

  /** The outcome of a person's step submitted earlier (202): the result, or still pending. */
  async updateOutcome(
    principal: Principal,
    caseId: string,
    updateId: string,
  ): Promise<SubmitStepResult | PendingStep> {
    await this.authorizeCase(principal, caseId);
    if (!updateId.startsWith(`${principal.id}/`)) throw this.unknownUpdate(updateId);
    try {
      return await this.outcome(caseId, updateId, () =>
        this.handle(caseId).getUpdateHandle<SubmitStepResult>(updateId).result(),
      );
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError) {
        const refusal = (err.cause as { details?: unknown[] } | undefined)?.details?.[0] as
          Refusal | undefined;
        if (refusal?.code) throw new HttpException(refusalBody(refusal), refusalStatus(refusal.code));
      }
      // No such update (or case): gRPC NOT_FOUND, on the error or its cause.
      const code =
        (err as { code?: unknown; cause?: { code?: unknown } } | undefined)?.code ??
        (err as { cause?: { code?: unknown } })?.cause?.code;
      if (err instanceof WorkflowNotFoundError || code === 5) throw this.unknownUpdate(updateId);
      throw err;
    }
  }

  /** Waits a bounded time for an accepted update's outcome; past it, the update is pending. */
  private async outcome(
    caseId: string,
    updateId: string,
    result: () => Promise<SubmitStepResult>,
  ): Promise<SubmitStepResult | PendingStep> {
    try {
      return await this.temporal.withDeadline(this.config.stepWaitMs, result);
    } catch (err) {
      // The wait ended by the deadline, however the client reports it (the poll for an accepted
      // update's outcome, cut by the deadline, may end as cancelled): the step is accepted, pending.
      const waitEnded =
        err instanceof WorkflowUpdateRPCTimeoutOrCancelledError ||
        isGrpcDeadlineError(err) ||
        (err instanceof Error && isGrpcDeadlineError(err.cause));
      if (!waitEnded) throw err;
      return {
        status: 'pending',
        updateId,
        poll: `/cases/${caseId}/updates/${encodeURIComponent(updateId)}`,
        zh: '已受理，尚未记入纪实，请稍后查询',
        en: 'accepted; not on the record yet: ask again shortly',
      };
    }
  }

  badUpdateId(): BadRequestException {
    return new BadRequestException({
      code: 'REQUEST.INVALID',
      field: 'updateId',
      zh: 'updateId 应为 202 应答给出的编号',
      en: 'updateId must be the id a 202 answer gave',
    });
  }

  private unknownUpdate(updateId: string): NotFoundException {
    return new NotFoundException({
      code: 'CASE.UNKNOWN_UPDATE',
      zh: `没有您提交的“${updateId}”`,
      en: `there is no submission "${updateId}" of yours`,
      field: 'updateId',
    });
  }

  async list(principal: Principal, query: ListCasesQuery): Promise<CaseSummary[]> {
    const limit = query.limit ?? 50;
    const cases: CaseSummary[] = [];
    for await (const execution of this.temporal.workflow.list({
      query: this.visibilityQuery(principal, query),
      pageSize: limit,
    })) {
      const memo = (execution.memo ?? {}) as Partial<CaseMemo>;
      const attributes = execution.typedSearchAttributes;
      const deadline = attributes.get(CASE_NEXT_DEADLINE);
      const overdue = attributes.get(CASE_OVERDUE) ?? [];
      const overdueSince = attributes.get(CASE_OVERDUE_SINCE);
      cases.push({
        caseId: execution.workflowId.replace(/^case-/, ''),
        departmentId: attributes.get(CASE_DEPARTMENT) ?? memo.departmentId ?? '',
        title: memo.title ?? '',
        gate: attributes.get(CASE_GATE) ?? '',
        status: attributes.get(CASE_STATUS) ?? execution.status.name.toLowerCase(),
        ...(deadline ? { nextDeadline: deadline.toISOString() } : {}),
        awaiting: attributes.get(CASE_AWAITING) ?? [],
        ...(overdue.length > 0 && overdueSince
          ? {
              overdue: {
                deadlines: overdue,
                since: overdueSince.toISOString(),
                daysLate: Math.max(
                  1,
                  daysLate(chinaDateOf(overdueSince.getTime() - 1), chinaDateOf(Date.now())),
                ),
              },
            }
          : {}),
        startedAt: execution.startTime.toISOString(),
      });
      if (cases.length >= limit) break;
    }
    return cases;
  }

  /** How many cases the same filters select (the list's `limit` aside): one count in Temporal's visibility store. */
  async count(principal: Principal, query: CaseFilterQuery): Promise<CaseCount> {
    const { count } = await this.temporal.workflow.count(this.visibilityQuery(principal, query));
    return { count };
  }

  /** The visibility query of a list's filters, within the caller's reach (a unit's roles: their unit only). */
  private visibilityQuery(principal: Principal, query: CaseFilterQuery): string {
    const department = UNIT_ROLES.includes(principal.role) ? principal.unitId : query.department;
    if (UNIT_ROLES.includes(principal.role) && query.department && query.department !== principal.unitId) {
      throw this.wrongUnit();
    }
    // Every value below passed the DTO's patterns, so none can break out of its quotes.
    // Only this deployment's cases: those its worker runs (another deployment may share the namespace).
    const clauses = [
      `WorkflowType = '${CASE_WORKFLOW_TYPE}'`,
      `TaskQueue = '${this.config.temporal.taskQueue}'`,
    ];
    if (department) clauses.push(`CaseDepartment = '${department}'`);
    if (query.gate) clauses.push(`CaseGate = '${query.gate}'`);
    if (query.status) clauses.push(`CaseStatus = '${query.status}'`);
    if (query.awaiting) clauses.push(`CaseAwaiting = '${query.awaiting}'`);
    // Values come from the DTO's list of deadline keys.
    if (query.overdue === 'true')
      clauses.push(`CaseOverdue IN (${DEADLINE_KEYS.map((k) => `'${k}'`).join(', ')})`);
    else if (query.overdue) clauses.push(`CaseOverdue = '${query.overdue}'`);
    return clauses.join(' AND ');
  }

  /**
   * Checks that the person may act on the case: the organization department and supervisors on any
   * case, a department's officer on their own department's cases only. 404 when there is no case.
   */
  async authorizeCase(principal: Principal, caseId: string): Promise<void> {
    let memo: Partial<CaseMemo>;
    try {
      const description = await this.handle(caseId).describe();
      // A case another deployment runs in the same namespace (its own worker, its own task queue) is
      // not this gateway's to show or act on.
      if (description.taskQueue !== this.config.temporal.taskQueue) throw this.notFound(caseId);
      memo = (description.memo ?? {}) as Partial<CaseMemo>;
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw this.notFound(caseId);
      throw err;
    }
    if (UNIT_ROLES.includes(principal.role)) this.checkUnit(principal, memo.departmentId ?? '');
  }

  /**
   * Verifies each signature of a sign-off: `{ signerId, signature, through }`, the signer's
   * registered key's signature (in force) over the gate's digest up to fact `through`, which must
   * cover every step of the gate recorded so far. Returns the items with each signature's key id,
   * suite and digest added, or the refusal.
   */
  private async sealSignatures(
    caseId: string,
    gate: string,
    items: Record<string, unknown>,
  ): Promise<{ items: Record<string, unknown> } | Refusal> {
    const out: Record<string, unknown> = { ...items };
    for (const [field, value] of Object.entries(items)) {
      if (!field.endsWith('_signature')) continue;
      const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
      const { signerId, signature, through } = v;
      if (
        typeof signerId !== 'string' ||
        !ID_PATTERN.test(signerId) ||
        typeof signature !== 'string' ||
        !/^[0-9a-f]{2,512}$/.test(signature) ||
        typeof through !== 'number' ||
        !Number.isInteger(through) ||
        through < 1
      )
        return signatureInvalid(field, 'malformed');
      const digest = await this.services.forward(
        'archive',
        'GET',
        `/cases/${encodeURIComponent(caseId)}/gates/${gate}/digest?through=${through}`,
      );
      if (digest.status === 409) throw new ConflictException(digest.body);
      if (digest.status !== 200)
        throw new BadGatewayException({
          code: 'SERVICE.UNAVAILABLE',
          zh: '纪实服务暂不可用',
          en: 'the archive is not available',
        });
      const gateDigest = digest.body as { digest: string; stale: boolean };
      if (gateDigest.stale) return signatureInvalid(field, 'stale');
      const key = await this.signers.verify(
        signerId,
        signOffText({ caseId, gate, through, digest: gateDigest.digest, signerId, item: field }),
        signature,
        field,
      );
      if ('code' in key) return key;
      out[field] = {
        signerId,
        signature,
        through,
        digest: gateDigest.digest,
        keyId: key.keyId,
        suite: key.suite,
      };
    }
    return { items: out };
  }

  /** The stored files the step's attachment items name, as the archive holds them (intact ones only). */
  private async attachmentsOf(
    caseId: string,
    items: Record<string, unknown>,
  ): Promise<Map<string, StoredAttachment>> {
    const found = new Map<string, StoredAttachment>();
    const digests = new Set(attachmentsNamed(items).map((a) => a.sha256));
    if (digests.size > MAX_ATTACHMENTS_PER_STEP)
      throw new BadRequestException({
        code: 'REQUEST.INVALID',
        field: 'items',
        zh: `一个步骤至多引用 ${MAX_ATTACHMENTS_PER_STEP} 个附件`,
        en: `a step may name at most ${MAX_ATTACHMENTS_PER_STEP} attachments`,
      });
    for (const sha256 of digests) {
      if (!/^[0-9a-f]{64}$/.test(sha256)) continue;
      const answer = await this.services.forward(
        'archive',
        'GET',
        `/cases/${encodeURIComponent(caseId)}/attachments/${sha256}/meta`,
      );
      if (answer.status === 404) continue;
      const meta = answer.body as StoredAttachment & { intact?: boolean };
      if (answer.status !== 200)
        throw new BadGatewayException({
          code: 'SERVICE.UNAVAILABLE',
          zh: '纪实服务暂不可用',
          en: 'the archive is not available',
        });
      if (meta.intact !== true) {
        this.logger.error(
          `attachment ${sha256} of case ${caseId} no longer hashes to its digest in the store`,
        );
        continue;
      }
      found.set(sha256, { sha256, name: meta.name, mediaType: meta.mediaType, size: meta.size });
    }
    return found;
  }

  /** Refused attempts told to each case today, by person: the gateway stops at the case's own limit. */
  private readonly refusalsTold = new Map<string, number>();

  private refusalsDay = '';

  private async mayAct(principal: Principal, caseId: string): Promise<boolean> {
    try {
      await this.authorizeCase(principal, caseId);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Tells the case of a refused attempt, to be recorded as a fact: who, what, which rule. Only the
   * attempts of someone who may read cases or sign one's record (an inspection team member) — not a
   * voter, a member unit or an administrator; a department's people only on their own cases — are told, and of each person no more a day than the case itemizes (and
   * the one that says so), so no caller can grow a case's history without bound. A repeated
   * request with the same Idempotency-Key is one attempt. The refusal stands whether or not the case
   * can be told (a case that has ended takes no more facts).
   */
  private async recordRefusal(
    principal: Principal,
    caseId: string,
    stepId: string,
    candidateId: string | undefined,
    refusal: Refusal,
    idempotencyKey: string | undefined,
  ): Promise<void> {
    const body = refusalBody(refusal);
    // The item at fault, where the rule names one (as `field`, or a record item's `key`).
    const details = (refusal.details ?? {}) as Record<string, unknown>;
    const field = [details['field'], details['key']].find((f): f is string => typeof f === 'string');
    const args: AttemptRefusedArgs = {
      eventId: idempotencyKey ? `refused/${principal.id}/${idempotencyKey}` : `refused/${randomUUID()}`,
      actor: { id: principal.id, role: principal.role, unitId: principal.unitId },
      stepId,
      ...(candidateId === undefined ? {} : { candidateId }),
      code: body.code,
      ...(field === undefined ? {} : { field }),
      zh: body.zh,
      en: body.en,
    };
    if (![...CASE_READERS, 'inspection_team_member'].includes(principal.role)) return;
    const day = chinaDateOf(Date.now());
    if (day !== this.refusalsDay) {
      this.refusalsTold.clear();
      this.refusalsDay = day;
    }
    const told = `${caseId}/${principal.id}`;
    const count = (this.refusalsTold.get(told) ?? 0) + 1;
    if (count > REFUSALS_TOLD_PER_DAY) return;
    this.refusalsTold.set(told, count);
    try {
      await this.handle(caseId).signal(ATTEMPT_REFUSED_SIGNAL, args);
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError))
        this.logger.warn(`case ${caseId}: the refused attempt could not be recorded: ${String(err)}`);
    }
  }

  private checkUnit(principal: Principal, departmentId: string): void {
    if (UNIT_ROLES.includes(principal.role) && principal.unitId !== departmentId) throw this.wrongUnit();
  }

  handle(caseId: string): WorkflowHandle {
    return this.temporal.workflow.getHandle(caseWorkflowId(caseId));
  }

  private wrongUnit(): ForbiddenException {
    return new ForbiddenException({
      code: 'AUTH.WRONG_UNIT',
      zh: '只能办理本单位的事项',
      en: 'you may act only on your own unit’s cases',
    });
  }

  notFound(caseId: string): NotFoundException {
    return new NotFoundException({
      code: 'CASE.NOT_FOUND',
      zh: `没有事项“${caseId}”`,
      en: `there is no case ${caseId}`,
    });
  }

  private ended(caseId: string): ConflictException {
    return new ConflictException({
      code: 'CASE.COMPLETED',
      zh: `事项“${caseId}”已结束`,
      en: `the case ${caseId} has ended`,
    });
  }
}

/** How many files one step may name: each is looked up and re-hashed at the archive. */
const MAX_ATTACHMENTS_PER_STEP = 50;

/** A step's attachment items with the media type and size the store holds beside each digest. */
function withStoredAttachments(
  items: Record<string, unknown>,
  stored: ReadonlyMap<string, StoredAttachment>,
): Record<string, unknown> {
  if (stored.size === 0) return items;
  const seal = (v: unknown): unknown => {
    const file = stored.get(String((v as { sha256?: unknown } | null)?.sha256 ?? ''));
    return file ? { ...(v as object), mediaType: file.mediaType, size: file.size } : v;
  };
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(items))
    out[key] =
      dataItem(key)?.type === 'attachment' ? (Array.isArray(value) ? value.map(seal) : seal(value)) : value;
  return out;
}
