import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/health',
    {
      schema: {
        tags: ['Plateforme'],
        summary: 'État du service',
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );
  app.get(
    '/api/v1/config',
    {
      schema: {
        tags: ['Plateforme'],
        summary: 'Réglages publics de l’interface (fond de carte)',
        response: { 200: z.object({ tileUrl: z.string().nullable(), attribution: z.string().nullable() }) },
      },
    },
    async () => ({ tileUrl: app.config.TILE_URL || null, attribution: app.config.TILE_ATTRIBUTION || null }),
  );
};
