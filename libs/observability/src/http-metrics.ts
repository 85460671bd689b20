import type { NextFunction, Request, Response } from 'express';
import type { Observability } from './observability';

/**
 * Counts and times every HTTP request a process answers, by method, route (the route's pattern,
 * `/cases/:caseId/steps/:stepId`, never the ids themselves) and status. A request no route took (a
 * 404 for an unknown path) counts under `(none)`.
 */
export function httpMetrics(
  observability: Observability,
): (req: Request, res: Response, next: NextFunction) => void {
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = observability.counter({
    name: 'jishi_http_requests_total',
    help: 'HTTP requests answered, by method, route and status',
    labelNames,
  });
  const duration = observability.histogram({
    name: 'jishi_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route and status',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  });
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const route = req.route as { path?: unknown } | undefined;
      const labels = {
        method: req.method,
        route: typeof route?.path === 'string' ? `${req.baseUrl}${route.path}` : '(none)',
        status: String(res.statusCode),
      };
      requests.inc(labels);
      duration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };
}
