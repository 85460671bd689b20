import 'reflect-metadata';
import {
  httpMetrics,
  nameProcess,
  Observability,
  requestIds,
  rootLogger,
  startOpsServer,
  startTracing,
  traceRequests,
} from '@jishi/observability';
import { Logger } from 'nestjs-pino';
import { validationPipe } from '@jishi/service-kit';
import { NestFactory } from '@nestjs/core';
import helmet from 'helmet';
import { AppModule } from './app.module';
import { loadGatewayConfig } from './config/gateway.config';
import { mountOpenApi } from './openapi';

async function main(): Promise<void> {
  const config = loadGatewayConfig();
  nameProcess('gateway');
  // Traces (OpenTelemetry): each request a span, carried into Temporal, the services and Kafka.
  startTracing('gateway');
  const app = await NestFactory.create(AppModule.of(config), { rawBody: true, bufferLogs: true });
  // Nest's own lines and the app's, as JSON through pino; each request's with its id.
  app.useLogger(app.get(Logger));
  app.use(requestIds());
  app.use(traceRequests());
  // Security headers on every answer (nosniff, no framing, HSTS, a content security policy); the
  // OpenAPI page's own inline script and styles are the one allowance.
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          'script-src': ["'self'", "'unsafe-inline'"],
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:'],
        },
      },
    }),
  );
  app.useGlobalPipes(validationPipe);
  app.enableShutdownHooks();
  mountOpenApi(app);
  const observability = app.get(Observability);
  app.use(httpMetrics(observability));
  await app.listen(config.port, '127.0.0.1');
  // Health and metrics on a port of their own, never on the public one.
  const ops = await startOpsServer(observability);
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  rootLogger.info(`jishi gateway: ${url} (OpenAPI: ${url}/docs; health and metrics: ${ops.url})`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
