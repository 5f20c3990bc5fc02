import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { provenanceColumns } from './provenance';

const timestamps = () => ({
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** What one CLSM covers. */
export const territories = pgTable('territories', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  citycodes: text('citycodes').array().notNull(),
  demo: boolean('demo').notNull().default(false),
  ...timestamps(),
});

/**
 * A service area: a psychiatric sector (layer adult | child) or a social-service office (layer social),
 * later any partner office. All share the catchment engine; only areas of the same layer compete.
 */
export const serviceAreas = pgTable(
  'service_areas',
  {
    id: text('id').primaryKey(),
    territoryId: text('territory_id')
      .notNull()
      .references(() => territories.id, { onDelete: 'cascade' }),
    layer: text('layer', { enum: ['adult', 'child', 'social'] }).notNull(),
    /** sector code (75G27, 94I03/04) or office kind-specific code */
    code: text('code').notNull(),
    /** psychiatric_sector | eps | eds | ccas | other */
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    establishmentName: text('establishment_name'),
    establishmentFiness: text('establishment_finess'),
    address: text('address'),
    phone: text('phone'),
    openingHours: text('opening_hours'),
    note: text('note'),
    ...provenanceColumns(),
    version: integer('version').notNull().default(1),
    ...timestamps(),
  },
  (t) => [index('service_areas_territory_idx').on(t.territoryId)],
);

export const catchmentZones = pgTable(
  'catchment_zones',
  {
    id: text('id').primaryKey(),
    areaId: text('area_id')
      .notNull()
      .references(() => serviceAreas.id, { onDelete: 'cascade' }),
    mode: text('mode', { enum: ['include', 'exclude'] })
      .notNull()
      .default('include'),
    kind: text('kind', { enum: ['commune', 'polygon', 'street', 'number_range'] }).notNull(),
    label: text('label').notNull(),
    citycode: text('citycode'),
    street: text('street'),
    streetId: text('street_id'),
    fromNumber: integer('from_number'),
    toNumber: integer('to_number'),
    parity: text('parity', { enum: ['even', 'odd', 'both'] }),
    geometry: jsonb('geometry'),
    ...provenanceColumns(),
    version: integer('version').notNull().default(1),
    ...timestamps(),
  },
  (t) => [
    index('catchment_zones_area_idx').on(t.areaId),
    check(
      'catchment_zones_shape_check',
      sql`(${t.kind} = 'commune' and ${t.citycode} is not null)
       or (${t.kind} = 'polygon' and ${t.geometry} is not null)
       or (${t.kind} = 'street' and ${t.citycode} is not null and (${t.street} is not null or ${t.streetId} is not null))
       or (${t.kind} = 'number_range' and ${t.citycode} is not null and (${t.street} is not null or ${t.streetId} is not null)
           and ${t.fromNumber} is not null and ${t.toNumber} is not null and ${t.fromNumber} <= ${t.toNumber} and ${t.parity} is not null)`,
    ),
  ],
);

export const careSites = pgTable('care_sites', {
  id: text('id').primaryKey(),
  finess: text('finess'),
  kind: text('kind', {
    enum: ['cmp', 'cattp', 'day_hospital', 'crisis_centre', 'hospital_unit', 'emergency', 'other'],
  }).notNull(),
  name: text('name').notNull(),
  address: text('address').notNull(),
  postcode: text('postcode'),
  city: text('city'),
  citycode: text('citycode'),
  lon: doublePrecision('lon'),
  lat: doublePrecision('lat'),
  phone: text('phone'),
  public: text('public', { enum: ['adult', 'child', 'all'] }).notNull(),
  openingHours: text('opening_hours'),
  openingHoursDemo: boolean('opening_hours_demo').notNull().default(false),
  ...provenanceColumns(),
  ...timestamps(),
});

/** A site may serve several sectors (e.g. a CATTP shared by sectors 27, 28 and 29). */
export const careSiteAreas = pgTable(
  'care_site_areas',
  {
    siteId: text('site_id')
      .notNull()
      .references(() => careSites.id, { onDelete: 'cascade' }),
    areaId: text('area_id')
      .notNull()
      .references(() => serviceAreas.id, { onDelete: 'cascade' }),
    position: integer('position').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.areaId] }), index('care_site_areas_area_idx').on(t.areaId)],
);

/** Administrative boundaries used to place a point in its commune/arrondissement and to pick a place. */
export const boundaries = pgTable('boundaries', {
  id: text('id').primaryKey(),
  kind: text('kind', { enum: ['commune', 'arrondissement', 'quartier'] }).notNull(),
  code: text('code').notNull(),
  name: text('name').notNull(),
  citycode: text('citycode'),
  geometry: jsonb('geometry').notNull(),
  /** A point guaranteed inside the polygon (used when a user picks this place). */
  centreLon: doublePrecision('centre_lon').notNull(),
  centreLat: doublePrecision('centre_lat').notNull(),
  source: text('source').notNull(),
});

/** Versioning of territorial data: who changed what, when (before/after snapshots). */
export const changeLog = pgTable(
  'change_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    action: text('action', { enum: ['create', 'update', 'delete'] }).notNull(),
    changedBy: text('changed_by').notNull(),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
    reason: text('reason'),
    before: jsonb('before'),
    after: jsonb('after'),
  },
  (t) => [index('change_log_entity_idx').on(t.entityType, t.entityId)],
);

/** Addresses known to the offline geocoder (BAN CSV imports, demo seed from FINESS sites). */
export const addressPoints = pgTable(
  'address_points',
  {
    id: text('id').primaryKey(),
    streetId: text('street_id'),
    number: integer('number').notNull(),
    rep: text('rep'),
    street: text('street').notNull(),
    postcode: text('postcode'),
    citycode: text('citycode').notNull(),
    city: text('city').notNull(),
    lon: doublePrecision('lon').notNull(),
    lat: doublePrecision('lat').notNull(),
    source: text('source').notNull(),
  },
  (t) => [index('address_points_citycode_idx').on(t.citycode)],
);
