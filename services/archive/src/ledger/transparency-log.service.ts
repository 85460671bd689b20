import { create, toBinary } from '@bufbuild/protobuf';
import { ActorKind, createEnvelope, encodeEnvelope, TreeHeadSchema, Topics } from '@jishi/contracts';
import {
  consistencyProof,
  equalBytes,
  type HashFunction,
  inclusionProof,
  leafData,
  leafHash,
  type NodeSource,
  nodesCompletedBy,
  signatureSuite,
  type SignatureSuite,
  type SignedTreeHead,
  treeHeadText,
  treeRoot,
} from '@jishi/evidence';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createProducer, createKafka } from '@jishi/messaging';
import { SERVICE_CONFIG, type ServiceConfig } from '@jishi/service-kit';
import type { CompressionTypes, Producer } from 'kafkajs';
import type { DataSource, EntityManager } from 'typeorm';
import { EVIDENCE_CONFIG, type EvidenceConfig } from '../config';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const unhex = (h: string) => Uint8Array.from(Buffer.from(h, 'hex'));

/** A fact's inclusion in the log of a size: its leaf and the audit path to the tree's root. */
export interface InclusionProof {
  leafIndex: number;
  treeSize: number;
  leafHash: string;
  path: string[];
}

/**
 * One append-only log of every case's facts (RFC 9162 shape): each fact, as it is chained, becomes
 * the log's next leaf, and the perfect subtrees it completes are written once. Every so often, when
 * the log has grown, a tree head is signed with the log key and published for supervisors to keep;
 * inclusion proofs for a fact and consistency proofs between heads are served from the stored
 * subtrees.
 */
