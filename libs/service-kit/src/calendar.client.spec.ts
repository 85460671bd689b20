import { DomainError } from '@jishi/domain';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CalendarClient } from './calendar.client';

/** A stand-in for the calendar service: 2026 is known, 2027 not, 2028 fails, 2029 answers nonsense. */
describe('the calendar client', () => {
  let server: Server;
  let client: CalendarClient;
  const seen: (string | undefined)[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req.headers.authorization);
      const year = Number(req.url?.split('/').pop());
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      };
      if (year === 2026)
        json(200, {
          year: 2026,
          version: 0,
          holidays: ['2026-10-01', '2026-10-02'],
          makeUpWorkdays: ['2026-10-10'],
          source: { number: 'npm chinese-days 1.5.7' },
        });
      else if (year === 2027) json(404, { code: 'CAL.YEAR_NOT_COVERED' });
      else if (year === 2028) json(500, {});
      else json(200, { year: 1999, holidays: [], makeUpWorkdays: [] });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    client = new CalendarClient(
      `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      'caller-token-0123456789',
    );
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('reads a year with the caller token, and says null for a year not loaded', async () => {
    expect(await client.readYear(2026)).toEqual({
      year: 2026,
      version: 0,
      holidays: ['2026-10-01', '2026-10-02'],
      makeUpWorkdays: ['2026-10-10'],
      source: 'npm chinese-days 1.5.7',
    });
    expect(seen.at(-1)).toBe('Bearer caller-token-0123456789');
    expect(await client.readYear(2027)).toBeNull();
  });

  it('throws on a failing service or an answer that is not the year asked for, so the caller retries', async () => {
    await expect(client.readYear(2028)).rejects.toThrow('500');
    await expect(client.readYear(2029)).rejects.toThrow('not its schedule');
  });

  it('builds the state calendar of the years it has, and refuses to count into one it lacks', async () => {
    const calendar = await client.workingCalendar([2026, 2027]);
    expect(calendar.isWorkingDay('2026-10-10')).toBe(true);
    expect(calendar.isWorkingDay('2026-10-02')).toBe(false);
    let refusal: unknown;
    try {
      calendar.nthWorkingDay('2026-12-28', 5);
    } catch (err) {
      refusal = err instanceof DomainError ? err.refusal.code : err;
    }
    expect(refusal).toBe('CAL.YEAR_NOT_COVERED');
  });
});
