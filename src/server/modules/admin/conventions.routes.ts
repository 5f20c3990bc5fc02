import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import {
  conventionListSchema,
  conventionSchema,
  createConventionSchema,
  listConventionsQuerySchema,
  updateConventionSchema,
  type CreateConventionInput,
} from '../../../contracts/admin';
import { AppError } from '../../platform/errors';
import { adminContext } from './context';
import { createConvention, type UploadedDocument } from './create-convention';
import { getConventionDocument } from './get-convention-document';
import { listConventions } from './list-conventions';
import { updateConvention } from './update-convention';

const tags = ['Administration : conventions'];
const params = z.object({ id: z.uuid() });

/** Reads a convention sent as JSON, or as a multipart form whose `file` part is the signed PDF. */
async function readConventionRequest(
  req: FastifyRequest,
): Promise<{ input: CreateConventionInput; document: UploadedDocument | null }> {
  let fields: unknown = req.body;
  let document: UploadedDocument | null = null;
  if (req.isMultipart()) {
    const values: Record<string, string> = {};
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        // Consumed in full so the limits apply (a file over 10 MB fails here with 413).
        const bytes = await part.toBuffer();
        if (part.fieldname !== 'file')
          throw new AppError('invalid', 'VALIDATION_FAILED', [{ field: part.fieldname }]);
        document = { name: part.filename, bytes };
      } else {
        values[part.fieldname] = String(part.value);
      }
    }
    fields = values;
  }
  const parsed = createConventionSchema.safeParse(fields ?? {});
  if (!parsed.success) {
    throw new AppError(
      'invalid',
      'VALIDATION_FAILED',
      parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
    );
  }
  return { input: parsed.data, document };
}

/** A Content-Disposition that keeps accented names (RFC 6266) with a plain ASCII fallback. */
function attachment(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export const conventionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/admin/conventions',
    {
      schema: {
        tags,
        summary: 'Conventions des territoires administrés (filtres : partenaire, territoire, statut)',
        querystring: listConventionsQuerySchema,
        response: { 200: conventionListSchema },
      },
    },
    async (req) => listConventions(adminContext(app, req), req.query),
  );

  app.post(
    '/api/v1/admin/conventions',
    {
      schema: {
        tags,
        summary:
          'Enregistrer une convention : JSON, ou formulaire multipart avec le PDF signé dans le champ « file » (10 Mo au plus)',
        consumes: ['application/json', 'multipart/form-data'],
        response: { 201: conventionSchema },
      },
    },
    async (req, reply) => {
      const ctx = adminContext(app, req);
      const { input, document } = await readConventionRequest(req);
      return reply.status(201).send(await createConvention(ctx, input, document));
    },
  );

  app.patch(
    '/api/v1/admin/conventions/:id',
    {
      schema: {
        tags,
        summary: 'Modifier une convention : titre, dates, révocation',
        params,
        body: updateConventionSchema,
        response: { 200: conventionSchema },
      },
    },
    async (req) => updateConvention(adminContext(app, req), req.params.id, req.body),
  );

  app.get(
    '/api/v1/admin/conventions/:id/document',
    {
      schema: {
        tags,
        summary: 'Télécharger le document signé (coordinateur, administrateur ou membres du partenaire)',
        params,
      },
    },
    async (req, reply) => {
      const doc = await getConventionDocument(adminContext(app, req), req.params.id);
      return reply.type(doc.type).header('content-disposition', attachment(doc.name)).send(doc.bytes);
    },
  );
};
