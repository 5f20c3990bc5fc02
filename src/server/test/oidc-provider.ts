import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real OpenID Connect provider for tests and journeys (`oidc-provider`), on 127.0.0.1 and a random
 * port. There is no login form to fill: the interaction route logs in whichever account the test chose
 * with `loginAs`, then grants consent, so API tests (following redirects by hand) and a browser journey
 * drive the same real code flow. Without a chosen account, the interaction page shows a small form asking
 * for a subject and an e-mail, which a browser journey can fill as well.
 */

/** The person who logs in at the provider. */
export interface TestOidcAccount {
  sub: string;
  email: string;
  /** Omitted claim when undefined. */
  emailVerified?: boolean;
  /** Authentication methods, e.g. ['pwd', 'mfa']. */
  amr?: string[];
  /** Authentication context class, e.g. 'eidas1'. */
  acr?: string;
  givenName?: string;
  familyName?: string;
}

export interface TestOidcClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
}

export interface TestOidcProvider {
  /** The issuer URL (discovery at `${issuer}/.well-known/openid-configuration`). */
  issuer: string;
  /** Chooses who the next interaction logs in (also updates the account's claims, e.g. a new e-mail). */
  loginAs(account: TestOidcAccount | null): void;
  /** What the provider answers for the authorization request: error=access_denied when set. */
  denyNext(deny: boolean): void;
  close(): Promise<void>;
}

