import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { CONVENTION_DOCUMENT_MAX_BYTES } from '../../../contracts/admin';
import { charterRoutes } from './charters.routes';
import { conventionRoutes } from './conventions.routes';
import { memberRoutes } from './members.routes';
import { partnerRoutes } from './partners.routes';

/** Administration API: partners, members and roles, sessions, charter, conventions, GDPR export. */
export const adminRoutes: FastifyPluginAsyncZod = async (app) => {
  // Registered here, not globally: only the convention upload accepts files, and never more than one PDF.
  await app.register(multipart, {
    limits: { fileSize: CONVENTION_DOCUMENT_MAX_BYTES, files: 1, fields: 20, fieldSize: 10_000, parts: 21 },
  });
  await app.register(partnerRoutes);
  await app.register(memberRoutes);
  await app.register(charterRoutes);
  await app.register(conventionRoutes);
};
