import { z } from 'zod';
import type { InfoCategory } from '../../contracts/access';
import { sensitivityOf, type Sensitivity } from '../../contracts/sensitivity';

const MAY_RECEIVE: Record<InfoCategory, readonly Sensitivity[]> = {
  health: ['clinical', 'social'],
  social: ['social'],
  landlord: [],
  other: [],
};

/**
 * Removes, along the contract, every field the reader's information category may not receive. It walks
 * the schema (objects, arrays, optionals, nullables, unions of objects), so a clinical field nested
 * anywhere in an answer is caught; the result is then still valid against the same schema, because
 * marked fields are optional by construction (see contracts/sensitivity.ts).
 */
export function redactFor<T>(schema: z.ZodType, value: T, category: InfoCategory | null): T {
  return walk(schema, value, category ? MAY_RECEIVE[category] : []) as T;
}

function walk(schema: z.ZodType, value: unknown, allowed: readonly Sensitivity[]): unknown {
  if (value === null || value === undefined) return value;
  const def = (schema as unknown as { _zod: { def: { type: string } } })._zod.def as {
    type: string;
    innerType?: z.ZodType;
    element?: z.ZodType;
    shape?: Record<string, z.ZodType>;
    options?: z.ZodType[];
    in?: z.ZodType;
  };
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'readonly':
    case 'catch':
      return def.innerType ? walk(def.innerType, value, allowed) : value;
    case 'pipe':
      return def.in ? walk(def.in, value, allowed) : value;
    case 'array': {
      const element = def.element;
      return Array.isArray(value) && element ? value.map((v) => walk(element, v, allowed)) : value;
    }
    case 'object': {
      if (typeof value !== 'object' || !def.shape) return value;
      const out: Record<string, unknown> = {};
      for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
        const field = def.shape[key];
        if (!field) {
          out[key] = v;
          continue;
        }
        const sensitivity = sensitivityOf(field);
        if (sensitivity && !allowed.includes(sensitivity)) continue;
        out[key] = walk(field, v, allowed);
      }
      return out;
    }
    case 'union': {
      // Each option that is an object removes what it marks; fields no option knows are kept as is.
      let result: unknown = value;
      for (const option of def.options ?? []) result = walk(option, result, allowed);
      return result;
    }
    default:
      return value;
  }
}
