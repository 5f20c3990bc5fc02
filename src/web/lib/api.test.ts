import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { ApiError, getJson, INVALID_RESPONSE_MESSAGE, NETWORK_ERROR_MESSAGE, toApiError } from './api';

function respond(status: number, body: unknown) {
  return vi.fn(async () => new Response(JSON.stringify(body), { status }));
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('toApiError', () => {
  it('keeps the French message, the code and the request id of an error body', () => {
    const error = toApiError(404, {
      error: { code: 'ADDRESS_NOT_FOUND', message: 'Adresse introuvable.', requestId: 'req-1' },
    });
    expect(error).toMatchObject({ status: 404, code: 'ADDRESS_NOT_FOUND', message: 'Adresse introuvable.' });
    expect(error.requestId).toBe('req-1');
  });

  it('falls back to a French message when the body is not an error body', () => {
    expect(toApiError(502, '<html>Bad gateway</html>').message).toMatch(/indisponible/);
  });
});

describe('getJson', () => {
  const schema = z.object({ ok: z.boolean() });

  it('returns the parsed body and builds the query string without empty parameters', async () => {
    const fetchMock = respond(200, { ok: true, extra: 1 });
    vi.stubGlobal('fetch', fetchMock);
    await expect(getJson('/thing', schema, { q: 'a b', lat: undefined, lon: '' })).resolves.toEqual({
      ok: true,
    });
    expect(fetchMock).toHaveBeenCalledWith('/api/v1/thing?q=a+b', expect.anything());
  });

  it('throws an ApiError with the server message on an error status', async () => {
    vi.stubGlobal(
      'fetch',
      respond(503, {
        error: { code: 'GEOCODER_UNAVAILABLE', message: 'Le service ne répond pas.', requestId: 'r' },
      }),
    );
    await expect(getJson('/lookup', schema)).rejects.toMatchObject({
      status: 503,
      code: 'GEOCODER_UNAVAILABLE',
      message: 'Le service ne répond pas.',
    });
  });

  it('turns a network failure into a French ApiError', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('Failed to fetch');
      }),
    );
    const error = await getJson('/lookup', schema).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toBe(NETWORK_ERROR_MESSAGE);
  });

  it('rejects a body that does not match the contract', async () => {
    vi.stubGlobal('fetch', respond(200, { ok: 'yes' }));
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await expect(getJson('/thing', schema)).rejects.toMatchObject({
      code: 'INVALID_RESPONSE',
      message: INVALID_RESPONSE_MESSAGE,
    });
  });
});
