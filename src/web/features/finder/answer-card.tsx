import type { Ref } from 'react';
import type { LookupResponse } from '../../../contracts/finder';
import { Alert } from '../../components/ui/alert';
import { DemoBadge } from '../../components/ui/badges';
import { formatCoordinate } from '../../lib/format';
import { ConflictWarning } from './conflict-warning';
import { FicheLink } from './fiche-link';
import { SectorBlock } from './sector-block';
import { SocialServicesBlock } from './social-services-block';

interface AnswerCardProps {
  answer: LookupResponse;
  /** Name of a place chosen in the fallback list, shown when the lookup was made by coordinates. */
  placeName?: string;
  /** The point that was looked up (map click), shown when there is no address. */
  point?: { lat: number; lon: number };
  /** The heading receives the focus after a search made by the user. */
  headingRef?: Ref<HTMLHeadingElement>;
}

function hasDemoData(answer: LookupResponse): boolean {
  const sectors = [answer.sectors.adult, answer.sectors.child].filter((sector) => sector !== null);
  return (
    Boolean(answer.territory?.demo) ||
    sectors.some(
      (sector) =>
        sector.demo ||
        sector.zone.demo ||
        sector.sites.some((site) => site.provenance.demo || site.openingHoursDemo),
    ) ||
    answer.socialServices.some((service) => service.demo || service.zone.demo)
  );
}

function answerTitle({ answer, placeName, point }: AnswerCardProps): string {
  // A place picked in the list is named better by its own label than by the reverse-geocoded point.
  if (placeName) return placeName;
  if (answer.address) return answer.address.label;
  if (point)
    return `Point choisi (latitude ${formatCoordinate(point.lat)}, longitude ${formatCoordinate(point.lon)})`;
  return 'Lieu choisi';
}

/** The answer to « Où s'adresser ? » for one address: sectors, care sites, social service. */
export function AnswerCard(props: AnswerCardProps) {
  const { answer, headingRef } = props;
  const conflictLayers = new Set(answer.conflicts.map((conflict) => conflict.layer));
  return (
    <section className="answer" aria-labelledby="answer-title">
      <h2 id="answer-title" ref={headingRef} tabIndex={-1} className="answer-title">
        {answerTitle(props)}
      </h2>
      {answer.territory ? (
        <p className="answer-territory">
          <span className="muted-label">Territoire :</span> {answer.territory.name}
          {answer.territory.demo ? (
            <>
              {' '}
              <DemoBadge />
            </>
          ) : null}
        </p>
      ) : null}
      {answer.territory ? <FicheLink answer={answer} point={props.point} /> : null}
      {answer.message ? (
        <Alert tone="info">
          <p>{answer.message}</p>
        </Alert>
      ) : null}
      {hasDemoData(answer) ? (
        <Alert tone="warning" title="Données de démonstration" className="demo-notice">
          <p>
            Les éléments marqués « Données de démonstration » illustrent le fonctionnement de Passerelle : ils
            ne viennent pas d’une source officielle. Vérifiez-les auprès du secteur ou du coordinateur avant
            d’orienter une personne.
          </p>
        </Alert>
      ) : null}
      {answer.conflicts.map((conflict) => (
        <ConflictWarning key={conflict.layer} conflict={conflict} />
      ))}
      {answer.territory ? (
        <div className="answer-grid">
          <SectorBlock kind="adult" sector={answer.sectors.adult} hasConflict={conflictLayers.has('adult')} />
          <SectorBlock kind="child" sector={answer.sectors.child} hasConflict={conflictLayers.has('child')} />
          <SocialServicesBlock services={answer.socialServices} hasConflict={conflictLayers.has('social')} />
        </div>
      ) : null}
    </section>
  );
}
