import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config } from '../config';

/** A random URL-safe token (256 bits): session cookies, e-mail links, CSRF tokens. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** Tokens are random and long: a fast hash is enough to store them without storing them. */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Encrypts small secrets at rest (TOTP seeds) with AES-256-GCM, so a database dump alone does not let
 * anyone generate second-factor codes.
 */
export class SecretBox {
  private readonly key: Buffer;
  constructor(secret: string) {
    this.key = createHash('sha256').update(`passerelle:secret-box:${secret}`).digest();
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [
      'v1',
      iv.toString('base64url'),
      cipher.getAuthTag().toString('base64url'),
      data.toString('base64url'),
    ].join('.');
  }

  open(sealed: string): string {
    const [version, iv, tag, data] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || !data) throw new Error('sealed secret: unknown format');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  }
}

const DEVELOPMENT_KEY = 'passerelle-development-key-not-secret-do-not-use-in-production';

/**
 * The server secret: SECRET_KEY when set (required in production); otherwise one generated once and kept
 * beside the embedded database, so TOTP enrolments survive restarts of a development instance.
 */
export function resolveSecretKey(config: Config): string {
  if (config.SECRET_KEY) return config.SECRET_KEY;
  if (config.NODE_ENV === 'production') {
    throw new Error(
      'Configuration invalide : SECRET_KEY (32 caractères au moins) est obligatoire en production.',
    );
  }
  // A shared server without SECRET_KEY (development against PostgreSQL, tests): a fixed, public key, so
  // every process of the instance agrees. Production refuses to start without a real one (above).
  if (config.DATA_DIR === ':memory:' || config.DATABASE_URL) return DEVELOPMENT_KEY;
  const dir = resolve(config.DATA_DIR);
  const file = join(dir, 'secret.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dir, { recursive: true });
  const key = randomToken(32);
  writeFileSync(file, key, { mode: 0o600 });
  return key;
}
