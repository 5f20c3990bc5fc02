import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import {
  ERROR_KINDS,
  ERROR_MESSAGES,
  type ErrorBody,
  type ErrorCode,
  type ErrorKind,
} from '../../contracts/errors';

/** The only error type use cases throw on purpose; mapped once to HTTP by the error handler. */
export class AppError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: ErrorCode,
    readonly details?: unknown,
  ) {
    super(ERROR_MESSAGES[code]);
    this.name = 'AppError';
  }
}

export function errorBody(code: ErrorCode | string, message: string, requestId: string, details?: unknown) {
  const body: ErrorBody = { error: { code, message, requestId } };
  if (details !== undefined) body.error.details = details;
  return body;
}

interface Issue {
  instancePath?: string;
  message?: string | undefined;
}

function describeIssues(issues: readonly Issue[]): { field: string; message: string }[] {
  return issues.map((i) => ({
    field: (i.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.'),
    message: i.message ?? 'valeur invalide',
  }));
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError, req, reply) => {
    if (err instanceof AppError) {
      return reply.status(ERROR_KINDS[err.kind]).send(errorBody(err.code, err.message, req.id, err.details));
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const details = describeIssues(
        err.validation.map((v) => ({ instancePath: v.instancePath, message: v.message ?? undefined })),
      );
      const first = details[0];
      const message = first
        ? `${ERROR_MESSAGES.VALIDATION_FAILED} ${first.field ? `${first.field} : ` : ''}${first.message}`
        : ERROR_MESSAGES.VALIDATION_FAILED;
      return reply.status(422).send(errorBody('VALIDATION_FAILED', message, req.id, details));
    }
    if (isResponseSerializationError(err)) {
      req.log.error({ err: { message: err.message }, url: req.routeOptions.url }, 'response serialization');
      return reply.status(500).send(errorBody('INTERNAL', ERROR_MESSAGES.INTERNAL, req.id));
    }
    const status = err.statusCode ?? 500;
    if (status === 429)
      return reply.status(429).send(errorBody('RATE_LIMITED', ERROR_MESSAGES.RATE_LIMITED, req.id));
    if (status === 413)
      return reply.status(413).send(errorBody('PAYLOAD_TOO_LARGE', ERROR_MESSAGES.PAYLOAD_TOO_LARGE, req.id));
    if (status >= 400 && status < 500) {
      // Fastify's own client errors (bad JSON, unsupported media type...): keep the status, French message.
      return reply
        .status(status)
        .send(errorBody('BAD_REQUEST', `Requête invalide (${err.code ?? status}).`, req.id));
    }
    // Never the message: a database error quotes the query's parameters (hashes, tokens, names).
    const cause = (err as { cause?: { code?: unknown } }).cause;
    req.log.error(
      {
        err: {
          type: err.name,
          code: err.code,
          sqlState: typeof cause?.code === 'string' ? cause.code : undefined,
          stack: err.stack?.split('\n').slice(1).join('\n'),
        },
      },
      'unhandled error',
    );
    return reply.status(500).send(errorBody('INTERNAL', ERROR_MESSAGES.INTERNAL, req.id));
  });

  // PostgreSQL refuses NUL characters in text: turn them away as invalid input rather than as a 500.
  app.addHook('preValidation', async (req) => {
    if (req.url.includes('%00') || containsNul(req.body)) {
      throw new AppError('invalid', 'VALIDATION_FAILED', [{ field: '', message: 'caractère nul interdit' }]);
    }
  });

  app.setNotFoundHandler((req, reply) => {
    reply.status(404).send(errorBody('ROUTE_NOT_FOUND', ERROR_MESSAGES.ROUTE_NOT_FOUND, req.id));
  });
}

function containsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 20 || value === null || typeof value !== 'object') return false;
  if (Buffer.isBuffer(value)) return false;
  return Object.values(value as Record<string, unknown>).some((v) => containsNul(v, depth + 1));
}
