import type { TerritoriesResponse } from '../../../contracts/territories';
import { Alert } from '../../components/ui/alert';
import { DemoBadge } from '../../components/ui/badges';
import { Loading } from '../../components/ui/loading';
import { errorMessage } from '../../lib/api';
import { formatDate } from '../../lib/format';
import { CONFIDENCE_LABELS, SECTOR_KIND_LABELS, socialServiceKindLabel } from '../../lib/labels';
import { useDocumentTitle } from '../../lib/use-document-title';
import { useTerritories } from './queries';

type Territory = TerritoriesResponse['territories'][number];

export function TerritoriesPage() {
  useDocumentTitle('Territoires');
  const territories = useTerritories();
  return (
    <div className="page">
      <h1>Territoires</h1>
      <p className="lead">
        Les territoires couverts par Passerelle, leurs secteurs de psychiatrie et leurs services sociaux, avec
        la source de chaque découpage.
      </p>
      <Alert tone="info" title="À propos des « Données de démonstration »">
        <p>
          Faute de source publique, certains secteurs et périmètres sont illustratifs. Ils sont marqués «
          Données de démonstration » et ne doivent pas servir à orienter une personne sans vérification.
        </p>
      </Alert>
      {territories.isPending ? <Loading label="Chargement des territoires…" /> : null}
      {territories.isError ? (
        <Alert tone="error">
          <p>{errorMessage(territories.error)}</p>
        </Alert>
      ) : null}
      {territories.data?.territories.length === 0 ? <p>Aucun territoire n’est encore enregistré.</p> : null}
      {territories.data?.territories.map((territory) => (
        <TerritorySection key={territory.id} territory={territory} />
      ))}
    </div>
  );
}

function TerritorySection({ territory }: { territory: Territory }) {
  const headingId = `territoire-${territory.id}`;
  return (
    <section className="card territory" aria-labelledby={headingId}>
      <h2 id={headingId} className="card-title">
        {territory.name}
        {territory.demo ? (
          <>
            {' '}
            <DemoBadge />
          </>
        ) : null}
      </h2>
      <p className="muted">
        Codes INSEE couverts : {territory.citycodes.length > 0 ? territory.citycodes.join(', ') : 'aucun'}
      </p>
      <p>
        Télécharger les zones de compétence :{' '}
        <a
          href={`/api/v1/catchments/export?format=geojson&territory=${encodeURIComponent(territory.id)}`}
          download
        >
          GeoJSON<span className="sr-only"> — {territory.name}</span>
        </a>{' '}
        ·{' '}
        <a
          href={`/api/v1/catchments/export?format=csv&territory=${encodeURIComponent(territory.id)}`}
          download
        >
          CSV<span className="sr-only"> — {territory.name}</span>
        </a>
      </p>
      <h3 className="subheading">Secteurs de psychiatrie</h3>
      {territory.sectors.length === 0 ? (
        <p>Aucun secteur enregistré.</p>
      ) : (
        <div className="table-wrapper" role="region" aria-label={`Secteurs — ${territory.name}`} tabIndex={0}>
          <table className="table">
            <caption className="sr-only">Secteurs de psychiatrie du territoire {territory.name}</caption>
            <thead>
              <tr>
                <th scope="col">Code</th>
                <th scope="col">Public</th>
                <th scope="col">Nom et établissement</th>
                <th scope="col" className="numeric">
                  Zones
                </th>
                <th scope="col" className="numeric">
                  Lieux de soins
                </th>
                <th scope="col">Source</th>
                <th scope="col">Démonstration</th>
              </tr>
            </thead>
            <tbody>
              {territory.sectors.map((sector) => {
                const verifiedAt = formatDate(sector.provenance.verifiedAt);
                return (
                  <tr key={sector.id}>
                    <th scope="row" className="code-cell">
                      {sector.code}
                    </th>
                    <td>{SECTOR_KIND_LABELS[sector.kind]}</td>
                    <td>
                      {sector.name}
                      <br />
                      <span className="muted">{sector.establishment}</span>
                    </td>
                    <td className="numeric">{sector.zoneCount}</td>
                    <td className="numeric">{sector.siteCount}</td>
                    <td>
                      {sector.provenance.sourceUrl ? (
                        <a href={sector.provenance.sourceUrl} target="_blank" rel="noreferrer">
                          {sector.provenance.source}
                          <span className="sr-only"> (nouvelle fenêtre)</span>
                        </a>
                      ) : (
                        sector.provenance.source
                      )}
                      <br />
                      <span className="muted">
                        {verifiedAt ? `Vérifié le ${verifiedAt}` : 'Date de vérification inconnue'} ·
                        fiabilité {CONFIDENCE_LABELS[sector.provenance.confidence]}
                      </span>
                    </td>
                    <td>{sector.demo || sector.provenance.demo ? <DemoBadge /> : 'Non'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <h3 className="subheading">Services sociaux</h3>
      {territory.socialServices.length === 0 ? (
        <p>Aucun service social enregistré.</p>
      ) : (
        <ul className="plain-list">
          {territory.socialServices.map((service) => (
            <li key={service.id}>
              {service.name} <span className="muted">({socialServiceKindLabel(service.kind)})</span>
              {service.demo ? (
                <>
                  {' '}
                  <DemoBadge />
                </>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
