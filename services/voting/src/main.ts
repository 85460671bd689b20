import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule, VOTING_MIGRATIONS } from './app.module';
import { loadVotingConfig } from './config';
import { validationPipe, migrateAsOwner, serviceMigrations, serve } from '@jishi/service-kit';

async function main(): Promise<void> {
  const config = loadVotingConfig();
  // Where the service logs in as its own role, the tables' owner migrates first.
  await migrateAsOwner(config, serviceMigrations(VOTING_MIGRATIONS));
  const app = await NestFactory.create(AppModule.of(config), { rawBody: true, bufferLogs: true });
  app.useGlobalPipes(validationPipe);
  app.enableShutdownHooks();
  await serve(app, config.port, 'voting');
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
