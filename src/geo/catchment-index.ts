import { PARITY_LABELS } from './labels';
import Flatbush from 'flatbush';
import { streetKey } from './normalize';
import { polygonParts, PreparedPolygon } from './point-in-polygon';
import {
  ZONE_PRECEDENCE,
  type EngineZone,
  type LayerResult,
  type LookupPoint,
  type Parity,
  type ZoneMatch,
} from './types';

/**
 * Resolution rule, applied to each layer independently (docs/decisions/002-catchment-precedence.md):
 *
 * 1. Every zone of the layer that contains the point "matches" it, include or exclude.
 * 2. For each area, its effective match is its most specific matching zone (highest ZONE_PRECEDENCE:
 *    number_range 4 > street 3 > polygon 2 > commune 1). If an include and an exclude of the same area
 *    tie at that precedence, the exclude wins. An area whose effective match is an exclude is out.
 * 3. Among the areas still in, the one with the highest effective precedence is competent. Two or more
 *    different areas tied at the top give `conflict`: the engine never picks one silently, because a
 *    wrong sector means a person sent to a CMP that will turn them away.
 *
 * Matching: commune zones match on citycode; street zones on the BAN street id or on `streetKey()` of
 * the street name, within the same citycode; number-range zones like street zones plus an integer house
 * number in from..to (inclusive) of the right parity. A point without citycode only meets polygon
 * zones. A point exactly on a polygon edge (hole edges included) counts as inside: boundaries are
 * closed, so an address is never left without a sector because it was geocoded onto a limit; when it
 * sits on the limit shared by two areas of one layer, both match and the layer reports a conflict.
 */

/** Returned by `resolve()` for a layer where several areas are equally competent. */
export const CONFLICT: unique symbol = Symbol('catchment-conflict');

/** `resolve()` result for one layer: the competent area id, null if none, CONFLICT if ambiguous. */
export type ResolvedArea = string | null | typeof CONFLICT;

const PARITY_BOTH = 0;
const PARITY_EVEN = 1;
const PARITY_ODD = 2;
const PARITY_CODE: Record<Parity, number> = { both: PARITY_BOTH, even: PARITY_EVEN, odd: PARITY_ODD };

const SPELLING_MEMO_LIMIT = 100_000;
/** Size of the range of `inseeNumber()`. */
const INSEE_NUMBERS = 102_000;

interface StreetSpelling {
  /** Compared with BAN street ids. */
  id: string;
  /** `streetKey()` of the spelling. */
  key: string;
}

/** BAN street ids are compared without case or surrounding spaces. */
function streetIdKey(s: string): string {
  return s.trim().toLowerCase();
}

/** Tells whether a house number falls in a number-range zone: from..to inclusive, right parity. */
export function numberInRange(n: number, from: number, to: number, parity: Parity): boolean {
  if (!Number.isInteger(n) || n < Math.min(from, to) || n > Math.max(from, to)) return false;
  return parity === 'both' || (parity === 'even') === (n % 2 === 0);
}

/** The French sentence shown in « Tester une adresse » for a zone that matched a point. */
export function describeMatch(zone: EngineZone, point: LookupPoint, onBoundary = false): string {
  const s = zone.shape;
  let text: string;
  switch (s.kind) {
    case 'commune':
      text = `Commune ${s.citycode}`;
      break;
    case 'polygon': {
      const name = s.label ?? zone.id;
      text = onBoundary
        ? `Point sur la limite du polygone “${name}” (la limite compte comme l’intérieur)`
        : `Point dans le polygone “${name}”`;
      break;
    }
    case 'street':
      text = `Voie « ${s.street} », commune ${s.citycode}`;
      break;
    case 'number_range': {
      const lo = Math.min(s.from, s.to);
      const hi = Math.max(s.from, s.to);
      text = `Numéro ${point.housenumber ?? '?'} dans la plage ${lo}–${hi} (${PARITY_LABELS[s.parity]}) de ${s.street}, commune ${s.citycode}`;
      break;
    }
  }
  if (zone.mode === 'include') return text;
  return `Exclusion : ${text.charAt(0).toLowerCase()}${text.slice(1)}`;
}

interface AreaDecision {
  precedence: number;
  excluded: boolean;
  includes: ZoneMatch[];
}

/**
 * The resolution rule in its plain form, over the zones of one layer that matched a point (see the
 * comment at the top of this file). `CatchmentIndex.resolve()` implements the same rule without
 * allocating; tests and the benchmark check that both agree.
 */
