import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { loadInspectionConfig } from './config';
import { validationPipe } from '@jishi/service-kit';

async function main(): Promise<void> {
  const config = loadInspectionConfig();
  const app = await NestFactory.create(AppModule.of(config));
  app.useGlobalPipes(validationPipe);
  app.enableShutdownHooks();
  await app.listen(config.port, '127.0.0.1');
  console.log(`jishi inspection: ${await app.getUrl()}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
