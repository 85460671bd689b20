export { EnvelopePublisher, HEADERS } from './envelope-publisher';
export { createKafka, createProducer, type KafkaLogin, kafkaLoginFromEnv, type KafkaSettings } from './kafka';
export {
  DEAD_LETTER_HEADERS,
  type EnvelopeHandler,
  consumeAttributes,
  IdempotentConsumer,
  sendToDeadLetter,
} from './idempotent-consumer';
export { enqueue, OutboxRelay, type OutboxRelayOptions, type RelayRound } from './outbox';
export { OutboxDelivery1764800000000 } from './outbox-delivery.migration';
export { describeFailure, isTransient } from './failures';
export { MessagingTables1764300000000 } from './messaging-tables.migration';
export { ProcessedEventDigest1764790000000 } from './processed-digest.migration';
export {
  envelopeContentDigest,
  type EnvelopeSigner,
  envelopeSigningBytes,
  type Party,
  partyKeyId,
  PartyRegistry,
  signEnvelope,
} from './envelope-signature';
export { admit, type Speaking, TOPIC_BINDINGS } from './topic-bindings';
export { ConsumerWatch, watchKafka } from './consumer-watch';
