import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, type LookupTarget } from '../../lib/api';

export function useLookup(target: LookupTarget | null) {
  return useQuery({
    queryKey: ['lookup', target],
    queryFn: ({ signal }) => {
      if (!target) throw new Error('No lookup target');
      return api.lookup(target, signal);
    },
    enabled: target !== null,
    staleTime: 5 * 60_000,
  });
}

export const MIN_QUERY_LENGTH = 3;

export function useGeocodeSuggestions(query: string) {
  const q = query.trim();
  return useQuery({
    queryKey: ['geocode', q],
    queryFn: ({ signal }) => api.geocode(q, signal),
    enabled: q.length >= MIN_QUERY_LENGTH,
    placeholderData: keepPreviousData,
    staleTime: 10 * 60_000,
    retry: false,
  });
}

export function usePlaces(enabled = true) {
  return useQuery({
    queryKey: ['places'],
    queryFn: ({ signal }) => api.places(signal),
    enabled,
    staleTime: Infinity,
  });
}
