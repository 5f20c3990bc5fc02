import type { CareSite } from '../../../contracts/finder';
import { DemoBadge, Tag } from '../../components/ui/badges';
import { joinAddress, telHref } from '../../lib/format';
import { SITE_PUBLIC_LABELS, siteKindDescription, siteKindLabel } from '../../lib/labels';
import { OpeningInfo } from './opening-info';

export function SiteItem({ site }: { site: CareSite }) {
  const place = joinAddress([site.address, [site.postcode, site.city].filter(Boolean).join(' ')]);
  const label = siteKindLabel(site.kind);
  const description = siteKindDescription(site.kind);
  return (
    <li className="site">
      <p className="site-head">
        <Tag title={description === label ? undefined : description}>{label}</Tag>{' '}
        <strong className="site-name">{site.name}</strong>
        {site.provenance.demo ? (
          <>
            {' '}
            <DemoBadge />
          </>
        ) : null}
      </p>
      <p className="site-public">Public : {SITE_PUBLIC_LABELS[site.public] ?? site.public}</p>
      {place ? <p className="site-address">{place}</p> : null}
      <p className="site-phone">
        Téléphone :{' '}
        {site.phone ? (
          <a href={telHref(site.phone)} className="tel-link">
            {site.phone}
          </a>
        ) : (
          'non communiqué'
        )}
      </p>
      <OpeningInfo opening={site.opening} openingHours={site.openingHours} isDemo={site.openingHoursDemo} />
    </li>
  );
}
