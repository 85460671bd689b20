import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { migrateAsOwner, serviceMigrations, serve } from '@jishi/service-kit';
import { AppModule, ARCHIVE_MIGRATIONS } from './app.module';
import { loadArchiveConfig } from './config';

async function main(): Promise<void> {
  const config = loadArchiveConfig();
  // Where the archive logs in as its own role, the tables' owner migrates first.
  await migrateAsOwner(config, serviceMigrations(ARCHIVE_MIGRATIONS));
  const app = await NestFactory.create(AppModule.of(config), { rawBody: true, bufferLogs: true });
  app.enableShutdownHooks();
  await serve(app, config.port, 'archive');
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
