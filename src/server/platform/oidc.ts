import * as client from 'openid-client';
import { OIDC_PROVIDERS, type OidcProvider } from '../../contracts/access';
import type { Config } from '../config';
import { AppError } from './errors';
import { SecretBox } from './secrets';

/** How Passerelle talks to one OpenID Connect provider. */
export interface OidcProviderSettings {
  provider: OidcProvider;
  issuer: URL;
  clientId: string;
  clientSecret: string;
  /** Space-separated scopes sent in the authorization request. */
  scope: string;
  /** Extra authorization request parameters (acr_values, claims...), provider-specific. */
  authorizationParams: Record<string, string>;
}

export interface OidcOptions {
  /** Scopes per provider; see docs/sso.md for the values each provider documents. */
  scopes?: Partial<Record<OidcProvider, string>>;
  authorizationParams?: Partial<Record<OidcProvider, Record<string, string>>>;
  /** Seconds before a discovery, token or userinfo request is abandoned. */
  timeoutSeconds?: number;
}

/**
 * Both providers are asked for the standard scopes by default: they are enough to read `sub` and
 * `email`, which is all the linking rule needs. The providers' own scope names are in docs/sso.md.
 */
export const DEFAULT_OIDC_SCOPE = 'openid email profile';

/**
 * ProConnect says in the ID token how the person logged in only when asked through the `claims`
 * parameter; `amr` (with `mfa`) and `acr` decide whether its login counts as our second factor.
 */
export const DEFAULT_AUTHORIZATION_PARAMS: Record<OidcProvider, Record<string, string>> = {
  proconnect: { claims: JSON.stringify({ id_token: { amr: { essential: true }, acr: null } }) },
  psc: {},
};

/** Providers whose issuer, client id and secret are all set, in the order of OIDC_PROVIDERS. */
export function oidcSettingsFromConfig(config: Config, options: OidcOptions = {}): OidcProviderSettings[] {
  const raw: Record<OidcProvider, [string | undefined, string | undefined, string | undefined]> = {
    proconnect: [config.PROCONNECT_ISSUER, config.PROCONNECT_CLIENT_ID, config.PROCONNECT_CLIENT_SECRET],
    psc: [config.PSC_ISSUER, config.PSC_CLIENT_ID, config.PSC_CLIENT_SECRET],
  };
  const out: OidcProviderSettings[] = [];
  for (const provider of OIDC_PROVIDERS) {
    const [issuer, clientId, clientSecret] = raw[provider];
    if (!issuer || !clientId || !clientSecret) continue;
    out.push({
      provider,
      issuer: new URL(issuer),
      clientId,
      clientSecret,
      scope: options.scopes?.[provider] ?? DEFAULT_OIDC_SCOPE,
      authorizationParams: options.authorizationParams?.[provider] ?? DEFAULT_AUTHORIZATION_PARAMS[provider],
    });
  }
  return out;
}

/**
 * The configured providers, each discovered lazily on first use and cached. A failed discovery is not
 * cached, so the next login attempt retries instead of the instance staying broken until restart.
 */
export class OidcClients {
  private readonly settings = new Map<OidcProvider, OidcProviderSettings>();
  private readonly discovered = new Map<OidcProvider, Promise<client.Configuration>>();
  private readonly timeoutSeconds: number;

  constructor(
    private readonly config: Config,
    options: OidcOptions = {},
  ) {
    for (const s of oidcSettingsFromConfig(config, options)) this.settings.set(s.provider, s);
    this.timeoutSeconds = options.timeoutSeconds ?? 10;
  }

  enabled(): OidcProvider[] {
    return OIDC_PROVIDERS.filter((p) => this.settings.has(p));
  }

  /** The provider's settings; OIDC_NOT_CONFIGURED (503: the route exists, the instance lacks it). */
  get(provider: OidcProvider): OidcProviderSettings {
    const s = this.settings.get(provider);
    if (!s) throw new AppError('unavailable', 'OIDC_NOT_CONFIGURED');
    return s;
  }

  redirectUri(provider: OidcProvider): string {
    return new URL(`/api/v1/auth/oidc/${provider}/callback`, this.config.PUBLIC_URL).toString();
  }

  /** The discovered client configuration; OIDC_FAILED (503) when the provider cannot be reached. */
  async configuration(provider: OidcProvider): Promise<client.Configuration> {
    const s = this.get(provider);
    let pending = this.discovered.get(provider);
    if (!pending) {
      pending = this.discover(s);
      this.discovered.set(provider, pending);
      pending.catch(() => this.discovered.delete(provider));
    }
    try {
      return await pending;
    } catch {
      throw new AppError('unavailable', 'OIDC_FAILED');
    }
  }

  private async discover(s: OidcProviderSettings): Promise<client.Configuration> {
    // Plain http is accepted only outside production, for the test provider and local mock servers.
    const insecure = s.issuer.protocol === 'http:' && this.config.NODE_ENV !== 'production';
    return client.discovery(s.issuer, s.clientId, s.clientSecret, undefined, {
      execute: insecure ? [client.allowInsecureRequests] : [],
      timeout: this.timeoutSeconds,
    });
  }
}

/** What the browser must bring back to the callback: ties the response to the request that started it. */
export interface PendingOidcLogin {
  provider: OidcProvider;
  state: string;
  nonce: string;
  codeVerifier: string;
  /** Epoch milliseconds after which the pending login is refused, whatever the cookie's own expiry. */
  expiresAt: number;
}

export const PENDING_OIDC_MINUTES = 10;

/**
 * Seals pending logins for the browser cookie. AES-GCM both hides the PKCE verifier and authenticates
 * the content; the key is derived apart from the TOTP one so the two uses never share a key.
 */
export class PendingLoginSealer {
  private readonly box: SecretBox;
  constructor(secretKey: string) {
    this.box = new SecretBox(`${secretKey}:oidc-pending-login`);
  }

  seal(pending: PendingOidcLogin): string {
    return this.box.seal(JSON.stringify(pending));
  }

  /** The pending login, or null when the cookie is missing, forged, for another provider or expired. */
  open(sealed: string | undefined, provider: OidcProvider, now: Date): PendingOidcLogin | null {
    if (!sealed) return null;
    let value: unknown;
    try {
      value = JSON.parse(this.box.open(sealed));
    } catch {
      return null;
    }
    if (!isPending(value) || value.provider !== provider || value.expiresAt <= now.getTime()) return null;
    return value;
  }
}

function isPending(v: unknown): v is PendingOidcLogin {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return (
    typeof o.provider === 'string' &&
    typeof o.state === 'string' &&
    typeof o.nonce === 'string' &&
    typeof o.codeVerifier === 'string' &&
    typeof o.expiresAt === 'number'
  );
}
