import { beforeEach, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { Secret, TOTP } from 'otpauth';
import { screenshot, seriousViolations, usePage } from './browser';

const baseUrl = inject('baseUrl');
const admin = inject('adminCredentials');

/**
 * The code of the next 30-second step: the server accepts one step of drift and refuses a step already
 * used, and global-setup may have used the current one to enable the second factor.
 */
function totpCode(secret: string): string {
  return new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({
    timestamp: Date.now() + 30_000,
  });
}

describe('Administration — an instance admin invites a member and finds the invitation in the audit log', () => {
  const current = usePage({ width: 1280, height: 1000 });
  let page: Page;
  /** The invited member's id: other journeys on the same server invite people too. */
  let invitedId = '';
  beforeEach(() => {
    page = current();
    page.setDefaultTimeout(15_000);
  });

  it('asks a signed-out visitor to sign in', async () => {
    await page.goto(`${baseUrl}/administration`);
    await page.getByRole('heading', { level: 1, name: 'Administration' }).waitFor();
    const link = page.getByRole('main').getByRole('link', { name: 'Se connecter' });
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe('/connexion?retour=%2Fadministration');
  });

  it('signs in with password and TOTP, then sees the dashboard', async () => {
    await page.goto(`${baseUrl}/connexion?retour=%2Fadministration`);
    // The form is usable once the page knows nobody is signed in.
    await page.waitForLoadState('networkidle');
    await page.getByRole('textbox', { name: 'Adresse e-mail' }).fill(admin.email);
    await page.getByLabel('Mot de passe', { exact: true }).fill(admin.password);
    const login = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login'));
    await page.getByRole('button', { name: 'Se connecter' }).click();
    expect((await login).status()).toBe(200);
    // A fresh load of the second step: it must not depend on what the login page cached.
    await page.goto(`${baseUrl}/connexion/double-authentification?retour=%2Fadministration`);
    const code = page.getByLabel('Code à 6 chiffres');
    await code.waitFor();
    // Another journey may have just used the same step for this account: then the next step is waited for.
    for (let attempt = 0; attempt < 2; attempt++) {
      await code.fill(totpCode(admin.totpSecret));
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

    await page.goto(`${baseUrl}/administration`);
    await page.getByRole('heading', { level: 1, name: 'Administration' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Administration' });
    await nav.getByRole('link', { name: 'Journal d’audit' }).waitFor();
    await expect
      .poll(() => page.getByRole('main').textContent())
      .toContain('Vous administrez toute l’instance.');
    await expect
      .poll(() => page.locator('.admin-tile-count').allTextContents())
      .toEqual([
        expect.stringMatching(/^\d+$/),
        expect.stringMatching(/^\d+$/),
        expect.stringMatching(/^\d+$/),
      ]);
    await screenshot(page, 'admin-dashboard');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('adds a partner on Paris 20e', async () => {
    await page.goto(`${baseUrl}/administration/partenaires`);
    await page.getByRole('link', { name: 'Ajouter un partenaire' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Ajouter un partenaire' }).waitFor();
    // Submitting empty shows the errors, announced and focused.
    await page.getByRole('button', { name: 'Créer le partenaire' }).click();
    const errors = page.getByRole('alert').filter({ hasText: 'Le formulaire n’a pas pu être envoyé' });
    await errors.waitFor();
    expect(await errors.textContent()).toContain('Choisissez au moins un territoire.');

    await page.getByLabel('Nom').fill('Association Les Amis du Télégraphe');
    await page.getByLabel('Type').selectOption({ label: 'Association' });
    await page.getByRole('checkbox', { name: /Paris/ }).check();
    await page.getByRole('button', { name: 'Créer le partenaire' }).click();
    await page.getByRole('status').filter({ hasText: 'a été créé' }).waitFor();
    await page.getByRole('heading', { level: 2, name: /Association Les Amis du Télégraphe/ }).waitFor();
  });

  it('invites a member, who is listed as « Invité »', async () => {
    await page.goto(`${baseUrl}/administration/membres`);
    await page.getByRole('heading', { level: 1, name: 'Membres' }).waitFor();
    await page.getByRole('link', { name: 'Inviter un membre' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Inviter un membre' }).waitFor();
    expect(await page.getByRole('main').textContent()).toContain(
      'Le personnel des bailleurs ne reçoit jamais d’information de santé',
    );

    const partner = page.getByLabel('Partenaire');
    await expect
      .poll(() => partner.locator('option', { hasText: 'Association Les Amis du Télégraphe' }).count())
      .toBe(1);
    await partner.selectOption({ label: 'Association Les Amis du Télégraphe (Association)' });
    await page.getByLabel('Adresse e-mail').fill('claire.martin@amis-telegraphe.example.org');
    await page.getByLabel('Prénom et nom').fill('Claire Martin');
    await page.getByLabel('Fonction').fill('Conseillère sociale');
    const territory = page.getByLabel('Territoire');
    const paris = await territory.locator('option', { hasText: 'Paris' }).getAttribute('value');
    await territory.selectOption(paris ?? '');
    await page
      .getByLabel('Rôle (obligatoire)', { exact: true })
      .selectOption({ label: 'Professionnel partenaire' });
    await page.getByLabel('Catégorie d’information').selectOption({ label: 'Professionnel du social' });
    await page.getByRole('button', { name: 'Envoyer l’invitation' }).click();

    await page.waitForURL(`${baseUrl}/administration/membres`);
    await page.getByRole('status').filter({ hasText: 'Claire Martin' }).waitFor();
    const row = page.getByRole('row', { name: /Claire Martin/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('Invité');
    expect(await row.textContent()).toContain('Association Les Amis du Télégraphe');
    invitedId =
      (await row.getByRole('link', { name: 'Claire Martin' }).getAttribute('href'))?.split('/').pop() ?? '';
    expect(invitedId).toMatch(/^[0-9a-f-]{36}$/);

    // The « Invité » filter keeps her in the list.
    await page.getByLabel('État du compte').selectOption({ label: 'Invité (compte non activé)' });
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await page.waitForURL(/statut=invited/);
    // Only her: the admin who invited her is active.
    await page
      .getByRole('status')
      .filter({ hasText: /^1 membre$/ })
      .waitFor();
    await page.getByRole('row', { name: /Claire Martin/ }).waitFor();
    await screenshot(page, 'admin-members');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('finds the invitation in the audit log, with a CSV export of the same filters', async () => {
    await page.goto(`${baseUrl}/administration/journal`);
    await page.getByRole('heading', { level: 1, name: 'Journal d’audit' }).waitFor();
    await page
      .getByRole('cell', { name: /Invitation d’un membre/ })
      .first()
      .waitFor();

    await page.getByLabel('Action').selectOption('member.invite');
    await page.getByLabel('Identifiant de l’objet').fill(invitedId);
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await page.waitForURL(/action=member\.invite/);
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'événement' }).textContent())
      .toBe('1 événement');
    const row = page.getByRole('row', { name: /Invitation d’un membre/ });
    expect(await row.textContent()).toContain('Membre');
    expect(await row.textContent()).toContain('Effectué');
    const exportLink = page.getByRole('link', { name: /Exporter en CSV/ });
    expect(await exportLink.getAttribute('href')).toBe(
      `/api/v1/audit/export.csv?action=member.invite&subjectId=${invitedId}`,
    );
    await screenshot(page, 'admin-audit');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('opens the invited member’s page, sends the invitation again and disables the account', async () => {
    await page.goto(`${baseUrl}/administration/membres?statut=invited`);
    await page.getByRole('link', { name: 'Claire Martin' }).click();
    await page.getByRole('heading', { level: 2, name: /Claire Martin/ }).waitFor();
    await page.getByRole('button', { name: 'Renvoyer l’invitation' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /invitation a été (envoyée|renouvelée)/ })
      .waitFor();

    await page.getByRole('button', { name: 'Désactiver le compte' }).click();
    const dialog = page.getByRole('dialog', { name: /Désactiver le compte de Claire Martin/ });
    await dialog.waitFor();
    await dialog.getByLabel('Motif').fill('Départ de la structure');
    await dialog.getByRole('button', { name: 'Désactiver' }).click();
    await page.getByRole('status').filter({ hasText: 'Le compte a été désactivé' }).waitFor();
    await expect.poll(() => page.getByRole('main').textContent()).toContain('motif : Départ de la structure');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('records a convention with its signed PDF, then revokes it after confirmation', async () => {
    await page.goto(`${baseUrl}/administration/conventions`);
    await page.getByRole('button', { name: 'Enregistrer une convention' }).click();
    const form = page.getByRole('form', { name: 'Enregistrer une convention' });
    const partner = form.getByLabel('Partenaire (obligatoire)');
    await expect.poll(() => partner.locator('option', { hasText: 'Les Amis du Télégraphe' }).count()).toBe(1);
    await partner.selectOption({ label: 'Association Les Amis du Télégraphe' });
    const territory = form.getByLabel('Territoire (obligatoire)');
    await territory.selectOption(
      (await territory.locator('option', { hasText: 'Paris' }).getAttribute('value')) ?? '',
    );
    await form.getByLabel('Titre (obligatoire)').fill('Convention CLSM Paris 20e 2026-2028');
    await form.getByLabel('Début (obligatoire)').fill('2026-01-01');
    await form.getByLabel('Fin (obligatoire)').fill('2028-12-31');
    await form.getByLabel('Document signé').setInputFiles({
      name: 'convention-signée.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'),
    });
    await form.getByRole('button', { name: 'Enregistrer la convention' }).click();
    await page.getByRole('status').filter({ hasText: 'est enregistrée' }).waitFor();
    const row = page.getByRole('row', { name: /Convention CLSM Paris 20e 2026-2028/ });
    await expect.poll(() => row.textContent()).toContain('En cours');
    const download = row.getByRole('link', { name: /Télécharger/ });
    expect(await download.getAttribute('href')).toMatch(
      /^\/api\/v1\/admin\/conventions\/[0-9a-f-]{36}\/document$/,
    );
    await screenshot(page, 'admin-conventions');
    expect(await seriousViolations(page)).toEqual([]);

    await row.getByRole('button', { name: /Révoquer/ }).click();
    const dialog = page.getByRole('dialog', { name: /Révoquer/ });
    await dialog.getByRole('button', { name: 'Révoquer la convention' }).click();
    await page.getByRole('status').filter({ hasText: 'est révoquée' }).waitFor();
    await expect.poll(() => row.textContent()).toContain('Révoquée');
  });

  it('publishes a new charter version after a warning and a confirmation', async () => {
    await page.goto(`${baseUrl}/administration/charte`);
    const territory = page.getByLabel('Territoire');
    // Paris 20e, where the seeded accounts hold no role: a new version would make them accept it again.
    await territory.selectOption(
      (await territory.locator('option', { hasText: 'Paris' }).getAttribute('value')) ?? '',
    );
    await page.getByRole('button', { name: 'Rédiger une nouvelle version' }).click();
    await page.getByText('Chaque membre devra accepter la charte à nouveau').waitFor();
    await page
      .getByLabel('Texte (obligatoire)')
      .fill('Article 1 — Secret partagé.\n\nArticle 2 — Seul le nécessaire.');
    await expect
      .poll(() => page.getByRole('region', { name: 'Aperçu' }).textContent())
      .toContain('Article 2 — Seul le nécessaire.');
    await page.getByRole('button', { name: 'Publier cette version' }).click();
    await page
      .getByRole('dialog', { name: /Publier la nouvelle charte/ })
      .getByRole('button', { name: 'Publier' })
      .click();
    await page
      .getByRole('status')
      .filter({ hasText: /La version \d+ de la charte est publiée/ })
      .waitFor();
    await page.getByRole('table', { name: /Versions de la charte/ }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });
});
