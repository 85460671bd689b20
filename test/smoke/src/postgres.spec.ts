import 'reflect-metadata';
import { loadStackSettings } from '@jishi/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CreateSmokeNote1764230400000 } from './postgres/1764230400000-create-smoke-note.migration';
import { SmokeNoteEntity } from './postgres/smoke-note.entity';

const stack = loadStackSettings();

describe('PostgreSQL 15 with TypeORM', () => {
  // Each run gets a schema of its own, so the migration really runs every time and runs leave no trace.
  const schema = `smoke_${randomUUID().replace(/-/g, '')}`;
  const dataSource = new DataSource({
    type: 'postgres',
    host: stack.postgres.host,
    port: stack.postgres.port,
    username: stack.postgres.username,
    password: stack.postgres.password,
    database: 'jishi_smoke',
    schema,
    // Unqualified names in the migration's SQL resolve in this run's schema too.
    extra: { options: `-c search_path=${schema}` },
    entities: [SmokeNoteEntity],
    migrations: [CreateSmokeNote1764230400000],
    migrationsTableName: 'migrations',
    synchronize: false,
  });

  beforeAll(async () => {
    await dataSource.initialize();
    await dataSource.query(`CREATE SCHEMA "${schema}"`);
  });

  afterAll(async () => {
    if (dataSource.isInitialized) {
      await dataSource.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await dataSource.destroy();
    }
  });

  it('answers SELECT 1 on the server the stack started, which is version 15', async () => {
    expect(await dataSource.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    const [{ server_version_num }] = (await dataSource.query('SHOW server_version_num')) as [
      { server_version_num: string },
    ];
    expect(Number(server_version_num)).toBeGreaterThanOrEqual(150000);
    expect(Number(server_version_num)).toBeLessThan(160000);
  });

  it('runs the committed migration once, then writes and reads a row', async () => {
    const applied = await dataSource.runMigrations();
    expect(applied.map((m) => m.name)).toEqual(['CreateSmokeNote1764230400000']);
    expect(await dataSource.runMigrations()).toEqual([]);

    const notes = dataSource.getRepository(SmokeNoteEntity);
    const saved = await notes.save(notes.create({ text: '全程纪实' }));
    const read = await notes.findOneByOrFail({ id: saved.id });
    expect(read.text).toBe('全程纪实');
    expect(read.createdAt).toBeInstanceOf(Date);
  });
});
