import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule, NOMINATION_MIGRATIONS } from './app.module';
import { loadNominationConfig } from './config';
import { validationPipe, migrateAsOwner, serviceMigrations, serve } from '@jishi/service-kit';

async function main(): Promise<void> {
  const config = loadNominationConfig();
  // Where the service logs in as its own role, the tables' owner migrates first.
  await migrateAsOwner(config, serviceMigrations(NOMINATION_MIGRATIONS));
  const app = await NestFactory.create(AppModule.of(config), { rawBody: true, bufferLogs: true });
  app.useGlobalPipes(validationPipe);
  app.enableShutdownHooks();
  await serve(app, config.port, 'nomination');
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
