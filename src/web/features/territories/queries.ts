import { useQuery } from '@tanstack/react-query';
import { api, type LookupTarget } from '../../lib/api';

export function useTerritories() {
  return useQuery({
    queryKey: ['territories'],
    queryFn: ({ signal }) => api.territories(signal),
    staleTime: 5 * 60_000,
  });
}

export function useExplain(target: LookupTarget | null) {
  return useQuery({
    queryKey: ['explain', target],
    queryFn: ({ signal }) => {
      if (!target) throw new Error('No target');
      return api.explain(target, signal);
    },
    enabled: target !== null,
    staleTime: 0,
  });
}
