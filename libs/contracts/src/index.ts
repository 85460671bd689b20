export * from './gen/jishi/common/v1/envelope_pb';
export {
  assertValidEnvelope,
  createEnvelope,
  decodeEnvelope,
  encodeEnvelope,
  EnvelopeError,
  occurredAt,
  type EnvelopeInit,
} from './envelope';
export { Topics, TOPIC_REPLICATION_FACTOR, TOPIC_SPECS, type TopicSpec } from './topics';
