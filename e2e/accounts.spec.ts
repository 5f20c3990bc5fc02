import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { Secret, TOTP } from 'otpauth';
import { screenshot, seriousViolations, usePage } from './browser';
import type { E2eCredentials, E2eMail } from './global-setup';

const baseUrl = inject('baseUrl');
const mailboxUrl = inject('mailboxUrl');
const TERRITORY = 'choisy-vlr-orly';

function totpCode(secret: string, timestamp = Date.now()): string {
  return new TOTP({ secret: Secret.fromBase32(secret.replace(/\s+/g, '')) }).generate({ timestamp });
}

/**
 * A TOTP code not used yet: a code is accepted once per 30-second step, and other logins of the run may
 * have used the current step already — waiting for the next one is what a person would do too.
 */
async function freshTotpCode(secret: string, usedSteps: Set<number>): Promise<string> {
  let step = Math.floor(Date.now() / 30_000);
  while (usedSteps.has(step)) {
    await new Promise((resolve) => setTimeout(resolve, (step + 1) * 30_000 - Date.now() + 200));
    step = Math.floor(Date.now() / 30_000);
  }
  usedSteps.add(step);
  return totpCode(secret);
}

interface ApiSession {
  cookie: string;
  csrfToken: string;
}

const coordinatorSteps = new Set<number>();

