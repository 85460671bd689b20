import { readFileSync } from 'node:fs';
import path from 'node:path';
import 'reflect-metadata';
import { fromBinary } from '@bufbuild/protobuf';
import {
  CalendarChange,
  CalendarYearChangedSchema,
  decodeEnvelope,
  OrganizationPolicyChangedSchema,
  type Envelope,
  Topics,
} from '@jishi/contracts';
import { validationPipe } from '@jishi/service-kit';
import { loadStackSettings, type ServiceUnderTest, startServiceUnderTest } from '@jishi/testing';
import { NestFactory } from '@nestjs/core';
import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { AppModule } from './app.module';
import { loadCalendarConfig } from './config';

/** A notice for a year no package covers, in the published form (its facts made up for the test). */
const notice2031 = [
  '国务院办公厅关于2031年部分节假日安排的通知',
  '国办发明电〔2030〕31号',
  '各省、自治区、直辖市人民政府，国务院各部委、各直属机构：',
  '经国务院批准，现将2031年元旦、国庆节放假调休日期的具体安排通知如下。',
  '一、元旦：1月1日（周三）放假1天，不调休。',
  '二、国庆节：10月1日（周三）至7日（周二）放假调休，共7天。9月28日（周日）、10月11日（周六）上班。',
  '节假日期间，各地区、各部门要妥善安排好值班和安全、保卫等工作。',
  '国务院办公厅',
  '2030年11月12日',
].join('\n');

