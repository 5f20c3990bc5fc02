import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BanApiGeocoder } from './ban-api';
import { GeocoderResponseError, GeocoderUnavailableError } from './port';

/**
 * Responses shaped like the Géoplateforme / api-adresse ones (same properties, including those we ignore:
 * x, y, importance, context, district, _type). Values are illustrative: coordinates come from the FINESS
 * fixture, ids are made up.
 */
const TELEGRAPHE = {
  type: 'FeatureCollection',
  version: 'draft',
  features: [
    {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [2.3998439, 48.8717488] },
      properties: {
        label: '9 Rue du Télégraphe 75020 Paris',
        score: 0.9731,
        housenumber: '9',
        id: '75120_0001_00009',
        banId: '00000000-0000-4000-8000-000000000000',
        name: '9 Rue du Télégraphe',
        postcode: '75020',
        citycode: '75120',
        x: 655410.1,
        y: 6863480.2,
        city: 'Paris',
        district: 'Paris 20e Arrondissement',
        context: '75, Paris, Île-de-France',
        type: 'housenumber',
        importance: 0.65,
        street: 'Rue du Télégraphe',
        _type: 'address',
      },
    },
    {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [2.4006, 48.8721] },
      properties: {
        label: 'Rue du Télégraphe 75020 Paris',
        score: 0.71,
        id: '75120_0001',
        name: 'Rue du Télégraphe',
        postcode: '75020',
        citycode: '75120',
        city: 'Paris',
        type: 'street',
        _type: 'address',
      },
    },
  ],
  attribution: 'BAN',
  licence: 'ETALAB-2.0',
  query: '9 rue du telegraphe paris',
  limit: 5,
};

const BIS = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [2.3206472, 48.8299483] },
      properties: {
        label: "145bis Rue d'Alésia 75014 Paris",
        score: 0.95,
        housenumber: '145bis',
        id: '75114_0002_00145_bis',
        name: "145bis Rue d'Alésia",
        postcode: '75014',
        citycode: '75114',
        city: 'Paris',
        type: 'housenumber',
        street: "Rue d'Alésia",
      },
    },
  ],
};

const ORLY = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [2.3928, 48.7433] },
      properties: {
        label: 'Orly',
        score: 0.96,
        id: '94054',
        name: 'Orly',
        postcode: '94310',
        citycode: '94054',
        city: 'Orly',
        type: 'municipality',
      },
    },
  ],
};

