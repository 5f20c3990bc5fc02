import type { CareSite, Provenance, SectorResult } from '../../../contracts/finder';
import type { ZoneMatch } from '../../../geo/types';
import type { CareSiteRow, ServiceAreaRow, ZoneRow } from '../territories/territories.repository';
import { openingState } from './opening';

type WithProvenance = Pick<
  ServiceAreaRow,
  'source' | 'sourceUrl' | 'effectiveDate' | 'verifiedAt' | 'verifiedBy' | 'confidence' | 'demo'
>;

export function presentProvenance(row: WithProvenance): Provenance {
  return {
    source: row.source,
    sourceUrl: row.sourceUrl,
    effectiveDate: row.effectiveDate,
    verifiedAt: row.verifiedAt,
    verifiedBy: row.verifiedBy,
    confidence: row.confidence,
    demo: row.demo,
  };
}

export function presentSite(site: CareSiteRow, now: Date): CareSite {
  return {
    id: site.id,
    kind: site.kind,
    name: site.name,
    address: site.address,
    postcode: site.postcode,
    city: site.city,
    lon: site.lon,
    lat: site.lat,
    phone: site.phone,
    public: site.public,
    finess: site.finess,
    openingHours: site.openingHours,
    openingHoursDemo: site.openingHoursDemo,
    opening: openingState(site.openingHours, now),
    provenance: presentProvenance(site),
  };
}

export function presentZone(zone: ZoneRow, match: ZoneMatch) {
  return {
    id: zone.id,
    kind: zone.kind,
    label: zone.label,
    reason: match.reason,
    source: zone.source,
    verifiedAt: zone.verifiedAt,
    demo: zone.demo,
    provenance: presentProvenance(zone),
  };
}

export function presentSector(
  area: ServiceAreaRow,
  zone: ZoneRow,
  match: ZoneMatch,
  sites: CareSiteRow[],
  now: Date,
): SectorResult {
  return {
    id: area.id,
    code: area.code,
    kind: area.layer === 'child' ? 'child' : 'adult',
    name: area.name,
    establishment: {
      name: area.establishmentName ?? 'Établissement non renseigné',
      finess: area.establishmentFiness,
    },
    sites: sites.map((s) => presentSite(s, now)),
    zone: presentZone(zone, match),
    demo: area.demo,
    provenance: presentProvenance(area),
  };
}

export function presentSocialService(area: ServiceAreaRow, zone: ZoneRow, match: ZoneMatch, now: Date) {
  return {
    id: area.id,
    kind: area.kind,
    name: area.name,
    address: area.address,
    phone: area.phone,
    openingHours: area.openingHours,
    opening: openingState(area.openingHours, now),
    zone: presentZone(zone, match),
    demo: area.demo,
    provenance: presentProvenance(area),
  };
}
