import { z } from 'zod';

/**
 * Sensitivity of a contract field. `clinical`: health information (diagnosis, treatment, care), only for
 * health professionals (CSP L1110-4). `social`: social-work details, for health and social professionals.
 * Unmarked fields are general and go to every role that may see the record — landlords included.
 */
export type Sensitivity = 'clinical' | 'social';

export const sensitivityRegistry = z.registry<{ sensitivity: Sensitivity }>();

/** Marks a field as clinical: it is removed from answers to anyone but health professionals. */
export function clinical<T extends z.ZodType>(schema: T): T {
  const copy = schema.optional() as unknown as T;
  sensitivityRegistry.add(copy, { sensitivity: 'clinical' });
  return copy;
}

/** Marks a field as social-work detail: removed from answers to landlords and other non-professionals. */
export function socialDetail<T extends z.ZodType>(schema: T): T {
  const copy = schema.optional() as unknown as T;
  sensitivityRegistry.add(copy, { sensitivity: 'social' });
  return copy;
}

export function sensitivityOf(schema: z.ZodType): Sensitivity | null {
  return sensitivityRegistry.get(schema)?.sensitivity ?? null;
}
