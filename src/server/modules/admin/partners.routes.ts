import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  createPartnerSchema,
  listPartnersQuerySchema,
  partnerListSchema,
  partnerSchema,
  updatePartnerSchema,
} from '../../../contracts/admin';
import { adminContext } from './context';
import { createPartner } from './create-partner';
import { getPartner } from './get-partner';
import { listPartners } from './list-partners';
import { updatePartner } from './update-partner';

const tags = ['Administration : partenaires'];
const params = z.object({ id: z.uuid() });

export const partnerRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/admin/partners',
    {
      schema: {
        tags,
        summary: 'Partenaires des territoires administrés (recherche, filtres, pagination)',
        querystring: listPartnersQuerySchema,
        response: { 200: partnerListSchema },
      },
    },
    async (req) => listPartners(adminContext(app, req), req.query),
  );

  app.post(
    '/api/v1/admin/partners',
    {
      schema: {
        tags,
        summary: 'Créer un partenaire (administrateur, ou coordinateur sur ses territoires)',
        body: createPartnerSchema,
        response: { 201: partnerSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await createPartner(adminContext(app, req), req.body)),
  );

  app.get(
    '/api/v1/admin/partners/:id',
    {
      schema: { tags, summary: 'Fiche d’un partenaire', params, response: { 200: partnerSchema } },
    },
    async (req) => getPartner(adminContext(app, req), req.params.id),
  );

  app.patch(
    '/api/v1/admin/partners/:id',
    {
      schema: {
        tags,
        summary: 'Modifier un partenaire : nom, type, identifiants, territoires, archivage',
        params,
        body: updatePartnerSchema,
        response: { 200: partnerSchema },
      },
    },
    async (req) => updatePartner(adminContext(app, req), req.params.id, req.body),
  );
};
