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
import type { INestApplication } from '@nestjs/common';
import { Logger } from 'nestjs-pino';

/**
 * Serves a Jishi app: its API on `port` (every request counted and timed), then its health and
 * metrics on its operations port; prints the line the stack waits for, with both addresses.
 */
export async function serve(app: INestApplication, port: number, label: string): Promise<void> {
  nameProcess(label);
  startTracing(label);
  // Nest's own lines and the app's, as JSON through pino (the app was created with bufferLogs).
  app.useLogger(app.get(Logger));
  const observability = app.get(Observability);
  app.use(requestIds());
  app.use(traceRequests());
  app.use(httpMetrics(observability));
  await app.listen(port, '127.0.0.1');
  const ops = await startOpsServer(observability);
  rootLogger.info(
    `jishi ${label}: ${(await app.getUrl()).replace('[::1]', '127.0.0.1')} (health and metrics: ${ops.url})`,
  );
}
