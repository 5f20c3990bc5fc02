import { createHash } from 'node:crypto';

/** SHA-256 of a stored file: lets anyone check the downloaded document is the one that was signed. */
export function sha256Bytes(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
