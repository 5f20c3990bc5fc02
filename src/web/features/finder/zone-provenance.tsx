import type { z } from 'zod';
import type { matchedZoneSchema } from '../../../contracts/finder';
import { DemoBadge } from '../../components/ui/badges';
import { formatDate } from '../../lib/format';
import { zoneKindLabel } from '../../lib/labels';

type MatchedZone = z.infer<typeof matchedZoneSchema>;

/** Why this area answers for the address, and where that fact comes from. */
export function ZoneProvenance({ zone }: { zone: MatchedZone }) {
  const verifiedAt = formatDate(zone.verifiedAt ?? zone.provenance.verifiedAt);
  const sourceUrl = zone.provenance.sourceUrl;
  return (
    <div className="provenance">
      <p>
        <span className="provenance-label">Zone de compétence :</span> {zone.label} (
        {zoneKindLabel(zone.kind)}){zone.reason ? <> — {zone.reason}</> : null}
      </p>
      <p>
        Source :{' '}
        {sourceUrl ? (
          <a href={sourceUrl} rel="noreferrer" target="_blank">
            {zone.source}
            <span className="sr-only"> (nouvelle fenêtre)</span>
          </a>
        ) : (
          zone.source
        )}{' '}
        — {verifiedAt ? `vérifié le ${verifiedAt}` : 'date de vérification inconnue'}
        {zone.demo ? (
          <>
            {' '}
            <DemoBadge />
          </>
        ) : null}
      </p>
    </div>
  );
}
