import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One message of one case in the ledger, linked to the case's previous entry by its hash. */
@Entity({ name: 'ledger_entry' })
@Index('ledger_entry_event', ['eventId'], { unique: true })
export class LedgerEntryEntity {
  @PrimaryColumn({ name: 'case_id', type: 'text' })
  caseId!: string;

  @PrimaryColumn({ name: 'sequence', type: 'integer' })
  sequence!: number;

  @Column({ name: 'event_id', type: 'text' })
  eventId!: string;

  @Column({ name: 'topic', type: 'text' })
  topic!: string;

  @Column({ name: 'type', type: 'text' })
  type!: string;

  @Column({ name: 'occurred_at', type: 'text' })
  occurredAt!: string;

  @Column({ name: 'actor_id', type: 'text' })
  actorId!: string;

  @Column({ name: 'actor_role', type: 'text' })
  actorRole!: string;

  @Column({ name: 'payload_digest', type: 'text' })
  payloadDigest!: string;

  @Column({ name: 'payload', type: 'bytea' })
  payload!: Buffer;

  @Column({ name: 'previous_hash', type: 'text' })
  previousHash!: string;

  @Column({ name: 'hash', type: 'text' })
  hash!: string;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' })
  recordedAt!: Date;
}
