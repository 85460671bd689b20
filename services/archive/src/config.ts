import { SUITE_NAMES, signatureSuite, type SuiteName } from '@jishi/evidence';
import { PartyRegistry } from '@jishi/messaging';
import { loadServiceConfig, type ServiceConfig } from '@jishi/service-kit';
import { readFileSync } from 'node:fs';
import type { S3StoreConfig } from './attachments/s3-attachment-store';
import { resolve } from 'node:path';

/** What makes the record evidence: the deployment's suite, the log's key, how often heads are signed. */
export interface EvidenceConfig {
  readonly suite: SuiteName;
  /** The log key's private key, hex: it signs the tree heads. */
  readonly logPrivateKey: string;
  readonly logPublicKey: string;
  /** How often a new tree head is signed and published when the log has grown, in milliseconds. */
  readonly treeHeadIntervalMs: number;
}

/** Where attachments are kept (a directory, or a bucket of an S3-compatible store), and how large one may be. */
export interface AttachmentsConfig {
  readonly dir: string;
  readonly maxBytes: number;
  readonly s3?: S3StoreConfig;
}

export interface ArchiveConfig extends ServiceConfig {
  readonly evidence: EvidenceConfig;
  readonly attachments: AttachmentsConfig;
  /**
   * The registered keys of the outside parties (ARCHIVE_PARTY_KEYS_FILE, the registry the signal bridge
   * uses): what a member unit writes goes on the record only when its signature and its topic's rules
   * hold. Without the file, no outside party's message is taken (each is dead-lettered with the reason).
   */
  readonly parties: PartyRegistry;
}

export const EVIDENCE_CONFIG = Symbol('EVIDENCE_CONFIG');

/**
 * The archive's configuration: ARCHIVE_PORT, ARCHIVE_DB_*, ARCHIVE_CALLERS, ARCHIVE_PERSON_ASSERTION_KEY_FILE, KAFKA_BROKERS;
 * JISHI_SUITE (ed25519-sha256 or sm2-sm3), the log key (ARCHIVE_LOG_KEY_FILE, a file holding the
 * private key in hex, or ARCHIVE_LOG_PRIVATE_KEY) and ARCHIVE_TREE_HEAD_INTERVAL_MS (60 000);
 * ARCHIVE_ATTACHMENTS_DIR (the content-addressed store, `.jishi/attachments` under the working
 * directory by default), or an S3-compatible store (ARCHIVE_S3_ENDPOINT, ARCHIVE_S3_BUCKET,
 * ARCHIVE_S3_REGION, ARCHIVE_S3_ACCESS_KEY, ARCHIVE_S3_SECRET_KEY), and JISHI_ATTACHMENT_MAX_BYTES
 * (64 MiB).
 */
export function loadArchiveConfig(env: NodeJS.ProcessEnv = process.env): ArchiveConfig {
  const service = loadServiceConfig(
    'ARCHIVE',
    { port: 3104, database: 'jishi_archive', groupId: 'jishi-archive' },
    env,
  );
  const problems: string[] = [];
  const suiteName = env['JISHI_SUITE'] ?? 'ed25519-sha256';
  if (!(SUITE_NAMES as readonly string[]).includes(suiteName))
    problems.push(`JISHI_SUITE must be one of ${SUITE_NAMES.join(', ')}`);
  let key = env['ARCHIVE_LOG_PRIVATE_KEY'] ?? '';
  const file = env['ARCHIVE_LOG_KEY_FILE'];
  if (!key && file) {
    try {
      key = readFileSync(file, 'utf8').trim();
    } catch {
      problems.push(`ARCHIVE_LOG_KEY_FILE ${file} cannot be read`);
    }
  }
  let logPublicKey = '';
  if (!key) problems.push('ARCHIVE_LOG_KEY_FILE or ARCHIVE_LOG_PRIVATE_KEY is required (the log key)');
  else if (problems.length === 0) {
    try {
      logPublicKey = signatureSuite(suiteName as SuiteName).publicKeyOf(key);
    } catch {
      problems.push(`the log key is not a private key of the suite ${suiteName}`);
    }
  }
  const interval = Number(env['ARCHIVE_TREE_HEAD_INTERVAL_MS'] ?? '60000');
  if (!Number.isInteger(interval) || interval < 100)
    problems.push('ARCHIVE_TREE_HEAD_INTERVAL_MS must be a whole number of 100 or more');
  const maxBytes = Number(env['JISHI_ATTACHMENT_MAX_BYTES'] ?? String(64 * 1024 * 1024));
  if (!Number.isInteger(maxBytes) || maxBytes < 1)
    problems.push('JISHI_ATTACHMENT_MAX_BYTES must be a whole number of 1 or more');
  const endpoint = env['ARCHIVE_S3_ENDPOINT'];
  let s3: S3StoreConfig | undefined;
  if (endpoint !== undefined) {
    const need = (name: string) => {
      const value = env[name];
      if (!value) problems.push(`${name} is required with ARCHIVE_S3_ENDPOINT`);
      return value ?? '';
    };
    if (!/^https?:\/\/[^\s/]+/.test(endpoint)) problems.push('ARCHIVE_S3_ENDPOINT must be an http(s) URL');
    s3 = {
      endpoint,
      bucket: need('ARCHIVE_S3_BUCKET'),
      region: env['ARCHIVE_S3_REGION'] ?? 'us-east-1',
      accessKeyId: need('ARCHIVE_S3_ACCESS_KEY'),
      secretAccessKey: need('ARCHIVE_S3_SECRET_KEY'),
    };
  }
  let parties = new PartyRegistry([]);
  const partiesFile = env['ARCHIVE_PARTY_KEYS_FILE'];
  if (partiesFile)
    try {
      parties = PartyRegistry.fromFile(partiesFile);
    } catch (err) {
      problems.push(`ARCHIVE_PARTY_KEYS_FILE (${partiesFile}): ${(err as Error).message}`);
    }
  if (problems.length > 0) throw new Error(`archive configuration: ${problems.join('; ')}`);
  return {
    ...service,
    parties,
    evidence: {
      suite: suiteName as SuiteName,
      logPrivateKey: key,
      logPublicKey,
      treeHeadIntervalMs: interval,
    },
    attachments: {
      dir: resolve(env['ARCHIVE_ATTACHMENTS_DIR'] ?? '.jishi/attachments'),
      maxBytes,
      ...(s3 ? { s3 } : {}),
    },
  };
}
