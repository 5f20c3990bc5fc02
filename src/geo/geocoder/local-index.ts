/**
 * An in-memory geocoder built from BAN address rows, for offline use, batch lookups and the demo. It
 * answers typed French addresses the way addok (the BAN engine) does, well enough for our use: the
 * goal is to find the right street in the right commune, and then the number.
 *
 * How a query is answered:
 * 1. `parseQuery` removes postal noise (CEDEX, BP, apartment, building, « chez … ») and takes out the
 *    house number and suffix, the postcode and a « Paris 20e » arrondissement.
 * 2. The remaining words are « street words + commune words » with no reliable separator. Every split
 *    point is tried: trailing words are compared with commune names (prefixes allowed: « choisy »),
 *    leading ones with street names. Up to two trailing words that name no commune are tolerated as noise.
 * 3. Street candidates come from a trigram index over distinct name cores (« marcopolo », the name
 *    without type and articles, glued so that missing or extra spaces cost nothing), then all the
 *    names sharing those cores are compared by Levenshtein similarity. When nothing matches well and
 *    the query designates a commune, all the streets of that commune are compared too.
 * 4. Score (0..1) = 0.55 street similarity + 0.3 commune agreement (typed name, postcode, arrondissement,
 *    averaged; neutral 0.7 when the query gives none) + 0.15 house number (1 found, 0.85 found with
 *    another suffix, 0 unknown).
 * 5. When the number is not known on the street, the street itself is returned (type `street`, number
 *    null) at the position of the nearest known number of the same parity (same side of the street,
 *    which matters for catchments drawn along streets); a query without a number gets the street at
 *    the mean position of its numbers.
 * 6. A query that is only a commune, a postcode or an arrondissement answers with the municipality, at
 *    the mean position of its addresses.
 */
import type { BanAddressRow } from './ban-csv';
import type { GeocodeOptions, GeocodeResult, Geocoder } from './port';
import { normalizeRep, parseQuery, type ParsedQuery } from './query';
import { foldText, similarity, streetForms, streetWords, trigrams, type StreetForms } from './text';

const WEIGHT_STREET = 0.55;
const WEIGHT_CITY = 0.3;
const WEIGHT_NUMBER = 0.15;
/** Commune agreement when the query names no commune, postcode or arrondissement. */
const CITY_NEUTRAL = 0.7;
/** Commune agreement for trailing words that match no commune: tolerated, but they cost something. */
const CITY_UNEXPLAINED = 0.3;
const MIN_SCORE = 0.35;
/** Under this street similarity a street is noise, whatever its commune. */
const MIN_STREET_SIM = 0.5;
/** Candidates further than this below the best one are dropped early. */
const PRUNE_MARGIN = 0.4;
const MAX_CITY_WORDS = 6;
const TRIGRAM_CANDIDATES = 30;
const CORE_RELATIVE_CUT = 0.5;
/** Trigrams in more than this share of street names carry almost no information and cost the most. */
const COMMON_TRIGRAM_SHARE = 0.05;
/** Street similarity under which all the streets of an identified commune are scanned. */
const SCAN_BELOW = 0.8;
const GRID_CELL_DEG = 0.002;
const REVERSE_MAX_RINGS = 6;

interface Commune {
  citycode: string;
  /** As in the BAN file: « Paris 20e Arrondissement », « Choisy-le-Roi ». */
  name: string;
  /** As shown: « Paris » for an arrondissement, as the BAN API does. */
  display: string;
  /** Glued folded forms the typed commune is compared with. */
  forms: string[];
  arrondissement: number | null;
  postcodes: string[];
  lon: number;
  lat: number;
  /** Distinct street-name ids of this commune. */
  names: number[];
}

interface Street {
  commune: number;
  name: string;
  streetId: string;
  nameId: number;
  /** Address range [first, end) in the address arrays, sorted by number then suffix. */
  first: number;
  end: number;
  lon: number;
  lat: number;
  postcode: string;
}

interface StreetName {
  forms: StreetForms;
  streets: number[];
}

/** Names that differ only by their type (« Rue / Allée / Impasse de la République ») share a core. */
interface StreetCore {
  names: number[];
  trigramWeight: number;
}

/** The compact, JSON-able form of an index (what the server persists). */
export interface LocalAddressIndexJSON {
  format: 'passerelle-local-geocoder';
  version: 1;
  communes: [citycode: string, name: string][];
  postcodes: string[];
  reps: string[];
  streets: {
    commune: number[];
    name: string[];
    streetId: string[];
    /** Number of addresses of each street; addresses are stored street after street. */
    count: number[];
  };
  addresses: {
    number: number[];
    /** Index in `reps`, 0 = no suffix. */
    rep: number[];
    /** Index in `postcodes`. */
    postcode: number[];
    /** Delta-encoded, in 1e-7 degree units. */
    lon: number[];
    lat: number[];
  };
}

interface PendingAddress {
  street: number;
  number: number;
  rep: number;
  postcode: number;
  lon: number;
  lat: number;
}

interface Candidate {
  street: number;
  streetSim: number;
  cityPart: number;
  numberPart: number;
  address: number;
  score: number;
}

/** Split point of the query words: leading words = street, trailing `cityWords` words = commune. */
interface Split {
  cityWords: number;
  street: StreetForms;
  /** Commune similarity of the trailing words, by commune index (absent = below 0.5). */
  city: Map<number, number>;
  /** Best commune similarity. */
  strongest: number;
}

