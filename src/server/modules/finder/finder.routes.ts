import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  geocodeQuerySchema,
  geocodeResponseSchema,
  lookupQuerySchema,
  lookupResponseSchema,
} from '../../../contracts/finder';
import { searchAddresses } from './search-addresses';
import { lookupAddress } from './lookup-address';

export const finderRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/lookup',
    {
      schema: {
        tags: ['Où s’adresser ?'],
        summary:
          'Secteurs adulte et enfant, lieux de soins et service social compétents pour une adresse ou un point',
        querystring: lookupQuerySchema,
        response: { 200: lookupResponseSchema },
      },
    },
    async (req) => lookupAddress(app.finderContext(), req.query),
  );

  app.get(
    '/api/v1/geocode',
    {
      schema: {
        tags: ['Où s’adresser ?'],
        summary: 'Suggestions d’adresses (autocomplétion)',
        querystring: geocodeQuerySchema,
        response: { 200: geocodeResponseSchema },
      },
    },
    async (req) => searchAddresses(app.finderContext(), req.query),
  );
};
