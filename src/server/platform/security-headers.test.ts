import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../test/app';
import { computeSecurityHeaders } from './security-headers';

describe('security headers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp('pglite', { TILE_URL: 'https://tiles.example.org/{z}/{x}/{y}.png' });
  });
  afterAll(async () => t.close());

  it.each([
    ['an answer', '/api/health', 200],
    ['a 404', '/api/v1/nothing-here', 404],
    ['a refused request', '/api/v1/lookup?lat=abc&lon=2', 422],
  ])('are sent with %s', async (_what, url, status) => {
    const res = await t.app.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(status);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'self'");
    // The configured tile server is allowed for images and fetches, nothing else.
    expect(csp).toMatch(/img-src 'self' data: blob: https:\/\/tiles\.example\.org/);
    expect(csp).toMatch(/connect-src 'self' https:\/\/tiles\.example\.org/);
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('refuses an invalid Helmet configuration at start-up instead of serving without headers', () => {
    expect(() =>
      computeSecurityHeaders({ contentSecurityPolicy: { directives: { defaultSrc: ['self'] } } }),
    ).toThrow();
  });
});
