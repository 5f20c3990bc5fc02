import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { lookupQuerySchema } from '../../../contracts/finder';
import { printFicheReflexe } from './fiche-reflexe';

export const ficheRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/lookup/fiche.pdf',
    {
      schema: {
        tags: ['Où s’adresser ?'],
        summary:
          'Fiche réflexe (PDF, une page A4) pour une adresse : CMP adulte et enfant, accueil de crise, service social, numéros d’urgence et QR code vers la réponse en ligne',
        querystring: lookupQuerySchema,
      },
    },
    async (req, reply) => {
      const fiche = await printFicheReflexe(
        { ...app.finderContext(), publicUrl: app.config.PUBLIC_URL },
        req.query,
      );
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="${fiche.fileName}"`)
        .send(fiche.pdf);
    },
  );
};
