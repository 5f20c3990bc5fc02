import { Link, useLocation } from 'react-router';
import { ROLE_LABELS, ROLES } from '../../../contracts/access';
import { MEMBER_STATUS_LABELS, MEMBER_STATUSES } from '../../../contracts/admin';
import { MEMBER_STATUS_TONES, formatDateTime } from './helpers';
import { useMembers, usePartners } from './queries';
import {
  AdminPage,
  FilterActions,
  Notice,
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
const FILTER_KEYS = ['q', 'partenaire', 'territoire', 'role', 'statut'] as const;

export function MembersPage() {
  return (
    <AdminPage
      title="Membres"
      lead={
        <p>
          Les personnes qui ont un compte Passerelle, leurs rôles sur vos territoires et l’état de leur
          compte.
        </p>
      }
    >
      {(ctx) => <MemberList ctx={ctx} />}
    </AdminPage>
  );
}

function MemberList({ ctx }: { ctx: AdminContext }) {
  const filters = useUrlFilters(FILTER_KEYS);
  const { applied, draft, page } = filters;
  const members = useMembers({
    q: applied.q,
    partnerId: applied.partenaire,
    territoryId: applied.territoire,
    role: applied.role,
    status: applied.statut,
    page,
    pageSize: PAGE_SIZE,
  });
  const partners = usePartners({ pageSize: 200, archived: 'all' });
  const notice = (useLocation().state as { notice?: string } | null)?.notice ?? null;

  return (
    <>
      <Notice>{notice}</Notice>
      <p>
        <Link to="/administration/membres/inviter" className="button button-primary">
          Inviter un membre
        </Link>
      </p>
      <form
        className="card admin-filters"
        role="search"
        aria-label="Filtrer les membres"
        onSubmit={(event) => {
          event.preventDefault();
          filters.apply();
        }}
      >
        <TextField
          id="membres-q"
          label="Rechercher"
          hint="Nom ou adresse e-mail"
          type="search"
          value={draft.q}
          onChange={(v) => filters.setDraftValue('q', v)}
        />
        <SelectField
          id="membres-partenaire"
          label="Partenaire"
          value={draft.partenaire}
          emptyLabel="Tous les partenaires"
          options={(partners.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))}
          onChange={(v) => filters.setDraftValue('partenaire', v)}
        />
        <SelectField
          id="membres-territoire"
          label="Territoire"
          value={draft.territoire}
          emptyLabel="Tous mes territoires"
          options={ctx.territoryIds.map((id) => ({ value: id, label: ctx.territoryName(id) }))}
          onChange={(v) => filters.setDraftValue('territoire', v)}
        />
        <SelectField
          id="membres-role"
          label="Rôle"
          value={draft.role}
          emptyLabel="Tous les rôles"
          options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
          onChange={(v) => filters.setDraftValue('role', v)}
        />
        <SelectField
          id="membres-statut"
          label="État du compte"
          value={draft.statut}
          emptyLabel="Tous"
          options={MEMBER_STATUSES.map((s) => ({ value: s, label: MEMBER_STATUS_LABELS[s] }))}
          onChange={(v) => filters.setDraftValue('statut', v)}
        />
        <FilterActions onReset={filters.reset} />
      </form>

      <QueryFeedback query={members} loadingLabel="Chargement des membres…" />
      {members.data ? (
        <>
          <ResultCount
            page={page}
            pageSize={PAGE_SIZE}
            total={members.data.total}
            noun={['membre', 'membres']}
          />
          {members.data.items.length === 0 ? (
            <p>
              Aucun membre ne correspond à ces critères.{' '}
              <Link to="/administration/membres/inviter">Inviter un membre</Link>
            </p>
          ) : (
            <div className="table-wrapper" role="region" aria-labelledby="membres-caption" tabIndex={0}>
              <table className="table">
                <caption id="membres-caption" className="sr-only">
                  Membres, page {page}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Nom</th>
                    <th scope="col">Partenaire</th>
                    <th scope="col">Rôles</th>
                    <th scope="col">État du compte</th>
                    <th scope="col">Dernière connexion</th>
                  </tr>
                </thead>
                <tbody>
                  {members.data.items.map((m) => (
                    <tr key={m.id}>
                      <th scope="row">
                        <Link to={`/administration/membres/${m.id}`}>{m.displayName}</Link>
                        <br />
                        <span className="muted">{m.email}</span>
                        {m.jobTitle ? (
                          <>
                            <br />
                            <span className="muted">{m.jobTitle}</span>
                          </>
                        ) : null}
                      </th>
                      <td>{m.partner.name}</td>
                      <td>
                        {m.isInstanceAdmin ? (
                          <p className="admin-cell-line">Administrateur de l’instance</p>
                        ) : null}
                        {m.roles.map((r) => (
                          <p key={`${r.territoryId}-${r.role}`} className="admin-cell-line">
                            {ROLE_LABELS[r.role]} — {ctx.territoryName(r.territoryId)}
                          </p>
                        ))}
                        {!m.isInstanceAdmin && m.roles.length === 0 ? '—' : null}
                      </td>
                      <td>
                        <StatusBadge tone={MEMBER_STATUS_TONES[m.status]}>
                          {MEMBER_STATUS_LABELS[m.status]}
                        </StatusBadge>
                      </td>
                      <td>{m.lastLoginAt ? formatDateTime(m.lastLoginAt) : 'Jamais'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <Pagination page={page} pageSize={PAGE_SIZE} total={members.data.total} onPage={filters.setPage} />
        </>
      ) : null}
    </>
  );
}
