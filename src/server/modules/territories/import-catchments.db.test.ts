import { count, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { catchmentZones, changeLog } from '../../db/schema/index';
import { AppError } from '../../platform/errors';
import { DATABASE_KINDS, openTestDatabase } from '../../test/databases';
import { CATCHMENT_COLUMNS, formatIssue, parseCatchmentFile, type CatchmentColumn } from './catchment-io';
import { exportCatchments } from './export-catchments';
import { applyCatchmentImport, planCatchmentImport, type CatchmentImportPlan } from './import-catchments';
import { seedDemo } from './seed-demo';

type Row = Partial<Record<CatchmentColumn, string>>;

/** A `;` CSV with every column, as a coordinator's spreadsheet would save it. */
function csvOf(rows: Row[], columns: readonly string[] = CATCHMENT_COLUMNS): string {
  const cell = (v: string | undefined) =>
    v === undefined ? '' : /[;"\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  return [
    columns.join(';'),
    ...rows.map((r) => columns.map((c) => cell(r[c as CatchmentColumn])).join(';')),
  ].join('\n');
}

const provenance: Row = { source: 'Arrêté de sectorisation (test)', confidence: 'high', demo: 'false' };
const marcoPoloG10: Row = {
  zone_id: 'z-test-g10-marco-polo',
  territory_id: 'choisy-vlr-orly',
  area_code: '94G10',
  layer: 'adult',
  mode: 'include',
  kind: 'number_range',
  label: 'Rue Marco Polo, 1 à 21',
  citycode: '94022',
  street: 'Rue Marco Polo',
  from: '1',
  to: '21',
  parity: 'both',
  ...provenance,
};
const marcoPoloDemo: Row = {
  ...marcoPoloG10,
  zone_id: 'z-test-gdemo-marco-polo',
  area_code: '94G-DÉMO',
  label: 'Rue Marco Polo, pairs 10 à 30',
  from: '10',
  to: '30',
  parity: 'even',
};

describe.each(DATABASE_KINDS)('catchment import on %s', (kind) => {
  let database: Database;
  beforeEach(async () => {
    database = await openTestDatabase(kind);
    await seedDemo(database.db);
  });
  afterEach(async () => database.close());

  const counts = async () => {
    const [zones] = await database.db.select({ n: count() }).from(catchmentZones);
    const [logs] = await database.db.select({ n: count() }).from(changeLog);
    return { zones: zones?.n, logs: logs?.n };
  };
  const plan = (text: string, prune = false) =>
    planCatchmentImport(database.db, parseCatchmentFile(text), { prune });
  const zone = async (id: string) =>
    (await database.db.select().from(catchmentZones).where(eq(catchmentZones.id, id)))[0];
  const thrown = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (err) {
      return err;
    }
    throw new Error('expected a rejection');
  };

  /** The exported file of the demo territory, edited: one label changed, one zone added, one zone removed. */
  async function editedExport(): Promise<string> {
    const exported = (await exportCatchments(database.db, { format: 'csv', territoryId: 'choisy-vlr-orly' }))
      .content;
    const lines = exported.split('\n').filter((l) => !l.startsWith('z-cvo-gdemo-vlr;'));
    const edited = lines.map((l) =>
      l.startsWith('z-cvo-g10-choisy;')
        ? l.replace(';Choisy-le-Roi;', ';Choisy-le-Roi (toute la commune);')
        : l,
    );
    const [, added] = csvOf([
      {
        ...marcoPoloG10,
        zone_id: 'z-test-g10-rue-orly',
        kind: 'street',
        label: 'Rue Marco Polo (Orly)',
        citycode: '94054',
        from: undefined,
        to: undefined,
        parity: undefined,
      },
    ]).split('\n');
    return `${edited.join('\n').trimEnd()}\n${added}\n`;
  }

  it('lists creations, field-level updates and, with prune, deletions in a dry run that writes nothing', async () => {
    const before = await counts();
    const text = await editedExport();

    const withoutPrune = await plan(text);
    expect(withoutPrune.errors).toEqual([]);
    expect(withoutPrune.creates.map((c) => c.zoneId)).toEqual(['z-test-g10-rue-orly']);
    expect(withoutPrune.creates[0]?.area.code).toBe('94G10');
    expect(withoutPrune.updates.map((u) => [u.zoneId, u.changes])).toEqual([
      [
        'z-cvo-g10-choisy',
        [{ field: 'label', before: 'Choisy-le-Roi', after: 'Choisy-le-Roi (toute la commune)' }],
      ],
    ]);
    expect(withoutPrune.deletes).toEqual([]);
    expect(withoutPrune.unchanged).toHaveLength(7);

    const pruned = await plan(text, true);
    expect(pruned.deletes.map((d) => [d.zoneId, d.area.code])).toEqual([['z-cvo-gdemo-vlr', '94G-DÉMO']]);
    // Paris zones are not in the file: prune only touches the areas the file names.
    expect(pruned.deletes.every((d) => d.area.territoryId === 'choisy-vlr-orly')).toBe(true);
    expect(pruned.conflicts).toEqual([]);

    expect(await counts()).toEqual(before);
    expect((await zone('z-cvo-g10-choisy'))?.label).toBe('Choisy-le-Roi');
  });

  it('applies zones and their change-log rows together, with version, author and snapshots', async () => {
    const before = await counts();
    const p = await plan(await editedExport(), true);
    const result = await applyCatchmentImport(database.db, p, {
      actor: 'coordinatrice@clsm.test',
      reason: 'test',
    });
    expect(result).toEqual({ created: 1, updated: 1, deleted: 1 });

    expect(await counts()).toEqual({ zones: (before.zones ?? 0) + 1 - 1, logs: (before.logs ?? 0) + 3 });
    const updated = await zone('z-cvo-g10-choisy');
    expect(updated).toMatchObject({ label: 'Choisy-le-Roi (toute la commune)', version: 2 });
    expect(updated!.updatedAt.getTime()).toBeGreaterThan(updated!.createdAt.getTime() - 1);
    expect(await zone('z-cvo-gdemo-vlr')).toBeUndefined();
    expect(await zone('z-test-g10-rue-orly')).toMatchObject({
      kind: 'street',
      citycode: '94054',
      version: 1,
    });

    const logs = await database.db
      .select()
      .from(changeLog)
      .where(eq(changeLog.changedBy, 'coordinatrice@clsm.test'))
      .orderBy(changeLog.id);
    expect(logs.map((l) => [l.entityType, l.entityId, l.action])).toEqual([
      ['catchment_zone', 'z-test-g10-rue-orly', 'create'],
      ['catchment_zone', 'z-cvo-g10-choisy', 'update'],
      ['catchment_zone', 'z-cvo-gdemo-vlr', 'delete'],
    ]);
    const update = logs[1]!;
    expect(update.before).toMatchObject({ label: 'Choisy-le-Roi', version: 1, areaCode: '94G10' });
    expect(update.after).toMatchObject({
      label: 'Choisy-le-Roi (toute la commune)',
      version: 2,
      changedFields: ['label'],
    });
    expect(logs[2]!.before).toMatchObject({ id: 'z-cvo-gdemo-vlr', citycode: '94077' });
    expect(logs[2]!.after).toBeNull();
    expect(logs.every((l) => l.reason === 'test' && l.changedAt instanceof Date)).toBe(true);

    // Applied: the same file is now a no-op.
    const again = await plan(await editedExport(), true);
    expect(again.creates.length + again.updates.length).toBe(0);
  });

  it('keeps only a hash and a size of polygon geometries in the change log', async () => {
    const exported = (await exportCatchments(database.db, { format: 'geojson', territoryId: 'paris-20' }))
      .content;
    const doc = JSON.parse(exported) as { features: { properties: Record<string, unknown> }[] };
    const belleville = doc.features.find((f) => f.properties.zone_id === 'z-p20-g27-belleville')!;
    belleville.properties.label = 'Belleville (quartier administratif)';
    const p = await planCatchmentImport(database.db, parseCatchmentFile(JSON.stringify(doc)));
    expect(p.updates.map((u) => u.zoneId)).toEqual(['z-p20-g27-belleville']);
    await applyCatchmentImport(database.db, p, { actor: 'test' });
    const [log] = await database.db.select().from(changeLog).where(eq(changeLog.changedBy, 'test'));
    const geometry = (log!.after as { geometry: unknown }).geometry;
    expect(geometry).toMatchObject({ type: 'Polygon', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(JSON.stringify(log!.after).length).toBeLessThan(2000);
  });

  it('reports a number range overlapping another sector of the same layer as a conflict, and refuses it', async () => {
    const first = await plan(csvOf([marcoPoloG10]));
    expect(first.conflicts).toEqual([]);
    await applyCatchmentImport(database.db, first, { actor: 'test' });
    const before = await counts();

    const second = await plan(csvOf([marcoPoloDemo]));
    expect(second.errors).toEqual([]);
    expect(second.conflicts).toHaveLength(1);
    const conflict = second.conflicts[0]!;
    expect(conflict).toMatchObject({
      layer: 'adult',
      kind: 'number_range',
      isNew: true,
      areaCodes: expect.arrayContaining(['94G10', '94G-DÉMO']) as unknown,
      zoneIds: expect.arrayContaining(['z-test-g10-marco-polo', 'z-test-gdemo-marco-polo']) as unknown,
    });
    expect(conflict.message).toMatch(/94G10/);
    expect(conflict.message).toMatch(/94G-DÉMO/);
    expect(conflict.message).toMatch(/Rue Marco Polo, 1 à 21/);

    const err = await thrown(applyCatchmentImport(database.db, second, { actor: 'test' }));
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('IMPORT_CONFLICTS');
    expect(await counts()).toEqual(before);

    // A child sector on the same numbers is another layer: no conflict.
    const child = await plan(
      csvOf([{ ...marcoPoloDemo, zone_id: 'z-test-i-marco-polo', area_code: '94I03/04', layer: 'child' }]),
    );
    expect(child.conflicts).toEqual([]);

    await applyCatchmentImport(database.db, second, { actor: 'test', allowConflicts: true });
    expect((await counts()).zones).toBe((before.zones ?? 0) + 1);
    // Already there: reported, no longer blocking an unrelated import.
    const later = await plan(
      csvOf([{ ...marcoPoloG10, zone_id: 'z-test-other', street: 'Avenue Anatole France' }]),
    );
    expect(later.conflicts.map((c) => c.isNew)).toEqual([false]);
    expect(later.conflicts[0]?.message).toMatch(/^\(déjà présent avant l’import\)/);
  });

  it('writes nothing when the file has an invalid row', async () => {
    const before = await counts();
    const p = await plan(csvOf([marcoPoloG10, { ...marcoPoloDemo, parity: 'pair' }]));
    expect(p.errors.map(formatIssue)).toEqual([
      'ligne 3 : parité inconnue « pair » (attendu : even, odd, both)',
    ]);
    const err = await thrown(applyCatchmentImport(database.db, p, { actor: 'test' }));
    expect((err as AppError).code).toBe('IMPORT_INVALID');
    expect(await counts()).toEqual(before);
  });

  it('rolls everything back when a write fails half-way', async () => {
    const before = await counts();
    const good = await plan(await editedExport(), true);
    const broken: CatchmentImportPlan = {
      ...good,
      creates: [
        ...good.creates,
        {
          ...good.creates[0]!,
          zoneId: 'z-test-orphan',
          values: { ...good.creates[0]!.values, areaId: 'no-such-area' },
        },
      ],
    };
    await expect(applyCatchmentImport(database.db, broken, { actor: 'test' })).rejects.toThrow();
    expect(await counts()).toEqual(before);
    expect((await zone('z-cvo-g10-choisy'))?.label).toBe('Choisy-le-Roi');
    expect(await zone('z-test-g10-rue-orly')).toBeUndefined();
  });

  it('refuses a plan computed before someone else changed one of its zones', async () => {
    const p = await plan(await editedExport(), true);
    await database.db
      .update(catchmentZones)
      .set({ label: 'changé entre-temps', version: 2 })
      .where(eq(catchmentZones.id, 'z-cvo-g10-choisy'));
    const before = await counts();
    const err = await thrown(applyCatchmentImport(database.db, p, { actor: 'test' }));
    expect((err as AppError).code).toBe('IMPORT_STALE');
    expect((err as AppError).details).toMatchObject({ reason: 'stale_plan', zoneId: 'z-cvo-g10-choisy' });
    expect(await counts()).toEqual(before);
  });

  it.each(['csv', 'geojson'] as const)('re-imports its own %s export as a no-op', async (format) => {
    const before = await counts();
    const { content, count: exported } = await exportCatchments(database.db, { format });
    expect(exported).toBe(before.zones);
    const p = await plan(content, true);
    expect(p.errors).toEqual([]);
    expect([p.creates, p.updates, p.deletes, p.conflicts]).toEqual([[], [], [], []]);
    expect(p.unchanged).toHaveLength(exported);
    expect(await applyCatchmentImport(database.db, p, { actor: 'test' })).toEqual({
      created: 0,
      updated: 0,
      deleted: 0,
    });
    expect(await counts()).toEqual(before);
  });

  it('gives French errors with line numbers for bad files', async () => {
    const missing = await plan(
      csvOf(
        [marcoPoloG10],
        CATCHMENT_COLUMNS.filter((c) => c !== 'kind'),
      ),
    );
    expect(missing.errors.map(formatIssue)).toEqual([
      'ligne 1 : colonne(s) obligatoire(s) absente(s) : kind (séparateur détecté : « ; »)',
    ]);

    const bad = await plan(
      csvOf([
        marcoPoloG10,
        { ...marcoPoloG10, zone_id: 'z-2', parity: 'pair' },
        {
          ...marcoPoloG10,
          zone_id: 'z-3',
          kind: 'polygon',
          citycode: undefined,
          street: undefined,
          from: undefined,
          to: undefined,
          parity: undefined,
        },
        { ...marcoPoloG10, zone_id: 'z-4', area_code: '94G99' },
        { ...marcoPoloG10, zone_id: 'z-5', territory_id: 'lyon' },
      ]),
    );
    expect(bad.errors.map(formatIssue)).toEqual([
      'ligne 3 : parité inconnue « pair » (attendu : even, odd, both)',
      'ligne 4 : zone polygon sans géométrie (colonne geometry vide)',
      'ligne 5 : secteur inconnu (territoire « choisy-vlr-orly », code « 94G99 », couche adult) : l’import ne crée pas de secteur',
      'ligne 6 : territoire « lyon » inconnu',
    ]);
    expect(bad.conflicts).toEqual([]);
    await expect(applyCatchmentImport(database.db, bad, { actor: 'test' })).rejects.toMatchObject({
      code: 'IMPORT_INVALID',
    });
  });

  it('asks for area_id when two areas of a territory and layer share a code', async () => {
    const eds: Row = {
      ...provenance,
      zone_id: 'z-test-eds',
      territory_id: 'choisy-vlr-orly',
      area_code: 'EDS',
      layer: 'social',
      kind: 'street',
      label: 'Rue Marco Polo',
      citycode: '94022',
      street: 'Rue Marco Polo',
    };
    const ambiguous = await plan(csvOf([eds]));
    expect(ambiguous.errors.map(formatIssue)[0]).toMatch(
      /^ligne 2 : plusieurs secteurs correspondent .* area_id/,
    );
    const named = await plan(csvOf([{ ...eds, area_id: 'cvo-eds-choisy' }]));
    expect(named.errors).toEqual([]);
    expect(named.creates[0]?.area.id).toBe('cvo-eds-choisy');
    const wrong = await plan(csvOf([{ ...eds, area_id: 'cvo-g10' }]));
    expect(wrong.errors.map(formatIssue)[0]).toMatch(/area_id « cvo-g10 » désigne le secteur 94G10/);
  });
});
