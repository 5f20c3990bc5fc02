import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { ConventionView } from '../../../contracts/admin';
import { auditEvents } from '../../db/schema/access';
import { sha256 } from '../../platform/secrets';
import { loadActor } from '../accounts/actor.repository';
import { buildTestApp, type TestApp } from '../../test/app';
import { createTestActor, type TestActor } from '../../test/actors';
import { DATABASE_KINDS } from '../../test/databases';
import { addDays } from './convention-status';
import { A, B, caller, standardActors } from './admin.test-setup';

/** A multipart/form-data body with text fields and at most one file. */
function multipart(
  fields: Record<string, string>,
  file?: { field: string; name: string; type: string; bytes: Buffer },
) {
  const boundary = `----passerelle${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
      ),
      file.bytes,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());

describe.each(DATABASE_KINDS)('conventions API on %s', (kind) => {
  let t: TestApp;
  let call: ReturnType<typeof caller>;
  let actors: Awaited<ReturnType<typeof standardActors>>;
  /** A member of a partner of A whose convention the tests create. */
  let member: TestActor;
  let pdfConvention: ConventionView;
  const pdf = Buffer.concat([
    Buffer.from('%PDF-1.7\n%âãÏÓ\n'),
    randomBytes(200_000),
    Buffer.from('\n%%EOF\n'),
  ]);

  beforeAll(async () => {
    t = await buildTestApp(kind);
    call = caller(t);
    actors = await standardActors(t);
    member = await createTestActor(t.app.database.db, {
      roles: [{ territoryId: A, role: 'partner_professional' }],
      partnerType: 'savs_samsah',
      convention: false,
    });
  });
  afterAll(async () => t.close());

  const upload = (who: TestActor, fields: Record<string, string>, file?: Parameters<typeof multipart>[1]) => {
    const body = multipart(fields, file);
    return t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/conventions',
      headers: { ...who.headers, 'content-type': body.contentType },
      payload: body.payload,
    });
  };
  const fields = () => ({
    partnerId: member.partnerId,
    territoryId: A,
    title: 'Convention SAVS 2026',
    startsOn: addDays(today(), -30),
    endsOn: addDays(today(), 365),
    signedOn: addDays(today(), -31),
  });
  const blocksOf = async (m: TestActor) =>
    (await loadActor(t.app.database.db, sha256(m.cookie.split('=')[1]!), new Date(), 3_600_000))?.actor
      .blocks[A];

  it('stores an uploaded signed PDF and gives back the same bytes', async () => {
    expect(await blocksOf(member)).toEqual(['convention_missing']);
    const res = await upload(actors.coordinatorA, fields(), {
      field: 'file',
      name: 'convention signée – SAVS.pdf',
      type: 'application/pdf',
      bytes: pdf,
    });
    expect(res.statusCode).toBe(201);
    pdfConvention = res.json<ConventionView>();
    expect(pdfConvention).toMatchObject({
      partnerId: member.partnerId,
      territoryId: A,
      status: 'active',
      document: {
        name: 'convention signée – SAVS.pdf',
        type: 'application/pdf',
        size: pdf.length,
        sha256: createHash('sha256').update(pdf).digest('hex'),
      },
    });
    expect(await blocksOf(member)).toEqual([]);

    const download = await call(
      actors.coordinatorA,
      'GET',
      `/api/v1/admin/conventions/${pdfConvention.id}/document`,
    );
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toContain('attachment;');
    expect(download.headers['content-disposition']).toContain(
      encodeURIComponent('convention signée – SAVS.pdf'),
    );
    expect(Buffer.compare(download.rawPayload, pdf)).toBe(0);
    const [event] = await t.app.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.subjectId, pdfConvention.id));
    expect(event).toMatchObject({ action: 'convention.create', territoryId: A });
  });

  it('lets the partner’s own members download the document, and nobody else outside the territory’s administration', async () => {
    const docUrl = `/api/v1/admin/conventions/${pdfConvention.id}/document`;
    expect((await call(member, 'GET', docUrl)).statusCode).toBe(200);
    expect((await call(actors.admin, 'GET', docUrl)).statusCode).toBe(200);
    expect((await call(actors.coordinatorB, 'GET', docUrl)).statusCode).toBe(404);
    expect((await call(actors.readerA, 'GET', docUrl)).statusCode).toBe(404);
    expect((await call(null, 'GET', docUrl)).statusCode).toBe(401);
  });

  it('refuses a file that is not a PDF, whatever its name, and a file over 10 MB', async () => {
    const fake = await upload(actors.coordinatorA, fields(), {
      field: 'file',
      name: 'convention.pdf',
      type: 'application/pdf',
      bytes: Buffer.from('PK\u0003\u0004 not a pdf'),
    });
    expect(fake.statusCode).toBe(422);
    expect(fake.json().error.code).toBe('CONVENTION_DOCUMENT_NOT_PDF');
    const big = await upload(actors.coordinatorA, fields(), {
      field: 'file',
      name: 'gros.pdf',
      type: 'application/pdf',
      bytes: Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(10 * 1024 * 1024)]),
    });
    expect(big.statusCode).toBe(413);
  });

  it('accepts JSON without a document, and checks the dates', async () => {
    const res = await call(actors.admin, 'POST', '/api/v1/admin/conventions', {
      ...fields(),
      signedOn: null,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ document: null, signedOn: null });
    const noDoc = await call(actors.admin, 'GET', `/api/v1/admin/conventions/${res.json().id}/document`);
    expect(noDoc.json().error.code).toBe('CONVENTION_DOCUMENT_NOT_FOUND');
    const backwards = await call(actors.admin, 'POST', '/api/v1/admin/conventions', {
      ...fields(),
      startsOn: '2026-06-01',
      endsOn: '2026-05-31',
    });
    expect(backwards.statusCode).toBe(422);
    expect(backwards.json().error.code).toBe('CONVENTION_DATES_INVALID');
    const patched = await call(actors.admin, 'PATCH', `/api/v1/admin/conventions/${res.json().id}`, {
      endsOn: '2000-01-01',
    });
    expect(patched.json().error.code).toBe('CONVENTION_DATES_INVALID');
    const invalid = await upload(actors.coordinatorA, { ...fields(), startsOn: 'demain' });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.json().error.code).toBe('VALIDATION_FAILED');
  });

  it('refuses conventions on territories or partners outside the caller’s reach', async () => {
    const other = await call(actors.coordinatorB, 'POST', '/api/v1/admin/conventions', fields());
    expect(other.statusCode).toBe(404);
    const reader = await call(actors.readerA, 'POST', '/api/v1/admin/conventions', fields());
    expect(reader.statusCode).toBe(404);
    const patch = await call(actors.coordinatorB, 'PATCH', `/api/v1/admin/conventions/${pdfConvention.id}`, {
      title: 'X',
    });
    expect(patch.statusCode).toBe(404);
    expect((await call(actors.readerA, 'GET', '/api/v1/admin/conventions')).statusCode).toBe(403);
    const noCsrf = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/admin/conventions/${pdfConvention.id}`,
      headers: { cookie: actors.coordinatorA.cookie },
      payload: { title: 'X' },
    });
    expect(noCsrf.statusCode).toBe(403);
  });

  it('cuts the members’ access when their convention expires, and lists conventions by status', async () => {
    const db = t.app.database.db;
    const lapsed = await createTestActor(db, {
      roles: [{ territoryId: A, role: 'partner_professional' }],
      partnerType: 'association',
      convention: false,
    });
    const created = await call(actors.coordinatorA, 'POST', '/api/v1/admin/conventions', {
      partnerId: lapsed.partnerId,
      territoryId: A,
      title: 'Convention échue',
      startsOn: addDays(today(), -400),
      endsOn: addDays(today(), 10),
    });
    expect(created.json().status).toBe('expiring');
    expect(await blocksOf(lapsed)).toEqual([]);
    const expired = await call(
      actors.coordinatorA,
      'PATCH',
      `/api/v1/admin/conventions/${created.json().id}`,
      {
        endsOn: addDays(today(), -1),
      },
    );
    expect(expired.json().status).toBe('expired');
    expect(await blocksOf(lapsed)).toEqual(['convention_expired']);

    const list = async (q: string) =>
      (await call(actors.coordinatorA, 'GET', `/api/v1/admin/conventions?${q}`))
        .json<{ items: ConventionView[] }>()
        .items.map((c) => c.id);
    expect(await list('status=expired')).toEqual([created.json().id]);
    expect(await list(`status=active&partnerId=${member.partnerId}`)).toContain(pdfConvention.id);
    expect(await list(`partnerId=${lapsed.partnerId}`)).toEqual([created.json().id]);
    const seenByB = (await call(actors.coordinatorB, 'GET', '/api/v1/admin/conventions')).json<{
      items: ConventionView[];
    }>().items;
    expect(seenByB.length).toBeGreaterThan(0);
    expect(seenByB.every((c) => c.territoryId === B)).toBe(true);

    const revoked = await call(
      actors.coordinatorA,
      'PATCH',
      `/api/v1/admin/conventions/${pdfConvention.id}`,
      {
        revoked: true,
      },
    );
    expect(revoked.json().status).toBe('revoked');
    const stillValid = await blocksOf(member);
    // The JSON convention of the same partner created above still covers it.
    expect(stillValid).toEqual([]);
  });
});
