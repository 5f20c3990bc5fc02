import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  acceptCharterSchema,
  charterAcceptanceSchema,
  charterHistorySchema,
  charterVersionSchema,
  currentCharterSchema,
  publishCharterSchema,
} from '../../../contracts/admin';
import { acceptCharter } from './accept-charter';
import { adminContext } from './context';
import { getCurrentCharter } from './get-current-charter';
import { listCharters } from './list-charters';
import { publishCharter } from './publish-charter';

const tags = ['Charte de confidentialité'];
const params = z.object({ territoryId: z.string().min(1).max(100) });

/**
 * Charter routes need a complete session but not an accepted charter: they are how a member accepts it.
 */
export const charterRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/territories/:territoryId/charter',
    {
      schema: {
        tags,
        summary: 'Charte en vigueur sur un territoire, et si je l’ai acceptée',
        params,
        response: { 200: currentCharterSchema },
      },
    },
    async (req) => getCurrentCharter(adminContext(app, req), req.params.territoryId),
  );

  app.post(
    '/api/v1/territories/:territoryId/charter/acceptance',
    {
      schema: {
        tags,
        summary: 'Accepter la charte en vigueur (la version lue doit être la version en vigueur)',
        params,
        body: acceptCharterSchema,
        response: { 200: charterAcceptanceSchema },
      },
    },
    async (req) => acceptCharter(adminContext(app, req), req.params.territoryId, req.body.version),
  );

  app.post(
    '/api/v1/admin/territories/:territoryId/charters',
    {
      schema: {
        tags,
        summary: 'Publier une nouvelle version de la charte (chaque membre devra l’accepter à nouveau)',
        params,
        body: publishCharterSchema,
        response: { 201: charterVersionSchema },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await publishCharter(adminContext(app, req), req.params.territoryId, req.body)),
  );

  app.get(
    '/api/v1/admin/territories/:territoryId/charters',
    {
      schema: {
        tags,
        summary: 'Historique des versions de la charte et nombre d’acceptations',
        params,
        response: { 200: charterHistorySchema },
      },
    },
    async (req) => listCharters(adminContext(app, req), req.params.territoryId),
  );
};