let server: Server;
let base: string;
const seen: URL[] = [];

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://localhost');
  seen.push(url);
  const [, mode, endpoint] =
    /^\/(ok|slow|error|limited|bad|notjson|refused)\/(search|reverse)\/$/.exec(url.pathname) ?? [];
  if (!mode || !endpoint) return send(res, 404, { message: 'not found' });
  if (mode === 'slow') {
    setTimeout(() => send(res, 200, TELEGRAPHE), 1000).unref();
    return;
  }
  if (mode === 'error') return send(res, 500, { message: 'Internal Server Error' });
  if (mode === 'limited') return send(res, 429, { message: 'Too Many Requests' });
  if (mode === 'refused')
    return send(res, 400, { code: 400, message: 'q: must contain between 3 and 200 chars' });
  if (mode === 'bad')
    return send(res, 200, { type: 'FeatureCollection', features: [{ properties: { label: 'x' } }] });
  if (mode === 'notjson') return send(res, 200, '<html>maintenance</html>');
  if (endpoint === 'reverse') {
    return send(
      res,
      200,
      url.searchParams.get('lat') === '0' ? { type: 'FeatureCollection', features: [] } : TELEGRAPHE,
    );
  }
  const q = url.searchParams.get('q') ?? '';
  if (q.includes('alesia')) return send(res, 200, BIS);
  if (q.includes('orly')) return send(res, 200, ORLY);
  return send(res, 200, TELEGRAPHE);
}

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('BanApiGeocoder', () => {
  it('maps a BAN response to results, with the street id taken from the address id', async () => {
    const ban = new BanApiGeocoder({ baseUrl: `${base}/ok` });
    const results = await ban.search('9 rue du telegraphe paris', { limit: 2, citycode: '75120' });
    expect(results[0]).toEqual({
      label: '9 Rue du Télégraphe 75020 Paris',
      lon: 2.3998439,
      lat: 48.8717488,
      citycode: '75120',
      postcode: '75020',
      city: 'Paris',
      street: 'Rue du Télégraphe',
      streetId: '75120_0001',
      housenumber: '9',
      number: 9,
      score: 0.9731,
      type: 'housenumber',
    });
    expect(results[1]).toMatchObject({
      type: 'street',
      street: 'Rue du Télégraphe',
      streetId: '75120_0001',
      number: null,
    });
    const url = seen.at(-1);
    expect(url?.pathname).toBe('/ok/search/');
    expect(Object.fromEntries(url?.searchParams ?? [])).toEqual({
      q: '9 rue du telegraphe paris',
      limit: '2',
      citycode: '75120',
    });
  });

  it('writes a glued suffix as « 145 bis »', async () => {
    const [r] = await new BanApiGeocoder({ baseUrl: `${base}/ok/` }).search('145b rue d alesia');
    expect(r).toMatchObject({ housenumber: '145 bis', number: 145, streetId: '75114_0002' });
  });

  it('returns municipalities without street fields', async () => {
    const [r] = await new BanApiGeocoder({ baseUrl: `${base}/ok` }).search('orly');
    expect(r).toMatchObject({
      type: 'municipality',
      street: null,
      streetId: null,
      housenumber: null,
      citycode: '94054',
    });
  });

  it('does not call the API for a query under three characters', async () => {
    const before = seen.length;
    expect(await new BanApiGeocoder({ baseUrl: `${base}/ok` }).search(' a ')).toEqual([]);
    expect(seen.length).toBe(before);
  });

  it('reverse-geocodes to the first feature, or null', async () => {
    const ban = new BanApiGeocoder({ baseUrl: `${base}/ok` });
    expect(await ban.reverse(2.3998, 48.8717)).toMatchObject({ number: 9, citycode: '75120' });
    expect(seen.at(-1)?.pathname).toBe('/ok/reverse/');
    expect(await ban.reverse(0, 0)).toBeNull();
  });

  it('gives up after the timeout with GeocoderUnavailableError', async () => {
    const ban = new BanApiGeocoder({ baseUrl: `${base}/slow`, timeoutMs: 100 });
    const started = Date.now();
    const error = await ban.search('9 rue du telegraphe').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GeocoderUnavailableError);
    expect((error as Error).message).toBe('Le service d’adresses de la BAN n’a pas répondu en 100 ms.');
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('treats HTTP 500 and 429 as unavailability', async () => {
    await expect(
      new BanApiGeocoder({ baseUrl: `${base}/error` }).search('9 rue du telegraphe'),
    ).rejects.toThrow(
      new GeocoderUnavailableError('Le service d’adresses de la BAN est en erreur (HTTP 500).'),
    );
    await expect(
      new BanApiGeocoder({ baseUrl: `${base}/limited` }).search('9 rue du telegraphe'),
    ).rejects.toBeInstanceOf(GeocoderUnavailableError);
  });

  it('treats a closed port as unavailability', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await new BanApiGeocoder({ baseUrl: `http://127.0.0.1:${port}` })
      .search('9 rue du telegraphe')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GeocoderUnavailableError);
    expect((error as Error).message).toContain('injoignable');
  });

  it('rejects a refused request and a malformed body with GeocoderResponseError', async () => {
    await expect(
      new BanApiGeocoder({ baseUrl: `${base}/refused` }).search('9 rue du telegraphe'),
    ).rejects.toBeInstanceOf(GeocoderResponseError);
    await expect(
      new BanApiGeocoder({ baseUrl: `${base}/bad` }).search('9 rue du telegraphe'),
    ).rejects.toThrow('Le service d’adresses de la BAN a renvoyé une réponse inattendue.');
    await expect(
      new BanApiGeocoder({ baseUrl: `${base}/notjson` }).search('9 rue du telegraphe'),
    ).rejects.toBeInstanceOf(GeocoderResponseError);
  });

  it("lets the caller's abort through as an abort, not as unavailability", async () => {
    const controller = new AbortController();
    const pending = new BanApiGeocoder({ baseUrl: `${base}/slow`, timeoutMs: 5000 }).search(
      '9 rue du telegraphe',
      {
        signal: controller.signal,
      },
    );
    controller.abort(new Error('annulé par l’utilisateur'));
    await expect(pending).rejects.toThrow('annulé par l’utilisateur');
  });
});
