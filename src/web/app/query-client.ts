import { QueryClient } from '@tanstack/react-query';
import { ApiError } from '../lib/api';

/** Client errors and « geocoder unavailable » are answers, not glitches: retrying them only delays the message. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError && (error.status === 0 || error.status >= 500) && error.status !== 503) {
    return failureCount < 1;
  }
  return false;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: shouldRetry, refetchOnWindowFocus: false, staleTime: 60_000 },
    },
  });
}
