import { z } from 'zod';

/** Query of GET /api/v1/lookup: an address, or a point. */
// An empty parameter (`?lat=`) means "not given", not zero.
const blankAsMissing = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

export const lookupQuerySchema = z.object({
  q: z.preprocess(
    blankAsMissing,
    z.string().trim().min(3, 'Adresse trop courte (3 caractères au moins).').max(200).optional(),
  ),
  lat: z.preprocess(blankAsMissing, z.coerce.number().min(-90).max(90).optional()),
  lon: z.preprocess(blankAsMissing, z.coerce.number().min(-180).max(180).optional()),
  /** Id of a commune, arrondissement or quartier picked in the list of places (GET /api/v1/places). */
  place: z.preprocess(blankAsMissing, z.string().max(100).optional()),
});
export type LookupQuery = z.infer<typeof lookupQuerySchema>;

export const provenanceSchema = z.object({
  source: z.string(),
  sourceUrl: z.string().nullable(),
  effectiveDate: z.string().nullable(),
  verifiedAt: z.string().nullable(),
  verifiedBy: z.string().nullable(),
  confidence: z.enum(['high', 'medium', 'low']),
  demo: z.boolean(),
});
export type Provenance = z.infer<typeof provenanceSchema>;

export const addressSchema = z.object({
  label: z.string(),
  lon: z.number(),
  lat: z.number(),
  citycode: z.string().nullable(),
  postcode: z.string().nullable(),
  street: z.string().nullable().optional(),
  housenumber: z.string().nullable().optional(),
  score: z.number().optional(),
});
export type Address = z.infer<typeof addressSchema>;

export const siteKinds = [
  'cmp',
  'cattp',
  'day_hospital',
  'crisis_centre',
  'hospital_unit',
  'emergency',
  'other',
] as const;
export const siteKindSchema = z.enum(siteKinds);
export type SiteKind = z.infer<typeof siteKindSchema>;

export const openingStateSchema = z.object({
  /** true / false, or null when hours are unknown or cannot be evaluated. */
  isOpen: z.boolean().nullable(),
  /** ISO date-time of the next change (opening or closing), if known. */
  nextChange: z.string().nullable(),
  /** Human sentence in French, e.g. « Ouvert jusqu'à 18 h 00 » or « Ouvre lundi à 9 h 00 ». */
  text: z.string(),
});

export const careSiteSchema = z.object({
  id: z.string(),
  kind: siteKindSchema,
  name: z.string(),
  address: z.string(),
  postcode: z.string().nullable(),
  city: z.string().nullable(),
  lon: z.number().nullable(),
  lat: z.number().nullable(),
  phone: z.string().nullable(),
  public: z.enum(['adult', 'child', 'all']),
  finess: z.string().nullable(),
  openingHours: z.string().nullable(),
  openingHoursDemo: z.boolean(),
  opening: openingStateSchema,
  provenance: provenanceSchema,
});
export type CareSite = z.infer<typeof careSiteSchema>;

export const matchedZoneSchema = z.object({
  id: z.string(),
  kind: z.enum(['commune', 'polygon', 'street', 'number_range']),
  label: z.string(),
  reason: z.string(),
  source: z.string(),
  verifiedAt: z.string().nullable(),
  demo: z.boolean(),
  provenance: provenanceSchema,
});

export const sectorResultSchema = z.object({
  id: z.string(),
  code: z.string(),
  kind: z.enum(['adult', 'child']),
  name: z.string(),
  establishment: z.object({ name: z.string(), finess: z.string().nullable() }),
  sites: z.array(careSiteSchema),
  zone: matchedZoneSchema,
  demo: z.boolean(),
  provenance: provenanceSchema,
});
export type SectorResult = z.infer<typeof sectorResultSchema>;

export const socialServiceResultSchema = z.object({
  id: z.string(),
  kind: z.string(),
  name: z.string(),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  openingHours: z.string().nullable(),
  opening: openingStateSchema,
  zone: matchedZoneSchema,
  demo: z.boolean(),
  provenance: provenanceSchema,
});

export const conflictSchema = z.object({
  layer: z.string(),
  message: z.string(),
  candidates: z.array(z.object({ id: z.string(), code: z.string(), name: z.string() })),
});

export const emergencyNumberSchema = z.object({ number: z.string(), label: z.string(), when: z.string() });

export const lookupResponseSchema = z.object({
  address: addressSchema.nullable(),
  territory: z.object({ id: z.string(), name: z.string(), demo: z.boolean() }).nullable(),
  message: z.string().nullable(),
  sectors: z.object({ adult: sectorResultSchema.nullable(), child: sectorResultSchema.nullable() }),
  socialServices: z.array(socialServiceResultSchema),
  conflicts: z.array(conflictSchema),
  emergency: z.array(emergencyNumberSchema),
  guidance: z.array(z.string()),
});
export type LookupResponse = z.infer<typeof lookupResponseSchema>;

/** GET /api/v1/geocode?q= — autocomplete suggestions. */
export const geocodeQuerySchema = z.object({
  q: z.string().trim().min(3, 'Adresse trop courte (3 caractères au moins).').max(200),
  limit: z.coerce.number().int().min(1).max(10).default(5),
});
export const geocodeResponseSchema = z.object({
  results: z.array(addressSchema),
  source: z.enum(['local', 'ban', 'cache']),
});
export type GeocodeResponse = z.infer<typeof geocodeResponseSchema>;
