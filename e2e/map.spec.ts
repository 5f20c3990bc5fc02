import { beforeEach, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, seriousViolations, usePage } from './browser';

const baseUrl = inject('baseUrl');
const PADDING = 24; // fitBoundsOptions of the map page

const mercX = (lon: number) => (lon + 180) / 360;
const mercY = (lat: number) => {
  const s = Math.sin((lat * Math.PI) / 180);
  return 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI);
};

/** Where a lon/lat falls on the canvas once the map has fitted the data's bounding box. */
function pixelOf(
  bbox: number[],
  box: { x: number; y: number; width: number; height: number },
  lon: number,
  lat: number,
) {
  const [minLon, minLat, maxLon, maxLat] = bbox as [number, number, number, number];
  const x0 = mercX(minLon),
    x1 = mercX(maxLon),
    y0 = mercY(maxLat),
    y1 = mercY(minLat);
  const scale = Math.min((box.width - 2 * PADDING) / (x1 - x0), (box.height - 2 * PADDING) / (y1 - y0));
  return {
    x: box.x + box.width / 2 + (mercX(lon) - (x0 + x1) / 2) * scale,
    y: box.y + box.height / 2 + (mercY(lat) - (y0 + y1) / 2) * scale,
  };
}

describe('Carte — a social worker clicks on the map', () => {
  const current = usePage({ width: 1280, height: 1000 });
  let page: Page;
  beforeEach(() => {
    page = current();
  });

  it('clicks in Charonne (Paris 20e) then in Choisy-le-Roi and gets each time the competent sectors', async () => {
    const map = (await (await fetch(`${baseUrl}/api/v1/map`)).json()) as { bbox: number[] };
    await page.goto(`${baseUrl}/carte`);
    await page.getByRole('heading', { level: 1, name: 'Carte des secteurs' }).waitFor();
    const canvas = page.locator('canvas.maplibregl-canvas');
    await canvas.waitFor();
    await page.waitForTimeout(500); // let the map fit its bounds
    const box = (await canvas.boundingBox())!;

    const charonne = pixelOf(map.bbox, box, 2.4074078, 48.858564);
    await page.mouse.click(charonne.x, charonne.y);
    await expect.poll(() => page.getByRole('main').textContent(), { timeout: 10_000 }).toContain('75G29');
    expect(page.url()).toMatch(/lat=48\.8/);

    const choisy = pixelOf(map.bbox, box, 2.4093323, 48.7665452);
    await page.mouse.click(choisy.x, choisy.y);
    await expect.poll(() => page.getByRole('main').textContent(), { timeout: 10_000 }).toContain('94I03/04');
    await screenshot(page, 'map-choisy');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('lists the zones in a table as a text alternative to the map', async () => {
    await page.goto(`${baseUrl}/carte`);
    await page.getByRole('heading', { name: 'Zones affichées sur la carte' }).waitFor();
    expect(await page.getByRole('main').textContent()).toContain('z-p20-g28-saintfargeau');
  });
});

describe('Tester une adresse — the coordinator checks why a sector was chosen', () => {
  const current = usePage({ width: 1280, height: 1000 });
  let page: Page;
  beforeEach(() => {
    page = current();
  });

  it('tests coordinates and sees the matched zone with its reason and provenance', async () => {
    await page.goto(`${baseUrl}/admin/tester`);
    await page.getByRole('textbox', { name: 'Latitude' }).fill('48.8717488');
    await page.getByRole('textbox', { name: 'Longitude' }).fill('2.3998439');
    await page.getByRole('button', { name: 'Tester les coordonnées' }).click();
    await expect.poll(() => page.getByRole('main').textContent()).toContain('75G28 est compétent');
    expect(await page.getByRole('main').textContent()).toContain('Zone trouvée');
    await screenshot(page, 'tester');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('shows the territories with their sectors and demo labels, accessibly', async () => {
    await page.goto(`${baseUrl}/territoires`);
    await page.getByRole('heading', { level: 1, name: 'Territoires' }).waitFor();
    const text = (await page.getByRole('main').textContent()) ?? '';
    expect(text).toContain('Choisy-le-Roi / Villeneuve-le-Roi / Orly');
    expect(text).toContain('75G27');
    expect(await seriousViolations(page)).toEqual([]);
  });
});
