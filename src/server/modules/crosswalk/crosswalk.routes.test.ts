import { PassThrough } from 'node:stream';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CROSSWALK_STATUSES, type CrosswalkResult } from '../../../contracts/crosswalk';
import { LOOKUP_COLUMNS, LOOKUP_STATUSES } from '../../../cli/batch-lookup';
import { auditEvents } from '../../db/schema/access';
import { createTestActor, type TestActor } from '../../test/actors';
import { buildTestApp, type TestApp } from '../../test/app';
import { DATABASE_KINDS } from '../../test/databases';

const BOUNDARY = '----passerelle-crosswalk-test';

/** A multipart/form-data body with text fields and one file part. */
function multipart(
  file: { name: string; type: string; content: Buffer | string } | null,
  fields: Record<string, string> = {},
): { payload: Buffer; headers: Record<string, string> } {
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields))
    parts.push(
      Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  if (file) {
    parts.push(
      Buffer.from(
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
      ),
      Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content),
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return {
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
  };
}

const BUILDINGS = [
  'reference;adresse;lat;lon',
  'B1;4 rue Marco Polo, Choisy-le-Roi;;',
  'B2;;48.8717488;2.3998439',
  'B3;12 rue Imaginaire, Nulle-Part-sur-Mer;;',
  'B4;Rue de Belleville 75019 Paris;;',
  'B5;;95;2.39',
].join('\n');

describe.each(DATABASE_KINDS)('landlord crosswalk API on %s', (kind) => {
  let t: TestApp;
  let landlord: TestActor;
  const logs: string[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => logs.push(chunk.toString('utf8')));

  beforeAll(async () => {
    t = await buildTestApp(kind, { LOG_LEVEL: 'trace' }, { logStream: stream });
    landlord = await createTestActor(t.app.database.db, {
      roles: [{ territoryId: 'choisy-vlr-orly', role: 'landlord_staff' }],
      partnerType: 'social_landlord',
    });
  });
  afterAll(async () => t.close());

  const postJson = (
    payload: Record<string, unknown>,
    headers: Record<string, string> = landlord.headers,
    format = 'json',
  ) => t.app.inject({ method: 'POST', url: `/api/v1/crosswalk?format=${format}`, headers, payload });

  const postFile = (
    file: Parameters<typeof multipart>[0],
    fields: Record<string, string> = {},
    format = 'json',
  ) => {
    const body = multipart(file, fields);
    return t.app.inject({
      method: 'POST',
      url: `/api/v1/crosswalk?format=${format}`,
      headers: { ...landlord.headers, ...body.headers },
      payload: body.payload,
    });
  };

  it('uses the status codes of the batch lookup', () => {
    expect([...CROSSWALK_STATUSES]).toEqual([...LOOKUP_STATUSES]);
  });

  it('gives each building its sectors, main CMP and social-service office, with a status per row', async () => {
    const res = await postJson({
      csv: BUILDINGS,
      addressColumn: 'adresse',
      latColumn: 'lat',
      lonColumn: 'lon',
    });
    expect(res.statusCode).toBe(200);
    const body = res.json<CrosswalkResult>();
    expect(body.delimiter).toBe(';');
    expect(body.columns).toEqual([
      'reference',
      'adresse',
      'lat',
      'lon',
      ...LOOKUP_COLUMNS,
      'cmp_adulte',
      'cmp_adulte_telephone',
      'cmp_enfant',
      'cmp_enfant_telephone',
    ]);
    const rows = Object.fromEntries(
      body.rows.map((r) => [r[0], Object.fromEntries(body.columns.map((c, i) => [c, r[i]]))]),
    );
    expect(rows.B1).toMatchObject({
      secteur_adulte: '94G10',
      secteur_enfant: '94I03/04',
      territoire: 'Choisy-le-Roi / Villeneuve-le-Roi / Orly',
      statut: 'ok',
      cmp_adulte_telephone: '01 48 92 37 61',
    });
    expect(rows.B1?.service_social).not.toBe('');
    expect(rows.B1?.cmp_adulte).not.toBe('');
    expect(rows.B2).toMatchObject({
      secteur_adulte: '75G28',
      secteur_enfant: '75I12',
      territoire: 'Paris 20e',
      statut: 'ok',
    });
    expect(rows.B3).toMatchObject({ secteur_adulte: '', statut: 'adresse_introuvable', cmp_adulte: '' });
    expect(rows.B4).toMatchObject({ secteur_adulte: '', statut: 'hors_territoire' });
    expect(rows.B5).toMatchObject({ statut: 'coordonnees_invalides' });
    expect(body.summary.rows).toBe(5);
    expect(body.summary.byStatus).toMatchObject({
      ok: 2,
      adresse_introuvable: 1,
      hors_territoire: 1,
      coordonnees_invalides: 1,
    });
    expect(body.csv.split('\n')[0]).toBe(body.columns.join(';'));
  });

  it('answers the completed file as a UTF-8 CSV attachment with the same delimiter and the counts in headers', async () => {
    const csv = 'nom,adresse\n"Résidence Marco Polo, bât. A","4 rue Marco Polo, Choisy-le-Roi"\n';
    const res = await postFile({ name: 'immeubles.csv', type: 'text/csv', content: csv }, {}, 'csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="correspondances-\d{4}-\d{2}-\d{2}\.csv"/,
    );
    expect(res.headers['x-crosswalk-rows']).toBe('1');
    expect(res.headers['x-crosswalk-summary']).toContain('ok=1; adresse_introuvable=0');
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const [header, row] = res.body.replace(/^\uFEFF/, '').split('\n');
    expect(header).toBe(
      `nom,adresse,${LOOKUP_COLUMNS.join(',')},cmp_adulte,cmp_adulte_telephone,cmp_enfant,cmp_enfant_telephone`,
    );
    expect(row).toContain('"Résidence Marco Polo, bât. A"');
    expect(row).toContain(',94G10,');
  });

  it('uses the column chosen by the user, and finds coordinate columns alone when nothing is chosen', async () => {
    const chosen = await postFile(
      {
        name: 'parc.csv',
        type: 'text/csv',
        content: 'code;Adresse du bâtiment\nA1;4 rue Marco Polo, Choisy-le-Roi\n',
      },
      { addressColumn: 'Adresse du bâtiment' },
    );
    expect(chosen.statusCode).toBe(200);
    expect(chosen.json<CrosswalkResult>().summary.byStatus.ok).toBe(1);

    const points = await postJson({ csv: 'id,latitude,longitude\n1,48.8717488,2.3998439\n' });
    expect(points.statusCode).toBe(200);
    const body = points.json<CrosswalkResult>();
    expect(body.rows[0]?.[body.columns.indexOf('secteur_adulte')]).toBe('75G28');
  });

  it('reads a Windows-1252 file as spreadsheets in France save it', async () => {
    const csv = Buffer.from('bâtiment;adresse\nRésidence;4 rue Marco Polo, Choisy-le-Roi\n', 'latin1');
    const res = await postFile({ name: 'excel.csv', type: 'application/vnd.ms-excel', content: csv });
    expect(res.statusCode).toBe(200);
    const body = res.json<CrosswalkResult>();
    expect(body.columns[0]).toBe('bâtiment');
    expect(body.rows[0]?.[0]).toBe('Résidence');
  });

  it('refuses an unreadable CSV or a missing column with the reason in French', async () => {
    const quote = await postJson({ csv: 'adresse;nom\n"4 rue Marco Polo;B\n' });
    expect(quote.statusCode).toBe(422);
    expect(quote.json<{ error: { message: string } }>().error.message).toMatch(/^CSV illisible.*guillemet/);

    const missing = await postJson({ csv: 'rue;ville\nMarco Polo;Choisy\n' });
    expect(missing.statusCode).toBe(422);
    expect(missing.json<{ error: { message: string } }>().error.message).toContain(
      'choisissez la colonne qui contient l’adresse (colonnes trouvées : « rue », « ville »)',
    );

    const unknown = await postJson({ csv: 'adresse\nx\n', addressColumn: 'voie' });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json<{ error: { message: string } }>().error.message).toContain(
      'Colonne « voie » absente',
    );

    const empty = await postFile({ name: 'vide.csv', type: 'text/csv', content: '' });
    expect(empty.statusCode).toBe(422);
    expect(empty.json<{ error: { message: string } }>().error.message).toBe('Le fichier est vide.');

    const noFile = await postFile(null, { addressColumn: 'adresse' });
    expect(noFile.statusCode).toBe(422);
  });

  it('refuses files that are not text whatever their name or declared type', async () => {
    const pdf = await postFile({
      name: 'immeubles.csv',
      type: 'text/csv',
      content: Buffer.from('%PDF-1.7\n%âãÏÓ\n'),
    });
    expect(pdf.statusCode).toBe(422);
    expect(pdf.json<{ error: { message: string } }>().error.message).toContain('PDF');

    const xlsx = await postFile({
      name: 'immeubles.csv',
      type: 'text/csv',
      content: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]),
    });
    expect(xlsx.statusCode).toBe(422);
    expect(xlsx.json<{ error: { message: string } }>().error.message).toContain('CSV UTF-8');

    const binary = await postFile({
      name: 'immeubles.csv',
      type: 'text/csv',
      content: Buffer.from([0x61, 0x64, 0x72, 0x0a, 0x01, 0x02, 0x03, 0x00, 0x7f]),
    });
    expect(binary.statusCode).toBe(422);
    expect(binary.json<{ error: { message: string } }>().error.message).toContain('pas un fichier texte');
  });

  it('refuses a file over 5 MB or over 20,000 rows with 413', async () => {
    const big = await postFile({
      name: 'gros.csv',
      type: 'text/csv',
      content: `adresse\n${'4 rue Marco Polo, Choisy-le-Roi\n'.repeat(180_000)}`,
    });
    expect(big.statusCode).toBe(413);
    expect(big.json<{ error: { code: string } }>().error.code).toBe('PAYLOAD_TOO_LARGE');

    const bigJson = await postJson({ csv: `adresse\n${'x'.repeat(5 * 1024 * 1024)}\n` });
    expect(bigJson.statusCode).toBe(413);

    const many = await postJson({ csv: `adresse\n${'4 rue Marco Polo, Choisy-le-Roi\n'.repeat(20_001)}` });
    expect(many.statusCode).toBe(413);

    const atLimit = await postJson({ csv: `adresse\n${'4 rue Marco Polo, Choisy-le-Roi\n'.repeat(20_000)}` });
    expect(atLimit.statusCode).toBe(200);
    expect(atLimit.json<CrosswalkResult>().summary.rows).toBe(20_000);
    expect(atLimit.json<CrosswalkResult>().rows).toHaveLength(200);
  }, 60_000);

  it('is for signed-in members only, with the CSRF token', async () => {
    const anonymous = await postJson({ csv: BUILDINGS }, {});
    expect(anonymous.statusCode).toBe(401);

    const noCsrf = await postJson({ csv: BUILDINGS }, { cookie: landlord.cookie });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json<{ error: { code: string } }>().error.code).toBe('CSRF_INVALID');

    const firstFactor = await createTestActor(t.app.database.db, {
      roles: [{ territoryId: 'choisy-vlr-orly', role: 'partner_professional' }],
      secondFactor: false,
    });
    expect((await postJson({ csv: BUILDINGS }, firstFactor.headers)).statusCode).toBe(401);
  });

  it('audits each run with no subject and never logs the addresses', async () => {
    const member = await createTestActor(t.app.database.db, {
      roles: [{ territoryId: 'paris-20', role: 'reader' }],
    });
    logs.length = 0;
    const res = await postJson({ csv: 'adresse\n4 rue Marco Polo, Choisy-le-Roi\n' }, member.headers);
    expect(res.statusCode).toBe(200);
    const events = await t.app.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'crosswalk.run'), eq(auditEvents.actorMemberId, member.memberId)));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ subjectType: null, subjectId: null, outcome: 'ok', territoryId: null });
    const logged = logs.join('');
    expect(logged).toContain('crosswalk run');
    expect(logged).not.toMatch(/Marco Polo/i);
  });
});
