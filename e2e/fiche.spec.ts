import { beforeEach, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { extractText } from 'unpdf';
import { screenshot, seriousViolations, usePage } from './browser';

const baseUrl = inject('baseUrl');

describe('« Fiche réflexe » — a landlord prints the sheet for a building', () => {
  const current = usePage({ width: 1280, height: 900 });
  let page: Page;
  beforeEach(() => {
    page = current();
  });

  it('looks up a Choisy-le-Roi building and gets its one-page PDF from the answer card', async () => {
    await page.goto(`${baseUrl}/`);
    const field = page.getByRole('combobox', { name: 'Adresse du logement' });
    await field.fill('4 rue marco polo choisy');
    await page
      .getByRole('listbox', { name: /Suggestions/ })
      .getByRole('option', { name: /4 Rue Marco Polo 94600 Choisy-le-Roi/ })
      .click();
    await page.getByRole('heading', { level: 3, name: 'Secteur adulte' }).waitFor();

    const link = page.getByRole('link', { name: 'Imprimer la fiche réflexe (PDF)' });
    await link.waitFor();
    const href = await link.getAttribute('href');
    expect(href).toMatch(/^\/api\/v1\/lookup\/fiche\.pdf\?q=/);
    await screenshot(page, 'fiche-link');
    expect(await seriousViolations(page)).toEqual([]);

    // Following the link answers a PDF (headless Chromium downloads it rather than showing it).
    const [followed] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/lookup/fiche.pdf')),
      link.click(),
    ]);
    expect(followed.status()).toBe(200);
    expect(followed.headers()['content-type']).toBe('application/pdf');

    const res = await page.request.get(new URL(href ?? '', baseUrl).toString());
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('application/pdf');
    expect(res.headers()['content-disposition']).toBe('inline; filename="fiche-reflexe-choisy-le-roi.pdf"');
    const body = await res.body();
    expect(body.length).toBeGreaterThan(5_000);
    const { totalPages, text } = await extractText(new Uint8Array(body), { mergePages: true });
    expect(totalPages).toBe(1);
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('4 Rue Marco Polo 94600 Choisy-le-Roi');
    expect(flat).toContain('secteur 94G10');
    expect(flat).toContain('01 48 92 37 61');
    expect(flat).toContain('3114');
    expect(flat).toContain('Données de démonstration');
  });

  it('offers no fiche for a place outside every territory', async () => {
    await page.goto(`${baseUrl}/?lat=48.8606&lon=2.3376`);
    await page.getByText("Ce lieu n'est couvert par aucun territoire de Passerelle.").waitFor();
    expect(await page.getByRole('link', { name: 'Imprimer la fiche réflexe (PDF)' }).count()).toBe(0);
  });
});
