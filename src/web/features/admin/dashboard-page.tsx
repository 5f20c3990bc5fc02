import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { ROLE_LABELS } from '../../../contracts/access';
import { CONVENTION_EXPIRING_DAYS } from '../../../contracts/admin';
import { useConventions, useMembers, usePartners } from './queries';
import { AdminPage, type AdminContext } from './ui';

export function AdminDashboardPage() {
  return (
    <AdminPage
      title="Administration"
      lead={
        <p>Partenaires, membres et leurs rôles, charte de confidentialité, conventions et journal d’audit.</p>
      }
    >
      {(ctx) => <Dashboard ctx={ctx} />}
    </AdminPage>
  );
}

function Dashboard({ ctx }: { ctx: AdminContext }) {
  const members = useMembers({ pageSize: 1 });
  const invited = useMembers({ pageSize: 1, status: 'invited' });
  const partners = usePartners({ pageSize: 1 });
  const expiring = useConventions({ pageSize: 1, status: 'expiring' });
  const expired = useConventions({ pageSize: 1, status: 'expired' });
  const scopeText = ctx.isInstanceAdmin
    ? 'Vous administrez toute l’instance.'
    : `Vous coordonnez : ${ctx.territoryIds.map(ctx.territoryName).join(', ')}.`;
  return (
    <>
      <p>
        Connecté en tant que <strong>{ctx.me.member.displayName}</strong>
        {ctx.isInstanceAdmin ? ` (${ROLE_LABELS.admin.toLowerCase()} de l’instance)` : ''}. {scopeText}
      </p>
      <ul className="admin-tiles">
        <Tile
          to="/administration/membres"
          title="Membres"
          count={members.data?.total}
          failed={members.isError}
          detail={
            invited.data && invited.data.total > 0
              ? `dont ${invited.data.total} invitation${invited.data.total > 1 ? 's' : ''} en attente`
              : null
          }
        />
        <Tile
          to="/administration/partenaires"
          title="Partenaires"
          count={partners.data?.total}
          failed={partners.isError}
        />
        <Tile
          to="/administration/conventions?statut=expiring"
          title={`Conventions expirant dans les ${CONVENTION_EXPIRING_DAYS} jours`}
          count={expiring.data?.total}
          failed={expiring.isError}
          detail={
            expired.data && expired.data.total > 0
              ? `et ${expired.data.total} expirée${expired.data.total > 1 ? 's' : ''}`
              : null
          }
          warn={(expiring.data?.total ?? 0) > 0 || (expired.data?.total ?? 0) > 0}
        />
      </ul>
      <h2>Raccourcis</h2>
      <ul className="plain-list admin-links">
        <li>
          <Link to="/administration/membres/inviter">Inviter un membre</Link>
        </li>
        <li>
          <Link to="/administration/partenaires/nouveau">Ajouter un partenaire</Link>
        </li>
        <li>
          <Link to="/administration/charte">Publier ou consulter la charte de confidentialité</Link>
        </li>
        <li>
          <Link to="/administration/conventions">Enregistrer une convention de partenariat</Link>
        </li>
        <li>
          <Link to="/administration/journal">Consulter le journal d’audit</Link>
        </li>
      </ul>
    </>
  );
}

function Tile({
  to,
  title,
  count,
  failed,
  detail,
  warn,
}: {
  to: string;
  title: string;
  count: number | undefined;
  failed: boolean;
  detail?: ReactNode;
  warn?: boolean;
}) {
  const value = failed ? (
    'indisponible'
  ) : count === undefined ? (
    <>
      <span aria-hidden="true">…</span>
      <span className="sr-only">chargement</span>
    </>
  ) : (
    count.toLocaleString('fr-FR')
  );
  return (
    <li className={`card admin-tile${warn ? ' admin-tile-warn' : ''}`}>
      <Link to={to} className="admin-tile-link">
        <span className="admin-tile-count">{value}</span>
        <span className="admin-tile-title">{title}</span>
      </Link>
      {detail ? <p className="muted admin-tile-detail">{detail}</p> : null}
    </li>
  );
}
