import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  geocodeQuerySchema,
  geocodeResponseSchema,
  lookupQuerySchema,
  lookupResponseSchema,
} from '../../../contracts/finder';
import { searchAddresses } from './search-addresses';
import { lookupAddressJson } from './lookup-address';

const sendAsIs = (payload: unknown) => payload as string;

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
    // The answer is already checked against lookupResponseSchema and serialised (see answerJsonFor).
    // The serializer is swapped only once the answer exists, so errors still go through the error handler's.
    async (req, reply) => {
      const json = await lookupAddressJson(app.finderContext(), req.query);
      return reply
        .type('application/json; charset=utf-8')
        .serializer(sendAsIs)
        .send(json as never);
    },
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