interface QueryContext {
  query: ParsedQuery;
  /** Communes allowed by the citycode/postcode options (1 = allowed), null = all. */
  allowed: Uint8Array | null;
  postcodeFilter: string | null;
  splits: Split[];
  /** Postcode and arrondissement agreement by commune, filled on demand. */
  fixed: Map<number, { sum: number; count: number }>;
  /** Best candidate per street index. */
  best: Map<number, Candidate>;
  bestScore: number;
  /** Names already scored (nameId) or scanned for one commune (-1 - nameId). */
  scored: Set<number>;
}

function citySimilarity(typed: string, forms: readonly string[]): number {
  let best = 0;
  for (const form of forms) {
    if (typed === form) return 1;
    // Cheap rejection: a name that differs in both first letters is not the one typed.
    if (typed.charCodeAt(0) !== form.charCodeAt(0) && typed.charCodeAt(1) !== form.charCodeAt(1)) continue;
    let s = similarity(typed, form);
    // « choisy » for « Choisy-le-Roi », « villeneuve st georges » typed partially.
    if (typed.length >= 5 && typed.length < form.length) {
      const p = similarity(typed, form.slice(0, typed.length));
      if (p >= 0.8) s = Math.max(s, p * (0.8 + (0.15 * typed.length) / form.length));
    }
    if (s > best) best = s;
  }
  return best;
}

