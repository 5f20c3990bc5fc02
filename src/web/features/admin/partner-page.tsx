import { useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { PARTNER_TYPE_LABELS, PARTNER_TYPES, type PartnerType } from '../../../contracts/access';
import { createPartnerSchema, type PartnerView } from '../../../contracts/admin';
import { Alert } from '../../components/ui/alert';
import { Loading } from '../../components/ui/loading';
import { errorMessage } from '../../lib/api';
import { formatDate } from '../../lib/format';
import { fieldErrors } from './helpers';
import { adminApi, useAdminMutation, usePartner } from './queries';
import {
  AdminPage,
  ConfirmAction,
  FormErrors,
  Notice,
  SelectField,
  StatusBadge,
  TextField,
  type AdminContext,
} from './ui';

interface PartnerDraft {
  name: string;
  type: PartnerType | '';
  siret: string;
  finess: string;
  territoryIds: string[];
}

const FIELD_LABELS = {
  name: { id: 'partenaire-nom', label: 'Nom' },
  type: { id: 'partenaire-type', label: 'Type' },
  siret: { id: 'partenaire-siret', label: 'SIRET' },
  finess: { id: 'partenaire-finess', label: 'FINESS' },
  territoryIds: { id: 'partenaire-territoires', label: 'Territoires' },
};

/** The form's values as the API expects them: blank identifiers are « none ». */
function toPayload(draft: PartnerDraft) {
  return {
    name: draft.name,
    type: draft.type,
    siret: draft.siret.trim() === '' ? null : draft.siret,
    finess: draft.finess.trim() === '' ? null : draft.finess,
    territoryIds: draft.territoryIds,
  };
}

function PartnerForm({
  ctx,
  initial,
  submitLabel,
  onSubmit,
}: {
  ctx: AdminContext;
  initial: PartnerDraft;
  submitLabel: string;
  onSubmit: (payload: ReturnType<typeof toPayload>) => Promise<void>;
}) {
  const [draft, setDraft] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Territories outside the coordinator's scope are kept as they are: they are not theirs to change.
  const foreign = initial.territoryIds.filter((id) => !ctx.territoryIds.includes(id));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setMessage(null);
    const payload = toPayload(draft);
    const parsed = createPartnerSchema.safeParse(payload);
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error));
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      await onSubmit(payload);
    } catch (error) {
      setMessage(errorMessage(error));
    } finally {
      setBusy(false);
    }
  }

  const set = <K extends keyof PartnerDraft>(key: K, value: PartnerDraft[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));

  return (
    <form className="card admin-form" noValidate onSubmit={(event) => void submit(event)}>
      <FormErrors message={message} fields={errors} labels={FIELD_LABELS} />
      <TextField
        id="partenaire-nom"
        label="Nom"
        required
        value={draft.name}
        error={errors.name}
        onChange={(v) => set('name', v)}
      />
      <SelectField
        id="partenaire-type"
        label="Type"
        required
        value={draft.type}
        error={errors.type}
        emptyLabel="Choisir un type"
        options={PARTNER_TYPES.map((t) => ({ value: t, label: PARTNER_TYPE_LABELS[t] }))}
        hint="Les membres d’un bailleur social ne reçoivent jamais d’information de santé."
        onChange={(v) => set('type', v as PartnerType | '')}
      />
      <TextField
        id="partenaire-siret"
        label="SIRET"
        hint="14 chiffres, facultatif"
        inputMode="numeric"
        value={draft.siret}
        error={errors.siret}
        onChange={(v) => set('siret', v)}
      />
      <TextField
        id="partenaire-finess"
        label="FINESS"
        hint="9 caractères, pour les établissements sanitaires et médico-sociaux ; facultatif"
        value={draft.finess}
        error={errors.finess}
        onChange={(v) => set('finess', v)}
      />
      <fieldset
        id="partenaire-territoires"
        className="fieldset admin-checkboxes"
        aria-describedby={errors.territoryIds ? 'partenaire-territoires-error' : undefined}
      >
        <legend>
          Territoires <span className="admin-required">(au moins un)</span>
        </legend>
        {ctx.territoryIds.map((id) => (
          <div key={id} className="admin-checkbox">
            <input
              type="checkbox"
              id={`partenaire-territoire-${id}`}
              checked={draft.territoryIds.includes(id)}
              onChange={(event) =>
                set(
                  'territoryIds',
                  event.target.checked
                    ? [...draft.territoryIds, id]
                    : draft.territoryIds.filter((t) => t !== id),
                )
              }
            />
            <label htmlFor={`partenaire-territoire-${id}`}>{ctx.territoryName(id)}</label>
          </div>
        ))}
        {foreign.length > 0 ? (
          <p className="field-hint">Aussi présent sur : {foreign.map(ctx.territoryName).join(', ')}.</p>
        ) : null}
        {errors.territoryIds ? (
          <p id="partenaire-territoires-error" className="field-error">
            {errors.territoryIds}
          </p>
        ) : null}
      </fieldset>
      <div className="admin-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Enregistrement…' : submitLabel}
        </button>
        <Link to="/administration/partenaires" className="button">
          Annuler
        </Link>
      </div>
    </form>
  );
}

