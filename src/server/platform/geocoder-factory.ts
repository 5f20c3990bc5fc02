import { BanApiGeocoder } from '../../geo/geocoder/ban-api';
import { GeocoderChain } from '../../geo/geocoder/chain';
import { LocalAddressIndex } from '../../geo/geocoder/local-index';
import type { Geocoder } from '../../geo/geocoder/port';
import type { Config } from '../config';
import type { Db } from '../db/client';
import { loadAddressPoints } from '../modules/territories/territories.repository';
import { MIN_GEOCODE_SCORE, type AddressSearch } from './geocoding';

/** Builds the offline index from the address points in the database. */
export async function buildLocalIndex(db: Db): Promise<LocalAddressIndex> {
  const rows = await loadAddressPoints(db);
  return LocalAddressIndex.fromRows(
    rows.map((r) => ({
      id: r.id,
      streetId: r.streetId ?? r.id,
      number: r.number,
      rep: r.rep,
      street: r.street,
      postcode: r.postcode ?? '',
      citycode: r.citycode,
      city: r.city,
      lon: r.lon,
      lat: r.lat,
    })),
  );
}

/** The configured chain of geocoders: offline index, official BAN API, or the index then the API. */
export async function buildGeocoder(config: Config, db: Db): Promise<AddressSearch> {
  const geocoders: Geocoder[] = [];
  if (config.GEOCODER !== 'ban') geocoders.push(await buildLocalIndex(db));
  if (config.GEOCODER !== 'local')
    geocoders.push(new BanApiGeocoder({ baseUrl: config.BAN_API_URL, timeoutMs: config.BAN_API_TIMEOUT_MS }));
  return new GeocoderChain(geocoders, { minScore: MIN_GEOCODE_SCORE });
}
