import { Link } from 'react-router';
import { PARTNER_TYPE_LABELS, PARTNER_TYPES } from '../../../contracts/access';
import { formatDate } from '../../lib/format';
import { usePartners } from './queries';
import {
  AdminPage,
  FilterActions,
  Pagination,
  QueryFeedback,
  ResultCount,
  SelectField,
  StatusBadge,
  TextField,
  type AdminContext,
} from './ui';
import { useUrlFilters } from './use-url-filters';

const PAGE_SIZE = 25;
const FILTER_KEYS = ['q', 'type', 'territoire', 'archives'] as const;

export function PartnersPage() {
  return (
    <AdminPage
      title="Partenaires"
      lead={
        <p>
          Les organisations partenaires (bailleurs, secteurs de psychiatrie, services sociaux…) et leurs
          territoires.
        </p>
      }
    >
      {(ctx) => <PartnerList ctx={ctx} />}
    </AdminPage>
  );
}

function PartnerList({ ctx }: { ctx: AdminContext }) {
  const filters = useUrlFilters(FILTER_KEYS);
  const { applied, draft, page } = filters;
  const partners = usePartners({
    q: applied.q,
    type: applied.type,
    territoryId: applied.territoire,
    archived: applied.archives || 'active',
    page,
    pageSize: PAGE_SIZE,
  });
  const territoryOptions = ctx.territoryIds.map((id) => ({ value: id, label: ctx.territoryName(id) }));

  return (
    <>
      <p>
        <Link to="/administration/partenaires/nouveau" className="button button-primary">
          Ajouter un partenaire
        </Link>
      </p>
      <form
        className="card admin-filters"
        role="search"
        aria-label="Filtrer les partenaires"
        onSubmit={(event) => {
          event.preventDefault();
          filters.apply();
        }}
      >
        <TextField
          id="partenaires-q"
          label="Rechercher"
          hint="Nom, SIRET ou FINESS"
          type="search"
          value={draft.q}
          onChange={(v) => filters.setDraftValue('q', v)}
        />
        <SelectField
          id="partenaires-type"
          label="Type"
          value={draft.type}
          emptyLabel="Tous les types"
          options={PARTNER_TYPES.map((t) => ({ value: t, label: PARTNER_TYPE_LABELS[t] }))}
          onChange={(v) => filters.setDraftValue('type', v)}
        />
        <SelectField
          id="partenaires-territoire"
          label="Territoire"
          value={draft.territoire}
          emptyLabel="Tous mes territoires"
          options={territoryOptions}
          onChange={(v) => filters.setDraftValue('territoire', v)}
        />
        <SelectField
          id="partenaires-archives"
          label="Archivés"
          value={draft.archives || 'active'}
          options={[
            { value: 'active', label: 'Partenaires actifs' },
            { value: 'archived', label: 'Partenaires archivés' },
            { value: 'all', label: 'Tous' },
          ]}
          onChange={(v) => filters.setDraftValue('archives', v)}
        />
        <FilterActions onReset={filters.reset} />
      </form>

      <QueryFeedback query={partners} loadingLabel="Chargement des partenaires…" />
      {partners.data ? (
        <>
          <ResultCount
            page={page}
            pageSize={PAGE_SIZE}
            total={partners.data.total}
            noun={['partenaire', 'partenaires']}
          />
          {partners.data.items.length === 0 ? (
            <p>
              Aucun partenaire ne correspond à ces critères.{' '}
              <Link to="/administration/partenaires/nouveau">Ajouter un partenaire</Link>
            </p>
          ) : (
            <div className="table-wrapper" role="region" aria-labelledby="partenaires-caption" tabIndex={0}>
              <table className="table">
                <caption id="partenaires-caption" className="sr-only">
                  Partenaires, page {page}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Nom</th>
                    <th scope="col">Type</th>
                    <th scope="col">SIRET / FINESS</th>
                    <th scope="col">Territoires</th>
                    <th scope="col" className="numeric">
                      Membres
                    </th>
                    <th scope="col">État</th>
                  </tr>
                </thead>
                <tbody>
                  {partners.data.items.map((p) => (
                    <tr key={p.id}>
                      <th scope="row">
                        <Link to={`/administration/partenaires/${p.id}`}>{p.name}</Link>
                      </th>
                      <td>{PARTNER_TYPE_LABELS[p.type]}</td>
                      <td className="code-cell">
                        {[p.siret && `SIRET ${p.siret}`, p.finess && `FINESS ${p.finess}`]
                          .filter(Boolean)
                          .join(' · ') || '—'}
                      </td>
                      <td>{p.territoryIds.map(ctx.territoryName).join(', ')}</td>
                      <td className="numeric">{p.memberCount}</td>
                      <td>
                        {p.archivedAt ? (
                          <StatusBadge tone="neutral">{`Archivé le ${formatDate(p.archivedAt) ?? ''}`}</StatusBadge>
                        ) : (
                          <StatusBadge tone="ok">Actif</StatusBadge>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <Pagination page={page} pageSize={PAGE_SIZE} total={partners.data.total} onPage={filters.setPage} />
        </>
      ) : null}
    </>
  );
}
