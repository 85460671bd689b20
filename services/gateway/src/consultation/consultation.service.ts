import { create, toBinary } from '@bufbuild/protobuf';
import {
  ActorKind,
  CASE_AWAITING,
  CASE_DEPARTMENT,
  CASE_GATE,
  CASE_NEXT_DEADLINE,
  CASE_STATUS,
  CASE_WORKFLOW_TYPE,
  type CaseStatus,
  ConsultationAnsweredSchema,
  createEnvelope,
  STATUS_QUERY,
  Topics,
} from '@jishi/contracts';
import { chinaDateOf } from '@jishi/domain';
import { createKafka, createProducer, EnvelopePublisher, signEnvelope, watchKafka } from '@jishi/messaging';
import { Observability } from '@jishi/observability';
import {
  ConflictException,
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { Producer } from 'kafkajs';
import type { Principal } from '../auth/principal';
import type { ConsultationAnswerDto } from './consultation.dto';
import { CasesService } from '../cases/cases.service';
import { TemporalClient } from '../cases/temporal.provider';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway.config';

/** A consultation request waiting for a member unit's answer. */
export interface OpenConsultation {
  readonly caseId: string;
  readonly title: string;
  readonly departmentId: string;
  /** The candidate the opinion is about, the first where there are several (absent when the case's status could not be read in time). */
  readonly candidateId?: string;
  /** Every candidate the opinion is about: those proposed to the deciding body. */
  readonly candidateIds?: readonly string[];
  /** When the answer is due, ISO date-time. */
  readonly dueAt?: string;
}

/**
 * Consultation with the joint-meeting member units (征求意见), as the gateway serves it: a unit's
 * inbox of open requests, and its answers, published on the answers topic — the same path a unit's
 * own system takes — from which the signal bridge signals the case.
 */
@Injectable()
export class ConsultationService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('gateway');
  private producer: Producer | undefined;
  private publisher: EnvelopePublisher | undefined;
  private kafkaWatch: { stop(): Promise<void> } | undefined;

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly temporal: TemporalClient,
    private readonly cases: CasesService,
    private readonly observability: Observability,
  ) {}

  async onModuleInit(): Promise<void> {
    const kafka = createKafka({ clientId: 'jishi-gateway', ...this.config.kafka });
    this.producer = createProducer(kafka);
    await this.producer.connect();
    this.kafkaWatch = watchKafka(kafka, this.observability);
    this.publisher = new EnvelopePublisher(this.producer);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.producer?.disconnect();
    await this.kafkaWatch?.stop();
  }

  /**
   * The cases at the consultation gate that wait for this unit's answer, found by the `CaseAwaiting`
   * search attribute; the candidate comes from each case's status, read with a short deadline so a
   * case whose worker is slow still appears (without its candidate) instead of failing the inbox.
   */
  async inbox(principal: Principal): Promise<OpenConsultation[]> {
    // The unit id passed the token's claim pattern: it cannot break out of its quotes.
    const query = [
      `WorkflowType = '${CASE_WORKFLOW_TYPE}'`,
      `${CASE_GATE.name} = 'consultation'`,
      `${CASE_STATUS.name} = 'running'`,
      `${CASE_AWAITING.name} = '${principal.unitId}'`,
    ].join(' AND ');
    const open: OpenConsultation[] = [];
    for await (const execution of this.temporal.workflow.list({ query, pageSize: 200 })) {
      const caseId = execution.workflowId.replace(/^case-/, '');
      const memo = (execution.memo ?? {}) as { title?: string; departmentId?: string };
      const deadline = execution.typedSearchAttributes.get(CASE_NEXT_DEADLINE);
      let candidateIds: string[] = [];
      try {
        const status = await this.temporal.withDeadline(3000, () =>
          this.cases.handle(caseId).query<CaseStatus>(STATUS_QUERY),
        );
        if (!status.waitingOn.includes(principal.unitId)) continue; // answered since it was indexed
        // Specification 2: the candidates proposed to the deciding body; specification 1: its one.
        candidateIds = status.candidates
          ? status.candidates.filter((c) => c.status === 'proposed').map((c) => c.id)
          : status.candidateIds.slice(0, 1);
      } catch (err) {
        this.logger.warn(`inbox: the status of ${caseId} could not be read: ${(err as Error).message}`);
      }
      open.push({
        caseId,
        title: memo.title ?? '',
        departmentId: execution.typedSearchAttributes.get(CASE_DEPARTMENT) ?? memo.departmentId ?? '',
        ...(candidateIds[0] ? { candidateId: candidateIds[0], candidateIds } : {}),
        ...(deadline ? { dueAt: deadline.toISOString() } : {}),
      });
    }
    return open;
  }

  /**
   * A member unit's answer: accepted only while the case waits on that unit. The event id names the
   * case and the unit, so a repeated answer changes nothing: the first answer is the unit's answer.
   */
  async answer(
    principal: Principal,
    caseId: string,
    dto: ConsultationAnswerDto,
  ): Promise<{ eventId: string }> {
    let status: CaseStatus;
    try {
      status = await this.cases.handle(caseId).query<CaseStatus>(STATUS_QUERY);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw this.cases.notFound(caseId);
      throw err;
    }
    if (status.gate !== 'consultation' || !status.waitingOn.includes(principal.unitId)) {
      throw new ConflictException({
        code: 'CONS.NOT_WAITING',
        zh: `事项“${caseId}”没有等待单位“${principal.unitId}”答复的征求意见`,
        en: `the case ${caseId} is not waiting for an answer from ${principal.unitId}`,
      });
    }
    const eventId = `case-${caseId}/answer/${principal.unitId}`;
    // Signed by the gateway's key: the bridge takes the unit from the person this gateway authenticated.
    const signer = { principal: 'jishi-gateway', privateKey: this.config.envelopeKey };
    await (this.publisher as EnvelopePublisher).publish(Topics.consultationAnswers, [
      signEnvelope(
        createEnvelope({
          eventId,
          caseId,
          type: ConsultationAnsweredSchema.typeName,
          occurredAt: new Date(),
          actor: { id: principal.id, kind: ActorKind.PERSON, role: principal.role, unitId: principal.unitId },
          payload: toBinary(
            ConsultationAnsweredSchema,
            create(ConsultationAnsweredSchema, {
              unit: principal.unitId,
              opinion: dto.opinion,
              content: dto.content,
              answeredOn: dto.answeredOn ?? chinaDateOf(Date.now()),
            }),
          ),
        }),
        signer,
      ),
    ]);
    return { eventId };
  }
}
