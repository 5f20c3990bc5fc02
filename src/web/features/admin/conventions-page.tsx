import { useRef, useState, type FormEvent } from 'react';
import {
  CONVENTION_DOCUMENT_MAX_BYTES,
  CONVENTION_STATUS_LABELS,
  CONVENTION_STATUSES,
  createConventionSchema,
  updateConventionSchema,
  type ConventionView,
} from '../../../contracts/admin';
import { ApiError, errorMessage } from '../../lib/api';
import { formatDate } from '../../lib/format';
import { CONVENTION_STATUS_TONES, daysUntil, fieldErrors, formatBytes, parisToday } from './helpers';
import { adminApi, useAdminMutation, useConventions, usePartners } from './queries';
import {
  AdminPage,
  ConfirmAction,
  FilterActions,
  FormErrors,
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
const FILTER_KEYS = ['partenaire', 'territoire', 'statut'] as const;

export function ConventionsPage() {
  return (
    <AdminPage
      title="Conventions de partenariat"
      lead={
        <p>
          Sans convention en cours sur un territoire, les membres d’un partenaire n’accèdent plus aux
          situations : ils en sont informés à leur connexion.
        </p>
      }
    >
      {(ctx) => <Conventions ctx={ctx} />}
    </AdminPage>
  );
}

function Conventions({ ctx }: { ctx: AdminContext }) {
  const filters = useUrlFilters(FILTER_KEYS);
  const { applied, draft, page } = filters;
  const conventions = useConventions({
    partnerId: applied.partenaire,
    territoryId: applied.territoire,
    status: applied.statut,
    page,
    pageSize: PAGE_SIZE,
  });
  const partners = usePartners({ pageSize: 200 });
  const [notice, setNotice] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const today = parisToday();

  return (
    <>
      <Notice>{notice}</Notice>
      {creating ? (
        <CreateConvention
          ctx={ctx}
          partners={(partners.data?.items ?? []).map((p) => ({
            id: p.id,
            name: p.name,
            territoryIds: p.territoryIds,
          }))}
          onCancel={() => setCreating(false)}
          onCreated={(c) => {
            setCreating(false);
            setNotice(`La convention « ${c.title} » avec ${c.partnerName} est enregistrée.`);
          }}
        />
      ) : (
        <p>
          <button
            type="button"
            className="button button-primary"
            onClick={() => {
              setNotice(null);
              setCreating(true);
            }}
          >
            Enregistrer une convention
          </button>
        </p>
      )}

      <form
        className="card admin-filters"
        role="search"
        aria-label="Filtrer les conventions"
        onSubmit={(event) => {
          event.preventDefault();
          filters.apply();
        }}
      >
        <SelectField
          id="conventions-partenaire"
          label="Partenaire"
          value={draft.partenaire}
          emptyLabel="Tous les partenaires"
          options={(partners.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))}
          onChange={(v) => filters.setDraftValue('partenaire', v)}
        />
        <SelectField
          id="conventions-territoire"
          label="Territoire"
          value={draft.territoire}
          emptyLabel="Tous mes territoires"
          options={ctx.territoryIds.map((id) => ({ value: id, label: ctx.territoryName(id) }))}
          onChange={(v) => filters.setDraftValue('territoire', v)}
        />
        <SelectField
          id="conventions-statut"
          label="Statut"
          value={draft.statut}
          emptyLabel="Tous les statuts"
          options={CONVENTION_STATUSES.map((s) => ({ value: s, label: CONVENTION_STATUS_LABELS[s] }))}
          onChange={(v) => filters.setDraftValue('statut', v)}
        />
        <FilterActions onReset={filters.reset} />
      </form>

      <QueryFeedback query={conventions} loadingLabel="Chargement des conventions…" />
      {conventions.data ? (
        <>
          <ResultCount
            page={page}
            pageSize={PAGE_SIZE}
            total={conventions.data.total}
            noun={['convention', 'conventions']}
          />
          {conventions.data.items.length > 0 ? (
            <div className="table-wrapper" role="region" aria-labelledby="conventions-caption" tabIndex={0}>
              <table className="table">
                <caption id="conventions-caption" className="sr-only">
                  Conventions de partenariat, page {page}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Convention</th>
                    <th scope="col">Partenaire</th>
                    <th scope="col">Territoire</th>
                    <th scope="col">Période</th>
                    <th scope="col">Statut</th>
                    <th scope="col">Document signé</th>
                    <th scope="col">Actions</th>
                  </tr>
                </thead>
                <tbody>
                  {conventions.data.items.map((c) => (
                    <ConventionRow key={c.id} ctx={ctx} convention={c} today={today} onDone={setNotice} />
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p>Aucune convention ne correspond à ces critères.</p>
          )}
          <Pagination
            page={page}
            pageSize={PAGE_SIZE}
            total={conventions.data.total}
            onPage={filters.setPage}
          />
        </>
      ) : null}
    </>
  );
}

function ConventionRow({
  ctx,
  convention: c,
  today,
  onDone,
}: {
  ctx: AdminContext;
  convention: ConventionView;
  today: string;
  onDone: (message: string) => void;
}) {
  const update = useAdminMutation((body: object) => adminApi.updateConvention(c.id, body));
  const [title, setTitle] = useState(c.title);
  const [startsOn, setStartsOn] = useState(c.startsOn);
  const [endsOn, setEndsOn] = useState(c.endsOn);
  const [signedOn, setSignedOn] = useState(c.signedOn ?? '');
  const left = daysUntil(c.endsOn, today);
  const which = `${c.title} — ${c.partnerName}`;
  return (
    <tr>
      <th scope="row">
        {c.title}
        {c.signedOn ? (
          <>
            <br />
            <span className="muted">Signée le {formatDate(c.signedOn)}</span>
          </>
        ) : null}
      </th>
      <td>{c.partnerName}</td>
      <td>{ctx.territoryName(c.territoryId)}</td>
      <td>
        du {formatDate(c.startsOn)} au {formatDate(c.endsOn)}
      </td>
      <td>
        <StatusBadge tone={CONVENTION_STATUS_TONES[c.status]}>
          {CONVENTION_STATUS_LABELS[c.status]}
        </StatusBadge>
        {c.status === 'expiring' ? (
          <>
            <br />
            <span className="muted">
              encore {left} jour{left > 1 ? 's' : ''}
            </span>
          </>
        ) : null}
      </td>
      <td>
        {c.document ? (
          <a href={`/api/v1/admin/conventions/${c.id}/document`} download={c.document.name}>
            Télécharger<span className="sr-only"> le document de {which}</span> (PDF,{' '}
            {formatBytes(c.document.size)})
          </a>
        ) : (
          'Aucun'
        )}
      </td>
      <td>
        <div className="admin-actions admin-actions-wrap">
          <ConfirmAction
            triggerLabel={
              <>
                Modifier<span className="sr-only"> {which}</span>
              </>
            }
            title={`Modifier « ${c.title} »`}
            confirmLabel="Enregistrer"
            onConfirm={async () => {
              const body = { title, startsOn, endsOn, signedOn: signedOn === '' ? null : signedOn };
              const parsed = updateConventionSchema.safeParse(body);
              if (!parsed.success)
                throw new ApiError(
                  422,
                  'VALIDATION_FAILED',
                  Object.values(fieldErrors(parsed.error)).join(' '),
                );
              if (parsed.data.endsOn && parsed.data.startsOn && parsed.data.endsOn < parsed.data.startsOn)
                throw new ApiError(
                  422,
                  'CONVENTION_DATES_INVALID',
                  'La date de fin doit suivre la date de début.',
                );
              await update.mutateAsync(parsed.data);
              onDone(`La convention « ${title} » a été modifiée.`);
            }}
          >
            <TextField
              id={`convention-${c.id}-titre`}
              label="Titre"
              required
              value={title}
              onChange={setTitle}
            />
            <TextField
              id={`convention-${c.id}-debut`}
              label="Début"
              type="date"
              required
              value={startsOn}
              onChange={setStartsOn}
            />
            <TextField
              id={`convention-${c.id}-fin`}
              label="Fin"
              type="date"
              required
              value={endsOn}
              onChange={setEndsOn}
            />
            <TextField
              id={`convention-${c.id}-signature`}
              label="Date de signature"
              type="date"
              value={signedOn}
              onChange={setSignedOn}
            />
          </ConfirmAction>
          {c.revokedAt ? (
            <ConfirmAction
              triggerLabel={
                <>
                  Rétablir<span className="sr-only"> {which}</span>
                </>
              }
              title={`Rétablir « ${c.title} » ?`}
              confirmLabel="Rétablir"
              onConfirm={async () => {
                await update.mutateAsync({ revoked: false });
                onDone(`La convention « ${c.title} » est rétablie.`);
              }}
            >
              <p>La convention reprendra effet selon ses dates.</p>
            </ConfirmAction>
          ) : (
            <ConfirmAction
              danger
              triggerLabel={
                <>
                  Révoquer<span className="sr-only"> {which}</span>
                </>
              }
              title={`Révoquer « ${c.title} » ?`}
              confirmLabel="Révoquer la convention"
              onConfirm={async () => {
                await update.mutateAsync({ revoked: true });
                onDone(`La convention « ${c.title} » est révoquée.`);
              }}
            >
              <p>
                Les membres de {c.partnerName} perdront aussitôt l’accès aux situations de{' '}
                {ctx.territoryName(c.territoryId)}, sauf s’ils ont une autre convention en cours.
              </p>
            </ConfirmAction>
          )}
        </div>
      </td>
    </tr>
  );
}

const CREATE_LABELS = {
  partnerId: { id: 'convention-partenaire', label: 'Partenaire' },
  territoryId: { id: 'convention-territoire', label: 'Territoire' },
  title: { id: 'convention-titre', label: 'Titre' },
  startsOn: { id: 'convention-debut', label: 'Début' },
  endsOn: { id: 'convention-fin', label: 'Fin' },
  signedOn: { id: 'convention-signature', label: 'Date de signature' },
  file: { id: 'convention-document', label: 'Document signé' },
};

function CreateConvention({
  ctx,
  partners,
  onCancel,
  onCreated,
}: {
  ctx: AdminContext;
  partners: { id: string; name: string; territoryIds: string[] }[];
  onCancel: () => void;
  onCreated: (c: ConventionView) => void;
}) {
  const create = useAdminMutation(adminApi.createConvention);
  const [values, setValues] = useState({
    partnerId: '',
    territoryId: ctx.territoryIds.length === 1 ? (ctx.territoryIds[0] ?? '') : '',
    title: 'Convention de partenariat',
    startsOn: '',
    endsOn: '',
    signedOn: '',
  });
  const fileRef = useRef<HTMLInputElement>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const partner = partners.find((p) => p.id === values.partnerId);
  const territories = partner
    ? partner.territoryIds.filter((t) => ctx.territoryIds.includes(t))
    : ctx.territoryIds;
  const set = (key: keyof typeof values) => (value: string) => setValues((v) => ({ ...v, [key]: value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setMessage(null);
    const parsed = createConventionSchema.safeParse(values);
    const found = parsed.success ? {} : fieldErrors(parsed.error);
    if (parsed.success && parsed.data.endsOn < parsed.data.startsOn)
      found.endsOn = 'La date de fin doit suivre la date de début.';
    const file = fileRef.current?.files?.[0];
    if (file && file.type !== 'application/pdf' && !file.name.toLowerCase().endsWith('.pdf'))
      found.file = 'Le document doit être un fichier PDF.';
    if (file && file.size > CONVENTION_DOCUMENT_MAX_BYTES) found.file = 'Le document dépasse 10 Mo.';
    setErrors(found);
    if (!parsed.success || Object.keys(found).length > 0) return;
    const form = new FormData();
    for (const [key, value] of Object.entries(values)) if (value.trim() !== '') form.append(key, value);
    // The file comes last: the server reads the fields before the document.
    if (file) form.append('file', file, file.name);
    try {
      onCreated(await create.mutateAsync(form));
    } catch (error) {
      setMessage(errorMessage(error));
    }
  }

  return (
    <form
      className="card admin-form"
      noValidate
      onSubmit={(event) => void submit(event)}
      aria-labelledby="convention-nouvelle"
    >
      <h2 id="convention-nouvelle">Enregistrer une convention</h2>
      <FormErrors message={message} fields={errors} labels={CREATE_LABELS} />
      <SelectField
        id="convention-partenaire"
        label="Partenaire"
        required
        value={values.partnerId}
        error={errors.partnerId}
        emptyLabel="Choisir un partenaire"
        options={partners.map((p) => ({ value: p.id, label: p.name }))}
        onChange={set('partnerId')}
      />
      <SelectField
        id="convention-territoire"
        label="Territoire"
        required
        value={values.territoryId}
        error={errors.territoryId}
        emptyLabel="Choisir un territoire"
        options={territories.map((id) => ({ value: id, label: ctx.territoryName(id) }))}
        onChange={set('territoryId')}
      />
      <TextField
        id="convention-titre"
        label="Titre"
        required
        value={values.title}
        error={errors.title}
        onChange={set('title')}
      />
      <div className="admin-date-row">
        <TextField
          id="convention-debut"
          label="Début"
          type="date"
          required
          value={values.startsOn}
          error={errors.startsOn}
          onChange={set('startsOn')}
        />
        <TextField
          id="convention-fin"
          label="Fin"
          type="date"
          required
          value={values.endsOn}
          error={errors.endsOn}
          onChange={set('endsOn')}
        />
        <TextField
          id="convention-signature"
          label="Date de signature"
          type="date"
          value={values.signedOn}
          error={errors.signedOn}
          onChange={set('signedOn')}
        />
      </div>
      <div className="field admin-field">
        <label htmlFor="convention-document">Document signé</label>
        <p id="convention-document-hint" className="field-hint">
          Fichier PDF, 10 Mo au plus ; facultatif.
        </p>
        <input
          ref={fileRef}
          id="convention-document"
          name="file"
          type="file"
          accept="application/pdf,.pdf"
          aria-describedby={`convention-document-hint${errors.file ? ' convention-document-error' : ''}`}
          aria-invalid={errors.file ? true : undefined}
        />
        {errors.file ? (
          <p id="convention-document-error" className="field-error">
            {errors.file}
          </p>
        ) : null}
      </div>
      <div className="admin-actions">
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          {create.isPending ? 'Enregistrement…' : 'Enregistrer la convention'}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Annuler
        </button>
      </div>
    </form>
  );
}
