import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { publishCharterSchema } from '../../../contracts/admin';
import { Alert } from '../../components/ui/alert';
import { Loading } from '../../components/ui/loading';
import { errorMessage } from '../../lib/api';
import { charterParagraphs, fieldErrors, formatDateTime } from './helpers';
import { adminApi, useAdminMutation, useCharterHistory, useCurrentCharter } from './queries';
import {
  AdminPage,
  ConfirmAction,
  FormErrors,
  Notice,
  SelectField,
  TextAreaField,
  TextField,
  type AdminContext,
} from './ui';

export function CharterPage() {
  return (
    <AdminPage
      title="Charte de confidentialité"
      lead={
        <p>
          Chaque membre doit accepter la version en vigueur de la charte de son territoire avant d’ouvrir un
          écran confidentiel.
        </p>
      }
    >
      {(ctx) => <Charter ctx={ctx} />}
    </AdminPage>
  );
}

function Charter({ ctx }: { ctx: AdminContext }) {
  const [params, setParams] = useSearchParams();
  const asked = params.get('territoire') ?? '';
  const territoryId = ctx.territoryIds.includes(asked) ? asked : (ctx.territoryIds[0] ?? '');
  const [notice, setNotice] = useState<string | null>(null);
  if (ctx.territoryIds.length === 0) return <p>Aucun territoire n’est encore enregistré.</p>;
  return (
    <>
      {ctx.territoryIds.length > 1 ? (
        <SelectField
          id="charte-territoire"
          label="Territoire"
          value={territoryId}
          options={ctx.territoryIds.map((id) => ({ value: id, label: ctx.territoryName(id) }))}
          onChange={(v) => {
            setNotice(null);
            setParams({ territoire: v });
          }}
        />
      ) : (
        <p>
          Territoire : <strong>{ctx.territoryName(territoryId)}</strong>
        </p>
      )}
      <Notice>{notice}</Notice>
      <TerritoryCharter key={territoryId} ctx={ctx} territoryId={territoryId} onPublished={setNotice} />
    </>
  );
}