@Injectable()
export class TransparencyLogService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TransparencyLogService.name);
  readonly suite: SignatureSuite;
  readonly hash: HashFunction;
  private producer: Producer | undefined;
  private timer: NodeJS.Timeout | undefined;
  private signing: Promise<unknown> = Promise.resolve();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(EVIDENCE_CONFIG) private readonly evidence: EvidenceConfig,
    @Inject(SERVICE_CONFIG) private readonly service: ServiceConfig,
  ) {
    this.suite = signatureSuite(evidence.suite);
    this.hash = (data) => this.suite.digestBytes(data);
  }

  /** What runs after each round of signing heads, with the latest head (sending what it covers). */
  private readonly afterHead: ((head: SignedTreeHead) => Promise<void>)[] = [];

  onHead(then: (head: SignedTreeHead) => Promise<void>): void {
    this.afterHead.push(then);
  }

  /** Signs a text with the log key (the archive's own statements: heads, submissions). */
  signAsLog(text: string): { suite: string; publicKey: string; signature: string } {
    return {
      suite: this.suite.name,
      publicKey: this.evidence.logPublicKey,
      signature: this.suite.sign(text, this.evidence.logPrivateKey),
    };
  }

  /** Sends records on a topic with the log's producer; throws when it cannot. */
  async send(
    topic: string,
    messages: { key: string; value: Buffer }[],
    compression?: CompressionTypes,
  ): Promise<void> {
    if (!this.producer) throw new Error('the archive’s producer is not connected');
    await this.producer.send({ topic, messages, ...(compression === undefined ? {} : { compression }) });
  }

  /** The text digest of the suite, for the facts' chain. */
  readonly digest = (text: string): string => this.suite.digest(text);

  async onApplicationBootstrap(): Promise<void> {
    this.producer = createProducer(createKafka({ clientId: 'jishi-archive-log', ...this.service.kafka }));
    await this.producer.connect();
    this.timer = setInterval(() => void this.signHead(), this.evidence.treeHeadIntervalMs);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.signing.catch(() => undefined);
    await this.producer?.disconnect();
  }

  private sourceFor(manager: EntityManager | DataSource): NodeSource {
    return async (level, index) => {
      const [row] = (await manager.query(
        `SELECT "hash" FROM "merkle_node" WHERE "level" = $1 AND "index" = $2`,
        [level, index],
      )) as [{ hash: string } | undefined];
      if (!row) throw new Error(`the log has no node ${level}/${index}`);
      return unhex(row.hash);
    };
  }

  /** Appends a fact as the log's next leaf, inside the transaction that chains it. */
  async append(
    manager: EntityManager,
    caseId: string,
    sequence: number,
    contentDigest: string,
  ): Promise<number> {
    await manager.query(
      `INSERT INTO "merkle_log" ("id", "size") VALUES (1, 0) ON CONFLICT ("id") DO NOTHING`,
    );
    const [log] = (await manager.query(`SELECT "size" FROM "merkle_log" WHERE "id" = 1 FOR UPDATE`)) as [
      { size: string },
    ];
    const index = Number(log.size);
    const leaf = leafHash(this.hash, leafData(caseId, sequence, contentDigest));
    for (const node of await nodesCompletedBy(this.hash, this.sourceFor(manager), index, leaf)) {
      await manager.query(`INSERT INTO "merkle_node" ("level", "index", "hash") VALUES ($1, $2, $3)`, [
        node.level,
        node.index,
        hex(node.hash),
      ]);
    }
    await manager.query(`INSERT INTO "merkle_leaf" ("index", "case_id", "sequence") VALUES ($1, $2, $3)`, [
      index,
      caseId,
      sequence,
    ]);
    await manager.query(`UPDATE "merkle_log" SET "size" = $1 WHERE "id" = 1`, [index + 1]);
    return index;
  }

  /** Signs and publishes a head if the log has grown since the last one. */
  signHead(): Promise<SignedTreeHead | undefined> {
    const run = this.signing.then(async () => {
      const head = await this.signHeadNow();
      if (head)
        for (const then of this.afterHead)
          await then(head).catch((err: unknown) =>
            this.logger.warn(`after head ${head.treeSize}: ${String(err)}`),
          );
      return head;
    });
    this.signing = run.catch((err: unknown) => this.logger.warn(`no tree head this time: ${String(err)}`));
    return run;
  }

  private async signHeadNow(): Promise<SignedTreeHead | undefined> {
    const [log] = (await this.dataSource.query(`SELECT "size" FROM "merkle_log" WHERE "id" = 1`)) as [
      { size: string } | undefined,
    ];
    const size = Number(log?.size ?? 0);
    const latest = await this.latestHead();
    if (size === 0 || (latest && latest.treeSize >= size)) {
      await this.publishPending();
      return latest;
    }
    const root = hex(await treeRoot(this.hash, this.sourceFor(this.dataSource), size));
    const unsigned = {
      treeSize: size,
      rootHash: root,
      timestamp: new Date().toISOString(),
      suite: this.suite.name,
    };
    const head: SignedTreeHead = {
      ...unsigned,
      publicKey: this.evidence.logPublicKey,
      signature: this.suite.sign(treeHeadText(unsigned), this.evidence.logPrivateKey),
    };
    await this.dataSource.query(
      `INSERT INTO "merkle_head" ("tree_size", "root_hash", "timestamp", "suite", "public_key", "signature")
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT ("tree_size") DO NOTHING`,
      [head.treeSize, head.rootHash, head.timestamp, head.suite, head.publicKey, head.signature],
    );
    await this.publishPending();
    return this.head(size);
  }

  /** Publishes every head not yet on the topic, oldest first: none is skipped when one send fails. */
  private async publishPending(): Promise<void> {
    const rows = (await this.dataSource.query(
      `SELECT h."tree_size" AS "size" FROM "merkle_head" h
       LEFT JOIN "merkle_head_published" p USING ("tree_size")
       WHERE p."tree_size" IS NULL ORDER BY h."tree_size"`,
    )) as { size: string }[];
    for (const row of rows) {
      const head = await this.head(Number(row.size));
      if (head) await this.publish(head);
    }
  }

  /** Publishes a head once (its event id is its size). */
  private async publish(head: SignedTreeHead): Promise<void> {
    const [published] = (await this.dataSource.query(
      `SELECT 1 FROM "merkle_head_published" WHERE "tree_size" = $1`,
      [head.treeSize],
    )) as [unknown];
    if (published || !this.producer) return;
    const envelope = createEnvelope({
      eventId: `tree-head/${head.treeSize}`,
      caseId: 'ledger-log',
      type: TreeHeadSchema.typeName,
      occurredAt: new Date(head.timestamp),
      actor: { id: 'archive', kind: ActorKind.SERVICE, role: 'service' },
      payload: toBinary(TreeHeadSchema, create(TreeHeadSchema, { ...head, treeSize: BigInt(head.treeSize) })),
    });
    await this.producer.send({
      topic: Topics.treeHeads,
      // Keyed by the log's public key: which log a head is of.
      messages: [{ key: head.publicKey, value: Buffer.from(encodeEnvelope(envelope)) }],
    });
    await this.dataSource.query(
      `INSERT INTO "merkle_head_published" ("tree_size") VALUES ($1) ON CONFLICT DO NOTHING`,
      [head.treeSize],
    );
  }

  async head(size: number): Promise<SignedTreeHead | undefined> {
    const [row] = (await this.dataSource.query(
      `SELECT "tree_size" AS "treeSize", "root_hash" AS "rootHash", "timestamp", "suite",
              "public_key" AS "publicKey", "signature"
       FROM "merkle_head" WHERE "tree_size" = $1`,
      [size],
    )) as [(Omit<SignedTreeHead, 'treeSize'> & { treeSize: string }) | undefined];
    return row ? { ...row, treeSize: Number(row.treeSize) } : undefined;
  }

  async latestHead(): Promise<SignedTreeHead | undefined> {
    const [row] = (await this.dataSource.query(`SELECT max("tree_size") AS "size" FROM "merkle_head"`)) as [
      { size: string | null },
    ];
    return row.size === null ? undefined : this.head(Number(row.size));
  }

  /** The first signed head of at least `size` facts: the same one every time it is asked for. */
  async firstHeadOf(size: number): Promise<SignedTreeHead | undefined> {
    const [row] = (await this.dataSource.query(
      `SELECT min("tree_size") AS "size" FROM "merkle_head" WHERE "tree_size" >= $1`,
      [size],
    )) as [{ size: string | null }];
    return row.size === null ? undefined : this.head(Number(row.size));
  }

  /** Whether a head's signature is the log key's over what it says. */
  headSigned(head: SignedTreeHead): boolean {
    return (
      head.suite === this.suite.name &&
      head.publicKey === this.evidence.logPublicKey &&
      this.suite.verify(treeHeadText(head), head.signature, head.publicKey)
    );
  }

  /** The audit paths of many facts in one tree, reading each stored subtree once. */
  async inclusionOfAll(
    leaves: readonly { sequence: number; index: number }[],
    size: number,
  ): Promise<{ sequence: number; leafIndex: number; path: string[] }[]> {
    const read = this.sourceFor(this.dataSource);
    const cache = new Map<string, Promise<Uint8Array>>();
    const source: NodeSource = (level, index) => {
      const key = `${level}/${index}`;
      let node = cache.get(key);
      if (!node) cache.set(key, (node = read(level, index)));
      return node;
    };
    const proofs = [];
    for (const leaf of leaves) {
      proofs.push({
        sequence: leaf.sequence,
        leafIndex: leaf.index,
        path: (await inclusionProof(this.hash, source, leaf.index, size)).map(hex),
      });
    }
    return proofs;
  }

  /** Where each of a case's facts stands in the log. */
  async leavesOf(caseId: string): Promise<{ sequence: number; index: number }[]> {
    const rows = (await this.dataSource.query(
      `SELECT "sequence", "index" FROM "merkle_leaf" WHERE "case_id" = $1 ORDER BY "sequence"`,
      [caseId],
    )) as { sequence: number; index: string }[];
    return rows.map((r) => ({ sequence: r.sequence, index: Number(r.index) }));
  }

  /** The audit path of a case's fact in the tree of `size` leaves. */
  async inclusion(caseId: string, sequence: number, size: number): Promise<InclusionProof | undefined> {
    const [leaf] = (await this.dataSource.query(
      `SELECT "index" FROM "merkle_leaf" WHERE "case_id" = $1 AND "sequence" = $2`,
      [caseId, sequence],
    )) as [{ index: string } | undefined];
    if (!leaf || Number(leaf.index) >= size) return undefined;
    const index = Number(leaf.index);
    const source = this.sourceFor(this.dataSource);
    return {
      leafIndex: index,
      treeSize: size,
      leafHash: hex(await source(0, index)),
      path: (await inclusionProof(this.hash, source, index, size)).map(hex),
    };
  }

  async consistency(from: number, to: number): Promise<string[]> {
    return (await consistencyProof(this.hash, this.sourceFor(this.dataSource), from, to)).map(hex);
  }

  /** The root of the stored tree of `size` leaves, as the stored subtrees give it now. */
  async rootNow(size: number): Promise<string> {
    return hex(await treeRoot(this.hash, this.sourceFor(this.dataSource), size));
  }

  /**
   * Checks a case's facts against the log: each fact's leaf, recomputed from its stored content
   * digest, is the leaf the log holds for it; the stored tree of the latest signed head still has
   * that head's root; the head is signed by the log key. Names the first fact or head that is wrong.
   */
  async verifyCase(
    caseId: string,
    facts: readonly { sequence: number; contentDigest: string }[],
    chainedThrough: number,
  ): Promise<LogVerification> {
    const head = await this.latestHead();
    if (head && !this.headSigned(head))
      return { valid: false, reason: `tree head ${head.treeSize} is not signed by the log key` };
    if (head) {
      const root = await this.rootNow(head.treeSize).catch((err: unknown) => {
        if (String(err).includes('the log has no node')) return '';
        throw err;
      });
      if (root !== head.rootHash)
        return {
          valid: false,
          head: head.treeSize,
          reason: `the log no longer has the root of signed tree head ${head.treeSize}: it was rewritten`,
        };
    }
    const leaves = (await this.dataSource.query(
      `SELECT l."sequence", l."index", n."hash" FROM "merkle_leaf" l
       LEFT JOIN "merkle_node" n ON n."level" = 0 AND n."index" = l."index"
       WHERE l."case_id" = $1`,
      [caseId],
    )) as { sequence: number; index: string; hash: string | null }[];
    const bySequence = new Map(leaves.map((l) => [l.sequence, l]));
    // Facts the log (or the chain's head) holds beyond the last one stored: the last facts were removed.
    const last = facts.length;
    const beyond = [...leaves.map((l) => l.sequence), chainedThrough].filter((s) => s > last);
    if (beyond.length > 0)
      return {
        valid: false,
        brokenAt: last + 1,
        reason: `fact ${last + 1} is missing: the log holds facts of the case up to ${Math.max(...beyond)}`,
      };
    let logged = 0;
    for (const fact of facts) {
      const leaf = bySequence.get(fact.sequence);
      if (!leaf)
        return { valid: false, brokenAt: fact.sequence, reason: `fact ${fact.sequence} is not in the log` };
      const expected = leafHash(this.hash, leafData(caseId, fact.sequence, fact.contentDigest));
      if (!leaf.hash || !equalBytes(unhex(leaf.hash), expected))
        return {
          valid: false,
          brokenAt: fact.sequence,
          reason: `fact ${fact.sequence} is not the fact the log holds at its place`,
        };
      if (head && Number(leaf.index) < head.treeSize) logged += 1;
    }
    return { valid: true, ...(head ? { head: head.treeSize } : {}), inSignedHead: logged };
  }
}

export interface LogVerification {
  readonly valid: boolean;
  /** The signed head checked against. */
  readonly head?: number;
  /** How many of the case's facts the signed head covers. */
  readonly inSignedHead?: number;
  readonly brokenAt?: number;
  readonly reason?: string;
}
