import type { Address, LookupQuery, LookupResponse } from '../../../contracts/finder';
import { ERROR_MESSAGES } from '../../../contracts/errors';
import type { GeocodeResult } from '../../../geo/geocoder/port';
import { GeocoderUnavailableError } from '../../../geo/geocoder/port';
import type { LayerResult, LookupPoint } from '../../../geo/types';
import { AppError } from '../../platform/errors';
import type { AddressSearch } from '../../platform/geocoding';
import type { TerritoryCatalog } from '../territories/catalog';
import { EMERGENCY_NUMBERS, GUIDANCE } from './emergency';
import { presentSector, presentSocialService } from './presenters';

export interface FinderContext {
  catalog: TerritoryCatalog;
  geocoder: AddressSearch;
  now: Date;
}

export interface LocatedAddress {
  address: Address;
  point: LookupPoint;
  /** How precisely the place is known: a commune alone cannot decide quartier or street zones. */
  precision: 'housenumber' | 'street' | 'municipality' | 'point';
}

/**
 * Below this score the best candidate is more likely another street than the one typed (e.g. « 40 rue
 * des Pyrénées » matched to « rue de Varenne » when the offline index does not know the street): saying
 * "not found" and offering the commune/map fallback is safer than a wrong sector.
 */
export const MIN_GEOCODE_SCORE = 0.7;

/** Geocodes a typed address into the best located point, or throws ADDRESS_NOT_FOUND / GEOCODER_UNAVAILABLE. */
export async function locateAddress(ctx: FinderContext, q: string): Promise<LocatedAddress> {
  let best: GeocodeResult | undefined;
  try {
    best = (await ctx.geocoder.searchWithSource(q, { limit: 1 })).results[0];
  } catch (err) {
    if (err instanceof GeocoderUnavailableError) throw new AppError('unavailable', 'GEOCODER_UNAVAILABLE');
    throw err;
  }
  if (!best || best.score < MIN_GEOCODE_SCORE) throw new AppError('not_found', 'ADDRESS_NOT_FOUND');
  return {
    address: {
      label: best.label,
      lon: best.lon,
      lat: best.lat,
      citycode: best.citycode,
      postcode: best.postcode,
      street: best.street,
      housenumber: best.housenumber,
      score: best.score,
    },
    point: {
      lon: best.lon,
      lat: best.lat,
      citycode: best.citycode,
      street: best.street,
      streetId: best.streetId,
      housenumber: best.number,
    },
    precision: best.type,
  };
}

/** A clicked or typed point: placed in its commune from the shipped boundaries. */
export function locatePoint(catalog: TerritoryCatalog, lat: number, lon: number): LocatedAddress {
  const citycode = catalog.locate(lon, lat);
  const place = citycode ? catalog.boundaryName(citycode) : null;
  const coords = `${lat.toFixed(5)}, ${lon.toFixed(5)}`;
  return {
    address: {
      label: place ? `Point choisi à ${place} (${coords})` : `Point choisi (${coords})`,
      lon,
      lat,
      citycode,
      postcode: null,
    },
    point: { lon, lat, citycode },
    precision: 'point',
  };
}

export async function locate(ctx: FinderContext, query: LookupQuery): Promise<LocatedAddress> {
  const hasPoint = query.lat !== undefined || query.lon !== undefined;
  if (query.q && hasPoint) throw new AppError('invalid', 'LOOKUP_BOTH_QUERY_AND_POINT');
  if (query.q) return locateAddress(ctx, query.q);
  if (query.lat !== undefined && query.lon !== undefined)
    return locatePoint(ctx.catalog, query.lat, query.lon);
  throw new AppError('invalid', 'LOOKUP_NEEDS_QUERY');
}

function conflictOf(catalog: TerritoryCatalog, layer: string, r: LayerResult) {
  if (r.status !== 'conflict') return [];
  const candidates = r.areaIds.flatMap((id) => {
    const a = catalog.areas.get(id);
    return a ? [{ id: a.id, code: a.code, name: a.name }] : [];
  });
  return [
    {
      layer,
      message: `Plusieurs zones de même niveau revendiquent cette adresse (${candidates.map((c) => c.code).join(', ')}) : le coordinateur du territoire doit trancher.`,
      candidates,
    },
  ];
}

/** The public answer of « Où s'adresser ? »: sectors, their sites, social services, emergency guidance. */
export async function lookupAddress(ctx: FinderContext, query: LookupQuery): Promise<LookupResponse> {
  return answerFor(ctx, await locate(ctx, query));
}

export function answerFor(ctx: FinderContext, { address, point, precision }: LocatedAddress): LookupResponse {
  const { catalog, now } = ctx;
  const resolution = catalog.resolve(point);
  const base: LookupResponse = {
    address: { ...address, citycode: address.citycode ?? resolution.citycode },
    territory: null,
    message: null,
    sectors: { adult: null, child: null },
    socialServices: [],
    conflicts: [],
    emergency: EMERGENCY_NUMBERS,
    guidance: GUIDANCE,
  };
  if (!resolution.territory) return { ...base, message: ERROR_MESSAGES.OUTSIDE_TERRITORIES };

  const t = resolution.territory;
  const result: LookupResponse = { ...base, territory: { id: t.id, name: t.name, demo: t.demo } };
  for (const [layer, r] of resolution.layers) {
    result.conflicts.push(...conflictOf(catalog, layer, r));
    if (r.status !== 'matched') continue;
    const area = catalog.areas.get(r.areaId);
    const zone = catalog.zones.get(r.zone.zoneId);
    if (!area || !zone) continue;
    if (precision === 'municipality' && zone.kind !== 'commune') {
      result.message =
        'Précisez le numéro et la rue : dans cette commune, la compétence dépend du quartier ou de la rue.';
      continue;
    }
    if (layer === 'adult' || layer === 'child') {
      result.sectors[layer] = presentSector(area, zone, r.zone, catalog.sitesOf(area.id), now);
    } else if (layer === 'social') {
      result.socialServices.push(presentSocialService(area, zone, r.zone, now));
    }
  }
  if (
    !result.message &&
    !result.sectors.adult &&
    !result.sectors.child &&
    result.socialServices.length === 0
  ) {
    result.message = "Aucun secteur n'est encore renseigné pour cette adresse dans ce territoire.";
  }
  return result;
}
