import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import { Secret } from 'otpauth';
import { buildApp } from '../src/server/app';
import { loadConfig } from '../src/server/config';
import type { Db } from '../src/server/db/client';
import {
  charterAcceptances,
  charters,
  conventions,
  memberRoles,
  members,
  partners,
  partnerTerritories,
} from '../src/server/db/schema/access';
import { hashPassword } from '../src/server/platform/passwords';
import type { SecretBox } from '../src/server/platform/secrets';
import { startTestOidcProvider, type TestOidcProvider } from '../src/server/test/oidc-provider';
import { startSmtpServer, type TestSmtpServer } from '../src/server/test/smtp';

/** A member who can sign in with a password and TOTP codes computed from `totpSecret` (base32). */
export interface E2eCredentials {
  email: string;
  password: string;
  totpSecret: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    /** Instance admin, also coordinator of 'choisy-vlr-orly' (charter accepted, convention valid). */
    adminCredentials: E2eCredentials;
    /** Coordinator of 'choisy-vlr-orly' only (not an instance admin), for journeys that invite people. */
    coordinatorCredentials: E2eCredentials & { partnerId: string };
    /** GET `${mailboxUrl}?to=<address>`: the e-mails the real SMTP server received for that address. */
    mailboxUrl: string;
    /** The test OpenID Connect provider serving both ProConnect and Pro Santé Connect. */
    oidcIssuer: string;
  }
}

/** One e-mail as the mailbox endpoint returns it. */
export interface E2eMail {
  to: string[];
  subject: string;
  text: string;
}

export const E2E_TERRITORY = 'choisy-vlr-orly';
const PASSWORD = 'Parcours-e2e: cinq lapins bleus dansent 2024';

let app: FastifyInstance | undefined;
let dataDir: string | undefined;
let smtp: TestSmtpServer | undefined;
let oidc: TestOidcProvider | undefined;
let mailbox: Server | undefined;

