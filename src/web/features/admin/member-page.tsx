import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import {
  INFO_CATEGORIES,
  INFO_CATEGORY_LABELS,
  OIDC_PROVIDER_LABELS,
  PARTNER_TYPE_LABELS,
  ROLE_LABELS,
  type InfoCategory,
  type Role,
} from '../../../contracts/access';
import { grantRoleSchema, MEMBER_STATUS_LABELS, type MemberDetail } from '../../../contracts/admin';
import { Alert } from '../../components/ui/alert';
import { Loading } from '../../components/ui/loading';
import { errorMessage } from '../../lib/api';
import { MEMBER_STATUS_TONES, fieldErrors, forcedCategory, formatDateTime, grantableRoles } from './helpers';
import { adminApi, useAdminMutation, useMember, useMemberSessions } from './queries';
import {
  AdminPage,
  ConfirmAction,
  FormErrors,
  Notice,
  SelectField,
  StatusBadge,
  TextAreaField,
  type AdminContext,
} from './ui';

const METHOD_LABELS: Record<string, string> = {
  password: 'Mot de passe',
  ...OIDC_PROVIDER_LABELS,
};

export function MemberPage() {
  return <AdminPage title="Fiche membre">{(ctx) => <MemberDetailView ctx={ctx} />}</AdminPage>;
}