export function decideLayer(considered: ZoneMatch[]): LayerResult {
  const byArea = new Map<string, AreaDecision>();
  for (const m of considered) {
    const d = byArea.get(m.areaId);
    if (d === undefined || m.precedence > d.precedence) {
      byArea.set(m.areaId, {
        precedence: m.precedence,
        excluded: m.mode === 'exclude',
        includes: m.mode === 'include' ? [m] : [],
      });
    } else if (m.precedence === d.precedence) {
      if (m.mode === 'exclude') d.excluded = true;
      else d.includes.push(m);
    }
  }
  let top = -Infinity;
  let winners: string[] = [];
  for (const [areaId, d] of byArea) {
    if (d.excluded) continue;
    if (d.precedence > top) {
      top = d.precedence;
      winners = [areaId];
    } else if (d.precedence === top) {
      winners.push(areaId);
    }
  }
  const [first] = winners;
  if (first === undefined) return { status: 'none', considered };
  if (winners.length === 1) {
    const zone = byArea.get(first)?.includes[0];
    if (zone) return { status: 'matched', areaId: first, zone, considered };
  }
  const areaIds = [...winners].sort();
  const zones = areaIds.flatMap((a) => byArea.get(a)?.includes ?? []);
  return { status: 'conflict', areaIds, zones, considered };
}

/**
 * The catchment engine: built once from all zones (rebuild it when zones change; building ~100,000
 * zones takes well under a second), then answers which area of each layer is competent for a point.
 *
 * Polygons: one flatbush entry per polygon of a MultiPolygon (not one per zone), because a sector made
 * of scattered communes has a bounding box covering its neighbours and would be tested for most points
 * around it; each polygon carries a raster that spares most exact tests (`PreparedPolygon`).
 * Communes, streets and number ranges: a table indexed by INSEE code, then per commune hash maps by
 * BAN street id and by street key.
 *
 * Not re-entrant by design: lookups reuse preallocated scratch buffers (JavaScript runs one lookup at
 * a time, and nothing here awaits).
 */
export class CatchmentIndex {
  /** Layers present in the zones, in first-seen order; `resolve()` answers every one of them. */
  readonly layers: readonly string[];
  readonly zoneCount: number;
  readonly polygonPartCount: number;

  private readonly zones: readonly EngineZone[];
  private readonly zoneArea: Int32Array;
  private readonly zonePrecedence: Uint8Array;
  private readonly zoneExclude: Uint8Array;
  private readonly zoneRangeFrom: Float64Array;
  private readonly zoneRangeTo: Float64Array;
  /** 255 for zones that are not number ranges. */
  private readonly zoneParity: Uint8Array;

  private readonly areaIds: string[] = [];
  private readonly areaLayer: number[] = [];

  private readonly parts: PreparedPolygon[] = [];
  private readonly partZone: number[] = [];
  private readonly tree: Flatbush | null;

  /** Everything keyed by citycode, behind one lookup (see `findCity()`). */
  private readonly cities: CityZones[] = [];
  /** INSEE code as a number (see `inseeNumber()`) → index in `cities`, -1 if none. */
  private readonly cityByNumber = new Int32Array(INSEE_NUMBERS).fill(-1);
  /** Codes that are not standard INSEE codes. */
  private readonly cityByCode = new Map<string, number>();
  /** Memo of street spellings → BAN-id form and street key (see `spelling()`). */
  private readonly spellings = new Map<string, StreetSpelling>();

  // Scratch state of the current lookup.
  private epoch = 0;
  private readonly zoneEpoch: Uint32Array;
  private readonly zoneSlot: Int32Array;
  private readonly matched: Int32Array;
  private readonly matchedOnBoundary: Uint8Array;
  private matchedCount = 0;
  private readonly areaEpoch: Uint32Array;
  private readonly areaPrecedence: Uint8Array;
  private readonly areaExcluded: Uint8Array;
  private readonly touchedAreas: Int32Array;
  private readonly layerPrecedence: Int32Array;
  private readonly layerArea: Int32Array;
  private readonly layerTied: Uint8Array;
  private readonly queryPoint: number[] = [0, 0];
  private queryX = 0;
  private queryY = 0;
  private readonly onCandidatePart: (partIndex: number) => boolean;

