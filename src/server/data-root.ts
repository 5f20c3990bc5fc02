import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The `data/` folder shipped with the product (open data + demo seed, see data/PROVENANCE.md). */
export const DATA_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../data');
