import type { Address, LookupQuery, LookupResponse } from '../../../contracts/finder';
import { ERROR_MESSAGES } from '../../../contracts/errors';
import type { GeocodeResult } from '../../../geo/geocoder/port';
import { GeocoderUnavailableError } from '../../../geo/geocoder/port';
import type { LayerResult, LookupPoint } from '../../../geo/types';
import { AppError } from '../../platform/errors';
import { MIN_GEOCODE_SCORE, type AddressSearch } from '../../platform/geocoding';
import type { Precision, TerritoryCatalog } from '../territories/catalog';
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
  precision: Precision;
}

/** Geocodes through the configured chain; an unreachable geocoder is a 503 with the fallback advice. */
export async function geocode(ctx: FinderContext, q: string, limit: number) {
  try {
    return await ctx.geocoder.searchWithSource(q, { limit });
  } catch (err) {
    if (err instanceof GeocoderUnavailableError) throw new AppError('unavailable', 'GEOCODER_UNAVAILABLE');
    throw err;
  }
}

/** The engine's view of a geocoded address. */
export function toLookupPoint(r: GeocodeResult): LookupPoint {
  return {
    lon: r.lon,
    lat: r.lat,
    citycode: r.citycode,
    street: r.street,
    streetId: r.streetId,
    housenumber: r.number,
  };
}

/** Geocodes a typed address into the best located point, or throws ADDRESS_NOT_FOUND / GEOCODER_UNAVAILABLE. */
export async function locateAddress(ctx: FinderContext, q: string): Promise<LocatedAddress> {
  const [best, second] = (await geocode(ctx, q, 2)).results;
  if (!best || best.score < MIN_GEOCODE_SCORE) throw new AppError('not_found', 'ADDRESS_NOT_FOUND');
  // « Paris » alone matches twenty arrondissements equally: picking one would be a guess.
  if (
    best.type === 'municipality' &&
    second?.type === 'municipality' &&
    second.citycode !== best.citycode &&
    second.score >= best.score - 0.02
  ) {
    throw new AppError('not_found', 'ADDRESS_AMBIGUOUS');
  }
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
    point: toLookupPoint(best),
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

/** A commune, arrondissement or quartier picked in the list: its name, and no more precision than that. */
export function locatePlace(catalog: TerritoryCatalog, placeId: string): LocatedAddress {
  const b = catalog.boundary(placeId);
  if (!b) throw new AppError('not_found', 'PLACE_NOT_FOUND');
  return {
    address: { label: b.name, lon: b.centreLon, lat: b.centreLat, citycode: b.citycode, postcode: null },
    point: { lon: b.centreLon, lat: b.centreLat, citycode: b.citycode },
    precision: b.kind === 'quartier' ? 'point' : 'municipality',
  };
}

/** Turns the query (address, point or picked place) into a located place with its precision. */
export async function locate(ctx: FinderContext, query: LookupQuery): Promise<LocatedAddress> {
  const hasPoint = query.lat !== undefined || query.lon !== undefined;
  if (query.q && (hasPoint || query.place)) throw new AppError('invalid', 'LOOKUP_BOTH_QUERY_AND_POINT');
  if (query.q) return locateAddress(ctx, query.q);
  if (query.place) return locatePlace(ctx.catalog, query.place);
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

const IMPRECISE: Record<Precision, string> = {
  housenumber: '',
  street: 'Précisez le numéro : sur cette rue, la compétence dépend du numéro.',
  point:
    'Un point sur la carte ne suffit pas ici : la compétence dépend de la rue. Saisissez l’adresse (numéro et rue).',
  municipality:
    'Précisez le numéro et la rue : dans cette commune, la compétence dépend du quartier ou de la rue.',
};

/** The answer card for a located place; a layer its precision cannot decide is left out, with the reason. */
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
    if (!catalog.isPreciseEnough(layer, precision, { ...point, citycode: resolution.citycode })) {
      result.message = IMPRECISE[precision];
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