/** Signs the seeded coordinator in through the API, as the administration pages would. */
async function signInByApi(creds: E2eCredentials): Promise<ApiSession> {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: creds.email, password: creds.password }),
  });
  expect(login.status).toBe(200);
  const first = (await login.json()) as { next: string; csrfToken: string };
  expect(first.next).toBe('second_factor');
  const partial = login.headers.getSetCookie()[0]!.split(';')[0]!;
  const verify = await fetch(`${baseUrl}/api/v1/auth/totp/verify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: partial, 'x-csrf-token': first.csrfToken },
    body: JSON.stringify({ code: await freshTotpCode(creds.totpSecret, coordinatorSteps) }),
  });
  expect(verify.status).toBe(200);
  const { csrfToken } = (await verify.json()) as { csrfToken: string };
  return { cookie: verify.headers.getSetCookie()[0]!.split(';')[0]!, csrfToken };
}

/** The coordinator invites a professional of their own partner to the territory. */
async function invite(session: ApiSession, partnerId: string, email: string, displayName: string) {
  const res = await fetch(`${baseUrl}/api/v1/members/invitations`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      cookie: session.cookie,
      'x-csrf-token': session.csrfToken,
    },
    body: JSON.stringify({
      partnerId,
      email,
      displayName,
      jobTitle: 'Conseillère sociale',
      roles: [{ territoryId: TERRITORY, role: 'partner_professional', infoCategory: 'social' }],
    }),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  expect(((await res.json()) as { mailSent: boolean }).mailSent).toBe(true);
}

/** The e-mail the real SMTP server received for this address (polls: delivery is asynchronous). */
async function mailTo(address: string, subject: RegExp): Promise<E2eMail> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const mails = (await (
      await fetch(`${mailboxUrl}?to=${encodeURIComponent(address)}`)
    ).json()) as E2eMail[];
    const mail = mails.find((m) => subject.test(m.subject));
    if (mail) return mail;
    if (Date.now() > deadline) throw new Error(`no e-mail « ${subject.source} » received`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The first link of the e-mail to this site's `path` (e.g. `/invitation?`). */
function linkIn(mail: E2eMail, path: string): string | undefined {
  const prefix = `${baseUrl}${path}`.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`${prefix}\\S+`).exec(mail.text)?.[0];
}

async function signOut(page: Page) {
  await page
    .getByRole('navigation', { name: 'Compte' })
    .getByRole('button', { name: 'Se déconnecter' })
    .click();
  await page.getByRole('heading', { level: 1, name: 'Se connecter' }).waitFor();
}

describe('an invited professional activates their account, enrols TOTP and accepts the charter', () => {
  const current = usePage();
  let page: Page;
  beforeEach(() => {
    page = current();
  });
  const email = `conseillere-${randomUUID().slice(0, 8)}@choisy.test`;
  const password = 'Trois chats gris traversent la Seine à Choisy';
  const newPassword = 'Le vieux tramway bleu longe la Seine jusqu’à Orly';
  let recoveryCodes: string[] = [];

  it('receives the invitation by e-mail, chooses a password and enrols the second factor', async () => {
    const coordinator = inject('coordinatorCredentials');
    const session = await signInByApi(coordinator);
    await invite(session, coordinator.partnerId, email, 'Inès Invitée');

    const mail = await mailTo(email, /invit/i);
    const link = linkIn(mail, '/invitation?');
    expect(link, 'invitation link in the e-mail').toBeTruthy();

    await page.goto(link!);
    await page.getByRole('heading', { level: 1, name: 'Activer votre compte' }).waitFor();
    const main = page.getByRole('main');
    await expect.poll(() => main.textContent()).toContain('Inès Invitée');
    const text = (await main.textContent()) ?? '';
    expect(text).toContain('Ville de Choisy-le-Roi (e2e)');
    // The address is masked: the link may have been forwarded.
    expect(text).not.toContain(email);
    expect(text).toContain('Au moins 12 caractères');
    await screenshot(page, 'accounts-invitation');

    // The confirmation is checked before anything is sent.
    await page.getByLabel('Nouveau mot de passe', { exact: true }).fill(password);
    await page.getByLabel('Confirmer le mot de passe', { exact: true }).fill(`${password}!`);
    await page.getByRole('button', { name: 'Activer mon compte' }).click();
    await page.getByText('Les deux mots de passe ne sont pas identiques.').waitFor();
    await page.getByLabel('Confirmer le mot de passe', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Activer mon compte' }).click();

    await page.getByRole('heading', { level: 1, name: 'Activer la double authentification' }).waitFor();
    expect(page.url()).toBe(`${baseUrl}/connexion/activer-double-authentification`);
    const qr = page.getByRole('img', { name: /QR code à scanner/ });
    await qr.waitFor();
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    const secret = ((await page.locator('#totp-secret').textContent()) ?? '').replace(/\s+/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const codeField = page.getByRole('textbox', { name: 'Code à 6 chiffres' });
    expect(await codeField.getAttribute('autocomplete')).toBe('one-time-code');
    expect(await codeField.getAttribute('inputmode')).toBe('numeric');
    await screenshot(page, 'accounts-totp-enrolment');
    expect(await seriousViolations(page)).toEqual([]);

    // A wrong code is refused with a French message, announced.
    const wrong = totpCode(secret, Date.now() - 10 * 60_000);
    await codeField.fill(wrong === totpCode(secret) ? '000000' : wrong);
    await page.getByRole('button', { name: 'Activer la double authentification' }).click();
    await page.getByRole('alert').filter({ hasText: 'Code incorrect ou expiré.' }).waitFor();

    await codeField.fill(totpCode(secret));
    await page.getByRole('button', { name: 'Activer la double authentification' }).click();
    await page.getByRole('heading', { level: 1, name: 'Vos codes de secours' }).waitFor();
    const codes = page.getByRole('list', { name: 'Codes de secours' }).getByRole('listitem');
    recoveryCodes = (await codes.allTextContents()).map((c) => c.trim());
    expect(recoveryCodes).toHaveLength(10);
    expect(recoveryCodes[0]).toMatch(/^[0-9A-F]{5}-[0-9A-F]{5}$/);
    await screenshot(page, 'accounts-recovery-codes');
    await page.getByRole('button', { name: 'Je les ai notés' }).click();

    // The charter comes before the account: access to situations stays closed until it is accepted.
    await page.getByRole('heading', { level: 1, name: 'Charte de confidentialité' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/charte');
    await expect.poll(() => main.textContent()).toContain('Charte de confidentialité du CLSM');
    expect(await main.textContent()).toContain('ne copie rien hors de la plateforme');
    await screenshot(page, 'accounts-charter');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'J’ai lu et j’accepte la charte (version 1)' }).click();

    await page.getByRole('heading', { level: 1, name: 'Mon compte' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/compte');
    await expect.poll(() => main.textContent()).toContain('Accès aux situations : ouvert');
    const account = (await main.textContent()) ?? '';
    expect(account).toContain('Inès Invitée');
    expect(account).toContain(email);
    expect(account).toContain('Choisy');
    expect(account).toContain('Professionnel partenaire');
    expect(account).toContain('Professionnel du social');
    expect(account).not.toContain('Accès aux situations : fermé');
    await expect
      .poll(() => page.getByRole('table', { name: 'Vos sessions ouvertes' }).getByRole('row').count())
      .toBeGreaterThan(1);
    expect(
      await page.getByRole('link', { name: 'Télécharger mes données (JSON)' }).getAttribute('href'),
    ).toBe('/api/v1/me/export');
    const menu = page.getByRole('navigation', { name: 'Compte' });
    expect(await menu.textContent()).toContain('Inès Invitée');
    await menu.getByRole('link', { name: 'Mon compte' }).waitFor();
    // A partner professional does not administer anything.
    expect(await menu.getByRole('link', { name: 'Administration' }).count()).toBe(0);
    await screenshot(page, 'accounts-my-account');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('signs out, and back in with the password and a recovery code', async () => {
    await signOut(page);
    expect(
      await page
        .getByRole('navigation', { name: 'Compte' })
        .getByRole('link', { name: 'Se connecter' })
        .count(),
    ).toBe(1);
    // A wrong password first: a French message, announced.
    await page.getByRole('textbox', { name: 'Adresse e-mail' }).fill(email);
    await page.getByLabel('Mot de passe', { exact: true }).fill('pas le bon mot de passe');
    await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'Adresse e-mail ou mot de passe incorrect.' }).waitFor();

    await page.getByLabel('Mot de passe', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Double authentification' }).waitFor();
    const code = page.getByRole('textbox', { name: 'Code à 6 chiffres' });
    expect(await code.getAttribute('autocomplete')).toBe('one-time-code');
    await page.getByRole('button', { name: 'Utiliser un code de secours' }).click();
    await page.getByRole('textbox', { name: 'Code de secours' }).fill(recoveryCodes[3]!);
    await page.getByRole('button', { name: 'Valider le code de secours' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mon compte' }).waitFor();
    await expect.poll(() => page.getByRole('main').textContent()).toContain('Accès aux situations : ouvert');
  });

  it('closes every session from the account page, after confirming', async () => {
    await page.getByRole('button', { name: 'Se déconnecter de tous les appareils' }).click();
    await page.getByRole('button', { name: 'Annuler' }).click();
    await page.getByRole('button', { name: 'Se déconnecter de tous les appareils' }).click();
    await page.getByRole('button', { name: 'Confirmer la déconnexion de tous les appareils' }).click();
    await page.getByRole('heading', { level: 1, name: 'Se connecter' }).waitFor();
    // The account page now asks to sign in, and comes back to it afterwards.
    await page.goto(`${baseUrl}/compte`);
    await page.getByRole('heading', { level: 1, name: 'Se connecter' }).waitFor();
    expect(new URL(page.url()).searchParams.get('retour')).toBe('/compte');
  });

  it('forgets the password, chooses a new one from the e-mailed link and signs in with it', async () => {
    await page.getByRole('link', { name: 'Mot de passe oublié ?' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mot de passe oublié' }).waitFor();
    await page.getByRole('textbox', { name: 'Adresse e-mail' }).fill(email);
    await page.getByRole('button', { name: 'Recevoir un lien' }).click();
    await page.getByText(/Si un compte actif correspond à cette adresse/).waitFor();

    const link = linkIn(await mailTo(email, /mot de passe/i), '/mot-de-passe/nouveau?');
    expect(link, 'reset link in the e-mail').toBeTruthy();
    await page.goto(link!);
    await page.getByRole('heading', { level: 1, name: 'Choisir un nouveau mot de passe' }).waitFor();
    // The server's policy speaks French too: a common password is refused.
    await page.getByLabel('Nouveau mot de passe', { exact: true }).fill('motdepasse123');
    await page.getByLabel('Confirmer le mot de passe', { exact: true }).fill('motdepasse123');
    await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    await page.getByRole('alert').filter({ hasText: 'trop courant' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByLabel('Nouveau mot de passe', { exact: true }).fill(newPassword);
    await page.getByLabel('Confirmer le mot de passe', { exact: true }).fill(newPassword);
    await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    await page.getByText('Votre nouveau mot de passe est enregistré.', { exact: false }).waitFor();
    await page.getByRole('main').getByRole('link', { name: 'Se connecter' }).click();

    await page.getByRole('textbox', { name: 'Adresse e-mail' }).fill(email);
    await page.getByLabel('Mot de passe', { exact: true }).fill(newPassword);
    await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Double authentification' }).waitFor();
    await page.getByRole('button', { name: 'Utiliser un code de secours' }).click();
    await page.getByRole('textbox', { name: 'Code de secours' }).fill(recoveryCodes[4]!);
    await page.getByRole('button', { name: 'Valider le code de secours' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mon compte' }).waitFor();
  });
});

describe('the login page', () => {
  const current = usePage();
  let page: Page;
  beforeEach(() => {
    page = current();
  });

  it('offers e-mail and password with autocomplete, both providers and the forgotten password link', async () => {
    await page.goto(`${baseUrl}/connexion`);
    await page.getByRole('heading', { level: 1, name: 'Se connecter' }).waitFor();
    expect(await page.getByRole('textbox', { name: 'Adresse e-mail' }).getAttribute('autocomplete')).toBe(
      'username',
    );
    expect(await page.getByLabel('Mot de passe', { exact: true }).getAttribute('autocomplete')).toBe(
      'current-password',
    );
    await page.getByRole('link', { name: 'Se connecter avec Pro Santé Connect' }).waitFor();
    await page.getByRole('link', { name: 'Se connecter avec ProConnect' }).waitFor();
    await page.getByRole('link', { name: 'Mot de passe oublié ?' }).waitFor();
    await screenshot(page, 'accounts-login');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('shows a French message for an error code in the address, and nothing from the address itself', async () => {
    await page.goto(`${baseUrl}/connexion?erreur=ACCOUNT_DISABLED`);
    await page
      .getByRole('alert')
      .filter({ hasText: 'Ce compte est désactivé. Contactez le coordinateur de votre territoire.' })
      .waitFor();
    await page.goto(`${baseUrl}/connexion?erreur=${encodeURIComponent('Appelez le 0899 000 000')}`);
    const alert = page.getByRole('alert').filter({ hasText: 'La connexion via le fournisseur' });
    await alert.waitFor();
    expect(await page.getByRole('main').textContent()).not.toContain('0899');
  });

  it('asks for a reset link without saying whether the address has an account', async () => {
    await page.getByRole('link', { name: 'Mot de passe oublié ?' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mot de passe oublié' }).waitFor();
    await page.getByRole('textbox', { name: 'Adresse e-mail' }).fill('personne@inconnu.test');
    await page.getByRole('button', { name: 'Recevoir un lien' }).click();
    await page.getByText(/Si un compte actif correspond à cette adresse/).waitFor();
  });
});

describe('an invited health professional signs in with Pro Santé Connect', () => {
  const current = usePage();
  let page: Page;
  beforeEach(() => {
    page = current();
  });

  async function throughProvider(sub: string, address: string) {
    // The provider remembers who logged in last (its own session cookie): each test is a new person.
    await page.context().clearCookies();
    await page.goto(`${baseUrl}/connexion`);
    await page.getByRole('link', { name: 'Se connecter avec Pro Santé Connect' }).click();
    await page.getByRole('heading', { name: 'Fournisseur d’identité d’essai' }).waitFor();
    await page.getByLabel('Identifiant (sub)').fill(sub);
    await page.getByRole('textbox', { name: 'Adresse e-mail' }).fill(address);
    await page.getByRole('button', { name: 'Se connecter' }).click();
  }

  it('is refused, with the French message, when nobody was invited with that identity', async () => {
    await throughProvider(`psc-${randomUUID()}`, `inconnu-${randomUUID().slice(0, 8)}@sante.test`);
    await page
      .getByRole('alert')
      .filter({ hasText: 'Aucun membre invité ne correspond à cette identité.' })
      .waitFor();
    expect(new URL(page.url()).searchParams.get('erreur')).toBe('OIDC_UNKNOWN_IDENTITY');
    await page
      .getByRole('navigation', { name: 'Compte' })
      .getByRole('link', { name: 'Se connecter' })
      .waitFor();
  });

  it('gets through the provider and lands signed in, the charter still to accept', async () => {
    const coordinator = inject('coordinatorCredentials');
    const email = `psy-${randomUUID().slice(0, 8)}@sante.test`;
    await invite(await signInByApi(coordinator), coordinator.partnerId, email, 'Paul Psychiatre');

    await throughProvider(`psc-${randomUUID()}`, email);
    const menu = page.getByRole('navigation', { name: 'Compte' });
    await menu.getByRole('link', { name: 'Mon compte' }).waitFor();
    expect(await menu.textContent()).toContain('Paul Psychiatre');

    await menu.getByRole('link', { name: 'Mon compte' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mon compte' }).waitFor();
    const main = page.getByRole('main');
    await expect.poll(() => main.textContent()).toContain('Accès aux situations : fermé');
    // The session list says how this session was opened.
    await expect.poll(() => main.textContent()).toContain('Pro Santé Connect');
    await main.getByRole('link', { name: /Lire et accepter la charte/ }).click();
    await page.getByRole('button', { name: 'J’ai lu et j’accepte la charte (version 1)' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mon compte' }).waitFor();
    await expect.poll(() => main.textContent()).toContain('Accès aux situations : ouvert');
  });
});
