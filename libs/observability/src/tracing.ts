import {
  context,
  type Context,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
  type Tracer,
} from '@opentelemetry/api';
import {
  ExportResultCode,
  type ExportResult,
  hrTimeToMilliseconds,
  W3CTraceContextPropagator,
} from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { NextFunction, Request, Response } from 'express';
import { currentRequestId, rootLogger } from './logging';

/** The header that tells a caller the trace of its request (32 hex digits), to find it in the traces. */
export const TRACE_ID_HEADER = 'x-trace-id';

/**
 * Spans as JSON lines on the process's log (component `traces`, at info): where traces go when no
 * OTLP collector is configured, so that a local run keeps them beside the logs of the same request.
 */
class LogSpanExporter implements SpanExporter {
  private readonly log = rootLogger.child({ component: 'traces' });

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    for (const span of spans) {
      const { traceId, spanId } = span.spanContext();
      this.log.info(
        {
          span: {
            traceId,
            spanId,
            parentSpanId: span.parentSpanId,
            name: span.name,
            kind: SpanKind[span.kind],
            service: span.resource.attributes['service.name'],
            startTime: new Date(hrTimeToMilliseconds(span.startTime)).toISOString(),
            durationMs: Math.round(hrTimeToMilliseconds(span.duration) * 1000) / 1000,
            status: span.status.code === SpanStatusCode.ERROR ? 'error' : 'ok',
            attributes: scalarAttributes(span.attributes),
          },
        },
        'span',
      );
    }
    done({ code: ExportResultCode.SUCCESS });
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * A span's attributes as OpenTelemetry allows them (text, numbers, flags, lists of those): the
 * workflow's spans also carry the whole workflow info (memo, search attributes), which is not logged.
 */
function scalarAttributes(attributes: ReadableSpan['attributes']): Record<string, unknown> {
  const scalar = (v: unknown) => ['string', 'number', 'boolean'].includes(typeof v);
  return Object.fromEntries(
    Object.entries(attributes).filter(([, v]) => scalar(v) || (Array.isArray(v) && v.every(scalar))),
  );
}

/** The process's tracing: its resource and span processor (the worker hands both to Temporal's interceptors). */
export interface Tracing {
  readonly resource: Resource;
  readonly processor: SpanProcessor;
  shutdown(): Promise<void>;
}

let started: Tracing | undefined;

/**
 * Starts OpenTelemetry tracing for the process named `service`: W3C trace context propagation, spans
 * batched to the OTLP collector the standard `OTEL_EXPORTER_OTLP_*` variables name, or, when none is
 * named, written to the process's log. Started once; later calls answer the same.
 */
export function startTracing(service: string, env: NodeJS.ProcessEnv = process.env): Tracing {
  if (started) return started;
  const resource = new Resource({ 'service.name': service, 'service.namespace': 'jishi' });
  const otlp = env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'] ?? env['OTEL_EXPORTER_OTLP_ENDPOINT'];
  const processor = new BatchSpanProcessor(otlp ? new OTLPTraceExporter() : new LogSpanExporter(), {
    scheduledDelayMillis: 500,
  });
  const provider = new NodeTracerProvider({ resource, spanProcessors: [processor] });
  provider.register({ propagator: new W3CTraceContextPropagator() });
  started = { resource, processor, shutdown: () => provider.shutdown() };
  return started;
}

/** Jishi's tracer. */
export const tracer = (): Tracer => trace.getTracer('jishi');

/** The active span's trace context as W3C headers (`traceparent`, maybe `tracestate`), if there is one. */
export function currentTraceContext(): { traceparent: string; tracestate?: string } | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  const { traceparent, tracestate } = carrier;
  if (!traceparent) return undefined;
  return tracestate ? { traceparent, tracestate } : { traceparent };
}

/** The context a message's or request's trace headers continue (the root when they hold none). */
export function contextFrom(headers: { traceparent?: string; tracestate?: string } | undefined): Context {
  if (!headers?.traceparent) return ROOT_CONTEXT;
  return propagation.extract(ROOT_CONTEXT, headers);
}

/**
 * Runs `work` in a span named `name`, child of `parent`: ended when the work is, marked an error when
 * it throws.
 */
export function inSpan<T>(
  name: string,
  options: { kind: SpanKind; attributes?: Record<string, string | number | boolean> },
  parent: Context,
  work: (span: Span) => Promise<T>,
): Promise<T> {
  return tracer().startActiveSpan(name, options, parent, async (span) => {
    try {
      return await work(span);
    } catch (err) {
      span.recordException(err as Error);
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw err;
    } finally {
      span.end();
    }
  });
}

/**
 * Express middleware: a server span per request, continuing the caller's `traceparent` if it sent
 * one, named by the route once routed; its trace id answered in `X-Trace-Id`.
 */
export function traceRequests() {
  return (req: Request, res: Response, next: NextFunction): void => {
    const parent = propagation.extract(context.active(), req.headers);
    const span = tracer().startSpan(
      `${req.method}`,
      {
        kind: SpanKind.SERVER,
        attributes: { 'http.request.method': req.method, ...requestIdAttribute() },
      },
      parent,
    );
    res.setHeader(TRACE_ID_HEADER, span.spanContext().traceId);
    res.on('finish', () => {
      const route = (req.route as { path?: string } | undefined)?.path;
      const base = typeof req.baseUrl === 'string' ? req.baseUrl : '';
      if (route) {
        span.updateName(`${req.method} ${base}${route}`);
        span.setAttribute('http.route', `${base}${route}`);
      }
      span.setAttribute('http.response.status_code', res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    context.with(trace.setSpan(parent, span), next);
  };
}

const requestIdAttribute = (): Record<string, string> => {
  const id = currentRequestId();
  return id ? { 'jishi.request_id': id } : {};
};

export { SpanKind };
