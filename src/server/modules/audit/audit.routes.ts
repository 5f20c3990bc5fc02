import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { auditFiltersSchema, auditListQuerySchema, auditListResponseSchema } from '../../../contracts/audit';
import { auditContext } from './audit-scope';
import { exportAuditEvents } from './export-audit-events';
import { listAuditEvents } from './list-audit-events';

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/audit',
    {
      schema: {
        tags: ['Audit'],
        summary:
          'Journal d’audit : les événements des territoires coordonnés (toute l’instance pour un administrateur), du plus récent au plus ancien',
        querystring: auditListQuerySchema,
        response: { 200: auditListResponseSchema },
      },
    },
    async (req, reply) => {
      const page = await listAuditEvents(auditContext(app, req), req.query);
      return reply.header('cache-control', 'no-store').send(page);
    },
  );

  app.get(
    '/api/v1/audit/export.csv',
    {
      schema: {
        tags: ['Audit'],
        summary: 'Journal d’audit en CSV (mêmes filtres ; séparateur « ; », UTF-8 avec BOM pour Excel)',
        querystring: auditFiltersSchema,
      },
    },
    async (req, reply) => {
      const file = await exportAuditEvents(auditContext(app, req), req.query);
      return reply
        .type('text/csv; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="${file.fileName}"`)
        .send(file.content);
    },
  );
};
