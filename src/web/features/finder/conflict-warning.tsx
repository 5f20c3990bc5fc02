import type { LookupResponse } from '../../../contracts/finder';
import { Alert } from '../../components/ui/alert';
import { layerLabel } from '../../lib/labels';

type Conflict = LookupResponse['conflicts'][number];

/** Two areas claim the address: say it plainly and send people to the coordinator, never guess. */
export function ConflictWarning({ conflict }: { conflict: Conflict }) {
  const candidates = conflict.candidates
    .map((candidate) => `${candidate.code} (${candidate.name})`)
    .join(', ');
  return (
    <Alert tone="warning" title={`Attention — ${layerLabel(conflict.layer)} : plusieurs réponses possibles`}>
      <p>
        Plusieurs secteurs revendiquent cette adresse : {candidates || 'secteurs non précisés'}. Contactez le
        coordinateur du conseil local de santé mentale (CLSM) pour savoir lequel est compétent.
      </p>
      {conflict.message ? <p className="muted">{conflict.message}</p> : null}
    </Alert>
  );
}
