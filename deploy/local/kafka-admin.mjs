// Admin calls on the local Kafka broker for stack.sh, from the topic manifest libs/contracts/src/topic-manifest.json:
//   principals             every principal of the manifest's parties, one per line (no broker needed)
//   health <brokers>       asks the cluster for its metadata
//   topics <brokers> [rf]  creates every topic of the manifest that does not exist yet (idempotent)
//   acls <brokers>         grants each party exactly what the manifest says (WRITE to the topics it writes,
//                          READ to those it reads and to its consumer groups, named after its principal),
//                          and removes every other ACL of a non-super principal (idempotent)
// The broker takes only authenticated clients: the administrator's login comes from KAFKA_SASL_USERNAME and
// KAFKA_SASL_PASSWORD. Member units come from KAFKA_MEMBER_UNITS (unit ids, space separated).
import { readFileSync } from 'node:fs';
import kafkajs from 'kafkajs';

const {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  ConfigResourceTypes,
  ConfigSource,
  Kafka,
  logLevel,
  ResourcePatternTypes,
} = kafkajs;
const [command, brokers = '127.0.0.1:9092', localReplication = '1'] = process.argv.slice(2);
const manifest = JSON.parse(
  readFileSync(new URL('../../libs/contracts/src/topic-manifest.json', import.meta.url), 'utf8'),
);
const units = (process.env.KAFKA_MEMBER_UNITS ?? '').split(/\s+/).filter(Boolean);

/** The principals of a party of the manifest: a service's own, or each outside party's. */
function principalsOf(party) {
  if (manifest.parties.services.includes(party)) return [`jishi-${party}`];
  if (party === 'member-units') return units.map((unit) => `unit-${unit}`);
  const outside = manifest.parties.outside[party];
  if (!outside) throw new Error(`the manifest names an unknown party "${party}"`);
  return [outside.principal];
}

function allPrincipals() {
  const parties = [...manifest.parties.services, ...Object.keys(manifest.parties.outside)];
  return [...new Set(parties.flatMap(principalsOf))];
}

/** Every ACL the manifest grants, keyed so that two lists can be compared. */
function wantedAcls() {
  const acls = new Map();
  const grant = (resourceType, resourceName, resourcePatternType, principal, operation) => {
    const acl = {
      resourceType,
      resourceName,
      resourcePatternType,
      principal: `User:${principal}`,
      host: '*',
      operation,
      permissionType: AclPermissionTypes.ALLOW,
    };
    acls.set(aclKey(acl), acl);
  };
  for (const topic of manifest.topics) {
    for (const principal of topic.writers.flatMap(principalsOf))
      grant(
        AclResourceTypes.TOPIC,
        topic.name,
        ResourcePatternTypes.LITERAL,
        principal,
        AclOperationTypes.WRITE,
      );
    for (const principal of topic.readers.flatMap(principalsOf)) {
      grant(
        AclResourceTypes.TOPIC,
        topic.name,
        ResourcePatternTypes.LITERAL,
        principal,
        AclOperationTypes.READ,
      );
      // A reader's consumer groups are named after its principal: jishi-archive, jishi-archive-… (the
      // dash, so that unit-a's prefix is not unit-ab's).
      grant(
        AclResourceTypes.GROUP,
        principal,
        ResourcePatternTypes.LITERAL,
        principal,
        AclOperationTypes.READ,
      );
      grant(
        AclResourceTypes.GROUP,
        `${principal}-`,
        ResourcePatternTypes.PREFIXED,
        principal,
        AclOperationTypes.READ,
      );
    }
  }
  return acls;
}

function aclKey(a) {
  return [
    a.resourceType,
    a.resourceName,
    a.resourcePatternType,
    a.principal,
    a.host,
    a.operation,
    a.permissionType,
  ].join('|');
}

if (command === 'principals') {
  console.log(allPrincipals().join('\n'));
  process.exit(0);
}

const username = process.env.KAFKA_SASL_USERNAME;
const password = process.env.KAFKA_SASL_PASSWORD;
if (!username || !password) {
  console.error("KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD (the administrator's login) are required");
  process.exit(2);
}
const kafka = new Kafka({
  clientId: 'jishi-stack',
  brokers: brokers.split(','),
  logLevel: logLevel.NOTHING,
  connectionTimeout: 3000,
  retry: { retries: 0 },
  sasl: { mechanism: 'scram-sha-512', username, password },
});
const admin = kafka.admin();

