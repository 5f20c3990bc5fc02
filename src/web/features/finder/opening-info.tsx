import type { z } from 'zod';
import type { openingStateSchema } from '../../../contracts/finder';
import { OpeningBadge, DemoBadge } from '../../components/ui/badges';
import { describeOpeningHours } from '../../lib/opening-hours';

type OpeningState = z.infer<typeof openingStateSchema>;

interface OpeningInfoProps {
  opening: OpeningState;
  openingHours: string | null;
  isDemo?: boolean;
}

/** « Ouvert maintenant » / « Fermé », the server's sentence, and the weekly hours in French. */
export function OpeningInfo({ opening, openingHours, isDemo }: OpeningInfoProps) {
  const sentences = describeOpeningHours(openingHours);
  return (
    <div className="opening">
      <p className="opening-now">
        <OpeningBadge isOpen={opening.isOpen} /> <span>{opening.text}</span>
      </p>
      {openingHours ? (
        <div className="opening-hours">
          <span className="opening-hours-label">Horaires :</span>{' '}
          {sentences ? (
            sentences.length === 1 ? (
              <span>{sentences[0]}</span>
            ) : (
              <ul className="inline-list">
                {sentences.map((sentence) => (
                  <li key={sentence}>{sentence}</li>
                ))}
              </ul>
            )
          ) : (
            <span>{openingHours}</span>
          )}
          {isDemo ? (
            <>
              {' '}
              <DemoBadge label="Horaires de démonstration" />
            </>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
