import type { LookupResponse } from '../../../contracts/finder';
import { DemoBadge } from '../../components/ui/badges';
import { telHref } from '../../lib/format';
import { socialServiceKindLabel } from '../../lib/labels';
import { OpeningInfo } from './opening-info';
import { ZoneProvenance } from './zone-provenance';

type SocialService = LookupResponse['socialServices'][number];

export function SocialServicesBlock({
  services,
  hasConflict,
}: {
  services: SocialService[];
  hasConflict: boolean;
}) {
  return (
    <section className="card social" aria-labelledby="social-title">
      <h3 id="social-title" className="card-title">
        Service social
      </h3>
      {services.length === 0 ? (
        <p>
          {hasConflict
            ? 'Plusieurs services sociaux sont possibles pour cette adresse : voir l’avertissement ci-dessus.'
            : 'Aucun service social n’est enregistré pour cette adresse.'}
        </p>
      ) : (
        <ul className="service-list">
          {services.map((service) => (
            <li key={service.id} className="service">
              <p className="site-head">
                <strong className="site-name">{service.name}</strong>
                {service.demo ? (
                  <>
                    {' '}
                    <DemoBadge />
                  </>
                ) : null}
              </p>
              <p className="muted">{socialServiceKindLabel(service.kind)}</p>
              {service.address ? <p>{service.address}</p> : null}
              <p>
                Téléphone :{' '}
                {service.phone ? (
                  <a href={telHref(service.phone)} className="tel-link">
                    {service.phone}
                  </a>
                ) : (
                  'non communiqué'
                )}
              </p>
              <OpeningInfo opening={service.opening} openingHours={service.openingHours} />
              <ZoneProvenance zone={service.zone} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
