import type { Parity } from './types';

/** French words for a number range's parity, in reasons and conflict messages. */
export const PARITY_LABELS: Record<Parity, string> = {
  both: 'pairs et impairs',
  even: 'pairs',
  odd: 'impairs',
};