/** A free loopback port, known before the app starts: e-mail links and OIDC redirects need PUBLIC_URL. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** The e-mails of the SMTP server over HTTP: test files run in workers, the server lives here. */
async function startMailbox(server: TestSmtpServer): Promise<string> {
  mailbox = createServer((req, res) => {
    const to = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('to') ?? '';
    const mails: E2eMail[] = server.to(to).map((m) => ({ to: m.to, subject: m.subject, text: m.text }));
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(mails));
  });
  await new Promise<void>((resolve) => mailbox!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(mailbox.address() as AddressInfo).port}/messages`;
}

/**
 * A member with a password and TOTP already enabled, coordinator of the e2e territory, whose charter is
 * accepted and whose partner has a convention valid today: fully able to sign in and administer.
 */
async function seedMember(
  db: Db,
  box: SecretBox,
  opts: { email: string; displayName: string; partnerName: string; isInstanceAdmin: boolean },
): Promise<E2eCredentials & { partnerId: string }> {
  const totpSecret = new Secret({ size: 20 }).base32;
  const now = new Date();
  const [partner] = await db
    .insert(partners)
    .values({ name: opts.partnerName, type: opts.isInstanceAdmin ? 'other' : 'town_housing' })
    .returning({ id: partners.id });
  const partnerId = partner!.id;
  await db.insert(partnerTerritories).values({ partnerId, territoryId: E2E_TERRITORY }).onConflictDoNothing();
  const [member] = await db
    .insert(members)
    .values({
      partnerId,
      email: opts.email,
      displayName: opts.displayName,
      jobTitle: opts.isInstanceAdmin ? 'Administratrice de l’instance' : 'Coordinatrice du CLSM',
      isInstanceAdmin: opts.isInstanceAdmin,
      passwordHash: await hashPassword(PASSWORD),
      passwordChangedAt: now,
      totpSecret: box.seal(totpSecret),
      totpEnabledAt: now,
    })
    .returning({ id: members.id });
  const memberId = member!.id;
  await db
    .insert(memberRoles)
    .values({ memberId, territoryId: E2E_TERRITORY, role: 'coordinator', infoCategory: 'social' });
  let [charter] = await db
    .select({ id: charters.id })
    .from(charters)
    .where(eq(charters.territoryId, E2E_TERRITORY))
    .limit(1);
  charter ??= (
    await db
      .insert(charters)
      .values({
        territoryId: E2E_TERRITORY,
        version: 1,
        title: 'Charte de confidentialité du CLSM Choisy – Villeneuve – Orly',
        body:
          'Les informations partagées dans Passerelle servent uniquement à l’accompagnement des ' +
          'personnes. Chaque membre ne consulte que ce dont il a besoin pour sa mission, ne copie ' +
          'rien hors de la plateforme et signale sans délai toute divulgation accidentelle.',
        publishedBy: memberId,
      })
      .returning({ id: charters.id })
  )[0];
  await db.insert(charterAcceptances).values({ memberId, charterId: charter!.id });
  const year = now.getUTCFullYear();
  await db.insert(conventions).values({
    partnerId,
    territoryId: E2E_TERRITORY,
    title: 'Convention de partenariat du CLSM',
    startsOn: `${year - 1}-01-01`,
    endsOn: `${year + 1}-12-31`,
    signedOn: `${year - 1}-01-01`,
    createdBy: memberId,
  });
  return { email: opts.email, password: PASSWORD, totpSecret, partnerId };
}

/**
 * Starts the real server (built web app, embedded PGlite with the demo) on a free loopback port, with a
 * real SMTP server and a real OpenID Connect provider, and seeds the members the journeys sign in as.
 */
export async function setup(project: TestProject) {
  dataDir = mkdtempSync(join(tmpdir(), 'passerelle-e2e-'));
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  smtp = await startSmtpServer();
  oidc = await startTestOidcProvider({
    clients: [
      { clientId: 'passerelle-psc', clientSecret: 'psc-e2e-secret', redirectUris: [] },
      { clientId: 'passerelle-proconnect', clientSecret: 'proconnect-e2e-secret', redirectUris: [] },
    ].map((c) => ({
      ...c,
      redirectUris: [`${publicUrl}/api/v1/auth/oidc/${c.clientId.replace('passerelle-', '')}/callback`],
    })),
  });
  const config = loadConfig(
    {},
    {
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      PORT: port,
      HOST: '127.0.0.1',
      PUBLIC_URL: publicUrl,
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Passerelle <no-reply@passerelle.test>',
      PSC_ISSUER: oidc.issuer,
      PSC_CLIENT_ID: 'passerelle-psc',
      PSC_CLIENT_SECRET: 'psc-e2e-secret',
      PROCONNECT_ISSUER: oidc.issuer,
      PROCONNECT_CLIENT_ID: 'passerelle-proconnect',
      PROCONNECT_CLIENT_SECRET: 'proconnect-e2e-secret',
      // Journeys sign in many times from one address within a minute.
      LOGIN_RATE_PER_MINUTE: 1000,
      JOBS_ENABLED: false,
    },
  );
  app = await buildApp(config);
  const db = app.database.db;
  const admin = await seedMember(db, app.secretBox, {
    email: 'admin.e2e@passerelle.test',
    displayName: 'Alice Administratrice',
    partnerName: 'Administration de l’instance (e2e)',
    isInstanceAdmin: true,
  });
  const coordinator = await seedMember(db, app.secretBox, {
    email: 'coordination.e2e@choisy.test',
    displayName: 'Claire Coordinatrice',
    partnerName: 'Ville de Choisy-le-Roi (e2e)',
    isInstanceAdmin: false,
  });
  const address = await app.listen({ host: '127.0.0.1', port });
  project.provide('baseUrl', address);
  project.provide('adminCredentials', {
    email: admin.email,
    password: admin.password,
    totpSecret: admin.totpSecret,
  });
  project.provide('coordinatorCredentials', coordinator);
  project.provide('mailboxUrl', await startMailbox(smtp));
  project.provide('oidcIssuer', oidc.issuer);
}

export async function teardown() {
  await app?.close();
  await new Promise<void>((resolve) => (mailbox ? mailbox.close(() => resolve()) : resolve()));
  await smtp?.close();
  await oidc?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
