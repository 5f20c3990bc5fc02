import type { FastifyServerOptions } from 'fastify';
import type { Config } from '../config';

/**
 * Request logs carry method, route and status only: query strings may hold an address typed by a user,
 * which is personal data, so URLs are logged without them.
 */
export function loggerOptions(
  config: Config,
  stream?: NodeJS.WritableStream,
): FastifyServerOptions['logger'] {
  if (config.LOG_LEVEL === 'silent') return false;
  return {
    level: config.LOG_LEVEL,
    ...(stream ? { stream } : {}),
    redact: ['req.headers.cookie', 'req.headers.authorization'],
    serializers: {
      req: (req: { method: string; url: string; id: string }) => ({
        method: req.method,
        url: req.url.split('?')[0],
        id: req.id,
      }),
    },
  };
}
