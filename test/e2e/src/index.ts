// The whole system under test, shared with the attack and fault suites (test/faults).
export { type AppName, SystemUnderTest } from './system';
export { KafkaProbe } from './kafka-replay';
export { driveCase, DRIVER_SYSTEM_OPTIONS } from './case-driver';
