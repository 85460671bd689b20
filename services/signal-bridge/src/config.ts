import { type OpsSettings, opsSettingsFromEnv } from '@jishi/observability';
import { type TemporalTls, temporalTlsFromEnv } from '@jishi/identity';
import { type KafkaLogin, kafkaLoginFromEnv, PartyRegistry } from '@jishi/messaging';

/**
 * The bridge's configuration, checked at boot: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, KAFKA_BROKERS,
 * KAFKA_SASL_*, BRIDGE_KAFKA_GROUP, and BRIDGE_PARTY_KEYS_FILE, the registry of the keys that sign
 * answers and objections (member units' systems, the gateway).
 */
export interface BridgeConfig {
  readonly temporal: { readonly address: string; readonly namespace: string; readonly tls: TemporalTls };
  readonly kafka: {
    readonly brokers: readonly string[];
    readonly groupId: string;
    readonly login: KafkaLogin;
  };
  readonly parties: PartyRegistry;
  /** Its operations port and readiness bounds (`BRIDGE_OPS_PORT`, 3206; `JISHI_*`). */
  readonly ops: OpsSettings;
}

export function loadBridgeConfig(env: NodeJS.ProcessEnv = process.env): BridgeConfig {
  const hostPort = /^[A-Za-z0-9.-]+:\d{1,5}$/;
  const problems: string[] = [];
  const address = env['TEMPORAL_ADDRESS'] ?? '127.0.0.1:7233';
  if (!hostPort.test(address)) problems.push(`TEMPORAL_ADDRESS must be host:port, not "${address}"`);
  const tls = temporalTlsFromEnv(env, problems);
  const brokers = (env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',').map((b) => b.trim());
  if (brokers.some((b) => !hostPort.test(b)))
    problems.push('KAFKA_BROKERS must be host:port, comma separated');
  const login = kafkaLoginFromEnv(env, problems);
  let parties = new PartyRegistry([]);
  const partiesFile = env['BRIDGE_PARTY_KEYS_FILE'] ?? '';
  if (partiesFile === '')
    problems.push("BRIDGE_PARTY_KEYS_FILE is required: the registry of the parties' keys");
  else
    try {
      parties = PartyRegistry.fromFile(partiesFile);
    } catch (err) {
      problems.push(`BRIDGE_PARTY_KEYS_FILE (${partiesFile}): ${(err as Error).message}`);
    }
  const ops = opsSettingsFromEnv('BRIDGE', 3206, env, problems);
  if (problems.length > 0)
    throw new Error(`the signal bridge's configuration is invalid:\n  - ${problems.join('\n  - ')}`);
  return {
    temporal: { address, namespace: env['TEMPORAL_NAMESPACE'] ?? 'jishi', tls },
    kafka: { brokers, groupId: env['BRIDGE_KAFKA_GROUP'] ?? 'jishi-signal-bridge', login },
    parties,
    ops,
  };
}
