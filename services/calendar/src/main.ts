import 'reflect-metadata';
import { validationPipe, migrateAsOwner, serviceMigrations, serve } from '@jishi/service-kit';
import { NestFactory } from '@nestjs/core';
import { AppModule, CALENDAR_MIGRATIONS } from './app.module';
import { loadCalendarConfig } from './config';

async function main(): Promise<void> {
  const config = loadCalendarConfig();
  // Where the service logs in as its own role, the tables' owner migrates first.
  await migrateAsOwner(config, serviceMigrations(CALENDAR_MIGRATIONS));
  const app = await NestFactory.create(AppModule.of(config), { rawBody: true, bufferLogs: true });
  app.useGlobalPipes(validationPipe);
  app.enableShutdownHooks();
  await serve(app, config.port, 'calendar');
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
