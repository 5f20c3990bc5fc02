import type { Place, TerritoriesResponse } from '../../../contracts/territories';
import { presentProvenance } from '../finder/presenters';
import type { TerritoryCatalog } from './catalog';

/** Public list of territories with their sectors and offices. */
export function listTerritories(catalog: TerritoryCatalog): TerritoriesResponse {
  return {
    territories: catalog.territories.map((t) => {
      const areas = catalog.areasOf(t.id);
      return {
        id: t.id,
        name: t.name,
        citycodes: t.citycodes,
        demo: t.demo,
        sectors: areas
          .filter((a) => a.layer === 'adult' || a.layer === 'child')
          .map((a) => ({
            id: a.id,
            code: a.code,
            kind: a.layer === 'child' ? ('child' as const) : ('adult' as const),
            name: a.name,
            establishment: a.establishmentName ?? 'Établissement non renseigné',
            demo: a.demo,
            zoneCount: catalog.zonesOf(a.id).length,
            siteCount: catalog.sitesOf(a.id).length,
            provenance: presentProvenance(a),
          })),
        socialServices: areas
          .filter((a) => a.layer === 'social')
          .map((a) => ({ id: a.id, name: a.name, kind: a.kind, demo: a.demo })),
      };
    }),
  };
}

/** Communes, arrondissements and quartiers of the territories: the fallback when no geocoder answers. */
export function listPlaces(catalog: TerritoryCatalog): Place[] {
  const covered = new Set(catalog.territories.flatMap((t) => t.citycodes));
  return catalog.boundaries
    .filter((b) => b.citycode !== null && covered.has(b.citycode))
    .map((b) => ({
      id: b.id,
      label: b.kind === 'quartier' ? `${b.name} (quartier)` : b.name,
      kind: b.kind,
      citycode: b.citycode,
      lon: b.centreLon,
      lat: b.centreLat,
    }))
    .sort((a, b) => a.label.localeCompare(b.label, 'fr'));
}