  constructor(zones: readonly EngineZone[]) {
    this.zones = zones;
    const n = zones.length;
    this.zoneCount = n;
    this.zoneArea = new Int32Array(n);
    this.zonePrecedence = new Uint8Array(n);
    this.zoneExclude = new Uint8Array(n);
    this.zoneRangeFrom = new Float64Array(n);
    this.zoneRangeTo = new Float64Array(n);
    this.zoneParity = new Uint8Array(n).fill(255);

    const layers: string[] = [];
    const layerIndex = new Map<string, number>();
    const areaIndex = new Map<string, number>();
    const boxes: number[] = [];

    for (let z = 0; z < n; z++) {
      const zone = zones[z] as EngineZone;
      let l = layerIndex.get(zone.layer);
      if (l === undefined) {
        l = layers.length;
        layers.push(zone.layer);
        layerIndex.set(zone.layer, l);
      }
      // An area id is only unique within its layer for the engine's purposes.
      const areaKey = `${zone.layer}\u0000${zone.areaId}`;
      let a = areaIndex.get(areaKey);
      if (a === undefined) {
        a = this.areaIds.length;
        this.areaIds.push(zone.areaId);
        this.areaLayer.push(l);
        areaIndex.set(areaKey, a);
      }
      this.zoneArea[z] = a;
      this.zonePrecedence[z] = ZONE_PRECEDENCE[zone.shape.kind];
      this.zoneExclude[z] = zone.mode === 'exclude' ? 1 : 0;

      const s = zone.shape;
      switch (s.kind) {
        case 'commune':
          this.city(s.citycode).communes.push(z);
          break;
        case 'polygon':
          for (const part of polygonParts(s.geometry, zone.id)) {
            const prepared = new PreparedPolygon(part);
            this.parts.push(prepared);
            this.partZone.push(z);
            boxes.push(prepared.minX, prepared.minY, prepared.maxX, prepared.maxY);
          }
          break;
        case 'number_range':
          this.zoneRangeFrom[z] = Math.min(s.from, s.to);
          this.zoneRangeTo[z] = Math.max(s.from, s.to);
          this.zoneParity[z] = PARITY_CODE[s.parity];
          this.indexStreet(s.citycode, s.street, z);
          break;
        case 'street':
          this.indexStreet(s.citycode, s.street, z);
          break;
      }
    }

    this.layers = layers;
    this.polygonPartCount = this.parts.length;
    if (this.parts.length > 0) {
      const tree = new Flatbush(this.parts.length);
      for (let i = 0; i < boxes.length; i += 4) {
        tree.add(boxes[i] ?? 0, boxes[i + 1] ?? 0, boxes[i + 2] ?? 0, boxes[i + 3] ?? 0);
      }
      tree.finish();
      this.tree = tree;
    } else {
      this.tree = null;
    }

    const areaCount = this.areaIds.length;
    this.zoneEpoch = new Uint32Array(n);
    this.zoneSlot = new Int32Array(n);
    this.matched = new Int32Array(n);
    this.matchedOnBoundary = new Uint8Array(n);
    this.areaEpoch = new Uint32Array(areaCount);
    this.areaPrecedence = new Uint8Array(areaCount);
    this.areaExcluded = new Uint8Array(areaCount);
    this.touchedAreas = new Int32Array(areaCount);
    this.layerPrecedence = new Int32Array(layers.length);
    this.layerArea = new Int32Array(layers.length);
    this.layerTied = new Uint8Array(layers.length);

    // Created once: flatbush calls it for each polygon whose box holds the point; it records the
    // matches itself and returns false so that flatbush allocates no result list.
    this.onCandidatePart = (partIndex: number): boolean => {
      const part = this.parts[partIndex] as PreparedPolygon;
      const r = part.locate(this.queryX, this.queryY, this.queryPoint);
      if (r >= 0) this.addMatch(this.partZone[partIndex] ?? 0, r === 0);
      return false;
    };
  }

