import { type KafkaLogin, kafkaLoginFromEnv } from '@jishi/messaging';

/** The bridge's configuration, checked at boot: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, KAFKA_BROKERS, BRIDGE_KAFKA_GROUP. */
export interface BridgeConfig {
  readonly temporal: { readonly address: string; readonly namespace: string };
  readonly kafka: {
    readonly brokers: readonly string[];
    readonly groupId: string;
    readonly login: KafkaLogin;
  };
}

export function loadBridgeConfig(env: NodeJS.ProcessEnv = process.env): BridgeConfig {
  const hostPort = /^[A-Za-z0-9.-]+:\d{1,5}$/;
  const problems: string[] = [];
  const address = env['TEMPORAL_ADDRESS'] ?? '127.0.0.1:7233';
  if (!hostPort.test(address)) problems.push(`TEMPORAL_ADDRESS must be host:port, not "${address}"`);
  const brokers = (env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',').map((b) => b.trim());
  if (brokers.some((b) => !hostPort.test(b)))
    problems.push('KAFKA_BROKERS must be host:port, comma separated');
  const login = kafkaLoginFromEnv(env, problems);
  if (problems.length > 0)
    throw new Error(`the signal bridge's configuration is invalid:\n  - ${problems.join('\n  - ')}`);
  return {
    temporal: { address, namespace: env['TEMPORAL_NAMESPACE'] ?? 'jishi' },
    kafka: { brokers, groupId: env['BRIDGE_KAFKA_GROUP'] ?? 'jishi-signal-bridge', login },
  };
}
