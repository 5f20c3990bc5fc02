import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { cleanParams, pageFromParam } from './helpers';

/**
 * Filters and page number kept in the URL (shareable, and Back restores them). `draft` is what the form
 * shows; `apply` copies it to the URL and returns to page 1. `cursorKeys` (keyset pagination) are not form
 * fields: applying new filters clears them.
 */
export function useUrlFilters<K extends string>(keys: readonly K[], cursorKeys: readonly K[] = []) {
  const [params, setParams] = useSearchParams();
  const applied = Object.fromEntries(keys.map((k) => [k, params.get(k) ?? ''])) as Record<K, string>;
  const [draft, setDraft] = useState<Record<K, string>>(applied);
  const page = pageFromParam(params.get('page'));

  function write(values: Record<string, string>, nextPage: number) {
    const next = cleanParams(values);
    if (nextPage > 1) next.page = String(nextPage);
    setParams(next);
  }

  return {
    applied,
    draft,
    page,
    setDraftValue: (key: K, value: string) => setDraft((d) => ({ ...d, [key]: value })),
    /** New filters start from the first page: any cursor is dropped. */
    apply: () => {
      const next = { ...draft };
      for (const k of cursorKeys) next[k] = '';
      setDraft(next);
      write(next, 1);
    },
    /** Changes some applied values (a cursor) without touching the form. */
    navigate: (values: Partial<Record<K, string>>) => write({ ...applied, ...values }, 1),
    reset: () => {
      const empty = Object.fromEntries(keys.map((k) => [k, ''])) as Record<K, string>;
      setDraft(empty);
      write(empty, 1);
    },
    setPage: (next: number) => write(applied, next),
  };
}
