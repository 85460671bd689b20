import manifest from './topic-manifest.json';

/** One Kafka topic of the manifest (`topic-manifest.json`). */
export interface TopicSpec {
  /** Versioned topic name, `jishi.<area>.<kind>.v<n>`. */
  readonly name: string;
  /** Partition count; records are keyed by case id. */
  readonly partitions: number;
  /** What flows on the topic. */
  readonly purpose: string;
  /** Topic-level configuration beyond the broker defaults. */
  readonly config?: Readonly<Record<string, string>>;
  /** The parties ({@link KAFKA_PARTIES}) that may write the topic: the broker grants them, and no one else. */
  readonly writers: readonly string[];
  /** The parties that may read the topic. */
  readonly readers: readonly string[];
}

/** Who connects to Kafka: Jishi's processes (principal `jishi-<name>`) and the outside parties. */
export const KAFKA_PARTIES = {
  services: manifest.parties.services as readonly string[],
  outside: Object.keys(manifest.parties.outside) as readonly string[],
} as const;

/** The Kafka principal a process of Jishi logs in as. */
export function servicePrincipal(service: string): string {
  return `jishi-${service}`;
}

/** Every topic of Jishi, as the manifest lists them. */
export const TOPIC_SPECS: readonly TopicSpec[] = manifest.topics as readonly TopicSpec[];

/** Replication factor of every topic in production. */
export const TOPIC_REPLICATION_FACTOR: number = manifest.replicationFactor;

/** In production a write is acknowledged once this many replicas hold it (producers send with acks=all). */
export const TOPIC_MIN_INSYNC_REPLICAS: number = manifest.minInsyncReplicas;

function topicName(name: string): string {
  if (!TOPIC_SPECS.some((spec) => spec.name === name)) {
    throw new Error(`topic ${name} is not in the manifest libs/contracts/src/topic-manifest.json`);
  }
  return name;
}

/** Topic names by role, each checked against the manifest when this module loads. */
export const Topics = {
  caseEvents: topicName('jishi.case.events.v1'),
  reminders: topicName('jishi.case.reminders.v1'),
  nominationCommands: topicName('jishi.nomination.commands.v1'),
  nominationEvents: topicName('jishi.nomination.events.v1'),
  inspectionCommands: topicName('jishi.inspection.commands.v1'),
  inspectionEvents: topicName('jishi.inspection.events.v1'),
  votingCommands: topicName('jishi.voting.commands.v1'),
  votingEvents: topicName('jishi.voting.events.v1'),
  consultationRequests: topicName('jishi.consultation.requests.v1'),
  consultationAnswers: topicName('jishi.consultation.answers.v1'),
  objections: topicName('jishi.appointment.objections.v1'),
  calendarEvents: topicName('jishi.calendar.events.v1'),
  organizationEvents: topicName('jishi.organization.events.v1'),
  treeHeads: topicName('jishi.ledger.heads.v1'),
  supervisionSubmissions: topicName('jishi.supervision.submissions.v1'),
  deadLetter: topicName('jishi.deadletter.messages.v1'),
} as const;
