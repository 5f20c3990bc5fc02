import { Link } from 'react-router';
import {
  AUDIT_ACTION_LABELS,
  AUDIT_OUTCOME_LABELS,
  AUDIT_OUTCOMES,
  AUDIT_SUBJECT_TYPE_LABELS,
  type AuditEventView,
} from '../../../contracts/audit';
import { auditActionOptions, auditExportHref, formatDateTime } from './helpers';
import { useAuditEvents, useMembers } from './queries';
import {
  AdminPage,
  FilterActions,
  QueryFeedback,
  SelectField,
  StatusBadge,
  TextField,
  type AdminContext,
} from './ui';
import { useUrlFilters } from './use-url-filters';

const PAGE_SIZE = 50;
const FILTER_KEYS = [
  'territoire',
  'membre',
  'action',
  'objet',
  'objetId',
  'du',
  'au',
  'resultat',
  'avant',
] as const;

export function AuditPage() {
  return (
    <AdminPage
      title="Journal d’audit"
      lead={
        <p>
          Chaque écriture et chaque consultation d’une donnée confidentielle y est enregistrée, du plus récent
          au plus ancien. Le journal ne contient que des identifiants, jamais de contenu personnel ; sa
          consultation est elle-même journalisée.
        </p>
      }
    >
      {(ctx) => <AuditLog ctx={ctx} />}
    </AdminPage>
  );
}

