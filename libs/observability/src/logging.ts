import { type DynamicModule, type LoggerService } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import pino, { type Logger } from 'pino';

/** The header a request's id travels in: taken from the caller when well formed, always answered. */
export const REQUEST_ID_HEADER = 'x-request-id';
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The process's logger: one JSON object a line (pino), with the process's name, the level's name and
 * an ISO time; pretty only where a person reads it at a terminal. `LOG_LEVEL` sets the level (info).
 * Lines carry ids (case, step, request, event), never a candidate's or a person's data.
 */
export const rootLogger: Logger = pino({
  level: process.env['LOG_LEVEL'] ?? 'info',
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (label) => ({ level: label }) },
  ...(process.stdout.isTTY
    ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:standard' } } }
    : {}),
});

/** Names the process on every line from now on. */
export function nameProcess(name: string): void {
  rootLogger.setBindings({ process: name });
}

const requestContext = new AsyncLocalStorage<{ readonly requestId: string }>();

/**
 * Gives each HTTP request its id before anything else runs: the caller's `X-Request-Id` when well
 * formed (the gateway's, at a service), else a new UUID; answered in the same header, and known to
 * everything the request leads to (`currentRequestId`, the lines of `loggerFor`).
 */
export function requestIds(): (
  req: IncomingMessage & { id?: unknown },
  res: ServerResponse,
  next: () => void,
) => void {
  return (req, res, next) => {
    const given = req.headers[REQUEST_ID_HEADER];
    const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    req.id = id;
    res.setHeader('X-Request-Id', id);
    requestContext.run({ requestId: id }, next);
  };
}

/** The id of the HTTP request being handled, if any: passed on to the services the gateway calls. */
export function currentRequestId(): string | undefined {
  return requestContext.getStore()?.requestId;
}

/** A logger for one part of the process; inside an HTTP request, its lines carry the request's id. */
export function loggerFor(component: string): Logger {
  const reqId = currentRequestId();
  return rootLogger.child(reqId ? { component, reqId } : { component });
}

type Req = IncomingMessage & {
  id?: unknown;
  params?: Record<string, unknown>;
  route?: { path?: unknown };
  baseUrl?: string;
};

/**
 * Nest's logging through pino (nestjs-pino): every line of a request carries its id (`reqId`: the
 * caller's `X-Request-Id` when well formed, else a new UUID, answered in the same header), and one
 * access line is written as each request ends, with its method, path, route, status, time, and the
 * case and step it concerned. Only ids are logged, never headers (tokens) or bodies.
 */
export function httpLogging(): DynamicModule {
  return LoggerModule.forRoot({
    pinoHttp: {
      logger: rootLogger,
      quietReqLogger: true,
      // Set by requestIds() already; a request that came around it gets one here.
      genReqId: (req: IncomingMessage & { id?: unknown }) =>
        typeof req.id === 'string' ? req.id : randomUUID(),
      customProps: (req: Req) => {
        const params = req.params ?? {};
        // The route that answered (once routed; not the logging middleware's own catch-all).
        const path = req.route?.path;
        const route =
          typeof path === 'string' && !path.includes('*') ? `${req.baseUrl ?? ''}${path}` : undefined;
        return {
          ...(route ? { route } : {}),
          ...(typeof params['caseId'] === 'string' ? { caseId: params['caseId'] } : {}),
          ...(typeof params['stepId'] === 'string' ? { step: params['stepId'] } : {}),
        };
      },
      serializers: {
        req: (req: { id?: unknown; method?: string; url?: string }) => ({
          id: req.id,
          method: req.method,
          path: req.url?.split('?')[0],
        }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      },
      customLogLevel: (_req: IncomingMessage, res: ServerResponse, err?: Error) =>
        err || res.statusCode >= 500 ? 'error' : 'info',
      customSuccessMessage: (req: IncomingMessage, res: ServerResponse) =>
        `${req.method} ${req.url?.split('?')[0]} ${res.statusCode}`,
      customErrorMessage: (req: IncomingMessage, res: ServerResponse) =>
        `${req.method} ${req.url?.split('?')[0]} ${res.statusCode}`,
    },
  });
}

/**
 * Nest's logger for a process that is no Nest app itself (the signal bridge, the worker): Nest's lines
 * (its operations port's) as the process's JSON lines. `Logger.overrideLogger(new NestLines())`.
 */
export class NestLines implements LoggerService {
  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  private write(
    level: 'info' | 'error' | 'warn' | 'debug' | 'trace',
    message: unknown,
    rest: unknown[],
  ): void {
    const context = typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
    rootLogger[level](
      context ? { context } : {},
      message instanceof Error ? message.message : String(message),
    );
  }
}
