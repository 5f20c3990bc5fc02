import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { expandFinessStreet, finessToBanRows, type CommuneName } from '../../../geo/geocoder/finess-to-ban';
import { pointOnSurface } from '../../../geo/surface-point';
import type { PolygonGeometry } from '../../../geo/types';
import { siteKindSchema } from '../../../contracts/finder';
import { DATA_ROOT } from '../../data-root';
import { validateOpeningHours } from '../finder/opening';
import type { Db } from '../../db/client';
import {
  addressPoints,
  boundaries,
  careSiteAreas,
  careSites,
  catchmentZones,
  changeLog,
  serviceAreas,
  territories,
} from '../../db/schema/index';

const provenanceKey = z.string();
const zoneSchema = z.discriminatedUnion('kind', [
  z.object({
    id: z.string(),
    kind: z.literal('commune'),
    citycode: z.string(),
    label: z.string(),
    provenance: provenanceKey,
  }),
  z.object({
    id: z.string(),
    kind: z.literal('polygon'),
    feature: z.object({ file: z.string(), property: z.string(), value: z.union([z.string(), z.number()]) }),
    label: z.string(),
    provenance: provenanceKey,
  }),
]);
const areaBase = {
  id: z.string(),
  name: z.string(),
  demo: z.boolean(),
  provenance: provenanceKey,
  note: z.string(),
  zones: z.array(zoneSchema),
};
const seedSchema = z.object({
  sources: z.record(
    z.string(),
    z.object({
      source: z.string(),
      sourceUrl: z.string().nullable(),
      confidence: z.enum(['high', 'medium', 'low']),
    }),
  ),
  verifiedAt: z.string(),
  verifiedBy: z.string(),
  territories: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      citycodes: z.array(z.string()),
      demo: z.boolean(),
      sectors: z.array(
        z.object({
          ...areaBase,
          code: z.string(),
          kind: z.enum(['adult', 'child']),
          establishment: z.object({ name: z.string(), finess: z.string().nullable() }),
          sites: z.array(
            z.object({
              finess: z.string(),
              kind: siteKindSchema,
              public: z.enum(['adult', 'child', 'all']),
              name: z.string(),
            }),
          ),
        }),
      ),
      socialServices: z.array(z.object({ ...areaBase, kind: z.string() })),
    }),
  ),
  demoOpeningHours: z.record(z.string(), z.string()),
});

type GeoJsonFeature = { properties: Record<string, unknown>; geometry: PolygonGeometry };
const readJson = (rel: string) => JSON.parse(readFileSync(join(DATA_ROOT, rel), 'utf8')) as unknown;
const readFeatures = (rel: string) => (readJson(rel) as { features: GeoJsonFeature[] }).features;

interface FinessRow {
  finess_et: string;
  raison_sociale_longue: string;
  adresse: string;
  code_postal: string;
  ville: string;
  code_insee: string;
  lat: string;
  lon: string;
}

const BOUNDARY_SOURCES = {
  arr: 'Ville de Paris, Paris Data « arrondissements » (ODbL)',
  quartiers: 'Ville de Paris, Paris Data « quartiers administratifs » (ODbL)',
  communes94: 'IGN Admin Express COG 2018 via france-geojson (Licence Ouverte)',
};

/** « 4 R MARCO POLO » → « 4 Rue Marco Polo » (FINESS abbreviations expanded, BAN style). */
function finessAddressLabel(raw: string): string {
  // A letter suffix is glued to the number (« 12A »); « 4 R MARCO POLO » is number 4, street type R.
  const m = /^\s*(\d+)(?:([A-Z])\b|\s+(BIS|TER|QUATER)\b)?\s*(.+)$/i.exec(raw);
  if (!m?.[1] || !m[4]) return expandFinessStreet(raw);
  const suffix = (m[2] ?? m[3] ?? '').toLowerCase();
  return `${m[1]}${suffix ? ` ${suffix}` : ''} ${expandFinessStreet(m[4])}`;
}

