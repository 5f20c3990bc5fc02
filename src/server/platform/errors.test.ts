import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../test/app';

describe('bad input never reaches the database as a 500', () => {
  let t: TestApp;
  const logs: string[] = [];
  beforeAll(async () => {
    const stream = new PassThrough();
    stream.on('data', (c: Buffer) => logs.push(c.toString('utf8')));
    t = await buildTestApp('pglite', { LOG_LEVEL: 'info' }, { logStream: stream });
  });
  afterAll(async () => t.close());

  it('refuses a NUL character in a JSON body or a query string with a French 422, logging nothing of it', async () => {
    const body = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'victime.secrete@exemple.test\u0000', password: 'x' },
    });
    expect(body.statusCode).toBe(422);
    expect(body.json().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ message: 'caractère nul interdit' }],
    });
    const query = await t.app.inject({ method: 'GET', url: '/api/v1/geocode?q=rue%00marco' });
    expect(query.statusCode).toBe(422);
    expect(logs.join('')).not.toContain('victime.secrete');
  });
});
