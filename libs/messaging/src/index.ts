export { EnvelopePublisher, HEADERS } from './envelope-publisher';
export { createKafka, createProducer, type KafkaSettings } from './kafka';
