export {
  cached,
  type CheckOutcome,
  DEFAULT_OPS_SETTINGS,
  Observability,
  type OpsSettings,
  opsSettingsFromEnv,
  type ReadinessCheck,
} from './observability';
export { type OpsServer, startOpsServer } from './ops-server';
export { httpMetrics } from './http-metrics';
export {
  contextFrom,
  currentTraceContext,
  inSpan,
  SpanKind,
  startTracing,
  TRACE_ID_HEADER,
  traceRequests,
  type Tracing,
} from './tracing';
export {
  currentRequestId,
  httpLogging,
  loggerFor,
  NestLines,
  nameProcess,
  REQUEST_ID_HEADER,
  requestIds,
  rootLogger,
} from './logging';