/** Loads the demo territories of data/seed/territories.json and the open data they rest on, in one transaction. */
export async function seedDemo(
  db: Db,
): Promise<{ territories: number; zones: number; sites: number; addresses: number }> {
  const seed = seedSchema.parse(readJson('seed/territories.json'));
  for (const [kind, hours] of Object.entries(seed.demoOpeningHours)) {
    if (kind.startsWith('$')) continue;
    const problem = validateOpeningHours(hours);
    if (problem) throw new Error(`Seed: ${kind} — ${problem}`);
  }
  const finessText = readFileSync(join(DATA_ROOT, 'psychiatry/finess_psy_75_94.csv'), 'utf8');
  const finess = new Map(
    (parse(finessText, { columns: true, skip_empty_lines: true, bom: true }) as FinessRow[]).map((r) => [
      r.finess_et,
      r,
    ]),
  );
  // Phone numbers are only in the full regional extract.
  const idf = parse(
    readFileSync(join(DATA_ROOT, 'psychiatry/finess_idf_etablissements_hospitaliers.csv'), 'utf8'),
    {
      columns: true,
      delimiter: ';',
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
    },
  ) as { FINESS_ET: string; NUM_TEL: string }[];
  const phones = new Map(idf.filter((r) => r.NUM_TEL?.trim()).map((r) => [r.FINESS_ET, r.NUM_TEL.trim()]));

  const communes = readJson('admin/communes_75_94.json') as CommuneName[];
  const communeName = new Map(communes.map((c) => [c.code, c.nom]));
  const files = new Map<string, GeoJsonFeature[]>();
  const featureOf = (f: { file: string; property: string; value: string | number }): PolygonGeometry => {
    const features = files.get(f.file) ?? readFeatures(f.file);
    files.set(f.file, features);
    const found = features.find((x) => String(x.properties[f.property]) === String(f.value));
    if (!found) throw new Error(`Seed: no feature ${f.property}=${f.value} in ${f.file}`);
    return found.geometry;
  };
  // Only a quoted, current official source is "verified": illustrative items and the ≈ 2013 FINESS
  // records were not checked against reality and must not display a verification date.
  const prov = (key: string) => {
    const s = seed.sources[key];
    if (!s) throw new Error(`Seed: unknown provenance « ${key} »`);
    const verified = key !== 'demo' && key !== 'finess';
    return {
      source: s.source,
      sourceUrl: s.sourceUrl,
      confidence: s.confidence,
      demo: key === 'demo',
      verifiedAt: verified ? seed.verifiedAt : null,
      verifiedBy: verified ? seed.verifiedBy : null,
      effectiveDate: null,
    };
  };

  const boundaryRows = [
    ...readFeatures('boundaries/paris_arrondissements.geojson').map((f) => ({
      id: `arr-${String(f.properties.c_arinsee)}`,
      kind: 'arrondissement' as const,
      code: String(f.properties.c_arinsee),
      name: `Paris ${f.properties.c_ar === 1 ? '1er' : `${String(f.properties.c_ar)}e`} arrondissement`,
      citycode: String(f.properties.c_arinsee),
      geometry: f.geometry,
      source: BOUNDARY_SOURCES.arr,
    })),
    ...readFeatures('boundaries/paris20_quartiers.geojson').map((f) => ({
      id: `qu-${String(f.properties.c_quinsee)}`,
      kind: 'quartier' as const,
      code: String(f.properties.c_quinsee),
      name: String(f.properties.l_qu),
      citycode: `751${String(f.properties.c_ar).padStart(2, '0')}`,
      geometry: f.geometry,
      source: BOUNDARY_SOURCES.quartiers,
    })),
    ...readFeatures('boundaries/valdemarne_communes.geojson').map((f) => ({
      id: `com-${String(f.properties.code)}`,
      kind: 'commune' as const,
      code: String(f.properties.code),
      name: String(f.properties.nom),
      citycode: String(f.properties.code),
      geometry: f.geometry,
      source: BOUNDARY_SOURCES.communes94,
    })),
  ].map((b) => {
    const c = pointOnSurface(b.geometry);
    return { ...b, centreLon: c.lon, centreLat: c.lat };
  });

  const areaRows: (typeof serviceAreas.$inferInsert)[] = [];
  const zoneRows: (typeof catchmentZones.$inferInsert)[] = [];
  const siteRows = new Map<string, typeof careSites.$inferInsert>();
  const linkRows: (typeof careSiteAreas.$inferInsert)[] = [];

  for (const t of seed.territories) {
    const areas = [
      ...t.sectors.map((s) => ({ ...s, layer: s.kind, areaKind: 'psychiatric_sector' })),
      ...t.socialServices.map((s) => ({
        ...s,
        layer: 'social' as const,
        areaKind: s.kind,
        code: s.kind.toUpperCase(),
      })),
    ];
    for (const a of areas) {
      areaRows.push({
        id: a.id,
        territoryId: t.id,
        layer: a.layer,
        code: a.code,
        kind: a.areaKind,
        name: a.name,
        establishmentName: 'establishment' in a ? a.establishment.name : null,
        establishmentFiness: 'establishment' in a ? a.establishment.finess : null,
        note: a.note,
        ...prov(a.provenance),
        demo: a.demo,
      });
      for (const z of a.zones) {
        zoneRows.push({
          id: z.id,
          areaId: a.id,
          mode: 'include',
          kind: z.kind,
          label: z.label,
          citycode: z.kind === 'commune' ? z.citycode : null,
          geometry: z.kind === 'polygon' ? featureOf(z.feature) : null,
          ...prov(z.provenance),
        });
      }
      if (!('sites' in a)) continue;
      a.sites.forEach((s, position) => {
        const row = finess.get(s.finess);
        if (!row)
          throw new Error(`Seed: FINESS ${s.finess} absent from data/psychiatry/finess_psy_75_94.csv`);
        if (!siteRows.has(s.finess)) {
          siteRows.set(s.finess, {
            id: `site-${s.finess}`,
            finess: s.finess,
            kind: s.kind,
            name: s.name,
            address: finessAddressLabel(row.adresse),
            postcode: row.code_postal || null,
            city: communeName.get(row.code_insee) ?? row.ville,
            citycode: row.code_insee || null,
            lon: row.lon ? Number(row.lon) : null,
            lat: row.lat ? Number(row.lat) : null,
            phone: phones.get(s.finess) ?? null,
            public: s.public,
            openingHours: seed.demoOpeningHours[s.kind] ?? null,
            openingHoursDemo: seed.demoOpeningHours[s.kind] !== undefined,
            ...prov('finess'),
          });
        }
        linkRows.push({ siteId: `site-${s.finess}`, areaId: a.id, position });
      });
    }
  }

  const addressRows = finessToBanRows(finessText, { communes }).map((r) => ({
    id: r.id,
    streetId: r.streetId,
    number: r.number,
    rep: r.rep,
    street: r.street,
    postcode: r.postcode,
    citycode: r.citycode,
    city: r.city,
    lon: r.lon,
    lat: r.lat,
    source: 'FINESS (sites de psychiatrie 75/94, ≈ 2013)',
  }));

  await db.transaction(async (tx) => {
    await tx.insert(boundaries).values(boundaryRows);
    await tx
      .insert(territories)
      .values(
        seed.territories.map((t) => ({ id: t.id, name: t.name, citycodes: t.citycodes, demo: t.demo })),
      );
    await tx.insert(serviceAreas).values(areaRows);
    await tx.insert(catchmentZones).values(zoneRows);
    await tx.insert(careSites).values([...siteRows.values()]);
    await tx.insert(careSiteAreas).values(linkRows);
    if (addressRows.length > 0) await tx.insert(addressPoints).values(addressRows).onConflictDoNothing();
    await tx.insert(changeLog).values([
      ...areaRows.map((a) => ({
        entityType: 'service_area',
        entityId: a.id,
        action: 'create' as const,
        changedBy: 'seed',
        reason: 'Données de démonstration',
        after: a,
      })),
      ...zoneRows.map((z) => ({
        entityType: 'catchment_zone',
        entityId: z.id,
        action: 'create' as const,
        changedBy: 'seed',
        reason: 'Données de démonstration',
        after: { ...z, geometry: z.geometry ? '(géométrie)' : null },
      })),
    ]);
  });
  return {
    territories: seed.territories.length,
    zones: zoneRows.length,
    sites: siteRows.size,
    addresses: addressRows.length,
  };
}