async function health() {
  const cluster = await admin.describeCluster();
  console.log(
    `cluster ${cluster.clusterId}, controller ${cluster.controller}, ${cluster.brokers.length} broker(s)`,
  );
}

/** A topic's configuration as the manifest gives it, with min.insync.replicas fitted to the replication here. */
function configOf(topic, replicationFactor) {
  return {
    ...topic.config,
    'min.insync.replicas': String(Math.min(manifest.minInsyncReplicas, replicationFactor)),
  };
}

async function topics() {
  const replicationFactor = Math.min(manifest.replicationFactor, Number(localReplication));
  const existing = new Set(await admin.listTopics());
  const missing = manifest.topics.filter((t) => !existing.has(t.name));
  if (missing.length > 0) {
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((t) => ({
        topic: t.name,
        numPartitions: t.partitions,
        replicationFactor,
        configEntries: Object.entries(configOf(t, replicationFactor)).map(([name, value]) => ({
          name,
          value,
        })),
      })),
    });
  }
  // A topic made before the manifest changed its configuration is brought to it.
  const present = manifest.topics.filter((t) => existing.has(t.name));
  const described =
    present.length === 0
      ? { resources: [] }
      : await admin.describeConfigs({
          includeSynonyms: false,
          resources: present.map((t) => ({ type: ConfigResourceTypes.TOPIC, name: t.name })),
        });
  const drifted = [];
  for (const resource of described.resources) {
    const topic = manifest.topics.find((t) => t.name === resource.resourceName);
    const want = configOf(topic, replicationFactor);
    const have = Object.fromEntries(resource.configEntries.map((e) => [e.configName, e.configValue]));
    if (Object.entries(want).some(([name, value]) => have[name] !== value))
      drifted.push({ topic, want, have });
  }
  if (drifted.length > 0)
    await admin.alterConfigs({
      validateOnly: false,
      resources: drifted.map(({ topic, want, have }) => ({
        type: ConfigResourceTypes.TOPIC,
        name: topic.name,
        // AlterConfigs replaces a topic's whole set: the settings of other origins are kept as they are.
        configEntries: Object.entries({
          ...pickDynamic(have, resourceDynamic(described, topic.name)),
          ...want,
        }).map(([name, value]) => ({ name, value })),
      })),
    });
  console.log(
    `topics: ${manifest.topics.length} in the manifest, ${missing.length} created, ${drifted.length} reconfigured`,
  );
}

/** The names of a topic's settings set on the topic itself (not the broker's defaults). */
function resourceDynamic(described, name) {
  const resource = described.resources.find((r) => r.resourceName === name);
  return new Set(
    resource.configEntries
      .filter((e) => !e.isDefault && e.configSource === ConfigSource.TOPIC_CONFIG)
      .map((e) => e.configName),
  );
}

function pickDynamic(have, names) {
  return Object.fromEntries(Object.entries(have).filter(([name]) => names.has(name)));
}

async function acls() {
  const wanted = wantedAcls();
  const described = await admin.describeAcls({
    resourceType: AclResourceTypes.ANY,
    resourcePatternType: ResourcePatternTypes.ANY,
    operation: AclOperationTypes.ANY,
    permissionType: AclPermissionTypes.ANY,
  });
  const existing = new Map();
  for (const resource of described.resources)
    for (const acl of resource.acls) {
      const full = {
        ...acl,
        resourceType: resource.resourceType,
        resourceName: resource.resourceName,
        resourcePatternType: resource.resourcePatternType,
      };
      existing.set(aclKey(full), full);
    }
  const toCreate = [...wanted.entries()].filter(([key]) => !existing.has(key)).map(([, acl]) => acl);
  const toDelete = [...existing.entries()].filter(([key]) => !wanted.has(key)).map(([, acl]) => acl);
  if (toCreate.length > 0) await admin.createAcls({ acl: toCreate });
  if (toDelete.length > 0) await admin.deleteAcls({ filters: toDelete });
  console.log(
    `ACLs: ${wanted.size} granted by the manifest, ${toCreate.length} created, ${toDelete.length} removed`,
  );
}

try {
  await admin.connect();
  if (command === 'health') await health();
  else if (command === 'topics') await topics();
  else if (command === 'acls') await acls();
  else throw new Error(`unknown command ${command}; use principals, health, topics or acls`);
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
} finally {
  await admin.disconnect().catch(() => undefined);
}