function MemberDetailView({ ctx }: { ctx: AdminContext }) {
  const { id = '' } = useParams();
  const member = useMember(id);
  const [notice, setNotice] = useState<string | null>(null);
  const sessions = useMemberSessions(id, member.isSuccess && member.data.status !== 'invited');

  if (member.isPending) return <Loading label="Chargement de la fiche…" />;
  if (member.isError)
    return (
      <Alert tone="error">
        <p>{errorMessage(member.error)}</p>
        <p>
          <Link to="/administration/membres">Retour à la liste des membres</Link>
        </p>
      </Alert>
    );
  const m = member.data;
  const isSelf = m.id === ctx.me.member.id;
  return (
    <>
      <p>
        <Link to="/administration/membres">← Tous les membres</Link>
      </p>
      <Notice>{notice}</Notice>
      <h2>
        {m.displayName}{' '}
        <StatusBadge tone={MEMBER_STATUS_TONES[m.status]}>{MEMBER_STATUS_LABELS[m.status]}</StatusBadge>
      </h2>
      <dl className="definition-list">
        <dt>Adresse e-mail</dt>
        <dd>{m.email}</dd>
        <dt>Fonction</dt>
        <dd>{m.jobTitle ?? '—'}</dd>
        <dt>Partenaire</dt>
        <dd>
          <Link to={`/administration/partenaires/${m.partner.id}`}>{m.partner.name}</Link> (
          {PARTNER_TYPE_LABELS[m.partner.type]})
        </dd>
        {m.isInstanceAdmin ? (
          <>
            <dt>Administration</dt>
            <dd>Administrateur de l’instance</dd>
          </>
        ) : null}
        <dt>Compte créé le</dt>
        <dd>{formatDateTime(m.createdAt)}</dd>
        <dt>Dernière connexion</dt>
        <dd>{m.lastLoginAt ? formatDateTime(m.lastLoginAt) : 'Jamais'}</dd>
        {m.disabledAt ? (
          <>
            <dt>Désactivé le</dt>
            <dd>
              {formatDateTime(m.disabledAt)}
              {m.disabledReason ? ` — motif : ${m.disabledReason}` : ''}
            </dd>
          </>
        ) : null}
      </dl>

      <AccountActions ctx={ctx} member={m} isSelf={isSelf} onDone={setNotice} />
      <RolesSection ctx={ctx} member={m} onDone={setNotice} />
      <SecuritySection member={m} />
      <CharterSection ctx={ctx} member={m} />

      <section aria-labelledby="membre-sessions">
        <h2 id="membre-sessions" className="subheading">
          Sessions ouvertes
        </h2>
        {m.status === 'invited' ? <p>Ce membre ne s’est encore jamais connecté.</p> : null}
        {sessions.isPending && sessions.fetchStatus !== 'idle' ? (
          <Loading label="Chargement des sessions…" />
        ) : null}
        {sessions.isError ? (
          <Alert tone="error">
            <p>{errorMessage(sessions.error)}</p>
          </Alert>
        ) : null}
        {sessions.data && sessions.data.sessions.length === 0 ? <p>Aucune session ouverte.</p> : null}
        {sessions.data && sessions.data.sessions.length > 0 ? (
          <div className="table-wrapper" role="region" aria-labelledby="membre-sessions-caption" tabIndex={0}>
            <table className="table table-compact">
              <caption id="membre-sessions-caption" className="sr-only">
                Sessions ouvertes de {m.displayName}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Ouverte le</th>
                  <th scope="col">Connexion</th>
                  <th scope="col">Dernière activité</th>
                  <th scope="col">Expire le</th>
                  <th scope="col">Navigateur</th>
                  <th scope="col">Action</th>
                </tr>
              </thead>
              <tbody>
                {sessions.data.sessions.map((s, index) => (
                  <tr key={s.id}>
                    <th scope="row">{formatDateTime(s.createdAt)}</th>
                    <td>
                      {METHOD_LABELS[s.method] ?? s.method}
                      {s.secondFactor ? ' + double authentification' : ''}
                    </td>
                    <td>{formatDateTime(s.lastSeenAt)}</td>
                    <td>{formatDateTime(s.expiresAt)}</td>
                    <td>{s.userAgent ?? '—'}</td>
                    <td>
                      <ConfirmAction
                        danger
                        triggerLabel={
                          <>
                            Fermer<span className="sr-only"> la session {index + 1}</span>
                          </>
                        }
                        title="Fermer cette session ?"
                        confirmLabel="Fermer la session"
                        onConfirm={async () => {
                          await adminApi.revokeSession(m.id, s.id);
                          await sessions.refetch();
                          setNotice(
                            'La session a été fermée : le membre devra se reconnecter sur cet appareil.',
                          );
                        }}
                      >
                        <p>
                          Le membre sera déconnecté de l’appareil ouvert le {formatDateTime(s.createdAt)}.
                        </p>
                      </ConfirmAction>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
    </>
  );
}

function AccountActions({
  ctx,
  member: m,
  isSelf,
  onDone,
}: {
  ctx: AdminContext;
  member: MemberDetail;
  isSelf: boolean;
  onDone: (message: string) => void;
}) {
  const update = useAdminMutation((body: object) => adminApi.updateMember(m.id, body));
  const act = useAdminMutation((fn: () => Promise<unknown>) => fn());
  const [reason, setReason] = useState('');
  const [resendError, setResendError] = useState<string | null>(null);
  const mayAdminister = ctx.isInstanceAdmin || !m.isInstanceAdmin;

  return (
    <section aria-labelledby="membre-compte">
      <h2 id="membre-compte" className="subheading">
        Compte
      </h2>
      {!mayAdminister ? (
        <p>Seul un administrateur de l’instance peut modifier le compte d’un autre administrateur.</p>
      ) : (
        <div className="admin-actions admin-actions-wrap">
          {m.status === 'invited' ? (
            <button
              type="button"
              className="button"
              disabled={act.isPending}
              onClick={() => {
                setResendError(null);
                act.mutate(() => adminApi.resendInvitation(m.id), {
                  onSuccess: (sent) =>
                    onDone(
                      (sent as { mailSent: boolean }).mailSent
                        ? 'Une nouvelle invitation a été envoyée ; le lien précédent ne fonctionne plus.'
                        : 'L’invitation a été renouvelée, mais l’e-mail n’a pas pu être envoyé. Réessayez plus tard.',
                    ),
                  onError: (error) => setResendError(errorMessage(error)),
                });
              }}
            >
              Renvoyer l’invitation
            </button>
          ) : null}
          {m.locked ? (
            <ConfirmAction
              triggerLabel="Débloquer le compte"
              title={`Débloquer le compte de ${m.displayName} ?`}
              confirmLabel="Débloquer"
              onConfirm={async () => {
                await act.mutateAsync(() => adminApi.unlock(m.id));
                onDone('Le compte a été débloqué : le membre peut de nouveau se connecter.');
              }}
            >
              <p>
                Le compte est bloqué après {m.failedLogins} tentatives de connexion échouées
                {m.lockedUntil ? `, jusqu’au ${formatDateTime(m.lockedUntil)}` : ''}. Vérifiez auprès de la
                personne que c’est bien elle qui essayait de se connecter.
              </p>
            </ConfirmAction>
          ) : null}
          {ctx.isInstanceAdmin && m.secondFactorEnabled ? (
            <ConfirmAction
              danger
              triggerLabel="Réinitialiser la double authentification"
              title={`Réinitialiser la double authentification de ${m.displayName} ?`}
              confirmLabel="Réinitialiser"
              onConfirm={async () => {
                await act.mutateAsync(() => adminApi.resetSecondFactor(m.id));
                onDone(
                  'La double authentification a été réinitialisée : le membre devra la réactiver à sa prochaine connexion.',
                );
              }}
            >
              <p>
                À faire seulement quand la personne a perdu son téléphone et ses codes de secours, après avoir
                vérifié son identité. Ses sessions seront fermées.
              </p>
            </ConfirmAction>
          ) : null}
          {m.disabledAt ? (
            <ConfirmAction
              triggerLabel="Réactiver le compte"
              title={`Réactiver le compte de ${m.displayName} ?`}
              confirmLabel="Réactiver"
              onConfirm={async () => {
                await update.mutateAsync({ disabled: false });
                onDone('Le compte a été réactivé.');
              }}
            >
              <p>Le membre pourra de nouveau se connecter avec ses rôles actuels.</p>
            </ConfirmAction>
          ) : !isSelf ? (
            <ConfirmAction
              danger
              triggerLabel="Désactiver le compte"
              title={`Désactiver le compte de ${m.displayName} ?`}
              confirmLabel="Désactiver"
              onConfirm={async () => {
                await update.mutateAsync({ disabled: true, disabledReason: reason });
                setReason('');
                onDone('Le compte a été désactivé et ses sessions fermées.');
              }}
            >
              <p>Le membre ne pourra plus se connecter et ses sessions ouvertes seront fermées.</p>
              <TextAreaField
                id="desactivation-motif"
                label="Motif"
                required
                rows={3}
                hint="Par exemple : départ de la structure. Le motif figure sur la fiche et dans l’export RGPD."
                value={reason}
                onChange={setReason}
              />
            </ConfirmAction>
          ) : null}
          {ctx.isInstanceAdmin ? (
            <a className="button" href={`/api/v1/admin/members/${m.id}/export`} download>
              Exporter les données (RGPD)
            </a>
          ) : null}
        </div>
      )}
      {resendError ? (
        <Alert tone="error">
          <p>{resendError}</p>
        </Alert>
      ) : null}
    </section>
  );
}

function RolesSection({
  ctx,
  member: m,
  onDone,
}: {
  ctx: AdminContext;
  member: MemberDetail;
  onDone: (message: string) => void;
}) {
  const grant = useAdminMutation((body: object) => adminApi.grantRole(m.id, body));
  const revoke = useAdminMutation((r: { territoryId: string; role: Role }) =>
    adminApi.revokeRole(m.id, r.territoryId, r.role),
  );
  const [territoryId, setTerritoryId] = useState(
    ctx.territoryIds.length === 1 ? (ctx.territoryIds[0] ?? '') : '',
  );
  const [role, setRole] = useState<Role | ''>('');
  const [category, setCategory] = useState<InfoCategory | ''>('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const forced = forcedCategory(m.partner.type, role || undefined);
  const mayAdminister = ctx.isInstanceAdmin || !m.isInstanceAdmin;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setMessage(null);
    const parsed = grantRoleSchema.safeParse({ territoryId, role, infoCategory: forced ?? category });
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error));
      return;
    }
    setErrors({});
    try {
      await grant.mutateAsync(parsed.data);
      setRole('');
      setCategory('');
      onDone(
        `Rôle « ${ROLE_LABELS[parsed.data.role]} » attribué sur ${ctx.territoryName(parsed.data.territoryId)}.`,
      );
    } catch (error) {
      setMessage(errorMessage(error));
    }
  }

  return (
    <section aria-labelledby="membre-roles">
      <h2 id="membre-roles" className="subheading">
        Rôles
      </h2>
      {m.roles.length === 0 ? (
        <p>Aucun rôle sur vos territoires.</p>
      ) : (
        <div className="table-wrapper" role="region" aria-labelledby="membre-roles-caption" tabIndex={0}>
          <table className="table table-compact">
            <caption id="membre-roles-caption" className="sr-only">
              Rôles de {m.displayName}
            </caption>
            <thead>
              <tr>
                <th scope="col">Territoire</th>
                <th scope="col">Rôle</th>
                <th scope="col">Catégorie d’information</th>
                <th scope="col">Depuis le</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {m.roles.map((r) => (
                <tr key={`${r.territoryId}-${r.role}`}>
                  <th scope="row">{ctx.territoryName(r.territoryId)}</th>
                  <td>{ROLE_LABELS[r.role]}</td>
                  <td>{INFO_CATEGORY_LABELS[r.infoCategory]}</td>
                  <td>{formatDateTime(r.grantedAt)}</td>
                  <td>
                    {mayAdminister && ctx.territoryIds.includes(r.territoryId) ? (
                      <ConfirmAction
                        danger
                        triggerLabel={
                          <>
                            Retirer
                            <span className="sr-only">
                              {' '}
                              le rôle {ROLE_LABELS[r.role]} sur {ctx.territoryName(r.territoryId)}
                            </span>
                          </>
                        }
                        title={`Retirer le rôle « ${ROLE_LABELS[r.role]} » sur ${ctx.territoryName(r.territoryId)} ?`}
                        confirmLabel="Retirer le rôle"
                        onConfirm={async () => {
                          await revoke.mutateAsync({ territoryId: r.territoryId, role: r.role });
                          onDone(
                            `Rôle « ${ROLE_LABELS[r.role]} » retiré sur ${ctx.territoryName(r.territoryId)}.`,
                          );
                        }}
                      >
                        <p>Le membre perd aussitôt les accès que lui donnait ce rôle.</p>
                      </ConfirmAction>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {mayAdminister ? (
        <form
          className="card admin-form admin-inline-form"
          noValidate
          onSubmit={(event) => void submit(event)}
        >
          <h3>Attribuer un rôle</h3>
          <p className="field-hint">
            Un membre n’a qu’une catégorie d’information par territoire. Le personnel des bailleurs ne reçoit
            jamais d’information de santé.
          </p>
          <FormErrors message={message} fields={errors} />
          <SelectField
            id="role-territoire"
            label="Territoire"
            required
            value={territoryId}
            error={errors.territoryId}
            emptyLabel="Choisir un territoire"
            options={ctx.territoryIds.map((t) => ({ value: t, label: ctx.territoryName(t) }))}
            onChange={setTerritoryId}
          />
          <SelectField
            id="role-role"
            label="Rôle"
            required
            value={role}
            error={errors.role}
            emptyLabel="Choisir un rôle"
            options={grantableRoles(ctx.isInstanceAdmin).map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
            onChange={(v) => setRole(v as Role | '')}
          />
          <SelectField
            id="role-categorie"
            label="Catégorie d’information"
            required
            value={forced ?? category}
            error={errors.infoCategory}
            emptyLabel="Choisir une catégorie"
            options={(forced ? [forced] : INFO_CATEGORIES).map((c) => ({
              value: c,
              label: INFO_CATEGORY_LABELS[c],
            }))}
            hint={forced ? 'Imposée : un bailleur ne reçoit aucune information de santé.' : undefined}
            onChange={(v) => setCategory(v as InfoCategory | '')}
          />
          <div className="admin-actions">
            <button type="submit" className="button button-primary" disabled={grant.isPending}>
              Attribuer le rôle
            </button>
          </div>
        </form>
      ) : null}
    </section>
  );
}

function SecuritySection({ member: m }: { member: MemberDetail }) {
  return (
    <section aria-labelledby="membre-securite">
      <h2 id="membre-securite" className="subheading">
        Sécurité du compte
      </h2>
      <dl className="definition-list">
        <dt>Mot de passe</dt>
        <dd>
          {m.hasPassword
            ? `Défini${m.passwordChangedAt ? ` (modifié le ${formatDateTime(m.passwordChangedAt)})` : ''}`
            : 'Aucun'}
        </dd>
        <dt>Double authentification</dt>
        <dd>
          {m.secondFactorEnabled
            ? `Activée${m.secondFactorEnabledAt ? ` le ${formatDateTime(m.secondFactorEnabledAt)}` : ''}`
            : 'Non activée'}
        </dd>
        <dt>Échecs de connexion</dt>
        <dd>{m.failedLogins}</dd>
        <dt>Blocage</dt>
        <dd>
          {m.locked ? `Bloqué${m.lockedUntil ? ` jusqu’au ${formatDateTime(m.lockedUntil)}` : ''}` : 'Non'}
        </dd>
        <dt>Identités liées</dt>
        <dd>
          {m.oidcLinks.length === 0
            ? 'Aucune'
            : m.oidcLinks
                .map((l) => `${OIDC_PROVIDER_LABELS[l.provider]} (liée le ${formatDateTime(l.linkedAt)})`)
                .join(' ; ')}
        </dd>
      </dl>
    </section>
  );
}

function CharterSection({ ctx, member: m }: { ctx: AdminContext; member: MemberDetail }) {
  if (m.charters.length === 0) return null;
  return (
    <section aria-labelledby="membre-charte">
      <h2 id="membre-charte" className="subheading">
        Charte de confidentialité
      </h2>
      <ul className="plain-list">
        {m.charters.map((c) => (
          <li key={c.territoryId}>
            {ctx.territoryName(c.territoryId)} :{' '}
            {c.currentVersion === null
              ? 'aucune charte publiée'
              : c.upToDate
                ? `version ${c.currentVersion} acceptée le ${formatDateTime(c.acceptedAt)}`
                : c.acceptedVersion
                  ? `a accepté la version ${c.acceptedVersion}, doit accepter la version ${c.currentVersion}`
                  : `doit accepter la version ${c.currentVersion}`}
          </li>
        ))}
      </ul>
    </section>
  );
}
