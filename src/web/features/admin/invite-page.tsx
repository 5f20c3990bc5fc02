import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import {
  INFO_CATEGORIES,
  INFO_CATEGORY_LABELS,
  PARTNER_TYPE_LABELS,
  ROLE_LABELS,
  type InfoCategory,
  type Role,
} from '../../../contracts/access';
import { inviteMemberBodySchema } from '../../../contracts/onboarding';
import { Alert } from '../../components/ui/alert';
import { errorMessage } from '../../lib/api';
import { fieldErrors, forcedCategory, grantableRoles } from './helpers';
import { adminApi, useAdminMutation, usePartners } from './queries';
import { AdminPage, FormErrors, SelectField, TextField, type AdminContext } from './ui';

export function InvitePage() {
  return (
    <AdminPage
      title="Inviter un membre"
      lead={
        <p>
          La personne reçoit par e-mail un lien à usage unique pour choisir son mot de passe, puis active la
          double authentification si son rôle donne accès aux situations.
        </p>
      }
    >
      {(ctx) => <InviteForm ctx={ctx} />}
    </AdminPage>
  );
}

interface RoleRow {
  key: number;
  territoryId: string;
  role: Role | '';
  infoCategory: InfoCategory | '';
}

const FIELD_LABELS = {
  partnerId: { id: 'invitation-partenaire', label: 'Partenaire' },
  email: { id: 'invitation-email', label: 'Adresse e-mail' },
  displayName: { id: 'invitation-nom', label: 'Prénom et nom' },
  jobTitle: { id: 'invitation-fonction', label: 'Fonction' },
  roles: { id: 'invitation-role-0-territoire', label: 'Rôles' },
};