  /** Competent area per layer, every layer of the index present. Pass `out` again to avoid allocating. */
  resolve(point: LookupPoint, out: Record<string, ResolvedArea> = {}): Record<string, ResolvedArea> {
    this.collect(point);
    const layerCount = this.layers.length;
    const layerPrecedence = this.layerPrecedence;
    const layerArea = this.layerArea;
    const layerTied = this.layerTied;
    for (let l = 0; l < layerCount; l++) {
      layerPrecedence[l] = 0;
      layerArea[l] = -1;
      layerTied[l] = 0;
    }

    // Step 2: effective match per area.
    const epoch = this.epoch;
    let touched = 0;
    for (let i = 0; i < this.matchedCount; i++) {
      const z = this.matched[i] ?? 0;
      const a = this.zoneArea[z] ?? 0;
      const p = this.zonePrecedence[z] ?? 0;
      const ex = this.zoneExclude[z] ?? 0;
      if (this.areaEpoch[a] !== epoch) {
        this.areaEpoch[a] = epoch;
        this.areaPrecedence[a] = p;
        this.areaExcluded[a] = ex;
        this.touchedAreas[touched++] = a;
      } else {
        const current = this.areaPrecedence[a] ?? 0;
        if (p > current) {
          this.areaPrecedence[a] = p;
          this.areaExcluded[a] = ex;
        } else if (p === current && ex === 1) {
          this.areaExcluded[a] = 1;
        }
      }
    }
    // Step 3: highest precedence among areas still in, per layer.
    for (let i = 0; i < touched; i++) {
      const a = this.touchedAreas[i] ?? 0;
      if (this.areaExcluded[a] === 1) continue;
      const l = this.areaLayer[a] ?? 0;
      const p = this.areaPrecedence[a] ?? 0;
      const best = layerPrecedence[l] ?? 0;
      if (p > best) {
        layerPrecedence[l] = p;
        layerArea[l] = a;
        layerTied[l] = 0;
      } else if (p === best) {
        layerTied[l] = 1;
      }
    }
    for (let l = 0; l < layerCount; l++) {
      const name = this.layers[l] as string;
      const a = layerArea[l] ?? -1;
      out[name] = a < 0 ? null : layerTied[l] === 1 ? CONFLICT : (this.areaIds[a] ?? null);
    }
    return out;
  }

  /** Full answer with reasons, every layer of the index present (status 'none' where nothing matched). */
  lookup(point: LookupPoint): Map<string, LayerResult> {
    this.collect(point);
    const order = Array.from(this.matched.subarray(0, this.matchedCount));
    const onBoundary = new Map<number, boolean>();
    for (let i = 0; i < this.matchedCount; i++) {
      onBoundary.set(this.matched[i] ?? 0, this.matchedOnBoundary[i] === 1);
    }
    // Most specific first, then the order zones were given in, so that answers are stable.
    order.sort((x, y) => (this.zonePrecedence[y] ?? 0) - (this.zonePrecedence[x] ?? 0) || x - y);
    const byLayer = new Map<string, ZoneMatch[]>(this.layers.map((l) => [l, []]));
    for (const z of order) {
      const zone = this.zones[z] as EngineZone;
      byLayer.get(zone.layer)?.push({
        zoneId: zone.id,
        areaId: zone.areaId,
        kind: zone.shape.kind,
        mode: zone.mode,
        precedence: ZONE_PRECEDENCE[zone.shape.kind],
        reason: describeMatch(zone, point, onBoundary.get(z) === true),
      });
    }
    const result = new Map<string, LayerResult>();
    for (const [layer, considered] of byLayer) result.set(layer, decideLayer(considered));
    return result;
  }

  /** Full answer for one layer; a layer the index does not know gives 'none'. */
  lookupLayer(point: LookupPoint, layer: string): LayerResult {
    return this.lookup(point).get(layer) ?? { status: 'none', considered: [] };
  }

  private indexStreet(citycode: string, street: string, z: number): void {
    // A zone's `street` is either a BAN id or a name: index it both ways, a lookup tries both.
    const city = this.city(citycode);
    city.streetsById ??= new Map();
    pushTo(city.streetsById, streetIdKey(street), z);
    const key = streetKey(street);
    if (key === '') return;
    city.streetsByKey ??= new Map();
    pushTo(city.streetsByKey, key, z);
  }

  private spelling(street: string): StreetSpelling {
    let known = this.spellings.get(street);
    if (known === undefined) {
      // Batch files and users repeat the same streets: a bounded memo saves the normalisation.
      if (this.spellings.size >= SPELLING_MEMO_LIMIT) this.spellings.clear();
      known = { id: streetIdKey(street), key: streetKey(street) };
      this.spellings.set(street, known);
    }
    return known;
  }

