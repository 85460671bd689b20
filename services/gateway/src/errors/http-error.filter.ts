import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { ServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import type { Response } from 'express';
import { KafkaJSError } from 'kafkajs';

/** Every error a client sees: a stable code and a message in Chinese and English. */
export interface ErrorBody {
  readonly code: string;
  readonly zh: string;
  readonly en: string;
  readonly field?: string;
  readonly details?: unknown;
}

const BY_STATUS: Record<number, Omit<ErrorBody, 'field'>> = {
  400: {
    code: 'REQUEST.INVALID',
    zh: '请求格式不正确（请求体须为 JSON 对象）',
    en: 'the request is malformed (the body must be a JSON object)',
  },
  401: { code: 'AUTH.UNAUTHENTICATED', zh: '未认证', en: 'not authenticated' },
  403: { code: 'AUTH.FORBIDDEN', zh: '无权办理此操作', en: 'not allowed' },
  404: { code: 'HTTP.NOT_FOUND', zh: '没有这个接口', en: 'no such endpoint' },
  405: {
    code: 'HTTP.METHOD_NOT_ALLOWED',
    zh: '接口不支持该方法',
    en: 'the endpoint does not take this method',
  },
  413: { code: 'REQUEST.TOO_LARGE', zh: '请求体过大', en: 'the request body is too large' },
  415: { code: 'REQUEST.UNSUPPORTED_MEDIA', zh: '请求体须为 JSON', en: 'the body must be JSON' },
};

/**
 * Turns every exception into the gateway's error body. Errors the gateway raised already carry a
 * code; the framework's own (an unknown route, a body that is not JSON) get one here; anything else
 * is our fault — logged, and answered with 500 without internals.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('gateway');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      if (typeof body === 'object' && body !== null && typeof (body as ErrorBody).code === 'string') {
        response.status(status).json(body);
        return;
      }
      const known = BY_STATUS[status] ?? {
        code: `HTTP.${status}`,
        zh: '请求未能办理',
        en: exception.message,
      };
      response.status(status).json(known);
      return;
    }
    // body-parser reports a malformed body as an error with a status of 4xx.
    const status = (exception as { status?: unknown; statusCode?: unknown })?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      response.status(status).json(BY_STATUS[status] ?? BY_STATUS[400]);
      return;
    }
    if (
      exception instanceof ServiceError ||
      exception instanceof KafkaJSError ||
      // An update not accepted within the gateway's wait (the case's worker away): not accepted.
      exception instanceof WorkflowUpdateRPCTimeoutOrCancelledError
    ) {
      // Temporal or Kafka did not answer: nothing was accepted, and the client may retry.
      this.logger.warn(`unavailable: ${exception.message}`);
      response.status(503).json({
        code: 'UPSTREAM.UNAVAILABLE',
        zh: '系统暂时不可用，本次请求未被受理，请稍后重试',
        en: 'the system is unavailable; the request was not accepted; try again later',
      });
      return;
    }
    this.logger.error(
      exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
    );
    response
      .status(500)
      .json({ code: 'INTERNAL', zh: '系统内部错误，请稍后重试', en: 'internal error; try again later' });
  }
}
