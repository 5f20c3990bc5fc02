import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  CROSSWALK_MAX_BYTES,
  CROSSWALK_STATUSES,
  crosswalkJsonBodySchema,
  crosswalkOptionsSchema,
  crosswalkQuerySchema,
  type CrosswalkSummary,
} from '../../../contracts/crosswalk';
import { requireActor } from '../../platform/auth';
import { AppError } from '../../platform/errors';
import { runCrosswalk, type CrosswalkContext, type CrosswalkInput } from './run-crosswalk';

const tags = ['Correspondances'];

/** Over the size limit (the JSON variant, whose body limit leaves room for escaping): 413. */
class TooLargeError extends Error {
  readonly statusCode = 413;
}

function crosswalkContext(app: FastifyInstance, req: FastifyRequest): CrosswalkContext {
  return {
    db: app.database.db,
    // A member with a complete session, whatever their role: a landlord's building addresses are not
    // public, so the anonymous web is kept out (and cannot use us as a free bulk geocoder), but they are
    // not health data either, and every answer is what the public finder gives address by address.
    actor: requireActor(req),
    catalog: app.catalog.get(),
    geocoder: app.geocoder,
    now: app.now(),
    requestId: req.id,
    log: req.log,
    audit: (tx, event) => app.audit(tx, event),
  };
}

function invalid(issues: { path: PropertyKey[]; message: string }[]): AppError {
  return new AppError(
    'invalid',
    'VALIDATION_FAILED',
    issues.map((i) => ({ field: i.path.map(String).join('.'), message: i.message })),
  );
}

/** The file and the column choice, from a multipart form (`file` part) or a JSON body (`csv`). */
async function readCrosswalkRequest(req: FastifyRequest): Promise<CrosswalkInput> {
  if (req.isMultipart()) {
    const fields: Record<string, string> = {};
    let bytes: Buffer | null = null;
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        // Read in full so the size limit applies (a file over 5 MB fails here with 413).
        const content = await part.toBuffer();
        if (part.fieldname !== 'file')
          throw invalid([{ path: [part.fieldname], message: 'champ inattendu' }]);
        bytes = content;
      } else if (typeof part.value === 'string' && part.value.trim() !== '') {
        fields[part.fieldname] = part.value;
      }
    }
    if (!bytes) throw invalid([{ path: ['file'], message: 'joignez le fichier CSV' }]);
    const options = crosswalkOptionsSchema.safeParse(fields);
    if (!options.success) throw invalid(options.error.issues);
    return { bytes, options: options.data };
  }
  const body = crosswalkJsonBodySchema.safeParse(req.body ?? {});
  if (!body.success) throw invalid(body.error.issues);
  const { csv, ...options } = body.data;
  const bytes = Buffer.from(csv, 'utf8');
  if (bytes.length > CROSSWALK_MAX_BYTES) throw new TooLargeError('file too large');
  return { bytes, options };
}

/** A Content-Disposition that keeps accented names (RFC 6266) with a plain ASCII fallback. */
function attachment(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** `ok=12; adresse_introuvable=1; …`: the counts of the download, readable without opening the file. */
function summaryHeader(summary: CrosswalkSummary): string {
  return CROSSWALK_STATUSES.map((s) => `${s}=${summary.byStatus[s] ?? 0}`).join('; ');
}

/** Landlord crosswalk: a CSV of building addresses completed with sectors, CMP and social-service office. */
export const crosswalkRoutes: FastifyPluginAsyncZod = async (app) => {
  // Encapsulated in this plugin: this route alone accepts a file here, and one CSV at most.
  await app.register(multipart, {
    limits: { fileSize: CROSSWALK_MAX_BYTES, files: 1, fields: 10, fieldSize: 1000, parts: 11 },
  });

  app.post(
    '/api/v1/crosswalk',
    {
      // JSON escaping can double a CSV's size: the exact limit is checked on the decoded text.
      bodyLimit: CROSSWALK_MAX_BYTES * 2 + 4096,
      schema: {
        tags,
        summary:
          'Secteurs de psychiatrie, CMP et service social de chaque immeuble d’un fichier CSV (5 Mo et 20 000 lignes au plus) : formulaire multipart (champ « file ») ou JSON ({ csv })',
        consumes: ['multipart/form-data', 'application/json'],
        querystring: crosswalkQuerySchema,
      },
    },
    async (req, reply) => {
      const ctx = crosswalkContext(app, req);
      const result = await runCrosswalk(ctx, await readCrosswalkRequest(req));
      if (req.query.format === 'json') return reply.send(result);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', attachment(result.fileName))
        .header('x-crosswalk-rows', String(result.summary.rows))
        .header('x-crosswalk-summary', summaryHeader(result.summary))
        .send(`\uFEFF${result.csv}`);
    },
  );
};
