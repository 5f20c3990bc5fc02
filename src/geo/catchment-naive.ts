import { decideLayer, describeMatch, numberInRange } from './catchment-index';
import { streetKey } from './normalize';
import { locatePoint, polygonParts, type PolygonPart } from './point-in-polygon';
import {
  ZONE_PRECEDENCE,
  type EngineZone,
  type LayerResult,
  type LookupPoint,
  type ZoneMatch,
} from './types';

/**
 * The obvious implementation of the catchment rule: every zone is tested against the point, no index.
 * It exists as an executable specification: tests and the benchmark compare `CatchmentIndex` with it.
 */
export class NaiveCatchment {
  readonly layers: readonly string[];
  private readonly entries: { zone: EngineZone; parts: PolygonPart[]; key: string }[];

  constructor(zones: readonly EngineZone[]) {
    this.layers = [...new Set(zones.map((z) => z.layer))];
    this.entries = zones.map((zone) => ({
      zone,
      parts: zone.shape.kind === 'polygon' ? polygonParts(zone.shape.geometry, zone.id) : [],
      key:
        zone.shape.kind === 'street' || zone.shape.kind === 'number_range'
          ? streetKey(zone.shape.street)
          : '',
    }));
  }

  lookup(point: LookupPoint): Map<string, LayerResult> {
    const byLayer = new Map<string, ZoneMatch[]>(this.layers.map((l) => [l, []]));
    const pointKey = point.street ? streetKey(point.street) : '';
    const ids = [point.streetId, point.street]
      .filter((s): s is string => typeof s === 'string' && s !== '')
      .map((s) => s.trim().toLowerCase());
    const matches: { index: number; match: ZoneMatch }[] = [];
    const scratch = [0, 0];
    this.entries.forEach(({ zone, parts, key }, index) => {
      const s = zone.shape;
      let hit = false;
      let onBoundary = false;
      if (s.kind === 'polygon') {
        let inside = false;
        for (const part of parts) {
          const where = locatePoint(point.lon, point.lat, part, scratch);
          inside ||= where === 'inside';
          onBoundary ||= where === 'boundary';
        }
        hit = inside || onBoundary;
        onBoundary &&= !inside;
      } else if (point.citycode && s.citycode === point.citycode) {
        if (s.kind === 'commune') {
          hit = true;
        } else {
          const sameStreet = (key !== '' && key === pointKey) || ids.includes(s.street.trim().toLowerCase());
          hit =
            sameStreet &&
            (s.kind === 'street' ||
              (typeof point.housenumber === 'number' &&
                numberInRange(point.housenumber, s.from, s.to, s.parity)));
        }
      }
      if (!hit) return;
      matches.push({
        index,
        match: {
          zoneId: zone.id,
          areaId: zone.areaId,
          kind: s.kind,
          mode: zone.mode,
          precedence: ZONE_PRECEDENCE[s.kind],
          reason: describeMatch(zone, point, onBoundary),
        },
      });
    });
    matches.sort((x, y) => y.match.precedence - x.match.precedence || x.index - y.index);
    for (const { index, match } of matches) byLayer.get(this.entries[index]?.zone.layer ?? '')?.push(match);
    const result = new Map<string, LayerResult>();
    for (const [layer, considered] of byLayer) result.set(layer, decideLayer(considered));
    return result;
  }
}
