import { readFile } from 'node:fs/promises';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { Secret, TOTP } from 'otpauth';
import { screenshot, seriousViolations, usePage } from './browser';

const baseUrl = inject('baseUrl');
const coordinator = inject('coordinatorCredentials');

/**
 * The code of the next 30-second step: the server accepts one step of drift and refuses a step already
 * used, and another journey may have used the current one for this account.
 */
function totpCode(secret: string): string {
  return new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({
    timestamp: Date.now() + 30_000,
  });
}

const BUILDINGS = [
  'référence;adresse;gardien',
  'R1;4 rue Marco Polo, Choisy-le-Roi;Loge A',
  'R2;12 rue Imaginaire, Nulle-Part-sur-Mer;Loge B',
].join('\n');

describe('Correspondances — a coordinator completes a landlord’s file of buildings with sectors and offices', () => {
  const current = usePage({ width: 1280, height: 1000 });
  let page: Page;
  beforeEach(() => {
    page = current();
    page.setDefaultTimeout(15_000);
  });

  it('asks a signed-out visitor to sign in', async () => {
    await page.goto(`${baseUrl}/correspondances`);
    await page.getByRole('heading', { level: 1, name: /Correspondances/ }).waitFor();
    const link = page.getByRole('main').getByRole('link', { name: 'Se connecter' });
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe('/connexion?retour=/correspondances');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('signs in with password and TOTP', async () => {
    await page.goto(`${baseUrl}/connexion?retour=%2Fcorrespondances`);
    await page.waitForLoadState('networkidle');
    await page.getByRole('textbox', { name: 'Adresse e-mail' }).fill(coordinator.email);
    await page.getByLabel('Mot de passe', { exact: true }).fill(coordinator.password);
    const login = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login'));
    await page.getByRole('button', { name: 'Se connecter' }).click();
    expect((await login).status()).toBe(200);
    await page.goto(`${baseUrl}/connexion/double-authentification?retour=%2Fcorrespondances`);
    const code = page.getByLabel('Code à 6 chiffres');
    await code.waitFor();
    // Another journey may have just used the same step for this account: then the next step is waited for.
    for (let attempt = 0; attempt < 2; attempt++) {
      await code.fill(totpCode(coordinator.totpSecret));
      await page.getByRole('button', { name: 'Valider' }).click();
      const signedIn = await page
        .waitForURL((url) => !url.pathname.startsWith('/connexion'), { timeout: 5_000 })
        .then(
          () => true,
          () => false,
        );
      if (signedIn) break;
      await page.waitForTimeout(30_000 - (Date.now() % 30_000) + 500);
    }
    expect(new URL(page.url()).pathname.startsWith('/connexion')).toBe(false);
  }, 90_000);

  it('uploads a small CSV, sees the summary and the preview, and downloads the completed file', async () => {
    await page.goto(`${baseUrl}/correspondances`);
    await page.getByRole('heading', { level: 1, name: /Correspondances/ }).waitFor();
    await page.getByLabel('Fichier des immeubles (CSV)').setInputFiles({
      name: 'immeubles.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(BUILDINGS, 'utf8'),
    });
    // The header line is read in the browser: the « adresse » column is chosen by default.
    const column = page.getByLabel('Colonne de l’adresse');
    await column.waitFor();
    expect(await column.inputValue()).toBe('adresse');
    await expect.poll(() => page.getByRole('main').textContent()).toContain('« référence », « adresse »');

    await page.getByRole('button', { name: 'Lancer' }).click();
    await page.getByRole('heading', { level: 2, name: 'Résultat : 2 immeubles' }).waitFor();

    const summary = page.getByRole('table', { name: 'Nombre d’immeubles par résultat' });
    expect(await summary.getByRole('row', { name: /Secteurs trouvés/ }).textContent()).toContain('1');
    expect(await summary.getByRole('row', { name: /Adresse introuvable/ }).textContent()).toContain('1');

    const preview = page.getByRole('table', { name: 'Aperçu du fichier complété' });
    const first = preview.getByRole('row', { name: /R1/ });
    const firstText = (await first.textContent()) ?? '';
    expect(firstText).toContain('94G10');
    expect(firstText).toContain('94I03/04');
    expect(firstText).toContain('Secteurs trouvés');
    await screenshot(page, 'crosswalk-result');
    expect(await seriousViolations(page)).toEqual([]);

    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Télécharger le fichier complété' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^correspondances-\d{4}-\d{2}-\d{2}\.csv$/);
    const path = await file.path();
    const bytes = await readFile(path);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^référence;adresse;gardien;secteur_adulte;/);
    expect(lines[1]).toContain(';94G10;');
    expect(lines[2]).toMatch(/;adresse_introuvable;/);
  });
});