function AuditLog({ ctx }: { ctx: AdminContext }) {
  const filters = useUrlFilters(FILTER_KEYS, ['avant']);
  const { applied, draft } = filters;
  const apiFilters = {
    territory: applied.territoire,
    actor: applied.membre,
    action: applied.action,
    subjectType: applied.objet,
    subjectId: applied.objetId,
    from: applied.du,
    to: applied.au,
    outcome: applied.resultat,
  };
  const events = useAuditEvents({ ...apiFilters, before: applied.avant, limit: PAGE_SIZE });
  const members = useMembers({ pageSize: 200 });

  return (
    <>
      <form
        className="card admin-filters"
        role="search"
        aria-label="Filtrer le journal d’audit"
        onSubmit={(event) => {
          event.preventDefault();
          filters.apply();
        }}
      >
        <SelectField
          id="journal-territoire"
          label="Territoire"
          value={draft.territoire}
          emptyLabel="Tous mes territoires"
          options={ctx.territoryIds.map((id) => ({ value: id, label: ctx.territoryName(id) }))}
          onChange={(v) => filters.setDraftValue('territoire', v)}
        />
        <SelectField
          id="journal-membre"
          label="Membre auteur"
          value={draft.membre}
          emptyLabel="Tous les membres"
          options={(members.data?.items ?? []).map((m) => ({
            value: m.id,
            label: `${m.displayName} (${m.partner.name})`,
          }))}
          onChange={(v) => filters.setDraftValue('membre', v)}
        />
        <SelectField
          id="journal-action"
          label="Action"
          value={draft.action}
          emptyLabel="Toutes les actions"
          options={auditActionOptions(AUDIT_ACTION_LABELS)}
          onChange={(v) => filters.setDraftValue('action', v)}
        />
        <SelectField
          id="journal-objet"
          label="Type d’objet"
          value={draft.objet}
          emptyLabel="Tous les objets"
          options={Object.entries(AUDIT_SUBJECT_TYPE_LABELS).map(([value, label]) => ({ value, label }))}
          onChange={(v) => filters.setDraftValue('objet', v)}
        />
        <TextField
          id="journal-objet-id"
          label="Identifiant de l’objet"
          hint="Facultatif : l’identifiant exact d’un membre, d’un partenaire…"
          value={draft.objetId}
          onChange={(v) => filters.setDraftValue('objetId', v)}
        />
        <TextField
          id="journal-du"
          label="Du"
          type="date"
          hint="Jour inclus (heure de Paris)"
          value={draft.du}
          onChange={(v) => filters.setDraftValue('du', v)}
        />
        <TextField
          id="journal-au"
          label="Au"
          type="date"
          hint="Jour inclus (heure de Paris)"
          value={draft.au}
          onChange={(v) => filters.setDraftValue('au', v)}
        />
        <SelectField
          id="journal-resultat"
          label="Résultat"
          value={draft.resultat}
          emptyLabel="Tous"
          options={AUDIT_OUTCOMES.map((o) => ({ value: o, label: AUDIT_OUTCOME_LABELS[o] }))}
          onChange={(v) => filters.setDraftValue('resultat', v)}
        />
        <FilterActions onReset={filters.reset} />
      </form>

      <p>
        <a className="button" href={auditExportHref(apiFilters)} download>
          Exporter en CSV<span className="sr-only"> (avec les filtres appliqués)</span>
        </a>
      </p>

      <QueryFeedback query={events} loadingLabel="Chargement du journal…" />
      {events.data ? (
        <>
          <p role="status" className="admin-count">
            {events.data.total === 0
              ? 'Aucun événement ne correspond.'
              : `${events.data.total.toLocaleString('fr-FR')} événement${events.data.total > 1 ? 's' : ''}${
                  applied.avant ? ' ; vous consultez des événements plus anciens' : ''
                }`}
          </p>
          {events.data.events.length > 0 ? (
            <div className="table-wrapper" role="region" aria-labelledby="journal-caption" tabIndex={0}>
              <table className="table table-compact">
                <caption id="journal-caption" className="sr-only">
                  Événements du journal d’audit, du plus récent au plus ancien
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Date et heure</th>
                    <th scope="col">Action</th>
                    <th scope="col">Membre</th>
                    <th scope="col">Territoire</th>
                    <th scope="col">Objet</th>
                    <th scope="col">Résultat</th>
                    <th scope="col" className="numeric">
                      N°
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {events.data.events.map((e) => (
                    <AuditRow key={e.seq} ctx={ctx} event={e} />
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          <nav aria-label="Pagination du journal" className="admin-pagination">
            {applied.avant ? (
              <button type="button" className="button" onClick={() => filters.navigate({ avant: '' })}>
                Revenir aux plus récents
              </button>
            ) : null}
            {events.data.nextBefore !== null ? (
              <button
                type="button"
                className="button"
                onClick={() => filters.navigate({ avant: String(events.data.nextBefore) })}
              >
                Événements plus anciens
              </button>
            ) : null}
          </nav>
        </>
      ) : null}
    </>
  );
}

function AuditRow({ ctx, event: e }: { ctx: AdminContext; event: AuditEventView }) {
  const subjectLink =
    e.subjectId && e.subjectType === 'member'
      ? `/administration/membres/${e.subjectId}`
      : e.subjectId && e.subjectType === 'partner'
        ? `/administration/partenaires/${e.subjectId}`
        : null;
  return (
    <tr>
      <th scope="row" className="code-cell">
        {formatDateTime(e.at)}
      </th>
      <td>
        {e.actionLabel}
        <br />
        <code className="muted">{e.action}</code>
      </td>
      <td>
        {e.actor.memberId ? (
          <>
            {e.actor.displayName ?? 'Membre supprimé'}
            {e.actor.partnerName ? (
              <>
                <br />
                <span className="muted">{e.actor.partnerName}</span>
              </>
            ) : null}
            {e.actor.roleLabel ? (
              <>
                <br />
                <span className="muted">{e.actor.roleLabel}</span>
              </>
            ) : null}
          </>
        ) : (
          <span className="muted">Système ou personne non connectée</span>
        )}
      </td>
      <td>{e.territoryId ? ctx.territoryName(e.territoryId) : '—'}</td>
      <td>
        {e.subjectTypeLabel ?? e.subjectType ?? '—'}
        {e.subjectId ? (
          <>
            <br />
            {subjectLink ? (
              <Link to={subjectLink} className="admin-id">
                {e.subjectId}
              </Link>
            ) : (
              <span className="admin-id muted">{e.subjectId}</span>
            )}
          </>
        ) : null}
      </td>
      <td>
        <StatusBadge tone={e.outcome === 'ok' ? 'ok' : 'danger'}>
          {AUDIT_OUTCOME_LABELS[e.outcome]}
        </StatusBadge>
      </td>
      <td className="numeric">
        {e.seq}
        {e.requestId ? (
          <>
            <br />
            <span className="muted admin-id" title="Identifiant de requête">
              {e.requestId}
            </span>
          </>
        ) : null}
      </td>
    </tr>
  );
}
