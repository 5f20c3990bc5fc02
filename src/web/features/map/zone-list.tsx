import { DemoBadge } from '../../components/ui/badges';
import { SITE_PUBLIC_LABELS, siteKindLabel, zoneKindLabel } from '../../lib/labels';
import type { MapResponse, SiteProperties, ZoneProperties } from '../../lib/schemas';
import { MAP_LAYER_LABELS, type Visibility } from './map-style';

const LAYER_ORDER = { adult: 0, child: 1, social: 2 } as const;

function uniqueZones(data: MapResponse, visibility: Visibility): ZoneProperties[] {
  const byId = new Map<string, ZoneProperties>();
  for (const feature of data.features) {
    const properties = feature.properties;
    if (properties.type !== 'zone' || !visibility[properties.layer]) continue;
    byId.set(`${properties.layer}|${properties.zoneId}`, properties);
  }
  return [...byId.values()].sort(
    (a, b) =>
      LAYER_ORDER[a.layer] - LAYER_ORDER[b.layer] ||
      a.areaCode.localeCompare(b.areaCode, 'fr') ||
      a.zoneId.localeCompare(b.zoneId, 'fr'),
  );
}

function uniqueSites(data: MapResponse): SiteProperties[] {
  const byId = new Map<string, SiteProperties>();
  for (const feature of data.features) {
    if (feature.properties.type === 'site') byId.set(feature.properties.id, feature.properties);
  }
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name, 'fr'));
}

/** Text alternative to the map (RGAA 1.x / 4.x): the same zones and sites, as tables. */
export function ZoneList({ data, visibility }: { data: MapResponse; visibility: Visibility }) {
  const zones = uniqueZones(data, visibility);
  const sites = visibility.sites ? uniqueSites(data) : [];
  return (
    <div className="zone-list">
      <section>
        <h2 id="liste-zones">Zones affichées sur la carte</h2>
        {zones.length === 0 ? (
          <p>Aucune zone affichée : cochez au moins une couche.</p>
        ) : (
          <div className="table-wrapper" role="region" aria-label="Tableau des zones affichées" tabIndex={0}>
            <table className="table table-compact">
              <caption className="sr-only">
                Zones de compétence affichées ({zones.length}), par couche et par secteur
              </caption>
              <thead>
                <tr>
                  <th scope="col">Couche</th>
                  <th scope="col">Code</th>
                  <th scope="col">Secteur ou service</th>
                  <th scope="col">Type de zone</th>
                  <th scope="col">Identifiant de zone</th>
                  <th scope="col">Démonstration</th>
                </tr>
              </thead>
              <tbody>
                {zones.map((zone) => (
                  <tr key={`${zone.layer}|${zone.zoneId}`}>
                    <td>{MAP_LAYER_LABELS[zone.layer]}</td>
                    <th scope="row" className="code-cell">
                      {zone.areaCode}
                    </th>
                    <td>{zone.areaName}</td>
                    <td>{zoneKindLabel(zone.zoneKind)}</td>
                    <td className="muted">{zone.zoneId}</td>
                    <td>{zone.demo ? <DemoBadge label="Oui" /> : 'Non'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {visibility.sites ? (
        <section>
          <h2 id="liste-lieux">Lieux de soins affichés sur la carte</h2>
          {sites.length === 0 ? (
            <p>Aucun lieu de soins localisé.</p>
          ) : (
            <div
              className="table-wrapper"
              role="region"
              aria-label="Tableau des lieux de soins affichés"
              tabIndex={0}
            >
              <table className="table table-compact">
                <caption className="sr-only">Lieux de soins affichés ({sites.length})</caption>
                <thead>
                  <tr>
                    <th scope="col">Nom</th>
                    <th scope="col">Type</th>
                    <th scope="col">Public</th>
                    <th scope="col">Secteurs</th>
                  </tr>
                </thead>
                <tbody>
                  {sites.map((site) => (
                    <tr key={site.id}>
                      <th scope="row">{site.name}</th>
                      <td>{siteKindLabel(site.kind)}</td>
                      <td>{SITE_PUBLIC_LABELS[site.public] ?? site.public}</td>
                      <td>{site.sectorCodes.join(', ') || '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ) : null}
    </div>
  );
}
