import type { SectorResult } from '../../../contracts/finder';
import { DemoBadge } from '../../components/ui/badges';
import { SECTOR_BLOCK_TITLES } from '../../lib/labels';
import { SiteItem } from './site-item';
import { ZoneProvenance } from './zone-provenance';

interface SectorBlockProps {
  kind: 'adult' | 'child';
  sector: SectorResult | null;
  hasConflict: boolean;
}

export function SectorBlock({ kind, sector, hasConflict }: SectorBlockProps) {
  const title = SECTOR_BLOCK_TITLES[kind];
  const headingId = `sector-${kind}-title`;
  return (
    <section className="card sector" aria-labelledby={headingId}>
      <h3 id={headingId} className="card-title">
        {title}
      </h3>
      {sector ? (
        <>
          <p className="sector-identity">
            <span className="sector-code">{sector.code}</span>
            {sector.demo ? (
              <>
                {' '}
                <DemoBadge />
              </>
            ) : null}
          </p>
          <p className="sector-name">{sector.name}</p>
          <p className="sector-establishment">
            <span className="muted-label">Établissement :</span> {sector.establishment.name}
          </p>
          <ZoneProvenance zone={sector.zone} />
          <h4 className="subheading">Lieux de soins</h4>
          {sector.sites.length > 0 ? (
            <ul className="site-list">
              {sector.sites.map((site) => (
                <SiteItem key={site.id} site={site} />
              ))}
            </ul>
          ) : (
            <p>Aucun lieu de soins n’est enregistré pour ce secteur.</p>
          )}
        </>
      ) : hasConflict ? (
        <p>Plusieurs secteurs sont possibles pour cette adresse : voir l’avertissement ci-dessus.</p>
      ) : (
        <p>
          Aucun {kind === 'adult' ? 'secteur adulte' : 'secteur enfants et adolescents'} n’est enregistré pour
          cette adresse. Contactez le coordinateur du conseil local de santé mentale (CLSM).
        </p>
      )}
    </section>
  );
}