function InviteForm({ ctx }: { ctx: AdminContext }) {
  const navigate = useNavigate();
  const partners = usePartners({ pageSize: 200 });
  const invite = useAdminMutation(adminApi.invite);
  const [partnerId, setPartnerId] = useState('');
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [jobTitle, setJobTitle] = useState('');
  const [nextKey, setNextKey] = useState(1);
  const [roles, setRoles] = useState<RoleRow[]>([
    {
      key: 0,
      territoryId: ctx.territoryIds.length === 1 ? (ctx.territoryIds[0] ?? '') : '',
      role: '',
      infoCategory: '',
    },
  ]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const partner = partners.data?.items.find((p) => p.id === partnerId);
  const roleOptions = grantableRoles(ctx.isInstanceAdmin).map((r) => ({ value: r, label: ROLE_LABELS[r] }));
  const territoryOptions = (
    partner ? partner.territoryIds.filter((t) => ctx.territoryIds.includes(t)) : ctx.territoryIds
  ).map((id) => ({ value: id, label: ctx.territoryName(id) }));

  function updateRole(key: number, patch: Partial<RoleRow>) {
    setRoles((rows) => rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setMessage(null);
    const body = {
      partnerId,
      email,
      displayName,
      jobTitle: jobTitle.trim() === '' ? undefined : jobTitle,
      roles: roles.map((r) => ({
        territoryId: r.territoryId,
        role: r.role,
        infoCategory: forcedCategory(partner?.type, r.role || undefined) ?? r.infoCategory,
      })),
    };
    const parsed = inviteMemberBodySchema.safeParse(body);
    if (!parsed.success) {
      const all = fieldErrors(parsed.error);
      // One message per role row is enough: « roles.0.role » becomes « roles ».
      const grouped: Record<string, string> = {};
      for (const [key, text] of Object.entries(all)) {
        if (key.startsWith('roles.'))
          grouped.roles ??=
            'Pour chaque rôle, choisissez un territoire, un rôle et une catégorie d’information.';
        else grouped[key] = text;
      }
      setErrors(grouped);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const sent = await invite.mutateAsync(parsed.data);
      const who = parsed.data.displayName;
      await navigate('/administration/membres', {
        state: {
          notice: sent.mailSent
            ? `Invitation envoyée à ${who}. Le lien est valable quelques jours ; vous pourrez la renvoyer depuis sa fiche.`
            : `${who} a été invité(e), mais l’e-mail n’a pas pu être envoyé. Renvoyez l’invitation depuis sa fiche.`,
        },
      });
    } catch (error) {
      setMessage(errorMessage(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card admin-form" noValidate onSubmit={(event) => void submit(event)}>
      <FormErrors message={message} fields={errors} labels={FIELD_LABELS} />
      {partners.isError ? (
        <Alert tone="error">
          <p>{errorMessage(partners.error)}</p>
        </Alert>
      ) : null}
      <SelectField
        id="invitation-partenaire"
        label="Partenaire"
        required
        value={partnerId}
        error={errors.partnerId}
        emptyLabel={partners.isPending ? 'Chargement des partenaires…' : 'Choisir un partenaire'}
        options={(partners.data?.items ?? []).map((p) => ({
          value: p.id,
          label: `${p.name} (${PARTNER_TYPE_LABELS[p.type]})`,
        }))}
        hint={
          <>
            L’organisation de la personne. Absente de la liste ?{' '}
            <Link to="/administration/partenaires/nouveau">Ajoutez d’abord le partenaire</Link>.
          </>
        }
        onChange={setPartnerId}
      />
      <TextField
        id="invitation-email"
        label="Adresse e-mail"
        type="email"
        required
        autoComplete="off"
        value={email}
        error={errors.email}
        hint="Professionnelle, de préférence : l’invitation y sera envoyée."
        onChange={setEmail}
      />
      <TextField
        id="invitation-nom"
        label="Prénom et nom"
        required
        value={displayName}
        error={errors.displayName}
        onChange={setDisplayName}
      />
      <TextField
        id="invitation-fonction"
        label="Fonction"
        hint="Facultatif (gardienne, conseiller social, infirmière de secteur…)"
        value={jobTitle}
        error={errors.jobTitle}
        onChange={setJobTitle}
      />

      <fieldset className="fieldset admin-roles">
        <legend>Rôles</legend>
        <div className="alert alert-info admin-explain">
          <div className="alert-body">
            <p>
              Chaque rôle vaut pour un territoire et porte une <strong>catégorie d’information</strong> : elle
              décide de ce que la personne peut recevoir. Une information de santé n’est partagée qu’entre
              professionnels qui participent à la prise en charge (Code de la santé publique, art. L1110-4).{' '}
              <strong>Le personnel des bailleurs ne reçoit jamais d’information de santé</strong> : pour un
              bailleur social ou le rôle « Personnel de bailleur », la catégorie est toujours « Bailleur ».
            </p>
            {!ctx.isInstanceAdmin ? (
              <p>Seul un administrateur de l’instance peut nommer un coordinateur ou un administrateur.</p>
            ) : null}
          </div>
        </div>
        {errors.roles ? <p className="field-error">{errors.roles}</p> : null}
        {roles.map((row, index) => {
          const forced = forcedCategory(partner?.type, row.role || undefined);
          const n = index + 1;
          return (
            <fieldset key={row.key} className="fieldset admin-role-row">
              <legend className="admin-role-legend">Rôle {n}</legend>
              <SelectField
                id={`invitation-role-${index}-territoire`}
                label="Territoire"
                required
                value={row.territoryId}
                emptyLabel="Choisir un territoire"
                options={territoryOptions}
                onChange={(v) => updateRole(row.key, { territoryId: v })}
              />
              <SelectField
                id={`invitation-role-${index}-role`}
                label="Rôle"
                required
                value={row.role}
                emptyLabel="Choisir un rôle"
                options={roleOptions}
                onChange={(v) => updateRole(row.key, { role: v as Role | '' })}
              />
              <SelectField
                id={`invitation-role-${index}-categorie`}
                label="Catégorie d’information"
                required
                value={forced ?? row.infoCategory}
                emptyLabel="Choisir une catégorie"
                options={(forced ? [forced] : INFO_CATEGORIES).map((c) => ({
                  value: c,
                  label: INFO_CATEGORY_LABELS[c],
                }))}
                hint={forced ? 'Imposée : un bailleur ne reçoit aucune information de santé.' : undefined}
                onChange={(v) => updateRole(row.key, { infoCategory: v as InfoCategory | '' })}
              />
              {roles.length > 1 ? (
                <button
                  type="button"
                  className="button"
                  onClick={() => setRoles((rows) => rows.filter((r) => r.key !== row.key))}
                >
                  Retirer le rôle {n}
                </button>
              ) : null}
            </fieldset>
          );
        })}
        <button
          type="button"
          className="button"
          onClick={() => {
            setRoles((rows) => [...rows, { key: nextKey, territoryId: '', role: '', infoCategory: '' }]);
            setNextKey((k) => k + 1);
          }}
        >
          Ajouter un rôle
        </button>
      </fieldset>

      <div className="admin-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Envoi de l’invitation…' : 'Envoyer l’invitation'}
        </button>
        <Link to="/administration/membres" className="button">
          Annuler
        </Link>
      </div>
    </form>
  );
}
