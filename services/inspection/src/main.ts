import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule, INSPECTION_MIGRATIONS } from './app.module';
import { loadInspectionConfig } from './config';
import { validationPipe, migrateAsOwner, serviceMigrations, serve } from '@jishi/service-kit';

async function main(): Promise<void> {
  const config = loadInspectionConfig();
  // Where the service logs in as its own role, the tables' owner migrates first.
  await migrateAsOwner(config, serviceMigrations(INSPECTION_MIGRATIONS));
  const app = await NestFactory.create(AppModule.of(config), { rawBody: true, bufferLogs: true });
  app.useGlobalPipes(validationPipe);
  app.enableShutdownHooks();
  await serve(app, config.port, 'inspection');
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
