import { useEffect } from 'react';

export const APP_NAME = 'Passerelle';

/** Sets `document.title` to « <page> — Passerelle » (RGAA 8.6: a relevant title per page). */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} — ${APP_NAME}` : APP_NAME;
  }, [title]);
}
