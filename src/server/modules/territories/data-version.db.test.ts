import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LookupResponse } from '../../../contracts/finder';
import { catchmentZones, changeLog } from '../../db/schema/index';
import { buildTestApp, type TestApp } from '../../test/app';
import { DATABASE_KINDS } from '../../test/databases';

describe.each(DATABASE_KINDS)('reloading data changed by another process on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(kind);
  });
  afterAll(async () => t.close());
  const adultAt = async (lat: number, lon: number) =>
    (
      await t.app.inject({ method: 'GET', url: `/api/v1/lookup?lat=${lat}&lon=${lon}` })
    ).json<LookupResponse>().sectors.adult?.code ?? null;

  it('sees nothing to reload when nothing changed', async () => {
    expect(await t.app.refreshData()).toBe(false);
  });

  it('serves a zone written by another process once the change is seen', async () => {
    expect(await adultAt(48.8717488, 2.3998439)).toBe('75G28');
    // What `passerelle catchments import` does from another process: a zone and its change_log row.
    const db = t.app.database.db;
    await db.insert(catchmentZones).values({
      id: 'z-test-exclusion',
      areaId: 'paris-20-g28',
      mode: 'exclude',
      kind: 'polygon',
      label: 'Exclusion de test',
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [2.39, 48.86],
            [2.41, 48.86],
            [2.41, 48.88],
            [2.39, 48.88],
            [2.39, 48.86],
          ],
        ],
      },
      source: 'test',
      confidence: 'low',
      demo: true,
    });
    await db.insert(changeLog).values({
      entityType: 'catchment_zone',
      entityId: 'z-test-exclusion',
      action: 'create',
      changedBy: 'test',
    });
    expect(await adultAt(48.8717488, 2.3998439)).toBe('75G28');
    expect(await t.app.refreshData()).toBe(true);
    expect(await adultAt(48.8717488, 2.3998439)).toBeNull();
  });
});