/** The part of oidc-provider's API used here (the package ships no type declarations). */
interface OidcProviderInstance {
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  interactionDetails(
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<{
    uid: string;
    prompt: { name: string; details: Record<string, unknown> };
    params: Record<string, unknown>;
    session?: { accountId?: string };
    grantId?: string;
  }>;
  interactionFinished(
    req: IncomingMessage,
    res: ServerResponse,
    result: Record<string, unknown>,
    options?: { mergeWithLastSubmission?: boolean },
  ): Promise<void>;
  Grant: {
    new (props: { accountId: string; clientId: string }): OidcGrant;
    find(id: string): Promise<OidcGrant | undefined>;
  };
}

interface OidcGrant {
  addOIDCScope(scope: string): void;
  addOIDCClaims(claims: string[]): void;
  addResourceScope(resource: string, scope: string): void;
  save(): Promise<string>;
}

type ProviderConstructor = new (
  issuer: string,
  configuration: Record<string, unknown>,
) => OidcProviderInstance;

async function loadProvider(): Promise<ProviderConstructor> {
  // A computed specifier: the untyped package is described by the interface above instead.
  const specifier: string = 'oidc-provider';
  const mod = (await import(specifier)) as { default: ProviderConstructor };
  return mod.default;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** Starts the provider; `clients` are registered statically (client_secret_post, code flow). */
export async function startTestOidcProvider(opts: { clients: TestOidcClient[] }): Promise<TestOidcProvider> {
  const Provider = await loadProvider();
  const accounts = new Map<string, TestOidcAccount>();
  let next: TestOidcAccount | null = null;
  let deny = false;
  let provider: OidcProviderInstance | null = null;
  // The issuer needs the port, so the server listens before the provider exists.
  const current = (): OidcProviderInstance => {
    if (!provider) throw new Error('test provider not started yet');
    return provider;
  };

  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key', use: 'sig', alg: 'RS256' };

  const finish = async (req: IncomingMessage, res: ServerResponse, account: TestOidcAccount | null) => {
    const p = current();
    const details = await p.interactionDetails(req, res);
    if (deny) {
      await p.interactionFinished(req, res, {
        error: 'access_denied',
        error_description: 'refus de l’essai',
      });
      return;
    }
    if (details.prompt.name === 'login') {
      if (!account) throw new Error('no account chosen for the test provider');
      accounts.set(account.sub, account);
      await p.interactionFinished(
        req,
        res,
        { login: { accountId: account.sub, ...(account.acr ? { acr: account.acr } : {}), amr: account.amr } },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    // Consent: grant everything asked for, as a provider the person already trusts would.
    const accountId = details.session?.accountId;
    const clientId = details.params.client_id;
    if (!accountId || typeof clientId !== 'string') throw new Error('consent without a session');
    const grant =
      (details.grantId && (await p.Grant.find(details.grantId))) || new p.Grant({ accountId, clientId });
    const missingScope = details.prompt.details.missingOIDCScope;
    if (Array.isArray(missingScope)) grant.addOIDCScope(missingScope.join(' '));
    const missingClaims = details.prompt.details.missingOIDCClaims;
    if (Array.isArray(missingClaims)) grant.addOIDCClaims(missingClaims as string[]);
    const missingResource = details.prompt.details.missingResourceScopes;
    if (missingResource && typeof missingResource === 'object') {
      for (const [resource, scopes] of Object.entries(missingResource as Record<string, string[]>)) {
        grant.addResourceScope(resource, scopes.join(' '));
      }
    }
    const grantId = await grant.save();
    await p.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  };

  const interaction = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method === 'POST') {
      const form = await readForm(req);
      const sub = form.get('sub')?.trim();
      const email = form.get('email')?.trim();
      if (!sub || !email) {
        res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('sujet et e-mail requis');
        return;
      }
      const mfa = form.get('mfa') === 'on';
      await finish(req, res, { sub, email, emailVerified: true, amr: mfa ? ['pwd', 'mfa'] : ['pwd'] });
      return;
    }
    const details = await current().interactionDetails(req, res);
    if (next || deny || details.prompt.name !== 'login') {
      await finish(req, res, next);
      return;
    }
    const action = escapeHtml(req.url ?? '/');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Fournisseur d’identité d’essai</title></head>
<body><main><h1>Fournisseur d’identité d’essai</h1>
<form method="post" action="${action}">
<p><label for="sub">Identifiant (sub)</label> <input id="sub" name="sub" required></p>
<p><label for="email">Adresse e-mail</label> <input id="email" name="email" type="email" required></p>
<p><input id="mfa" name="mfa" type="checkbox"> <label for="mfa">Authentification à deux facteurs</label></p>
<p><button type="submit">Se connecter</button></p>
</form></main></body></html>`);
  };

  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | null = null;
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/interaction/')) {
      interaction(req, res).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(err instanceof Error ? err.message : 'interaction failed');
      });
      return;
    }
    handler ??= current().callback();
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;

  provider = new Provider(issuer, {
    clients: opts.clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      redirect_uris: c.redirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
    })),
    jwks: { keys: [jwk] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    features: { devInteractions: { enabled: false }, claimsParameter: { enabled: true } },
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      Grant: 3600,
      IdToken: 600,
      Interaction: 600,
      Session: 3600,
    },
    interactions: { url: (_ctx: unknown, i: { uid: string }) => `/interaction/${i.uid}` },
    acrValues: ['eidas1', 'eidas2', 'eidas3'],
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['given_name', 'family_name'],
      // Supported, so that a client may ask for them in the `claims` parameter (as ProConnect expects).
      amr: null,
    },
    findAccount: (_ctx: unknown, id: string) => {
      const account = accounts.get(id);
      if (!account) return undefined;
      return {
        accountId: id,
        claims: () => ({
          sub: id,
          email: account.email,
          ...(account.emailVerified === undefined ? {} : { email_verified: account.emailVerified }),
          given_name: account.givenName ?? 'Camille',
          family_name: account.familyName ?? 'Essai',
        }),
      };
    },
    // Keep the test output quiet about the provider's own rendering of errors.
    renderError: (ctx: { type: string; body: string }, out: Record<string, unknown>) => {
      ctx.type = 'application/json';
      ctx.body = JSON.stringify(out);
    },
  });

  return {
    issuer,
    loginAs(account) {
      next = account;
      if (account) accounts.set(account.sub, account);
    },
    denyNext(value) {
      deny = value;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/**
 * Follows the provider's redirects like a browser would (its own cookie jar), from the authorization URL
 * until the provider sends the browser to `redirectPrefix` (our callback); returns that URL.
 */
export async function followProviderRedirects(
  authorizationUrl: string,
  redirectPrefix: string,
): Promise<URL> {
  const jar = new Map<string, string>();
  let url = authorizationUrl;
  for (let hop = 0; hop < 20; hop++) {
    if (url.startsWith(redirectPrefix)) return new URL(url);
    const res = await fetch(url, {
      redirect: 'manual',
      headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair?.indexOf('=') ?? -1;
      if (!pair || eq < 1) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = /max-age=0\b/i.test(line) || /expires=Thu, 01 Jan 1970/i.test(line);
      if (expired || value === '') jar.delete(name);
      else jar.set(name, value);
    }
    const location = res.headers.get('location');
    if (res.status < 300 || res.status >= 400 || !location) {
      throw new Error(`test provider stopped with HTTP ${res.status}: ${await res.text()}`);
    }
    await res.arrayBuffer().catch(() => undefined);
    url = new URL(location, url).toString();
  }
  throw new Error('too many redirects at the test provider');
}
