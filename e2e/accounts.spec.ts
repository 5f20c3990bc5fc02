import { describe, expect, inject, it } from 'vitest';
import { TOTP } from 'otpauth';

const baseUrl = inject('baseUrl');

describe('accounts — seeded members', () => {
  it('the instance admin signs in with a password and a TOTP code', async () => {
    const creds = inject('adminCredentials');
    const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: creds.email, password: creds.password }),
    });
    expect(login.status).toBe(200);
    const { next, csrfToken } = (await login.json()) as { next: string; csrfToken: string };
    expect(next).toBe('second_factor');
    const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
    const code = new TOTP({ secret: creds.totpSecret }).generate();
    const verify = await fetch(`${baseUrl}/api/v1/auth/totp/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      body: JSON.stringify({ code }),
    });
    expect(verify.status).toBe(200);
  });
});
