import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api';

export function useMapData() {
  return useQuery({ queryKey: ['map'], queryFn: ({ signal }) => api.map(signal), staleTime: 10 * 60_000 });
}

export function useAppConfig() {
  return useQuery({ queryKey: ['config'], queryFn: ({ signal }) => api.config(signal), staleTime: Infinity });
}
