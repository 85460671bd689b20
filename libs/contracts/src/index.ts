export * from './gen/jishi/common/v1/envelope_pb';
export * from './gen/jishi/case/v1/case_pb';
export * from './gen/jishi/nomination/v1/nomination_pb';
export * from './gen/jishi/inspection/v1/inspection_pb';
export * from './gen/jishi/voting/v1/voting_pb';
export * from './gen/jishi/consultation/v1/consultation_pb';
export * from './gen/jishi/appointment/v1/appointment_pb';
export * from './gen/jishi/calendar/v1/calendar_pb';
export * from './gen/jishi/organization/v1/organization_pb';
export * from './gen/jishi/ledger/v1/ledger_pb';
export * from './case-workflow.messages';
export * from './case-search-attributes';
export * from './calendar.messages';
export * from './organization.messages';
export {
  assertValidEnvelope,
  createEnvelope,
  decodeEnvelope,
  encodeEnvelope,
  EnvelopeError,
  occurredAt,
  type EnvelopeInit,
} from './envelope';
export {
  KAFKA_PARTIES,
  servicePrincipal,
  Topics,
  TOPIC_MIN_INSYNC_REPLICAS,
  TOPIC_REPLICATION_FACTOR,
  TOPIC_SPECS,
  type TopicSpec,
} from './topics';
