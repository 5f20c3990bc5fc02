import { hash, verify } from '@node-rs/argon2';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as fr from '@zxcvbn-ts/language-fr';
import type { ErrorCode } from '../../contracts/errors';

// OWASP password storage cheat sheet: argon2id, m=19 MiB, t=2, p=1 (the library's defaults, made explicit).
const ARGON2 = { memoryCost: 19_456, timeCost: 2, parallelism: 1, algorithm: 2 /* argon2id */ } as const;

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

const strength = new ZxcvbnFactory({
  dictionary: { ...common.dictionary, ...fr.dictionary },
  graphs: common.adjacencyGraphs,
  translations: fr.translations,
});

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/**
 * NIST SP 800-63B: length matters, composition rules do not; refuse passwords found in lists of common
 * passwords or built from the member's own name and e-mail (zxcvbn score below 3 of 4).
 */
export function checkPasswordPolicy(password: string, personal: string[] = []): ErrorCode | null {
  if (password.length < PASSWORD_MIN_LENGTH) return 'PASSWORD_TOO_SHORT';
  if (password.length > PASSWORD_MAX_LENGTH) return 'PASSWORD_TOO_LONG';
  const words = personal
    .flatMap((p) => p.toLowerCase().split(/[^\p{L}\p{N}]+/u))
    .filter((w) => w.length >= 3);
  const { score } = strength.check(password, [...words, 'passerelle', 'clsm']);
  if (score < 3) return 'PASSWORD_TOO_COMMON';
  // A name or e-mail inside the password is the first thing tried by anyone who knows the person: what
  // remains once they are taken out must be strong on its own.
  let rest = password.toLowerCase();
  for (const w of words) if (w.length >= 3) rest = rest.replaceAll(w, '');
  if (rest !== password.toLowerCase() && strength.check(rest).score < 3) return 'PASSWORD_TOO_COMMON';
  return null;
}

/** A hash verified when the e-mail is unknown, so timing does not tell which addresses have accounts. */
let decoy: Promise<string> | null = null;
export async function burnPasswordCheck(password: string): Promise<void> {
  decoy ??= hashPassword('decoy password that nobody uses');
  await verifyPassword(await decoy, password);
}