export function NewPartnerPage() {
  return <AdminPage title="Ajouter un partenaire">{(ctx) => <NewPartner ctx={ctx} />}</AdminPage>;
}

function NewPartner({ ctx }: { ctx: AdminContext }) {
  const navigate = useNavigate();
  const create = useAdminMutation(adminApi.createPartner);
  return (
    <PartnerForm
      ctx={ctx}
      submitLabel="Créer le partenaire"
      initial={{
        name: '',
        type: '',
        siret: '',
        finess: '',
        territoryIds: ctx.territoryIds.length === 1 ? [...ctx.territoryIds] : [],
      }}
      onSubmit={async (payload) => {
        const partner = await create.mutateAsync(payload);
        await navigate(`/administration/partenaires/${partner.id}`, {
          state: { notice: `Le partenaire « ${partner.name} » a été créé.` },
        });
      }}
    />
  );
}

export function PartnerPage() {
  return <AdminPage title="Fiche partenaire">{(ctx) => <PartnerDetail ctx={ctx} />}</AdminPage>;
}

function PartnerDetail({ ctx }: { ctx: AdminContext }) {
  const { id } = useParams();
  const location = useLocation();
  const partner = usePartner(id);
  const [notice, setNotice] = useState<string | null>(
    (location.state as { notice?: string } | null)?.notice ?? null,
  );
  const update = useAdminMutation((body: object) => adminApi.updatePartner(id ?? '', body));

  if (partner.isPending) return <Loading label="Chargement du partenaire…" />;
  if (partner.isError)
    return (
      <Alert tone="error">
        <p>{errorMessage(partner.error)}</p>
        <p>
          <Link to="/administration/partenaires">Retour à la liste des partenaires</Link>
        </p>
      </Alert>
    );
  const p: PartnerView = partner.data;
  return (
    <>
      <Notice>{notice}</Notice>
      <h2>
        {p.name}{' '}
        {p.archivedAt ? (
          <StatusBadge tone="neutral">{`Archivé le ${formatDate(p.archivedAt) ?? ''}`}</StatusBadge>
        ) : (
          <StatusBadge tone="ok">Actif</StatusBadge>
        )}
      </h2>
      <ul className="inline-row plain-list admin-links">
        <li>
          <Link to={`/administration/membres?partenaire=${p.id}`}>Voir ses membres ({p.memberCount})</Link>
        </li>
        <li>
          <Link to={`/administration/conventions?partenaire=${p.id}`}>Voir ses conventions</Link>
        </li>
      </ul>
      <h2 className="subheading">Modifier</h2>
      <PartnerForm
        key={`${p.id}-${p.name}-${p.type}`}
        ctx={ctx}
        submitLabel="Enregistrer les modifications"
        initial={{
          name: p.name,
          type: p.type,
          siret: p.siret ?? '',
          finess: p.finess ?? '',
          territoryIds: p.territoryIds,
        }}
        onSubmit={async (payload) => {
          const foreign = p.territoryIds.filter((t) => !ctx.territoryIds.includes(t));
          await update.mutateAsync({
            ...payload,
            territoryIds: [...new Set([...foreign, ...payload.territoryIds])],
          });
          setNotice('Les modifications du partenaire ont été enregistrées.');
        }}
      />
      <h2 className="subheading">Archivage</h2>
      {p.archivedAt ? (
        <>
          <p>Ce partenaire est archivé : il n’apparaît plus dans les listes ni dans les formulaires.</p>
          <ConfirmAction
            triggerLabel="Désarchiver le partenaire"
            title={`Désarchiver « ${p.name} » ?`}
            confirmLabel="Désarchiver"
            onConfirm={async () => {
              await update.mutateAsync({ archived: false });
              setNotice('Le partenaire a été désarchivé.');
            }}
          >
            <p>Le partenaire réapparaîtra dans les listes et les formulaires.</p>
          </ConfirmAction>
        </>
      ) : (
        <>
          <p>
            Archivez un partenaire qui ne participe plus au CLSM. Son historique et le journal d’audit sont
            conservés.
          </p>
          <ConfirmAction
            danger
            triggerLabel="Archiver le partenaire"
            title={`Archiver « ${p.name} » ?`}
            confirmLabel="Archiver"
            onConfirm={async () => {
              await update.mutateAsync({ archived: true });
              setNotice('Le partenaire a été archivé.');
            }}
          >
            <p>
              Le partenaire n’apparaîtra plus dans les listes. Pensez à désactiver les comptes de ses membres
              s’ils ne doivent plus accéder à Passerelle.
            </p>
          </ConfirmAction>
        </>
      )}
    </>
  );
}
