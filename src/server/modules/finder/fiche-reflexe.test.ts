import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractText } from 'unpdf';
import type { LookupResponse } from '../../../contracts/finder';
import { DATABASE_KINDS } from '../../test/databases';
import { buildTestApp, type TestApp } from '../../test/app';
import { finderLink, printable, slug } from './fiche-reflexe';

const CHOISY = '4 rue Marco Polo, Choisy-le-Roi';

/** The PDF's text, one string, with every run of spaces (non-breaking ones included) as one space. */
async function pdfText(body: Buffer): Promise<{ pages: number; text: string }> {
  const { totalPages, text } = await extractText(new Uint8Array(body), { mergePages: true });
  return { pages: totalPages, text: text.replace(/\s+/g, ' ') };
}

describe.each(DATABASE_KINDS)('fiche réflexe PDF on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(kind, { PUBLIC_URL: 'https://passerelle.example.fr' });
  });
  afterAll(async () => t.close());

  const get = (url: string) => t.app.inject({ method: 'GET', url });

  it('prints the finder’s answer for a Choisy-le-Roi building on one A4 page', async () => {
    const res = await get('/api/v1/lookup/fiche.pdf?q=' + encodeURIComponent(CHOISY));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe('inline; filename="fiche-reflexe-choisy-le-roi.pdf"');
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

    const answer = (await get('/api/v1/lookup?q=' + encodeURIComponent(CHOISY))).json<LookupResponse>();
    const { pages, text } = await pdfText(res.rawPayload);
    expect(pages).toBe(1);
    expect(text).toContain(answer.address?.label);
    expect(text).toContain('secteur 94G10');
    expect(text).toContain('secteur 94I03/04');
    expect(text).toContain('CMP adultes André Bragas (94G10)');
    expect(text).toContain('01 48 92 37 61');
    for (const n of ['15', '112', '3114']) expect(text).toMatch(new RegExp(`(^| )${n} `));
    expect(text).toContain('Que faire maintenant ?');
    // The adult sector of Choisy is demo data: marked as such, and explained.
    expect(answer.sectors.adult?.demo).toBe(true);
    expect(text).toMatch(/secteur 94G10 \[Données de démonstration\]/);
    expect(text).not.toMatch(/secteur 94I03\/04 \[Données de démonstration\]/);
    for (const s of answer.socialServices) expect(text).toContain(s.name);
    expect(text).toContain(answer.territory?.name);
    expect(text).toContain('Fiche imprimée le');
    expect(text).toContain('https://passerelle.example.fr/?q=');
    // The QR code is an embedded image.
    expect(res.rawPayload.toString('latin1')).toMatch(/\/Subtype \/Image/);
  });

  it('prints the precision message instead of a sector the place cannot decide', async () => {
    const res = await get('/api/v1/lookup/fiche.pdf?place=arr-75120');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/filename="fiche-reflexe-paris-20e[a-z-]*\.pdf"/);
    const { text } = await pdfText(res.rawPayload);
    expect(text).toContain('secteur 75I12');
    expect(text).not.toContain('75G28');
    expect(text).toMatch(/Psychiatrie adulte Précisez le numéro et la rue/);
  });

  it('prints a fiche for a point clicked in a Paris 20e quartier', async () => {
    const res = await get('/api/v1/lookup/fiche.pdf?lat=48.8717488&lon=2.3998439');
    expect(res.statusCode).toBe(200);
    const { pages, text } = await pdfText(res.rawPayload);
    expect(pages).toBe(1);
    expect(text).toContain('secteur 75G28');
    expect(text).toContain('https://passerelle.example.fr/?lat=48.871749&lon=2.399844');
  });

  it('refuses a place outside every territory with a French 404', async () => {
    const res = await get('/api/v1/lookup/fiche.pdf?lat=48.8606&lon=2.3376');
    expect(res.statusCode).toBe(404);
    expect(res.json<{ error: { code: string; message: string } }>().error).toMatchObject({
      code: 'OUTSIDE_TERRITORIES',
      message: "Ce lieu n'est couvert par aucun territoire de Passerelle.",
    });
  });

  it('answers an unknown address with the finder’s 404 and a bad query with 422', async () => {
    const unknown = await get('/api/v1/lookup/fiche.pdf?q=' + encodeURIComponent('zzkq wxyv plorf'));
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json<{ error: { code: string } }>().error.code).toBe('ADDRESS_NOT_FOUND');
    for (const url of [
      '/api/v1/lookup/fiche.pdf',
      '/api/v1/lookup/fiche.pdf?q=ab',
      '/api/v1/lookup/fiche.pdf?lat=91&lon=2',
    ]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(422);
      expect(res.json<{ error: { message: string } }>().error.message).toMatch(/Indiquez|courte|invalide/);
    }
  });
});

describe('fiche réflexe helpers', () => {
  const answer = {
    address: {
      label: 'Paris 20e arrondissement',
      lat: 48.86341234,
      lon: 2.40123456,
      citycode: '75120',
      postcode: null,
    },
  } as LookupResponse;

  it('links back to the finder the way the finder reads its URL', () => {
    expect(finderLink('https://p.example/', { q: '4 rue x' }, answer)).toBe(
      'https://p.example/?q=Paris+20e+arrondissement',
    );
    expect(finderLink('https://p.example', { place: 'arr-75120' }, answer)).toBe(
      'https://p.example/?lat=48.863412&lon=2.401235&lieu=Paris+20e+arrondissement&lieu_id=arr-75120',
    );
  });

  it('makes ASCII file names', () => {
    expect(slug('Villeneuve-Saint-Georges')).toBe('villeneuve-saint-georges');
    expect(slug('Paris 20e Arrondissement « test »')).toBe('paris-20e-arrondissement-test');
    expect(slug('«»')).toBe('adresse');
  });
});

describe('fiche réflexe text for the standard PDF fonts', () => {
  it('keeps French letters and guillemets, spells out what the fonts cannot draw', () => {
    expect(printable('« Élan » œuvre — millésime ≈ 2013, 9\u202fh\u00a000')).toBe(
      '« Élan » œuvre — millésime env. 2013, 9\u00a0h\u00a000',
    );
    expect(printable('Dvořák ✓ 漢')).toBe('Dvorák oui ?');
  });
});

describe('fiche réflexe rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp('pglite', { RATE_LIMIT_PER_MINUTE: 2 });
  });
  afterAll(async () => t.close());

  it('counts PDF requests like lookups, with the French 429', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/lookup/fiche.pdf?place=qu-7512002' });
      codes.push(res.statusCode);
      if (res.statusCode === 429) {
        expect(res.json<{ error: { message: string } }>().error.message).toMatch(/Trop de requêtes/);
      }
    }
    expect(codes).toEqual([200, 200, 429]);
  });
});
