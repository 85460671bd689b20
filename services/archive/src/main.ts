import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { loadArchiveConfig } from './config';

async function main(): Promise<void> {
  const config = loadArchiveConfig();
  const app = await NestFactory.create(AppModule.of(config));
  app.enableShutdownHooks();
  await app.listen(config.port, '127.0.0.1');
  console.log(`jishi archive: ${await app.getUrl()}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
