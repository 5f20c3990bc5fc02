import {
  addressSchema,
  lookupResponseSchema,
  type Address,
  type LookupQuery,
  type LookupResponse,
} from '../../../contracts/finder';
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

const IMPRECISE: Record<Precision, string> = {
  housenumber: '',
  street: 'Précisez le numéro : sur cette rue, la compétence dépend du numéro.',
  point:
    'Un point sur la carte ne suffit pas ici : la compétence dépend de la rue. Saisissez l’adresse (numéro et rue).',
  municipality:
    'Précisez le numéro et la rue : dans cette commune, la compétence dépend du quartier ou de la rue.',
};

/** The public answer of « Où s'adresser ? »: sectors, their sites, social services, emergency guidance. */
export async function lookupAddress(ctx: FinderContext, query: LookupQuery): Promise<LookupResponse> {
  return answerFor(ctx, await locate(ctx, query));
}

/** The same answer as JSON text, for the HTTP route: the part that does not name the place is cached. */
export async function lookupAddressJson(ctx: FinderContext, query: LookupQuery): Promise<string> {
  return answerJsonFor(ctx, await locate(ctx, query));
}

interface LayerDecision {
  layer: string;
  result: LayerResult;
  /** False when the place is known too vaguely for this layer's zones (the layer is then left out). */
  precise: boolean;
}

interface Decision {
  citycode: string | null;
  territory: { id: string; name: string; demo: boolean } | null;
  layers: LayerDecision[];
}

function decide(catalog: TerritoryCatalog, { point, precision }: LocatedAddress): Decision {
  const resolution = catalog.resolve(point);
  const where = { ...point, citycode: resolution.citycode };
  const layers: LayerDecision[] = [];
  for (const [layer, result] of resolution.layers) {
    const precise = result.status !== 'matched' || catalog.isPreciseEnough(layer, precision, where);
    layers.push({ layer, result, precise });
  }
  const t = resolution.territory;
  return {
    citycode: resolution.citycode,
    territory: t ? { id: t.id, name: t.name, demo: t.demo } : null,
    layers,
  };
}

type AnswerBody = Omit<LookupResponse, 'address'>;

function bodyFor(ctx: FinderContext, decision: Decision, precision: Precision): AnswerBody {
  const { catalog, now } = ctx;
  const base: AnswerBody = {
    territory: null,
    message: null,
    sectors: { adult: null, child: null },
    socialServices: [],
    conflicts: [],
    emergency: EMERGENCY_NUMBERS,
    guidance: GUIDANCE,
  };
  if (!decision.territory) return { ...base, message: ERROR_MESSAGES.OUTSIDE_TERRITORIES };

  const result: AnswerBody = { ...base, territory: decision.territory };
  for (const { layer, result: r, precise } of decision.layers) {
    result.conflicts.push(...conflictOf(catalog, layer, r));
    if (r.status !== 'matched') continue;
    const area = catalog.areas.get(r.areaId);
    const zone = catalog.zones.get(r.zone.zoneId);
    if (!area || !zone) continue;
    if (!precise) {
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

/** The answer card for a located place; a layer its precision cannot decide is left out, with the reason. */
export function answerFor(ctx: FinderContext, located: LocatedAddress): LookupResponse {
  const decision = decide(ctx.catalog, located);
  const address = { ...located.address, citycode: located.address.citycode ?? decision.citycode };
  return { address, ...bodyFor(ctx, decision, located.precision) };
}

/**
 * Every input of the answer body: two places resolved to the same zones, with the same precision verdicts
 * and reasons, in the same minute (opening states change by the minute), get the same body.
 */
function bodyKey(decision: Decision, precision: Precision, minute: number): string {
  let key = `${minute}|${precision}|${decision.territory?.id ?? ''}`;
  for (const { layer, result: r, precise } of decision.layers) {
    key += `|${layer}:${r.status}`;
    if (r.status === 'matched') key += `:${r.areaId}:${r.zone.zoneId}:${precise ? 1 : 0}:${r.zone.reason}`;
    else if (r.status === 'conflict') key += `:${r.areaIds.join(',')}`;
  }
  return key;
}

/** Bodies of one catalog, for one minute at most; a reloaded catalog starts afresh (WeakMap key). */
interface BodyCache {
  minute: number;
  bodies: Map<string, string>;
}
const bodyCaches = new WeakMap<TerritoryCatalog, BodyCache>();
/** Distinct zone combinations seen in one minute; past it the cache restarts rather than grow. */
const MAX_CACHED_BODIES = 5_000;

/**
 * The answer as JSON text. Building and validating an answer card costs far more than finding the zones,
 * and a territory has few distinct zone combinations: the body is built, checked against the contract and
 * serialised once per combination and minute, and only the address is serialised per request.
 */
export function answerJsonFor(ctx: FinderContext, located: LocatedAddress): string {
  const decision = decide(ctx.catalog, located);
  const address = { ...located.address, citycode: located.address.citycode ?? decision.citycode };
  const minute = Math.floor(ctx.now.getTime() / 60_000);
  let cache = bodyCaches.get(ctx.catalog);
  if (!cache || cache.minute !== minute || cache.bodies.size >= MAX_CACHED_BODIES) {
    cache = { minute, bodies: new Map() };
    bodyCaches.set(ctx.catalog, cache);
  }
  const key = bodyKey(decision, located.precision, minute);
  let body = cache.bodies.get(key);
  if (body === undefined) {
    const { address: _validated, ...checked } = lookupResponseSchema.parse({
      address,
      ...bodyFor(ctx, decision, located.precision),
    });
    body = JSON.stringify(checked).slice(1);
    cache.bodies.set(key, body);
  }
  return `{"address":${JSON.stringify(addressSchema.parse(address))},${body}`;
}
