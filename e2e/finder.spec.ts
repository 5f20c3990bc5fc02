import { beforeEach, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, seriousViolations, usePage } from './browser';

const baseUrl = inject('baseUrl');

describe('« Où s’adresser ? » — a landlord looks up a tenant’s address', () => {
  const current = usePage({ width: 1280, height: 900 });
  let page: Page;
  beforeEach(() => {
    page = current();
  });

  it('types a Choisy-le-Roi address, picks the suggestion and gets both sectors with their sites', async () => {
    await page.goto(`${baseUrl}/`);
    await page.getByRole('heading', { level: 1, name: 'Où s’adresser ?' }).waitFor();
    const field = page.getByRole('combobox', { name: 'Adresse du logement' });
    await field.fill('4 rue marco polo choisy');
    const listbox = page.getByRole('listbox', { name: /Suggestions/ });
    await listbox.getByRole('option', { name: /4 Rue Marco Polo 94600 Choisy-le-Roi/ }).click();

    await page.getByRole('heading', { level: 3, name: 'Secteur adulte' }).waitFor();
    const main = page.getByRole('main');
    await expect.poll(() => main.textContent()).toContain('94G10');
    const text = (await main.textContent()) ?? '';
    expect(text).toContain('94I03/04');
    expect(text).toContain('CMP adultes André Bragas (94G10)');
    expect(text).toContain('01 48 92 37 61');
    expect(text).toMatch(/GHT Psy Sud Paris/);
    await expect.poll(() => page.getByText('Données de démonstration').count()).toBeGreaterThan(0);
    const emergency = page.getByRole('complementary', { name: 'En cas d’urgence' });
    expect(await emergency.getByRole('link', { name: /^3114/ }).getAttribute('href')).toBe('tel:3114');
    expect(page.url()).toContain('q=');
    await screenshot(page, 'finder-choisy');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('submits a typed Paris 20e address with the search button and sees its demo adult sector', async () => {
    await page.goto(`${baseUrl}/`);
    const field = page.getByRole('combobox', { name: 'Adresse du logement' });
    await field.fill('9 rue du Télégraphe, Paris');
    await page.getByRole('button', { name: 'Chercher' }).click();
    await page.getByRole('heading', { level: 3, name: 'Secteur adulte' }).waitFor();
    await expect.poll(() => page.getByRole('main').textContent()).toContain('75G28');
    expect(await page.getByRole('main').textContent()).toContain('CMP adultes du Télégraphe (secteur 28)');
  });

  it('falls back to the list of places when the address is unknown, with a French message', async () => {
    await page.goto(`${baseUrl}/`);
    await page.getByRole('combobox', { name: 'Adresse du logement' }).fill('zzkq wxyv plorf');
    await page.keyboard.press('Enter');
    const alert = page.getByRole('alert').filter({ hasText: 'Adresse introuvable' });
    await alert.waitFor();
    await page.getByLabel('Choisir une commune ou un quartier').selectOption({ label: 'Orly' });
    await page.getByRole('button', { name: 'Voir ce lieu' }).click();
    await expect.poll(() => page.getByRole('main').textContent()).toContain('94I03/04');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('keeps the emergency numbers and the guidance visible before any search', async () => {
    await page.goto(`${baseUrl}/`);
    const box = page.getByRole('complementary', { name: 'En cas d’urgence' });
    await box.waitFor();
    for (const n of ['15', '112', '3114']) {
      expect(await box.getByRole('link', { name: new RegExp(`^${n}`) }).getAttribute('href')).toBe(
        `tel:${n}`,
      );
    }
  });
});
