import { SUITE_NAMES, signatureSuite, type SuiteName } from '@jishi/evidence';
import { loadServiceConfig, type ServiceConfig } from '@jishi/service-kit';
import { readFileSync } from 'node:fs';

/** What makes the record evidence: the deployment's suite, the log's key, how often heads are signed. */
export interface EvidenceConfig {
  readonly suite: SuiteName;
  /** The log key's private key, hex: it signs the tree heads. */
  readonly logPrivateKey: string;
  readonly logPublicKey: string;
  /** How often a new tree head is signed and published when the log has grown, in milliseconds. */
  readonly treeHeadIntervalMs: number;
}

export interface ArchiveConfig extends ServiceConfig {
  readonly evidence: EvidenceConfig;
}

export const EVIDENCE_CONFIG = Symbol('EVIDENCE_CONFIG');

/**
 * The archive's configuration: ARCHIVE_PORT, ARCHIVE_DB_*, ARCHIVE_CALLER_TOKENS, KAFKA_BROKERS;
 * JISHI_SUITE (ed25519-sha256 or sm2-sm3), the log key (ARCHIVE_LOG_KEY_FILE, a file holding the
 * private key in hex, or ARCHIVE_LOG_PRIVATE_KEY) and ARCHIVE_TREE_HEAD_INTERVAL_MS (60 000).
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
  if (problems.length > 0) throw new Error(`archive configuration: ${problems.join('; ')}`);
  return {
    ...service,
    evidence: {
      suite: suiteName as SuiteName,
      logPrivateKey: key,
      logPublicKey,
      treeHeadIntervalMs: interval,
    },
  };
}