function communeForms(name: string): { forms: string[]; arrondissement: number | null; display: string } {
  const forms = [streetWords(name).join('')];
  const m = /^(paris|lyon|marseille) (\d{1,2})(?:er|e|eme)? arrondissement$/.exec(foldText(name));
  if (m?.[1] && m[2]) {
    forms.push(m[1], `${m[1]}${m[2]}`);
    const display = m[1].charAt(0).toUpperCase() + m[1].slice(1);
    return { forms, arrondissement: Number(m[2]), display };
  }
  return { forms, arrondissement: null, display: name };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/**
 * What the index needs from an address row: a `BanAddressRow`, or a stored address point whose number
 * may be unknown (such a point still locates its street).
 */
export type LocalIndexRow = Omit<BanAddressRow, 'id' | 'number' | 'rep'> & {
  id?: string;
  number: number | null;
  rep?: string | null;
};

/** Stored number of an address point without a house number. */
const NO_NUMBER = -1;

export class LocalAddressIndex implements Geocoder {
  readonly name = 'local' as const;

  private communes: Commune[] = [];
  private streets: Street[] = [];
  /** Commune of each street, packed: the hot loop of the search reads nothing else. */
  private streetCommune = new Int32Array(0);
  private names: StreetName[] = [];
  private cores: StreetCore[] = [];
  private postcodes: string[] = [];
  private reps: string[] = [''];
  private repNorm: (string | null)[] = [null];
  private addrNumber = new Int32Array(0);
  private addrRep = new Uint16Array(0);
  private addrPostcode = new Uint16Array(0);
  private addrLon = new Float64Array(0);
  private addrLat = new Float64Array(0);
  private trigramPostings = new Map<string, Int32Array>();
  private trigramIdf = new Map<string, number>();
  private grid = new Map<number, Int32Array>();
  private scratch = new Float32Array(0);
  private longestCommuneForm = 0;
  /** Communes by the first letter (`c`) and the second letter (`_c`) of their forms. */
  private communesByLetter = new Map<string, number[]>();
  private communeStamp = new Int32Array(0);
  private communesByPostcode = new Map<string, number[]>();
  private communeStampValue = 0;
  private built = false;

  // Build-time state.
  private pending: PendingAddress[] = [];
  private communeByCode = new Map<string, number>();
  private streetByKey = new Map<string, number>();
  private postcodeIndex = new Map<string, number>();
  private repIndex = new Map<string, number>([['', 0]]);
  private communeNames: string[] = [];
  private communeCodes: string[] = [];

  static fromRows(rows: Iterable<LocalIndexRow>): LocalAddressIndex {
    const index = new LocalAddressIndex();
    for (const row of rows) index.add(row);
    return index.build();
  }

  static async fromAsyncRows(rows: AsyncIterable<LocalIndexRow>): Promise<LocalAddressIndex> {
    const index = new LocalAddressIndex();
    for await (const row of rows) index.add(row);
    return index.build();
  }

  static fromJSON(json: unknown): LocalAddressIndex {
    const data = json as Partial<LocalAddressIndexJSON> | null;
    if (!data || data.format !== 'passerelle-local-geocoder' || data.version !== 1) {
      throw new Error("Index d'adresses illisible : format ou version inconnus");
    }
    const { communes, postcodes, reps, streets, addresses } = data;
    if (!communes || !postcodes || !reps || !streets || !addresses) {
      throw new Error("Index d'adresses illisible : sections manquantes");
    }
    const total = streets.count.reduce((a, b) => a + b, 0);
    const lengths = [addresses.number, addresses.rep, addresses.postcode, addresses.lon, addresses.lat].map(
      (a) => a.length,
    );
    if (lengths.some((l) => l !== total))
      throw new Error("Index d'adresses illisible : tailles incohérentes");

    const index = new LocalAddressIndex();
    index.postcodes = [...postcodes];
    index.reps = [...reps];
    index.communeNames = communes.map(([, name]) => name);
    communes.forEach(([code], i) => index.communeByCode.set(code, i));
    index.communes = communes.map(([citycode, name]) => index.newCommune(citycode, name));
    index.allocateAddresses(total);
    let a = 0;
    let lon = 0;
    let lat = 0;
    streets.count.forEach((count, s) => {
      index.streets.push({
        commune: streets.commune[s] ?? 0,
        name: streets.name[s] ?? '',
        streetId: streets.streetId[s] ?? '',
        nameId: -1,
        first: a,
        end: a + count,
        lon: 0,
        lat: 0,
        postcode: '',
      });
      for (let k = 0; k < count; k++, a++) {
        lon += addresses.lon[a] ?? 0;
        lat += addresses.lat[a] ?? 0;
        index.addrNumber[a] = addresses.number[a] ?? 0;
        index.addrRep[a] = addresses.rep[a] ?? 0;
        index.addrPostcode[a] = addresses.postcode[a] ?? 0;
        index.addrLon[a] = lon / 1e7;
        index.addrLat[a] = lat / 1e7;
      }
    });
    index.finish();
    return index;
  }

  /** Adds one row (before `build()`). */
  add(row: LocalIndexRow): void {
    if (!Number.isFinite(row.lon) || !Number.isFinite(row.lat)) return;
    if (this.built) throw new Error("L'index est déjà construit : ajoutez les adresses avant build()");
    let commune = this.communeByCode.get(row.citycode);
    if (commune === undefined) {
      commune = this.communeNames.length;
      this.communeByCode.set(row.citycode, commune);
      this.communeNames.push(row.city);
      this.communeCodes.push(row.citycode);
    }
    const key = `${row.citycode}|${row.street}`;
    let street = this.streetByKey.get(key);
    if (street === undefined) {
      // Two spellings of one street in one commune (accents, hyphens, abbreviations) are one street.
      const folded = `${row.citycode}|${streetWords(row.street).join(' ')}`;
      street = this.streetByKey.get(folded);
      if (street === undefined) {
        street = this.streets.length;
        this.streets.push({
          commune,
          name: row.street,
          streetId: row.streetId,
          nameId: -1,
          first: 0,
          end: 0,
          lon: 0,
          lat: 0,
          postcode: '',
        });
        this.streetByKey.set(folded, street);
      }
      this.streetByKey.set(key, street);
    }
    this.pending.push({
      street,
      number: row.number === null || !Number.isInteger(row.number) || row.number < 0 ? NO_NUMBER : row.number,
      rep: this.intern(this.repIndex, this.reps, row.rep ?? ''),
      postcode: this.intern(this.postcodeIndex, this.postcodes, row.postcode),
      lon: row.lon,
      lat: row.lat,
    });
  }

  /** Sorts the addresses and builds the search structures; the index is read-only afterwards. */
  build(): this {
    if (this.built) return this;
    const pending = this.pending;
    pending.sort((x, y) => x.street - y.street || x.number - y.number || x.rep - y.rep);
    this.communes = this.communeNames.map((name, i) => this.newCommune(this.communeCodes[i] ?? '', name));
    this.allocateAddresses(pending.length);
    let s = -1;
    pending.forEach((p, a) => {
      while (s < p.street) {
        s++;
        const street = this.streets[s];
        if (street) street.first = a;
      }
      const street = this.streets[s];
      if (street) street.end = a + 1;
      this.addrNumber[a] = p.number;
      this.addrRep[a] = p.rep;
      this.addrPostcode[a] = p.postcode;
      this.addrLon[a] = p.lon;
      this.addrLat[a] = p.lat;
    });
    this.pending = [];
    this.streetByKey.clear();
    this.finish();
    return this;
  }

  toJSON(): LocalAddressIndexJSON {
    const n = this.addrNumber.length;
    const lon: number[] = new Array<number>(n);
    const lat: number[] = new Array<number>(n);
    let pLon = 0;
    let pLat = 0;
    for (let a = 0; a < n; a++) {
      const x = Math.round((this.addrLon[a] ?? 0) * 1e7);
      const y = Math.round((this.addrLat[a] ?? 0) * 1e7);
      lon[a] = x - pLon;
      lat[a] = y - pLat;
      pLon = x;
      pLat = y;
    }
    return {
      format: 'passerelle-local-geocoder',
      version: 1,
      communes: this.communes.map((c) => [c.citycode, c.name]),
      postcodes: [...this.postcodes],
      reps: [...this.reps],
      streets: {
        commune: this.streets.map((s) => s.commune),
        name: this.streets.map((s) => s.name),
        streetId: this.streets.map((s) => s.streetId),
        count: this.streets.map((s) => s.end - s.first),
      },
      addresses: {
        number: Array.from(this.addrNumber),
        rep: Array.from(this.addrRep),
        postcode: Array.from(this.addrPostcode),
        lon,
        lat,
      },
    };
  }

  get size(): { communes: number; streets: number; streetNames: number; addresses: number } {
    return {
      communes: this.communes.length,
      streets: this.streets.length,
      streetNames: this.names.length,
      addresses: this.addrNumber.length,
    };
  }

  search(q: string, opts: GeocodeOptions = {}): Promise<GeocodeResult[]> {
    if (opts.signal?.aborted) return Promise.reject(opts.signal.reason as Error);
    return Promise.resolve(this.searchSync(q, opts));
  }

  reverse(lon: number, lat: number): Promise<GeocodeResult | null> {
    return Promise.resolve(this.reverseSync(lon, lat));
  }

  /** Synchronous search, for batch use (no promise per address). */
  searchSync(q: string, opts: Omit<GeocodeOptions, 'signal'> = {}): GeocodeResult[] {
    this.assertBuilt();
    const limit = Math.max(1, Math.min(opts.limit ?? 5, 50));
    const ctx = this.context(parseQuery(q), opts);
    const words = ctx.query.words;

    for (const nameId of this.trigramCandidates(this.streetWordsForRetrieval(ctx)))
      this.scoreName(ctx, nameId, -1);
    let bestStreetSim = 0;
    for (const c of ctx.best.values()) bestStreetSim = Math.max(bestStreetSim, c.streetSim);
    if (bestStreetSim < SCAN_BELOW && words.length > 0) {
      for (const commune of this.identifiedCommunes(ctx)) {
        for (const nameId of this.communes[commune]?.names ?? []) this.scoreName(ctx, nameId, commune);
      }
    }

    const floor = Math.max(MIN_SCORE, ctx.bestScore - PRUNE_MARGIN);
    const candidates = [...ctx.best.values()].filter((c) => c.score >= floor);
    candidates.sort((x, y) => y.score - x.score);
    const results = candidates.slice(0, limit).map((c) => this.streetResult(c, ctx.query));
    results.push(...this.municipalityResults(ctx));
    results.sort((x, y) => y.score - x.score);
    return results.slice(0, limit);
  }

  reverseSync(lon: number, lat: number): GeocodeResult | null {
    this.assertBuilt();
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) return null;
    const cx = Math.floor(lon / GRID_CELL_DEG);
    const cy = Math.floor(lat / GRID_CELL_DEG);
    const cosLat = Math.cos((lat * Math.PI) / 180);
    let bestAddress = -1;
    let bestD2 = Infinity;
    for (let ring = 0; ring <= REVERSE_MAX_RINGS; ring++) {
      for (let dx = -ring; dx <= ring; dx++) {
        for (let dy = -ring; dy <= ring; dy++) {
          if (Math.max(Math.abs(dx), Math.abs(dy)) !== ring) continue;
          const cell = this.grid.get(this.cellKey(cx + dx, cy + dy));
          if (!cell) continue;
          for (const a of cell) {
            const ex = ((this.addrLon[a] ?? 0) - lon) * cosLat;
            const ey = (this.addrLat[a] ?? 0) - lat;
            const d2 = ex * ex + ey * ey;
            if (d2 < bestD2) {
              bestD2 = d2;
              bestAddress = a;
            }
          }
        }
      }
      // Every point of a farther ring is at least `ring` cells away.
      if (bestAddress >= 0 && Math.sqrt(bestD2) <= ring * GRID_CELL_DEG * cosLat) break;
    }
    if (bestAddress < 0) return null;
    const street = this.streetOfAddress(bestAddress);
    const metres = Math.sqrt(bestD2) * 111_320;
    const score = round(Math.max(0, 1 - metres / 1000), 4);
    if (this.addrNumber[bestAddress] === NO_NUMBER) {
      const result = this.streetResult(
        { street, streetSim: 1, cityPart: 1, numberPart: 1, address: -1, score },
        null,
      );
      return {
        ...result,
        lon: round(this.addrLon[bestAddress] ?? 0, 7),
        lat: round(this.addrLat[bestAddress] ?? 0, 7),
      };
    }
    return this.addressResult(street, bestAddress, score);
  }

  // ————————————————————————————————————————————— internals

  private intern(index: Map<string, number>, table: string[], value: string): number {
    let i = index.get(value);
    if (i === undefined) {
      i = table.length;
      table.push(value);
      index.set(value, i);
    }
    return i;
  }

  private newCommune(citycode: string, name: string): Commune {
    const { forms, arrondissement, display } = communeForms(name);
    return { citycode, name, display, forms, arrondissement, postcodes: [], lon: 0, lat: 0, names: [] };
  }

  private allocateAddresses(n: number): void {
    this.addrNumber = new Int32Array(n);
    this.addrRep = new Uint16Array(n);
    this.addrPostcode = new Uint16Array(n);
    this.addrLon = new Float64Array(n);
    this.addrLat = new Float64Array(n);
  }

  private assertBuilt(): void {
    if (!this.built) throw new Error("L'index d'adresses n'est pas construit : appelez build()");
  }

  /** Derived structures, shared by `build()` and `fromJSON()`. */
  private finish(): void {
    this.repNorm = this.reps.map((r) => normalizeRep(r));
    const nameByFull = new Map<string, number>();
    const communeSums = this.communes.map(() => ({
      lon: 0,
      lat: 0,
      n: 0,
      postcodes: new Map<string, number>(),
    }));
    this.streets.forEach((street, s) => {
      const forms = streetForms(streetWords(street.name));
      let nameId = nameByFull.get(forms.full);
      if (nameId === undefined) {
        nameId = this.names.length;
        nameByFull.set(forms.full, nameId);
        this.names.push({ forms, streets: [] });
      }
      street.nameId = nameId;
      this.names[nameId]?.streets.push(s);
      const commune = this.communes[street.commune];
      if (commune && !commune.names.includes(nameId)) commune.names.push(nameId);

      const postcodeCount = new Map<number, number>();
      let lon = 0;
      let lat = 0;
      for (let a = street.first; a < street.end; a++) {
        lon += this.addrLon[a] ?? 0;
        lat += this.addrLat[a] ?? 0;
        const p = this.addrPostcode[a] ?? 0;
        postcodeCount.set(p, (postcodeCount.get(p) ?? 0) + 1);
      }
      const n = Math.max(1, street.end - street.first);
      street.lon = lon / n;
      street.lat = lat / n;
      let mainPostcode = 0;
      let mainCount = -1;
      for (const [p, count] of postcodeCount) {
        if (count > mainCount) {
          mainPostcode = p;
          mainCount = count;
        }
      }
      street.postcode = this.postcodes[mainPostcode] ?? '';
      const sums = communeSums[street.commune];
      if (sums) {
        sums.lon += lon;
        sums.lat += lat;
        sums.n += street.end - street.first;
        for (const [p, count] of postcodeCount) {
          const code = this.postcodes[p] ?? '';
          sums.postcodes.set(code, (sums.postcodes.get(code) ?? 0) + count);
        }
      }
    });
    this.communes.forEach((c, i) => {
      const sums = communeSums[i];
      if (!sums) return;
      c.lon = sums.lon / Math.max(1, sums.n);
      c.lat = sums.lat / Math.max(1, sums.n);
      c.postcodes = [...sums.postcodes.entries()].sort((x, y) => y[1] - x[1]).map(([p]) => p);
    });

    this.streetCommune = Int32Array.from(this.streets, (street) => street.commune);
    const coreIds = new Map<string, number>();
    const coreTexts: string[] = [];
    this.names.forEach((name, nameId) => {
      const text = name.forms.core || name.forms.full;
      let coreId = coreIds.get(text);
      if (coreId === undefined) {
        coreId = this.cores.length;
        coreIds.set(text, coreId);
        coreTexts.push(text);
        this.cores.push({ names: [], trigramWeight: 0 });
      }
      this.cores[coreId]?.names.push(nameId);
    });
    const postings = new Map<string, number[]>();
    coreTexts.forEach((text, coreId) => {
      for (const t of trigrams(text)) {
        let list = postings.get(t);
        if (!list) postings.set(t, (list = []));
        list.push(coreId);
      }
    });
    const total = this.cores.length;
    for (const [t, list] of postings) {
      this.trigramPostings.set(t, Int32Array.from(list));
      this.trigramIdf.set(t, Math.log(1 + total / list.length));
    }
    coreTexts.forEach((text, coreId) => {
      let w = 0;
      for (const t of trigrams(text)) w += this.trigramIdf.get(t) ?? 0;
      const core = this.cores[coreId];
      if (core) core.trigramWeight = w;
    });
    this.scratch = new Float32Array(total);
    this.longestCommuneForm = Math.max(0, ...this.communes.flatMap((c) => c.forms.map((f) => f.length)));
    this.communes.forEach((c, i) => {
      for (const form of c.forms) {
        for (const key of [form.charAt(0), `_${form.charAt(1)}`]) {
          const list = this.communesByLetter.get(key) ?? [];
          if (list[list.length - 1] !== i) list.push(i);
          this.communesByLetter.set(key, list);
        }
      }
    });
    this.communeStamp = new Int32Array(this.communes.length);
    this.communes.forEach((c, i) => {
      for (const p of c.postcodes)
        this.communesByPostcode.set(p, [...(this.communesByPostcode.get(p) ?? []), i]);
    });

    const cells = new Map<number, number[]>();
    for (let a = 0; a < this.addrNumber.length; a++) {
      const key = this.cellKey(
        Math.floor((this.addrLon[a] ?? 0) / GRID_CELL_DEG),
        Math.floor((this.addrLat[a] ?? 0) / GRID_CELL_DEG),
      );
      let list = cells.get(key);
      if (!list) cells.set(key, (list = []));
      list.push(a);
    }
    for (const [key, list] of cells) this.grid.set(key, Int32Array.from(list));
    this.built = true;
  }

  private cellKey(x: number, y: number): number {
    // Cells of 0.002° cover the whole globe in 180 000 × 90 000: the key fits a double exactly.
    return (x + 100_000) * 200_000 + (y + 100_000);
  }

  private streetOfAddress(a: number): number {
    let lo = 0;
    let hi = this.streets.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.streets[mid]?.first ?? 0) <= a) lo = mid;
      else hi = mid - 1;
    }
    // Streets without addresses have first === end; step forward to the one that holds `a`.
    while (lo < this.streets.length - 1 && (this.streets[lo]?.end ?? 0) <= a) lo++;
    return lo;
  }

  private allowedCommunes(opts: Omit<GeocodeOptions, 'signal'>): Uint8Array | null {
    if (!opts.citycode && !opts.postcode) return null;
    const out = new Uint8Array(this.communes.length);
    this.communes.forEach((c, i) => {
      if (opts.citycode && c.citycode !== opts.citycode) return;
      if (opts.postcode && !c.postcodes.includes(opts.postcode)) return;
      out[i] = 1;
    });
    return out;
  }

  /** Everything about one query that does not depend on the candidate street. */
  private context(query: ParsedQuery, opts: Omit<GeocodeOptions, 'signal'>): QueryContext {
    const allowed = this.allowedCommunes(opts);
    return {
      query,
      allowed,
      postcodeFilter: opts.postcode ?? null,
      splits: this.splits(query.words, allowed),
      fixed: new Map(),
      best: new Map(),
      bestScore: 0,
      scored: new Set(),
    };
  }

  /** Commune agreement from the postcode and the arrondissement of the query, computed on demand. */
  private fixedAgreement(ctx: QueryContext, commune: number): { sum: number; count: number } {
    let fixed = ctx.fixed.get(commune);
    if (fixed) return fixed;
    fixed = { sum: 0, count: 0 };
    const { query } = ctx;
    const c = this.communes[commune];
    if (c && query.postcode) {
      const department = query.postcode.slice(0, 2);
      const sameDepartment = c.postcodes.some((p) => p.startsWith(department));
      if (c.postcodes.includes(query.postcode)) {
        fixed.sum += 1;
        fixed.count++;
      } else if (!(query.cedex && sameDepartment)) {
        // A CEDEX code of the right department says nothing against the commune.
        fixed.sum += sameDepartment ? 0.25 : 0;
        fixed.count++;
      }
    }
    if (c && query.arrondissement) {
      const same = c.arrondissement === query.arrondissement.n && c.forms.includes(query.arrondissement.city);
      fixed.sum += same ? 1 : 0;
      fixed.count++;
    }
    ctx.fixed.set(commune, fixed);
    return fixed;
  }

  private splits(words: readonly string[], allowed: Uint8Array | null): Split[] {
    const out: Split[] = [];
    const n = words.length;
    for (let k = 0; k <= Math.min(MAX_CITY_WORDS, n); k++) {
      const streetPart = words.slice(0, n - k);
      const city = new Map<number, number>();
      let strongest = 0;
      if (k > 0) {
        const typed = words.slice(n - k).join('');
        // Longer trailing parts only get longer: once too long for any commune name, stop.
        if (typed.length > this.longestCommuneForm * 1.6 + 2) break;
        // Only communes with a form sharing the first or the second letter (see citySimilarity).
        const stamp = ++this.communeStampValue;
        for (const key of [typed.charAt(0), `_${typed.charAt(1)}`]) {
          for (const i of this.communesByLetter.get(key) ?? []) {
            if (this.communeStamp[i] === stamp || (allowed && !allowed[i])) continue;
            this.communeStamp[i] = stamp;
            const s = citySimilarity(typed, (this.communes[i] as Commune).forms);
            if (s >= 0.5) {
              city.set(i, s);
              if (s > strongest) strongest = s;
            }
          }
        }
      }
      // Trailing words that match no commune are tolerated as noise, but not more than two of them.
      if (k > 2 && city.size === 0) continue;
      out.push({ cityWords: k, street: streetForms(streetPart), city, strongest });
    }
    // When trailing words clearly name a commune, reading them as noise instead is pointless.
    if (out.some((split) => split.strongest >= 0.9))
      return out.filter((split) => split.cityWords === 0 || split.city.size > 0);
    return out;
  }

  /** The query words minus trailing words that clearly name a commune: they only add noise to retrieval. */
  private streetWordsForRetrieval(ctx: QueryContext): readonly string[] {
    const words = ctx.query.words;
    let cityWords = 0;
    for (const split of ctx.splits) {
      if (split.strongest >= 0.9 && split.street.full !== '' && split.cityWords > cityWords)
        cityWords = split.cityWords;
    }
    return cityWords > 0 ? words.slice(0, words.length - cityWords) : words;
  }

  private trigramCandidates(words: readonly string[]): number[] {
    const kept = words;
    const core = (kept.length > 1 && streetForms(kept).type ? kept.slice(1) : kept).join('');
    if (core === '') return [];
    const qTrigrams = trigrams(core);
    let qWeight = 0;
    const acc = this.scratch;
    const touched: number[] = [];
    const commonDf = Math.max(50, this.cores.length * COMMON_TRIGRAM_SHARE);
    for (const t of qTrigrams) {
      const list = this.trigramPostings.get(t);
      if (!list) continue;
      const w = this.trigramIdf.get(t) ?? 0;
      qWeight += w;
      if (list.length > commonDf) continue;
      for (let i = 0; i < list.length; i++) {
        const nameId = list[i] as number;
        if (acc[nameId] === 0) touched.push(nameId);
        acc[nameId] = (acc[nameId] as number) + w;
      }
    }
    qWeight = Math.max(qWeight, 1e-6);
    // Top candidates, kept sorted by insertion (the list is short).
    const topIds: number[] = [];
    const topScores: number[] = [];
    for (const nameId of touched) {
      const matched = acc[nameId] as number;
      acc[nameId] = 0;
      const score = matched / Math.sqrt((this.cores[nameId]?.trigramWeight ?? 1) * qWeight);
      if (topIds.length === TRIGRAM_CANDIDATES && score <= (topScores[TRIGRAM_CANDIDATES - 1] as number))
        continue;
      let at = topIds.length;
      while (at > 0 && (topScores[at - 1] as number) < score) at--;
      topIds.splice(at, 0, nameId);
      topScores.splice(at, 0, score);
      if (topIds.length > TRIGRAM_CANDIDATES) {
        topIds.pop();
        topScores.pop();
      }
    }
    // Cores far behind the best one are not worth a Levenshtein comparison.
    const cut = (topScores[0] ?? 0) * CORE_RELATIVE_CUT;
    return topIds
      .filter((_, i) => (topScores[i] ?? 0) >= cut)
      .flatMap((coreId) => this.cores[coreId]?.names ?? []);
  }

  /** Communes the query clearly designates: they are scanned street by street when trigrams fail. */
  private identifiedCommunes(ctx: QueryContext): number[] {
    const out = new Set<number>();
    const { allowed, query } = ctx;
    const designated = (i: number): void => {
      if (!allowed || allowed[i]) out.add(i);
    };
    if (query.postcode) for (const i of this.communesByPostcode.get(query.postcode) ?? []) designated(i);
    if (query.arrondissement) {
      const { city, n } = query.arrondissement;
      this.communes.forEach((c, i) => {
        if (c.arrondissement === n && c.forms.includes(city)) designated(i);
      });
    }
    if (allowed) allowed.forEach((isAllowed, i) => isAllowed && out.add(i));
    for (const split of ctx.splits) {
      if (split.cityWords === 0 || split.street.full === '') continue;
      for (const [i, sim] of split.city) if (sim >= 0.85) designated(i);
    }
    return out.size > 4 ? [] : [...out];
  }

  private cityPart(ctx: QueryContext, commune: number, typedCity: number | null): number {
    const fixed = this.fixedAgreement(ctx, commune);
    const n = fixed.count + (typedCity === null ? 0 : 1);
    if (n === 0) return CITY_NEUTRAL;
    return (fixed.sum + (typedCity ?? 0)) / n;
  }

  /**
   * Scores the streets that carry one distinct name; `onlyCommune` ≥ 0 limits this to one commune
   * (the scan of a designated commune), and then only to the splits that name that commune.
   */
  private scoreName(ctx: QueryContext, nameId: number, onlyCommune: number): void {
    const key = onlyCommune < 0 ? nameId : -1 - nameId;
    if (ctx.scored.has(key) || (onlyCommune >= 0 && ctx.scored.has(nameId))) return;
    ctx.scored.add(key);
    const name = this.names[nameId];
    if (!name) return;
    const { splits } = ctx;
    // A split that leaves no street word (the whole query is a commune) cannot designate a street.
    // (A plain array: allocating a small typed array per name costs more than the comparisons.)
    const streetSims: number[] = new Array<number>(splits.length);
    let maxSim = -1;
    for (let k = 0; k < splits.length; k++) {
      const split = splits[k] as Split;
      const relevant = onlyCommune < 0 || split.cityWords === 0 || split.city.has(onlyCommune);
      const sim = relevant ? streetSimilarity(split.street, name.forms, MIN_STREET_SIM) : -1;
      streetSims[k] = sim;
      if (sim > maxSim) maxSim = sim;
    }
    // Even in the best commune with the number found, this name cannot reach the current answers.
    if (maxSim < MIN_STREET_SIM) return;
    if (
      WEIGHT_STREET * maxSim + WEIGHT_CITY + WEIGHT_NUMBER <
      Math.max(MIN_SCORE, ctx.bestScore - PRUNE_MARGIN)
    )
      return;
    for (const s of name.streets) {
      const c = this.streetCommune[s] as number;
      if ((onlyCommune >= 0 && c !== onlyCommune) || (ctx.allowed && !ctx.allowed[c])) continue;
      let bestBase = -1;
      let bestStreetSim = 0;
      let bestCity = 0;
      for (let k = 0; k < splits.length; k++) {
        const streetSim = streetSims[k] as number;
        if (streetSim < MIN_STREET_SIM) continue;
        const split = splits[k] as Split;
        const typed = split.cityWords === 0 ? null : Math.max(split.city.get(c) ?? 0, CITY_UNEXPLAINED);
        const cityPart = this.cityPart(ctx, c, typed);
        const base = WEIGHT_STREET * streetSim + WEIGHT_CITY * cityPart;
        if (base > bestBase) {
          bestBase = base;
          bestStreetSim = streetSim;
          bestCity = cityPart;
        }
      }
      // Far below the best answer so far: not worth locating the number.
      if (bestBase + WEIGHT_NUMBER < Math.max(MIN_SCORE, ctx.bestScore - PRUNE_MARGIN)) continue;
      const previous = ctx.best.get(s);
      if (previous && previous.score >= bestBase + WEIGHT_NUMBER) continue;
      const { address, numberPart } = this.pickNumber(s, ctx.query, ctx.postcodeFilter);
      if (address === -2) continue; // nothing left after the postcode filter
      const score = bestBase + WEIGHT_NUMBER * numberPart;
      if (!previous || previous.score < score) {
        ctx.best.set(s, {
          street: s,
          streetSim: bestStreetSim,
          cityPart: bestCity,
          numberPart,
          address,
          score,
        });
        if (score > ctx.bestScore) ctx.bestScore = score;
      }
    }
  }

  /**
   * The address for the query's number on a street. `address` is -1 when the street itself answers
   * (no number asked, or number unknown), -2 when the postcode filter leaves nothing.
   */
  private pickNumber(
    s: number,
    query: ParsedQuery,
    postcodeFilter: string | null,
  ): { address: number; numberPart: number } {
    const street = this.streets[s];
    if (!street) return { address: -2, numberPart: 0 };
    const okPostcode = (a: number): boolean =>
      !postcodeFilter || this.postcodes[this.addrPostcode[a] ?? 0] === postcodeFilter;
    if (postcodeFilter) {
      let any = false;
      for (let a = street.first; a < street.end && !any; a++) any = okPostcode(a);
      if (!any) return { address: -2, numberPart: 0 };
    }
    if (query.number === null) return { address: -1, numberPart: 1 };
    let lo = street.first;
    let hi = street.end;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.addrNumber[mid] ?? 0) < query.number) lo = mid + 1;
      else hi = mid;
    }
    let plain = -1;
    let sameRep = -1;
    let other = -1;
    for (let a = lo; a < street.end && this.addrNumber[a] === query.number; a++) {
      if (!okPostcode(a)) continue;
      const rep = this.repNorm[this.addrRep[a] ?? 0] ?? null;
      if (rep === query.rep) sameRep = sameRep < 0 ? a : sameRep;
      else if (rep === null) plain = plain < 0 ? a : plain;
      else other = other < 0 ? a : other;
    }
    if (sameRep >= 0) return { address: sameRep, numberPart: 1 };
    if (plain >= 0) return { address: plain, numberPart: 0.85 };
    if (other >= 0) return { address: other, numberPart: 0.8 };
    return { address: -1, numberPart: 0 };
  }

  /** The known number nearest to `n` on a street, same parity first (same side of the street). */
  private nearestNumber(s: number, n: number): number {
    const street = this.streets[s];
    if (!street) return -1;
    let best = -1;
    let bestCost = Infinity;
    for (let a = street.first; a < street.end; a++) {
      const m = this.addrNumber[a] ?? 0;
      if (m === NO_NUMBER) continue;
      const cost = Math.abs(m - n) + (m % 2 === n % 2 ? 0 : 10_000);
      if (cost < bestCost) {
        bestCost = cost;
        best = a;
      }
    }
    return best;
  }

  private streetResult(c: Candidate, query: ParsedQuery | null): GeocodeResult {
    const score = round(Math.min(1, Math.max(0, c.score)), 4);
    if (c.address >= 0) return this.addressResult(c.street, c.address, score);
    const street = this.streets[c.street];
    const commune = street ? this.communes[street.commune] : undefined;
    let lon = street?.lon ?? 0;
    let lat = street?.lat ?? 0;
    if (query && query.number !== null) {
      const near = this.nearestNumber(c.street, query.number);
      if (near >= 0) {
        lon = this.addrLon[near] ?? lon;
        lat = this.addrLat[near] ?? lat;
      }
    }
    const postcode = street?.postcode ?? null;
    const city = commune?.display ?? null;
    return {
      label: [street?.name, postcode, city].filter(Boolean).join(' '),
      lon: round(lon, 7),
      lat: round(lat, 7),
      citycode: commune?.citycode ?? null,
      postcode,
      city,
      street: street?.name ?? null,
      streetId: street?.streetId || null,
      housenumber: null,
      number: null,
      score,
      type: 'street',
    };
  }

  private addressResult(s: number, a: number, score: number): GeocodeResult {
    const street = this.streets[s];
    const commune = street ? this.communes[street.commune] : undefined;
    const number = this.addrNumber[a] ?? 0;
    const rep = this.reps[this.addrRep[a] ?? 0] ?? '';
    const housenumber = rep ? `${number} ${rep}` : String(number);
    const postcode = this.postcodes[this.addrPostcode[a] ?? 0] || null;
    const city = commune?.display ?? null;
    return {
      label: [housenumber, street?.name, postcode, city].filter(Boolean).join(' '),
      lon: round(this.addrLon[a] ?? 0, 7),
      lat: round(this.addrLat[a] ?? 0, 7),
      citycode: commune?.citycode ?? null,
      postcode,
      city,
      street: street?.name ?? null,
      streetId: street?.streetId || null,
      housenumber,
      number,
      score,
      type: 'housenumber',
    };
  }

  private municipalityResults(ctx: QueryContext): GeocodeResult[] {
    const { query, splits, allowed, postcodeFilter } = ctx;
    const scores = new Map<number, number>();
    const whole = splits[splits.length - 1];
    if (query.words.length === 0) {
      if (query.postcode) for (const i of this.communesByPostcode.get(query.postcode) ?? []) scores.set(i, 1);
    } else if (whole && whole.cityWords === query.words.length) {
      for (const [i, s] of whole.city) {
        if (s < 0.6) continue;
        const commune = this.communes[i];
        if (!commune) continue;
        let score = s;
        if (query.postcode) score *= commune.postcodes.includes(query.postcode) ? 1 : 0.8;
        scores.set(i, score * 0.98);
      }
    }
    if (query.arrondissement) {
      for (const [i] of scores) {
        if (this.communes[i]?.arrondissement !== query.arrondissement.n) scores.delete(i);
      }
    }
    const out: GeocodeResult[] = [];
    for (const [i, s] of scores) {
      const c = this.communes[i];
      if (!c || (allowed && !allowed[i])) continue;
      const postcode =
        postcodeFilter ??
        (query.postcode && c.postcodes.includes(query.postcode) ? query.postcode : c.postcodes[0]) ??
        null;
      const score = query.number === null ? s : s * 0.8;
      if (score < MIN_SCORE) continue;
      out.push({
        label: c.arrondissement !== null ? c.name : c.display,
        lon: round(c.lon, 7),
        lat: round(c.lat, 7),
        citycode: c.citycode,
        postcode,
        city: c.display,
        street: null,
        streetId: null,
        housenumber: null,
        number: null,
        score: round(score, 4),
        type: 'municipality',
      });
    }
    return out;
  }
}

/** Similarity, or -1 when the lengths alone show it cannot reach `min`. */
function boundedSimilarity(a: string, b: string, min: number): number {
  const m = Math.max(a.length, b.length);
  if (m > 0 && 1 - Math.abs(a.length - b.length) / m < min) return -1;
  return similarity(a, b);
}

/**
 * How well typed street words match a street name, or -1 under `min`. Without a typed type, the core
 * alone is compared (« marco polo » for « Rue Marco Polo »), slightly discounted; a wrong type costs less
 * than a wrong name.
 */
function streetSimilarity(typed: StreetForms, name: StreetForms, min: number): number {
  if (typed.full === '') return -1;
  let s: number;
  if (typed.type) {
    s = boundedSimilarity(typed.full, name.full, min);
    if (s < 0.85) s = Math.max(s, 0.85 * boundedSimilarity(typed.core, name.core, min / 0.85));
  } else {
    s = boundedSimilarity(typed.core, name.full, min);
    if (s < 0.95) s = Math.max(s, 0.95 * boundedSimilarity(typed.core, name.core, min / 0.95));
  }
  return s >= min ? s : -1;
}
