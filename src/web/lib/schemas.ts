import { z } from 'zod';

/*
 * Responses that have no schema in src/contracts yet (GET /api/v1/config and GET /api/v1/map).
 * They are kept tolerant on purpose: the map must still draw if the server adds a property.
 */

export const configResponseSchema = z.object({
  tileUrl: z.string().nullable(),
  attribution: z.string().nullable(),
});
export type ConfigResponse = z.infer<typeof configResponseSchema>;

export const mapLayerSchema = z.enum(['adult', 'child', 'social']);
export type MapLayer = z.infer<typeof mapLayerSchema>;

const geometrySchema = z.object({ type: z.string(), coordinates: z.unknown() });

export const zonePropertiesSchema = z.object({
  type: z.literal('zone'),
  layer: mapLayerSchema,
  areaId: z.string(),
  areaCode: z.string(),
  areaName: z.string(),
  zoneId: z.string(),
  zoneKind: z.string(),
  demo: z.boolean(),
});
export type ZoneProperties = z.infer<typeof zonePropertiesSchema>;

export const sitePropertiesSchema = z.object({
  type: z.literal('site'),
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  sectorCodes: z.array(z.string()),
  public: z.string(),
});
export type SiteProperties = z.infer<typeof sitePropertiesSchema>;

export const mapFeatureSchema = z.object({
  type: z.literal('Feature'),
  id: z.union([z.string(), z.number()]).optional(),
  geometry: geometrySchema,
  properties: z.discriminatedUnion('type', [zonePropertiesSchema, sitePropertiesSchema]),
});
export type MapFeature = z.infer<typeof mapFeatureSchema>;

export const mapResponseSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(mapFeatureSchema),
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable().optional(),
});
export type MapResponse = z.infer<typeof mapResponseSchema>;
