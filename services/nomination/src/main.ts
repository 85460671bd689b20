import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { loadNominationConfig } from './config';
import { validationPipe } from '@jishi/service-kit';

async function main(): Promise<void> {
  const config = loadNominationConfig();
  const app = await NestFactory.create(AppModule.of(config));
  app.useGlobalPipes(validationPipe);
  app.enableShutdownHooks();
  await app.listen(config.port, '127.0.0.1');
  console.log(`jishi nomination: ${await app.getUrl()}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
