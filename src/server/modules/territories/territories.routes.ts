import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { lookupQuerySchema } from '../../../contracts/finder';
import {
  explainResponseSchema,
  placesResponseSchema,
  territoriesResponseSchema,
} from '../../../contracts/territories';
import { buildMap } from './build-map';
import { exportCatchments } from './export-catchments';
import { getZoneHistory, zoneHistorySchema } from './zone-history';
import { explainAddress } from './explain-address';
import { listPlaces, listTerritories } from './list-territories';

export const territoriesRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/territories',
    {
      schema: {
        tags: ['Territoires'],
        summary: 'Territoires, secteurs et services sociaux',
        response: { 200: territoriesResponseSchema },
      },
    },
    async () => listTerritories(app.catalog.get()),
  );

  app.get(
    '/api/v1/places',
    {
      schema: {
        tags: ['Territoires'],
        summary: 'Communes, arrondissements et quartiers des territoires (choix sans géocodage)',
        response: { 200: placesResponseSchema },
      },
    },
    async () => ({ places: listPlaces(app.catalog.get()) }),
  );

  app.get(
    '/api/v1/map',
    {
      schema: {
        tags: ['Territoires'],
        summary: 'Zones et lieux de soins en GeoJSON pour la carte',
        response: {
          200: z.object({
            type: z.literal('FeatureCollection'),
            bbox: z.array(z.number()).nullable(),
            features: z.array(z.any()),
          }),
        },
      },
    },
    async () => buildMap(app.catalog.get()),
  );

  app.get(
    '/api/v1/admin/test-address',
    {
      schema: {
        tags: ['Territoires'],
        summary: 'Tester une adresse : zones considérées et raison du choix, couche par couche',
        querystring: lookupQuerySchema,
        response: { 200: explainResponseSchema },
      },
    },
    async (req) => explainAddress(app.finderContext(), req.query),
  );

  app.get(
    '/api/v1/catchments/export',
    {
      schema: {
        tags: ['Territoires'],
        summary:
          'Zones de compétence au format CSV ou GeoJSON (réimportable avec `passerelle catchments import`)',
        querystring: z.object({
          format: z.enum(['csv', 'geojson']).default('geojson'),
          territory: z.string().min(1).max(100).optional(),
        }),
      },
    },
    async (req, reply) => {
      const file = await exportCatchments(app.database.db, {
        format: req.query.format,
        territoryId: req.query.territory,
      });
      return reply
        .type(file.contentType)
        .header('content-disposition', `attachment; filename="${file.fileName}"`)
        .send(file.content);
    },
  );

  app.get(
    '/api/v1/zones/:zoneId/history',
    {
      schema: {
        tags: ['Territoires'],
        summary: 'Historique d’une zone de compétence : qui l’a modifiée, quand, et quels champs',
        params: z.object({ zoneId: z.string().min(1).max(200) }),
        response: { 200: zoneHistorySchema },
      },
    },
    async (req) => getZoneHistory(app.database.db, app.catalog.get(), req.params.zoneId),
  );
};
