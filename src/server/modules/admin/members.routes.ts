import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ROLES } from '../../../contracts/access';
import {
  grantRoleSchema,
  listMembersQuerySchema,
  memberDetailSchema,
  memberExportSchema,
  memberListSchema,
  memberRolesResponseSchema,
  sessionListSchema,
  updateMemberSchema,
} from '../../../contracts/admin';
import { adminContext } from './context';
import { exportMemberData } from './export-member-data';
import { getMember } from './get-member';
import { grantRole } from './grant-role';
import { listMemberSessions } from './list-member-sessions';
import { listMembers } from './list-members';
import { resetSecondFactor } from './reset-second-factor';
import { revokeMemberSession } from './revoke-member-session';
import { revokeRole } from './revoke-role';
import { unlockMember } from './unlock-member';
import { updateMember } from './update-member';

const tags = ['Administration : membres'];
const params = z.object({ id: z.uuid() });

export const memberRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/admin/members',
    {
      schema: {
        tags,
        summary: 'Membres des territoires administrés (recherche, filtres, pagination)',
        querystring: listMembersQuerySchema,
        response: { 200: memberListSchema },
      },
    },
    async (req) => listMembers(adminContext(app, req), req.query),
  );

  app.get(
    '/api/v1/admin/members/:id',
    {
      schema: {
        tags,
        summary: 'Fiche d’un membre : rôles, charte, sécurité du compte (consultation journalisée)',
        params,
        response: { 200: memberDetailSchema },
      },
    },
    async (req) => getMember(adminContext(app, req), req.params.id),
  );

  app.patch(
    '/api/v1/admin/members/:id',
    {
      schema: {
        tags,
        summary: 'Modifier un membre : nom, fonction, désactivation (met fin à ses sessions) ou réactivation',
        params,
        body: updateMemberSchema,
        response: { 200: memberDetailSchema },
      },
    },
    async (req) => updateMember(adminContext(app, req), req.params.id, req.body),
  );

  app.post(
    '/api/v1/admin/members/:id/roles',
    {
      schema: {
        tags,
        summary: 'Attribuer un rôle sur un territoire, avec sa catégorie d’information',
        params,
        body: grantRoleSchema,
        response: { 200: memberRolesResponseSchema },
      },
    },
    async (req) => grantRole(adminContext(app, req), req.params.id, req.body),
  );

  app.delete(
    '/api/v1/admin/members/:id/roles/:territoryId/:role',
    {
      schema: {
        tags,
        summary: 'Retirer un rôle sur un territoire',
        params: z.object({ id: z.uuid(), territoryId: z.string().min(1).max(100), role: z.enum(ROLES) }),
        response: { 200: memberRolesResponseSchema },
      },
    },
    async (req) => revokeRole(adminContext(app, req), req.params.id, req.params.territoryId, req.params.role),
  );

  app.post(
    '/api/v1/admin/members/:id/unlock',
    { schema: { tags, summary: 'Débloquer un compte bloqué après trop de tentatives de connexion', params } },
    async (req, reply) => {
      await unlockMember(adminContext(app, req), req.params.id);
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/v1/admin/members/:id/second-factor/reset',
    {
      schema: {
        tags,
        summary: 'Réinitialiser la double authentification (administrateur) : le membre devra la réactiver',
        params,
      },
    },
    async (req, reply) => {
      await resetSecondFactor(adminContext(app, req), req.params.id);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/v1/admin/members/:id/sessions',
    {
      schema: {
        tags,
        summary: 'Sessions ouvertes d’un membre',
        params,
        response: { 200: sessionListSchema },
      },
    },
    async (req) =>
      listMemberSessions(adminContext(app, req), req.params.id, app.config.SESSION_IDLE_MINUTES * 60_000),
  );

  app.delete(
    '/api/v1/admin/members/:id/sessions/:sessionId',
    {
      schema: {
        tags,
        summary: 'Mettre fin à une session d’un membre',
        params: z.object({ id: z.uuid(), sessionId: z.string().regex(/^[0-9a-f]{32}$/) }),
      },
    },
    async (req, reply) => {
      await revokeMemberSession(adminContext(app, req), req.params.id, req.params.sessionId);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/v1/admin/members/:id/export',
    {
      schema: {
        tags,
        summary: 'Export RGPD de toutes les données d’un membre (administrateur ; export journalisé)',
        params,
        response: { 200: memberExportSchema },
      },
    },
    async (req, reply) => {
      const data = await exportMemberData(adminContext(app, req), req.params.id);
      return reply.header('content-disposition', exportDisposition(req.params.id)).send(data);
    },
  );

  app.get(
    '/api/v1/me/export',
    {
      schema: {
        tags: ['Mon compte'],
        summary: 'Télécharger toutes mes données (droit d’accès RGPD)',
        response: { 200: memberExportSchema },
      },
    },
    async (req, reply) => {
      const ctx = adminContext(app, req);
      const data = await exportMemberData(ctx, ctx.actor.memberId);
      return reply.header('content-disposition', exportDisposition(ctx.actor.memberId)).send(data);
    },
  );
};

function exportDisposition(memberId: string): string {
  return `attachment; filename="passerelle-donnees-${memberId}.json"`;
}
