import { ConflictException, type ArgumentsHost, Logger, NotFoundException } from '@nestjs/common';
import { ServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { KafkaJSError } from 'kafkajs';
import { HttpErrorFilter } from './http-error.filter';

/** What the filter answered: status and JSON body. */
function answer(exception: unknown): { status: number; body: Record<string, unknown> } {
  const sent: { status: number; body: Record<string, unknown> } = { status: 0, body: {} };
  const response = {
    status(code: number) {
      sent.status = code;
      return this;
    },
    json(body: Record<string, unknown>) {
      sent.body = body;
      return this;
    },
  };
  const host = { switchToHttp: () => ({ getResponse: () => response }) } as unknown as ArgumentsHost;
  new HttpErrorFilter().catch(exception, host);
  return sent;
}

describe('the gateway’s error body', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('passes on an error that already carries a code', () => {
    const body = { code: 'CASE.REQUEST_REUSED', zh: '已用', en: 'used' };
    expect(answer(new ConflictException(body))).toEqual({ status: 409, body });
  });

  it('gives the framework’s own errors a code and both languages', () => {
    expect(answer(new NotFoundException())).toMatchObject({ status: 404, body: { code: 'HTTP.NOT_FOUND' } });
    // body-parser's error for a body that is not JSON carries only a status
    const parse = Object.assign(new SyntaxError('Unexpected token'), { status: 400 });
    expect(answer(parse)).toMatchObject({
      status: 400,
      body: { code: 'REQUEST.INVALID', zh: expect.any(String) },
    });
    const tooLarge = Object.assign(new Error('request entity too large'), { status: 413 });
    expect(answer(tooLarge)).toMatchObject({ status: 413, body: { code: 'REQUEST.TOO_LARGE' } });
  });

  it('answers 503 when Temporal or Kafka does not, and 500 without internals for our own faults', () => {
    expect(answer(new ServiceError('unavailable'))).toMatchObject({
      status: 503,
      body: { code: 'UPSTREAM.UNAVAILABLE' },
    });
    expect(answer(new KafkaJSError('broker down'))).toMatchObject({ status: 503 });
    // An update the case's worker did not accept within the gateway's wait: nothing was accepted.
    expect(answer(new WorkflowUpdateRPCTimeoutOrCancelledError('Deadline exceeded'))).toMatchObject({
      status: 503,
      body: { code: 'UPSTREAM.UNAVAILABLE' },
    });
    const internal = answer(new TypeError('x is undefined'));
    expect(internal).toEqual({ status: 500, body: expect.objectContaining({ code: 'INTERNAL' }) });
    expect(JSON.stringify(internal.body)).not.toContain('undefined');
  });
});
