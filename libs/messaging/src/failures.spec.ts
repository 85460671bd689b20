import { EnvelopeError } from '@jishi/contracts';
import { QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { describeFailure, isTransient } from './failures';

const pg = (code: string, message = 'x') => Object.assign(new Error(message), { code });
const wrapped = (driverError: Error) =>
  Object.assign(new Error(driverError.message), { name: 'QueryFailedError', driverError });

describe('which failures may pass on another try', () => {
  it('retries a database or broker that is away, and a transaction the server rolled back', () => {
    for (const err of [
      pg('08006'), // connection failure
      pg('40001'), // serialization failure
      pg('40P01'), // deadlock
      pg('57P01'), // administrator shutdown
      pg('53300'), // too many connections
      pg('42P01'), // a table not there yet: a migration under way
      wrapped(pg('55P03')), // lock not granted, through TypeORM
      pg('ECONNREFUSED'),
      Object.assign(new Error('broker down'), { retriable: true }),
      new Error('Connection terminated unexpectedly'),
      new Error('Cannot use a pool after calling end on the pool'),
      pg('EPIPE'),
      // kafkajs gave up after its retries: the broker was away, not the message at fault.
      Object.assign(new Error('Connection error: connect ECONNREFUSED'), {
        name: 'KafkaJSNumberOfRetriesExceeded',
        retriable: false,
      }),
      Object.assign(new Error('gave up'), { retriable: false, cause: pg('ECONNREFUSED') }),
      // TypeORM's own, when PostgreSQL restarts under a transaction (met in the fault batch: a case's
      // fact was dead-lettered, and its ledger waited for it for good).
      new QueryRunnerProviderAlreadyReleasedError(),
      new QueryRunnerAlreadyReleasedError(),
    ])
      expect([err.message, isTransient(err)]).toEqual([err.message, true]);
  });

  it('dead-letters what fails the same way every time', () => {
    for (const err of [
      new EnvelopeError('type', 'is required'),
      wrapped(pg('22021', 'invalid byte sequence for encoding "UTF8": 0x00')),
      pg('22008'), // datetime out of range
      pg('23514'), // check violation
      new RangeError('Invalid time value'),
      new TypeError('x is undefined'),
      Object.assign(new Error('message too large'), { retriable: false }),
      'a string thrown',
    ])
      expect([String(err), isTransient(err)]).toEqual([String(err), false]);
  });

  it('describes a failure with its kind and SQLSTATE', () => {
    expect(describeFailure(wrapped(pg('22021', 'invalid byte sequence')))).toBe(
      'QueryFailedError 22021: invalid byte sequence',
    );
    expect(describeFailure(new RangeError('Invalid time value'))).toBe('RangeError: Invalid time value');
  });
});