describe('the calendar service on the real stack', () => {
  let service: ServiceUnderTest;
  const admin = { id: `admin-${randomUUID().slice(0, 8)}`, role: 'org_admin', unitId: 'org-dept' };
  const stack = loadStackSettings();

  /** A request as the gateway makes it: the body's `actor` is who it vouches for, never sent as a field. */
  const call = async (method: string, path: string, body?: unknown, token?: string | null) => {
    const { actor, ...rest } = (body ?? {}) as { actor?: typeof admin };
    const response = await service.request(method, path, body === undefined ? undefined : rest, token, actor);
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
  };
  const rows = async (year: number) =>
    (
      await service.pg.query(
        `SELECT "version", "change" FROM "${service.schema}"."calendar_year_version" WHERE "year" = $1 ORDER BY "version"`,
        [year],
      )
    ).rows as { version: number; change: string }[];
  const outbox = async () =>
    (await service.pg.query(`SELECT count(*)::int AS n FROM "${service.schema}"."outbox"`)).rows[0]
      .n as number;

  beforeAll(async () => {
    service = await startServiceUnderTest({
      prefix: 'CALENDAR',
      database: 'jishi_calendar',
      boot: async (env) => {
        const app = await NestFactory.create(AppModule.of(loadCalendarConfig(env)), {
          logger: ['error'],
          rawBody: true,
        });
        return app.useGlobalPipes(validationPipe);
      },
    });
  });

  afterAll(() => service?.close());

  it('answers for the package’s years and says plainly which years it lacks', async () => {
    const years = await call('GET', '/calendar/years');
    expect(years.status).toBe(200);
    expect(years.body).toEqual(
      expect.arrayContaining([expect.objectContaining({ year: 2026, origin: 'package', version: 0 })]),
    );
    const y2026 = await call('GET', '/calendar/years/2026');
    expect(y2026.body).toMatchObject({ year: 2026, origin: 'package', version: 0 });
    expect(y2026.body['makeUpWorkdays']).toEqual(expect.arrayContaining(['2026-01-04', '2026-10-10']));
    expect(await call('GET', '/calendar/years/2031')).toMatchObject({
      status: 404,
      body: { code: 'CAL.YEAR_NOT_COVERED' },
    });
    expect(await call('GET', '/calendar/years/31')).toMatchObject({ status: 400, body: { field: 'year' } });
    expect(await call('GET', '/calendar/years', undefined, null)).toMatchObject({ status: 401 });
  });

  it('shows what it reads in a notice, line by line, and changes nothing', async () => {
    const preview = await call('POST', '/calendar/notices/preview', { text: notice2031 });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      year: 2031,
      kind: 'annual',
      source: { number: '国办发明电〔2030〕31号', publishedOn: '2030-11-12' },
      current: { origin: 'none', version: 0 },
      disagreesWithPackageOn: [],
    });
    expect(preview.body['makeUpWorkdays']).toEqual(['2031-09-28', '2031-10-11']);
    const item = (preview.body['lines'] as { line: number; reading: string; festival?: string }[]).find(
      (l) => l.line === 6,
    );
    expect(item).toMatchObject({ reading: 'item', festival: '国庆节' });
    expect(await rows(2031)).toEqual([]);
    expect(await outbox()).toBe(0);
  });

  it('refuses, by the rule it breaks, every kind of notice that cannot be taken as pasted', async () => {
    const fixture = (name: string) =>
      readFileSync(path.resolve(__dirname, `../../../libs/domain/src/calendar/notices/${name}.txt`), 'utf8');
    const y2026 = fixture('2026');
    const cases: [string, string][] = [
      [
        'CAL.NOTICE_NO_YEAR',
        '各省、自治区、直辖市人民政府，国务院各部委、各直属机构：\n一、元旦：1月1日放假。\n',
      ],
      ['CAL.NOTICE_COUNT_MISMATCH', y2026.replace('共9天', '共8天')],
      ['CAL.NOTICE_CONFLICT', y2026.replace('1月4日（周日）上班', '1月5日（周一）上班')],
      ['CAL.NOTICE_INCOMPLETE', y2026.replace(/三、清明节：[^\n]*\n/, '')],
      // 2030 falls on the same weekdays as 2019: its Labour Day adjustment, with no 2030 schedule to adjust.
      ['CAL.NOTICE_BASE_MISSING', fixture('2019-labour-day-adjustment').replace(/2019/g, '2030')],
    ];
    for (const [code, text] of cases) {
      expect(text).not.toBe(y2026);
      const refused = await call('POST', '/calendar/notices/preview', { text });
      // A notice that cannot be read is unprocessable; one with nothing to amend conflicts with the calendar.
      const status = code === 'CAL.NOTICE_BASE_MISSING' ? 409 : 422;
      expect({ code, status: refused.status, body: refused.body['code'] }).toEqual({
        code,
        status,
        body: code,
      });
    }
    expect(await outbox()).toBe(0);
  });

  it('refuses a notice it cannot read, naming the line, and changes nothing', async () => {
    const broken = notice2031.replace('10月1日（周三）', '10月1日（周四）');
    const refused = await call('POST', '/calendar/years', { text: broken, actor: admin });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'CAL.NOTICE_WEEKDAY_MISMATCH', details: { line: 6 } });
    expect(String(refused.body['zh'])).toContain('第6行');
    const neither = await call('POST', '/calendar/years', { actor: admin });
    expect(neither).toMatchObject({ status: 400, body: { code: 'REQUEST.INVALID', field: 'text' } });
    // Nobody vouched for: nothing is loaded in no one's name.
    const noActor = await call('POST', '/calendar/years', { text: notice2031 });
    expect(noActor).toMatchObject({ status: 401, body: { code: 'AUTH.UNAUTHENTICATED' } });
    // Who acts is never a field of the body.
    const named = await service.request(
      'POST',
      '/calendar/years',
      { text: notice2031, actor: admin },
      undefined,
      admin,
    );
    expect(named.status).toBe(400);
    const unsourced = notice2031.replace('国办发明电〔2030〕31号\n', '').replace('\n2030年11月12日', '');
    expect(await call('POST', '/calendar/years', { text: unsourced, actor: admin })).toMatchObject({
      status: 422,
      body: { code: 'CAL.SOURCE_REQUIRED', details: { field: 'sourceNumber' } },
    });
    // The source is the notice's own: a different one typed beside it is refused, not taken.
    expect(
      await call('POST', '/calendar/years', { text: notice2031, sourceNumber: '随便写的', actor: admin }),
    ).toMatchObject({
      status: 422,
      body: { code: 'CAL.SOURCE_CONFLICT', details: { field: 'sourceNumber' } },
    });
    expect(
      await call('POST', '/calendar/years', {
        text: unsourced,
        sourceNumber: '国办发明电〔2030〕31号',
        publishedOn: '2099-12-31',
        actor: admin,
      }),
    ).toMatchObject({ status: 422, body: { code: 'CAL.SOURCE_DATE', details: { field: 'publishedOn' } } });
    // What a client can send gets a 4xx naming the field, never a 5xx.
    expect(await call('POST', '/calendar/years', { text: null, actor: admin })).toMatchObject({
      status: 400,
      body: { field: 'text' },
    });
    expect(
      await call('POST', '/calendar/years', {
        text: notice2031,
        reason: 'a\u0000b',
        replace: true,
        actor: admin,
      }),
    ).toMatchObject({ status: 400, body: { field: 'reason' } });
    expect(await call('POST', '/calendar/notices/preview', { text: 12345 })).toMatchObject({
      status: 400,
      body: { field: 'text', en: 'text must be the notice’s text' },
    });
    expect(await rows(2031)).toEqual([]);
    expect(await outbox()).toBe(0);
  });

  it('loads a year from the notice, once however often it is sent, and tells everyone with its author', async () => {
    const loaded = await call('POST', '/calendar/years', { text: notice2031, actor: admin });
    expect(loaded.status).toBe(201);
    expect(loaded.body).toMatchObject({
      year: 2031,
      origin: 'loaded',
      version: 1,
      created: true,
      source: { number: '国办发明电〔2030〕31号', publishedOn: '2030-11-12' },
      loadedBy: admin,
    });
    const again = await call('POST', '/calendar/years', { text: notice2031, actor: admin });
    expect(again).toMatchObject({ status: 200, body: { version: 1, created: false } });
    expect(await rows(2031)).toEqual([{ version: 1, change: 'loaded' }]);
    const year = await call('GET', '/calendar/years/2031');
    expect(year.body['holidays']).toEqual(expect.arrayContaining(['2031-01-01', '2031-10-07']));

    // The change is on the topic with its content and its author, for the record and the waiting cases.
    const event = await firstFrom(admin.id);
    expect(event.caseId).toBe('calendar-2031');
    expect(event.actor).toMatchObject({ id: admin.id, role: 'org_admin', unitId: 'org-dept' });
    const change = fromBinary(CalendarYearChangedSchema, event.payload);
    expect(change).toMatchObject({
      year: 2031,
      version: 1,
      change: CalendarChange.LOADED,
      sourceNumber: '国办发明电〔2030〕31号',
      noticeKind: 'annual',
    });
    expect(change.noticeText).toBe(notice2031);
    expect(change.festivals.map((f) => f.name)).toEqual(['元旦', '国庆节']);
  });

  it('replaces a loaded year only when told to, with a reason', async () => {
    const reissued = notice2031.replace('、10月11日（周六）上班', '上班');
    expect(await call('POST', '/calendar/years', { text: reissued, actor: admin })).toMatchObject({
      status: 409,
      body: { code: 'CAL.YEAR_ALREADY_LOADED', details: { version: 1 } },
    });
    expect(
      await call('POST', '/calendar/years', { text: reissued, replace: true, actor: admin }),
    ).toMatchObject({ status: 422, body: { code: 'CAL.REASON_REQUIRED' } });
    const replaced = await call('POST', '/calendar/years', {
      text: reissued,
      replace: true,
      reason: '通知重新印发',
      actor: admin,
    });
    expect(replaced).toMatchObject({ status: 201, body: { version: 2 } });
    expect(replaced.body['makeUpWorkdays']).toEqual(['2031-09-28']);
    expect(await rows(2031)).toEqual([
      { version: 1, change: 'loaded' },
      { version: 2, change: 'replaced' },
    ]);
  });

  it('takes a year the package covers only as an explicit correction when it disagrees', async () => {
    const partial = [
      '国务院办公厅关于2026年部分节假日安排的通知',
      '经国务院批准，现将2026年元旦放假调休日期的具体安排通知如下。',
      '一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。',
      '国务院办公厅',
      '2025年11月4日',
    ].join('\n');
    const refused = await call('POST', '/calendar/years', {
      text: partial,
      sourceNumber: '国办发明电〔2025〕7号',
      actor: admin,
    });
    expect(refused).toMatchObject({ status: 409, body: { code: 'CAL.DISAGREES_WITH_PACKAGE' } });
    expect((refused.body['details'] as { dates: string[] }).dates).toEqual(
      expect.arrayContaining(['2026-02-16', '2026-10-10']),
    );
    expect(await rows(2026)).toEqual([]);
    const corrected = await call('POST', '/calendar/years', {
      text: partial,
      sourceNumber: '国办发明电〔2025〕7号',
      correction: true,
      reason: '测试：只保留元旦',
      actor: admin,
    });
    expect(corrected).toMatchObject({ status: 201, body: { origin: 'loaded', version: 1 } });

    const withdrawn = await call('POST', '/calendar/years/2026/withdrawal', {
      reason: '测试完毕',
      actor: admin,
    });
    expect(withdrawn).toMatchObject({ status: 201, body: { version: 2, change: 'withdrawn' } });
    expect((await call('GET', '/calendar/years/2026')).body).toMatchObject({ origin: 'package', version: 2 });
    expect(
      await call('POST', '/calendar/years/2026/withdrawal', { reason: '再撤一次', actor: admin }),
    ).toMatchObject({ status: 404, body: { code: 'CAL.NOT_LOADED' } });
    const versions = await call('GET', '/calendar/years/2026/versions');
    expect(versions.body).toEqual([
      expect.objectContaining({ version: 1, change: 'loaded', correction: true, actor: admin }),
      expect.objectContaining({ version: 2, change: 'withdrawn', reason: '测试完毕', actor: admin }),
    ]);
  });

  it('takes the same schedule as JSON, and names the field at fault', async () => {
    const schedule = {
      year: 2033,
      festivals: [
        { name: '元旦', holidays: ['2033-01-01', '2033-01-02', '2033-01-03'], makeUpWorkdays: [] },
        { name: '国庆节', holidays: ['2033-10-03'], makeUpWorkdays: ['2033-10-08'] },
      ],
      source: { number: '国办发明电〔2032〕33号', publishedOn: '2032-11-15' },
    };
    const bad = await call('POST', '/calendar/years', {
      schedule: {
        ...schedule,
        festivals: [{ name: '国庆节', holidays: ['2033-10-32'], makeUpWorkdays: [] }],
      },
      actor: admin,
    });
    expect(bad).toMatchObject({ status: 422, body: { code: 'CAL.SCHEDULE_INVALID' } });
    expect(JSON.stringify(bad.body)).toContain('festivals[0].holidays[0]');
    expect(await rows(2033)).toEqual([]);
    const loaded = await call('POST', '/calendar/years', { schedule, actor: admin });
    expect(loaded).toMatchObject({ status: 201, body: { year: 2033, version: 1, source: schedule.source } });
    expect(loaded.body['makeUpWorkdays']).toEqual(['2033-10-08']);
    const both = await call('POST', '/calendar/years', { schedule, text: notice2031, actor: admin });
    expect(both).toMatchObject({ status: 400, body: { field: 'text' } });
  });

  it('takes two administrators loading the same year at once as one load', async () => {
    const text = notice2031.replace(/2031/g, '2032').replace(/2030/g, '2031');
    const fixed = text
      .replace('1月1日（周三）', '1月1日（周四）')
      .replace('10月1日（周三）至7日（周二）', '10月1日（周五）至7日（周四）')
      .replace('9月28日（周日）、10月11日（周六）', '9月26日（周日）、10月9日（周六）');
    const answers = await Promise.all([
      call('POST', '/calendar/years', { text: fixed, actor: admin }),
      call('POST', '/calendar/years', { text: fixed, actor: { ...admin, id: 'admin-other' } }),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 201]);
    expect(await rows(2032)).toEqual([{ version: 1, change: 'loaded' }]);
  });

  /** This run's first calendar event by an author, read from the topic's start. */
  async function firstFrom(actorId: string): Promise<Envelope> {
    const kafka = new Kafka({
      clientId: 'calendar-test',
      brokers: stack.kafka.brokers,
      sasl: stack.kafka.sasl(),
      logLevel: logLevel.NOTHING,
    });
    const consumer = kafka.consumer({ groupId: `calendar-read-${randomUUID()}` });
    await consumer.connect();
    await consumer.subscribe({ topic: Topics.calendarEvents, fromBeginning: true });
    try {
      return await new Promise<Envelope>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error('no calendar event from the outbox in 30 s')),
          30_000,
        );
        void consumer.run({
          eachMessage: async ({ message }) => {
            if (!message.value) return;
            const envelope = decodeEnvelope(message.value);
            if (envelope.actor?.id === actorId) {
              clearTimeout(timer);
              resolve(envelope);
            }
          },
        });
      });
    } finally {
      await consumer.disconnect();
    }
  }

  it('keeps each organization’s policy version by version, refusing a value that breaks its rule by field', async () => {
    const org = `org-${randomUUID().slice(0, 8)}`;
    const at = (method: string, body?: unknown, path = '') =>
      call(method, `/organizations/${org}/policy${path}`, body);
    expect(await at('GET')).toMatchObject({ status: 404, body: { code: 'POLICY.NOT_SET' } });
    const queued = await outbox();
    const short = await at('PUT', {
      policy: { announcementWorkingDays: 3 },
      reason: '缩短公示期',
      actor: admin,
    });
    expect(short).toMatchObject({
      status: 422,
      body: { code: 'POLICY.INVALID', field: 'policy.announcementWorkingDays' },
    });
    const unknown = await at('PUT', { policy: { quorum: 1 }, reason: '未知配置项', actor: admin });
    expect(unknown).toMatchObject({ status: 422, body: { code: 'POLICY.INVALID', field: 'policy.quorum' } });
    const noReason = await at('PUT', { policy: { shortlistCandidatesPerPost: 3 }, actor: admin });
    expect(noReason).toMatchObject({ status: 400, body: { code: 'REQUEST.INVALID', field: 'reason' } });
    expect(await outbox()).toBe(queued);

    const change = {
      policy: { shortlistCandidatesPerPost: 3 },
      reason: '本单位差额考察按三选一',
      actor: admin,
    };
    const first = await at('PUT', change);
    expect(first).toMatchObject({
      status: 201,
      body: { organization: org, version: 1, overrides: change.policy },
    });
    expect((first.body['policy'] as Record<string, unknown>)['shortlistCandidatesPerPost']).toBe(3);
    expect((first.body['policy'] as Record<string, unknown>)['announcementWorkingDays']).toBe(5);
    expect(await at('PUT', change)).toMatchObject({ status: 200, body: { version: 1 } });
    const second = await at('PUT', { ...change, policy: {}, reason: '恢复默认' });
    expect(second).toMatchObject({ status: 201, body: { version: 2 } });
    expect(await at('GET')).toMatchObject({ status: 200, body: { version: 2, changedBy: { id: admin.id } } });
    const versions = await at('GET', undefined, '/versions');
    expect((versions.body as unknown as { version: number; reason: string }[]).map((v) => v.reason)).toEqual([
      '本单位差额考察按三选一',
      '恢复默认',
    ]);
    // Each change reaches the record on its own chain, with who made it.
    const message = await service.firstKeyed(Topics.organizationEvents, `policy-${org}`);
    const envelope = decodeEnvelope(message.value as Buffer);
    expect(envelope.actor).toMatchObject({ id: admin.id, role: 'org_admin' });
    expect(fromBinary(OrganizationPolicyChangedSchema, envelope.payload)).toMatchObject({
      organization: org,
      version: 1,
      reason: '本单位差额考察按三选一',
    });
  });
});