  private addMatch(z: number, onBoundary: boolean): void {
    if (this.zoneEpoch[z] === this.epoch) {
      // Seen through another polygon of the same MultiPolygon: strictly inside one of them wins.
      if (!onBoundary) this.matchedOnBoundary[this.zoneSlot[z] ?? 0] = 0;
      return;
    }
    this.zoneEpoch[z] = this.epoch;
    this.zoneSlot[z] = this.matchedCount;
    this.matchedOnBoundary[this.matchedCount] = onBoundary ? 1 : 0;
    this.matched[this.matchedCount++] = z;
  }

  private addStreetZones(list: number[] | undefined, housenumber: number | null | undefined): void {
    if (list === undefined) return;
    for (let i = 0; i < list.length; i++) {
      const z = list[i] ?? 0;
      const parity = this.zoneParity[z] ?? 255;
      if (parity !== 255) {
        if (typeof housenumber !== 'number' || !Number.isInteger(housenumber)) continue;
        if (housenumber < (this.zoneRangeFrom[z] ?? 0) || housenumber > (this.zoneRangeTo[z] ?? 0)) continue;
        if (parity !== PARITY_BOTH && (parity === PARITY_EVEN) !== (housenumber % 2 === 0)) continue;
      }
      this.addMatch(z, false);
    }
  }

  /** Fills `matched` with every zone that contains the point, each once. */
  private collect(point: LookupPoint): void {
    if (this.epoch === 0xffffffff) {
      this.epoch = 0;
      this.zoneEpoch.fill(0);
      this.areaEpoch.fill(0);
    }
    this.epoch++;
    this.matchedCount = 0;
    const { lon, lat } = point;
    if (this.tree !== null) {
      this.queryX = lon;
      this.queryY = lat;
      this.tree.search(lon, lat, lon, lat, this.onCandidatePart);
    }
    const citycode = point.citycode;
    if (citycode === null || citycode === undefined || citycode === '') return;
    const city = this.findCity(citycode);
    if (city === undefined) return;
    const communes = city.communes;
    for (let i = 0; i < communes.length; i++) this.addMatch(communes[i] ?? 0, false);

    const { streetsById, streetsByKey } = city;
    if (streetsById === null) return;
    const { street, streetId, housenumber } = point;
    if (typeof streetId === 'string' && streetId !== '') {
      this.addStreetZones(streetsById.get(this.spelling(streetId).id), housenumber);
    }
    if (typeof street === 'string' && street !== '') {
      const { id, key } = this.spelling(street);
      this.addStreetZones(streetsById.get(id), housenumber);
      if (streetsByKey !== null) this.addStreetZones(streetsByKey.get(key), housenumber);
    }
  }

  /**
   * A dense table indexed by the numeric INSEE code instead of a Map keyed by strings: at national
   * scale the Map lookup was the most expensive step of a lookup after the polygon test (memory
   * latency of its buckets and key strings).
   */
  private findCity(citycode: string): CityZones | undefined {
    const n = inseeNumber(citycode);
    const i = n >= 0 ? (this.cityByNumber[n] ?? -1) : (this.cityByCode.get(citycode) ?? -1);
    return i >= 0 ? this.cities[i] : undefined;
  }

  private city(citycode: string): CityZones {
    const found = this.findCity(citycode);
    if (found !== undefined) return found;
    const city: CityZones = { communes: [], streetsById: null, streetsByKey: null };
    const n = inseeNumber(citycode);
    if (n >= 0) this.cityByNumber[n] = this.cities.length;
    else this.cityByCode.set(citycode, this.cities.length);
    this.cities.push(city);
    return city;
  }
}

/**
 * A five-character INSEE code as a number: digits as they are (below 100,000); Corsica's « 2A » and
 * « 2B » codes after them, from 100,000 and 101,000, so that 2B033 never meets Côte-d'Or's 21033.
 * -1 for anything else.
 */
export function inseeNumber(code: string): number {
  if (code.length !== 5) return -1;
  let n = 0;
  let start = 0;
  if (code.charCodeAt(0) === 50) {
    const second = code.charCodeAt(1) | 32; // lower case
    if (second === 97 || second === 98) {
      n = second === 97 ? 100 : 101;
      start = 2;
    }
  }
  for (let i = start; i < 5; i++) {
    const c = code.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    n = n * 10 + (c - 48);
  }
  return n;
}

interface CityZones {
  communes: number[];
  /** BAN street id (lower case) → street and number-range zones; null for a commune without any. */
  streetsById: Map<string, number[]> | null;
  /** streetKey → street and number-range zones. */
  streetsByKey: Map<string, number[]> | null;
}

function pushTo<K>(map: Map<K, number[]>, key: K, value: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
