import { z } from 'zod';
import { addressSchema, provenanceSchema } from './finder';

export const zoneKindSchema = z.enum(['commune', 'polygon', 'street', 'number_range']);

/** One zone considered while resolving an address (admin screen « Tester une adresse »). */
export const consideredZoneSchema = z.object({
  zoneId: z.string(),
  areaId: z.string(),
  areaCode: z.string(),
  areaName: z.string(),
  kind: zoneKindSchema,
  mode: z.enum(['include', 'exclude']),
  precedence: z.number(),
  reason: z.string(),
  provenance: provenanceSchema,
});

export const layerExplanationSchema = z.object({
  layer: z.string(),
  label: z.string(),
  status: z.enum(['matched', 'none', 'conflict']),
  winner: consideredZoneSchema.nullable(),
  conflicting: z.array(consideredZoneSchema),
  considered: z.array(consideredZoneSchema),
  explanation: z.string(),
});

export const explainResponseSchema = z.object({
  address: addressSchema.nullable(),
  territory: z.object({ id: z.string(), name: z.string() }).nullable(),
  layers: z.array(layerExplanationSchema),
});
export type ExplainResponse = z.infer<typeof explainResponseSchema>;

export const territorySummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  citycodes: z.array(z.string()),
  demo: z.boolean(),
  sectors: z.array(
    z.object({
      id: z.string(),
      code: z.string(),
      kind: z.enum(['adult', 'child']),
      name: z.string(),
      establishment: z.string(),
      demo: z.boolean(),
      zoneCount: z.number(),
      siteCount: z.number(),
      provenance: provenanceSchema,
    }),
  ),
  socialServices: z.array(
    z.object({ id: z.string(), name: z.string(), kind: z.string(), demo: z.boolean() }),
  ),
});
export const territoriesResponseSchema = z.object({ territories: z.array(territorySummarySchema) });
export type TerritoriesResponse = z.infer<typeof territoriesResponseSchema>;

/** Places a user can pick when no geocoder answers: communes, arrondissements, quartiers. */
export const placeSchema = z.object({
  id: z.string(),
  label: z.string(),
  kind: z.enum(['commune', 'arrondissement', 'quartier']),
  citycode: z.string().nullable(),
  lon: z.number(),
  lat: z.number(),
});
export const placesResponseSchema = z.object({ places: z.array(placeSchema) });
export type Place = z.infer<typeof placeSchema>;
