import { create, type JsonObject, toBinary } from '@bufbuild/protobuf';
import {
  ActorKind,
  createEnvelope,
  OrganizationPolicyChangedSchema,
  policyRecordId,
  Topics,
} from '@jishi/contracts';
import { type Policy, resolvePolicy } from '@jishi/domain';
import { enqueue } from '@jishi/messaging';
import { refusalBody } from '@jishi/service-kit';
import { Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { DataSource, EntityManager } from 'typeorm';
import type { Acted } from '../years/years.dto';
import type { ChangePolicyDto } from './policies.dto';

interface PolicyRow {
  organization: string;
  version: number;
  overrides: Record<string, unknown>;
  policy: Policy;
  reason: string;
  actor_id: string;
  actor_role: string;
  actor_unit: string;
  recorded_at: Date;
}

/** A version of an organization's policy, as administrators and the gateway read it. */
export interface PolicyView {
  readonly organization: string;
  readonly version: number;
  /** Every value, resolved over the defaults. */
  readonly policy: Policy;
  /** The values the administrator set. */
  readonly overrides: Readonly<Record<string, unknown>>;
  readonly reason: string;
  readonly changedBy: { readonly id: string; readonly role: string; readonly unitId: string };
  readonly changedAt: string;
}

const view = (row: PolicyRow): PolicyView => ({
  organization: row.organization,
  version: row.version,
  policy: row.policy,
  overrides: row.overrides,
  reason: row.reason,
  changedBy: { id: row.actor_id, role: row.actor_role, unitId: row.actor_unit },
  changedAt: new Date(row.recorded_at).toISOString(),
});

/**
 * Each organization's policy: the numbers the rules leave to each place, set by its administrator,
 * version by version. A new version applies to cases started afterwards; a running case keeps the
 * policy it started with (it is in the case's input).
 */
@Injectable()
export class PoliciesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private async latest(manager: EntityManager, organization: string): Promise<PolicyRow | undefined> {
    const [row] = (await manager.query(
      `SELECT * FROM "organization_policy_version" WHERE "organization" = $1 ORDER BY "version" DESC LIMIT 1`,
      [organization],
    )) as PolicyRow[];
    return row;
  }

  async current(organization: string): Promise<PolicyView> {
    const row = await this.latest(this.dataSource.manager, organization);
    if (!row) {
      throw new NotFoundException({
        code: 'POLICY.NOT_SET',
        zh: `组织“${organization}”尚未设定政策，按部署配置执行`,
        en: `the organization ${organization} has set no policy; the deployment's configuration applies`,
      });
    }
    return view(row);
  }

  async versions(organization: string): Promise<PolicyView[]> {
    const rows = (await this.dataSource.query(
      `SELECT * FROM "organization_policy_version" WHERE "organization" = $1 ORDER BY "version"`,
      [organization],
    )) as PolicyRow[];
    return rows.map(view);
  }

  /** A new version, when it differs from the current one; refused, naming the field, when it breaks a rule. */
  async change(
    organization: string,
    dto: Acted<ChangePolicyDto>,
  ): Promise<{ created: boolean; policy: PolicyView }> {
    const resolved = resolvePolicy(dto.policy as Partial<Policy>);
    if (Array.isArray(resolved)) {
      const first = resolved[0];
      throw new UnprocessableEntityException({
        ...refusalBody(first as NonNullable<typeof first>),
        field: `policy.${String(first?.details?.['field'] ?? '')}`,
        details: { problems: resolved.map((r) => ({ field: r.details?.['field'], zh: r.zh, en: r.en })) },
      });
    }
    return this.dataSource.transaction(async (manager) => {
      // One change to an organization's policy at a time: versions follow each other.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`policy:${organization}`]);
      const row = await this.latest(manager, organization);
      // jsonb keeps its own key order: compare the values, not their text.
      if (row && isDeepStrictEqual(row.policy, JSON.parse(JSON.stringify(resolved)))) {
        return { created: false, policy: view(row) };
      }
      const version = (row?.version ?? 0) + 1;
      const [saved] = (await manager.query(
        `INSERT INTO "organization_policy_version"
           ("organization", "version", "overrides", "policy", "reason", "actor_id", "actor_role", "actor_unit")
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
        [
          organization,
          version,
          JSON.stringify(dto.policy),
          JSON.stringify(resolved),
          dto.reason.trim(),
          dto.actor.id,
          dto.actor.role,
          dto.actor.unitId,
        ],
      )) as PolicyRow[];
      const stored = saved as PolicyRow;
      await enqueue(manager, Topics.organizationEvents, [
        createEnvelope({
          eventId: `policy/${organization}/v${version}/${randomUUID()}`,
          caseId: policyRecordId(organization),
          type: OrganizationPolicyChangedSchema.typeName,
          occurredAt: stored.recorded_at,
          actor: { id: dto.actor.id, kind: ActorKind.PERSON, role: dto.actor.role, unitId: dto.actor.unitId },
          payload: toBinary(
            OrganizationPolicyChangedSchema,
            create(OrganizationPolicyChangedSchema, {
              organization,
              version,
              policy: resolved as unknown as JsonObject,
              overrides: dto.policy as JsonObject,
              reason: stored.reason,
            }),
          ),
        }),
      ]);
      return { created: true, policy: view(stored) };
    });
  }
}
