import type { Tracing } from '@jishi/observability';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import type { WorkerOptions } from '@temporalio/worker';

/** The workflow side of Temporal's OpenTelemetry interceptors, bundled with the workflow code. */
export const WORKFLOW_INTERCEPTOR_MODULES: readonly string[] = [
  require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors'),
];

/**
 * What a worker needs to trace (Temporal's OpenTelemetry interceptors): the workflow's spans —
 * continuing the trace a client's call carried in its headers — exported through a sink to the
 * process's span processor, and each activity a span of the same trace. The replay test runs the
 * recorded histories with the same interceptors, so tracing changes no case's course.
 */
export function tracedWorkerOptions(
  tracing: Tracing,
): Required<Pick<WorkerOptions, 'interceptors' | 'sinks'>> {
  return {
    interceptors: {
      workflowModules: [...WORKFLOW_INTERCEPTOR_MODULES],
      activity: [
        (ctx) => ({
          inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
          outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
        }),
      ],
    },
    sinks: { exporter: makeWorkflowExporter(tracing.processor, tracing.resource) },
  };
}