function TerritoryCharter({
  ctx,
  territoryId,
  onPublished,
}: {
  ctx: AdminContext;
  territoryId: string;
  onPublished: (message: string) => void;
}) {
  const current = useCurrentCharter(territoryId);
  const history = useCharterHistory(territoryId);
  const name = ctx.territoryName(territoryId);
  return (
    <>
      <section aria-labelledby="charte-en-vigueur">
        <h2 id="charte-en-vigueur" className="subheading">
          Version en vigueur — {name}
        </h2>
        {current.isPending ? <Loading label="Chargement de la charte…" /> : null}
        {current.isError ? (
          <Alert tone="error">
            <p>{errorMessage(current.error)}</p>
          </Alert>
        ) : null}
        {current.data === null ? (
          <Alert tone="warning" title="Aucune charte publiée">
            <p>
              Tant qu’aucune charte n’est publiée, aucun membre de ce territoire ne peut ouvrir d’écran
              confidentiel.
            </p>
          </Alert>
        ) : null}
        {current.data ? (
          <article className="card admin-charter-text" aria-labelledby="charte-titre">
            <h3 id="charte-titre">{current.data.title}</h3>
            <p className="muted">
              Version {current.data.version}, publiée le {formatDateTime(current.data.publishedAt)}
            </p>
            {charterParagraphs(current.data.body).map((p, i) => (
              <p key={i} className="admin-prewrap">
                {p}
              </p>
            ))}
          </article>
        ) : null}
      </section>

      <section aria-labelledby="charte-historique">
        <h2 id="charte-historique" className="subheading">
          Historique des versions
        </h2>
        {history.isPending ? <Loading label="Chargement de l’historique…" /> : null}
        {history.isError ? (
          <Alert tone="error">
            <p>{errorMessage(history.error)}</p>
          </Alert>
        ) : null}
        {history.data && history.data.versions.length === 0 ? <p>Aucune version publiée.</p> : null}
        {history.data && history.data.versions.length > 0 ? (
          <div
            className="table-wrapper"
            role="region"
            aria-labelledby="charte-historique-caption"
            tabIndex={0}
          >
            <table className="table table-compact">
              <caption id="charte-historique-caption">
                Versions de la charte — {name} ({history.data.members} membre
                {history.data.members > 1 ? 's' : ''} sur le territoire)
              </caption>
              <thead>
                <tr>
                  <th scope="col" className="numeric">
                    Version
                  </th>
                  <th scope="col">Titre</th>
                  <th scope="col">Publiée le</th>
                  <th scope="col" className="numeric">
                    Acceptations
                  </th>
                </tr>
              </thead>
              <tbody>
                {history.data.versions.map((v) => (
                  <tr key={v.id}>
                    <th scope="row" className="numeric">
                      {v.version}
                    </th>
                    <td>{v.title}</td>
                    <td>{formatDateTime(v.publishedAt)}</td>
                    <td className="numeric">
                      {v.acceptances} / {history.data.members}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>

      <PublishForm
        territoryId={territoryId}
        territoryName={name}
        initialTitle={current.data?.title ?? 'Charte de confidentialité'}
        initialBody={current.data?.body ?? ''}
        ready={!current.isPending}
        onPublished={onPublished}
      />
    </>
  );
}

function PublishForm({
  territoryId,
  territoryName,
  initialTitle,
  initialBody,
  ready,
  onPublished,
}: {
  territoryId: string;
  territoryName: string;
  initialTitle: string;
  initialBody: string;
  ready: boolean;
  onPublished: (message: string) => void;
}) {
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState(initialTitle);
  const [body, setBody] = useState(initialBody);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const publish = useAdminMutation((input: { title: string; body: string }) =>
    adminApi.publishCharter(territoryId, input),
  );
  const paragraphs = charterParagraphs(body);

  function validate(event: FormEvent): boolean {
    event.preventDefault();
    const parsed = publishCharterSchema.safeParse({ title, body });
    setErrors(parsed.success ? {} : fieldErrors(parsed.error));
    return parsed.success;
  }

  return (
    <section aria-labelledby="charte-publier">
      <h2 id="charte-publier" className="subheading">
        Publier une nouvelle version
      </h2>
      {!open ? (
        <button
          type="button"
          className="button"
          disabled={!ready}
          onClick={() => {
            setTitle(initialTitle);
            setBody(initialBody);
            setOpen(true);
          }}
        >
          Rédiger une nouvelle version
        </button>
      ) : (
        <form className="card admin-form" noValidate onSubmit={validate}>
          <Alert tone="warning" title="Chaque membre devra accepter la charte à nouveau">
            <p>
              Dès la publication, les membres de {territoryName} ne pourront plus ouvrir d’écran confidentiel
              tant qu’ils n’auront pas relu et accepté la nouvelle version.
            </p>
          </Alert>
          <FormErrors
            fields={errors}
            labels={{
              title: { id: 'charte-titre-champ', label: 'Titre' },
              body: { id: 'charte-texte', label: 'Texte' },
            }}
          />
          <TextField
            id="charte-titre-champ"
            label="Titre"
            required
            value={title}
            error={errors.title}
            onChange={setTitle}
          />
          <TextAreaField
            id="charte-texte"
            label="Texte"
            required
            rows={16}
            hint="Texte brut ; séparez les paragraphes par une ligne vide."
            value={body}
            error={errors.body}
            onChange={setBody}
          />
          <section aria-labelledby="charte-apercu" className="admin-preview">
            <h3 id="charte-apercu">Aperçu</h3>
            {paragraphs.length === 0 ? (
              <p className="muted">Le texte apparaîtra ici.</p>
            ) : (
              <div className="card admin-charter-text">
                <p className="admin-preview-title">{title}</p>
                {paragraphs.map((p, i) => (
                  <p key={i} className="admin-prewrap">
                    {p}
                  </p>
                ))}
              </div>
            )}
          </section>
          <div className="admin-actions">
            <ConfirmAction
              triggerLabel="Publier cette version"
              title={`Publier la nouvelle charte de ${territoryName} ?`}
              confirmLabel="Publier"
              disabled={title.trim() === '' || body.trim() === ''}
              onConfirm={async () => {
                const parsed = publishCharterSchema.safeParse({ title, body });
                if (!parsed.success) {
                  setErrors(fieldErrors(parsed.error));
                  return;
                }
                const version = await publish.mutateAsync(parsed.data);
                setOpen(false);
                onPublished(
                  `La version ${version.version} de la charte est publiée : chaque membre de ${territoryName} devra l’accepter.`,
                );
              }}
            >
              <p>Chaque membre du territoire devra l’accepter avant d’ouvrir un écran confidentiel.</p>
            </ConfirmAction>
            <button type="button" className="button" onClick={() => setOpen(false)}>
              Annuler
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
