import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { MeResponse } from '../../../contracts/auth';
import { Alert } from '../../components/ui/alert';
import { Loading } from '../../components/ui/loading';
import { errorMessage } from '../../lib/api';
import { formatDate } from '../../lib/format';
import { useDocumentTitle } from '../../lib/use-document-title';
import { blocksOthersMustFix, territoryName } from './forms';
import { ACCOUNT_PATH, territoriesToAcceptCharter } from './navigation';
import { accountApi, useCharter, useRefreshMe } from './queries';
import { FormError, RequireMember, useReturnTo } from './ui';

/** « Charte de confidentialité »: each territory's charter still to accept, and what else blocks access. */
export function CharterPage() {
  useDocumentTitle('Charte de confidentialité');
  return <RequireMember>{(me) => <Charters me={me} />}</RequireMember>;
}

function Charters({ me }: { me: MeResponse }) {
  const toAccept = territoriesToAcceptCharter(me);
  const others = blocksOthersMustFix(me);
  const returnTo = useReturnTo();
  const [accepted, setAccepted] = useState<string[]>([]);
  const continueTo = returnTo ?? ACCOUNT_PATH;
  const refreshMe = useRefreshMe();
  const navigate = useNavigate();

  async function onAccepted(name: string) {
    setAccepted((list) => [...list, name]);
    const fresh = await refreshMe();
    // Every charter accepted: the member goes on to where they were heading.
    if (fresh && territoriesToAcceptCharter(fresh).length === 0)
      await navigate(continueTo, { replace: true });
  }

  return (
    <div className="page account-page">
      <h1>Charte de confidentialité</h1>
      <p className="lead">
        Sur chaque territoire, l’accès aux situations suppose d’avoir lu et accepté la charte de
        confidentialité du CLSM en vigueur. Une nouvelle version doit être acceptée à nouveau.
      </p>
      {accepted.length > 0 ? (
        <Alert tone="success" live>
          <p>
            Charte acceptée pour : {accepted.join(', ')}.
            {toAccept.length === 0 ? ' Vous avez accepté toutes les chartes en vigueur.' : null}
          </p>
        </Alert>
      ) : null}
      {toAccept.length === 0 && accepted.length === 0 ? (
        <Alert tone="info">
          <p>Vous avez accepté la charte en vigueur sur chacun de vos territoires.</p>
        </Alert>
      ) : null}
      {toAccept.map((territoryId) => (
        <CharterToAccept
          key={territoryId}
          territoryId={territoryId}
          territoryName={territoryName(me, territoryId)}
          onAccepted={onAccepted}
        />
      ))}
      {others.length > 0 ? (
        <section className="card" aria-labelledby="charter-others-title">
          <h2 id="charter-others-title" className="card-title">
            Ce que vous ne pouvez pas régler vous-même
          </h2>
          <ul className="plain-list">
            {others.map((b) => (
              <li key={`${b.territoryId}-${b.code}`}>
                <strong>{territoryName(me, b.territoryId)}</strong> : {b.message}
              </li>
            ))}
          </ul>
          <p>
            Contactez le coordinateur du CLSM de votre territoire : il publie la charte et enregistre les
            conventions de partenariat de votre organisation.
          </p>
        </section>
      ) : null}
      {toAccept.length === 0 ? (
        <p>
          <Link to={continueTo} className="button button-primary">
            Continuer
          </Link>
        </p>
      ) : null}
    </div>
  );
}

function CharterToAccept({
  territoryId,
  territoryName: name,
  onAccepted,
}: {
  territoryId: string;
  territoryName: string;
  onAccepted: (territoryName: string) => Promise<void>;
}) {
  const charter = useCharter(territoryId);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const titleId = `charte-${territoryId}`;

  async function accept(version: number) {
    setFailure(null);
    setBusy(true);
    try {
      await accountApi.acceptCharter(territoryId, version);
    } catch (err) {
      setFailure(err);
      // A newer version may have been published meanwhile: show it.
      await charter.refetch();
      setBusy(false);
      return;
    }
    try {
      await onAccepted(name);
    } catch (err) {
      setFailure(err);
      setBusy(false);
    }
  }

  return (
    <section className="card account-charter" aria-labelledby={titleId}>
      <h2 id={titleId} className="card-title">
        {name}
      </h2>
      {charter.isPending ? (
        <Loading label="Chargement de la charte…" />
      ) : charter.isError ? (
        <Alert tone="error">
          <p>{errorMessage(charter.error)}</p>
        </Alert>
      ) : (
        <>
          <h3>
            {charter.data.title} <span className="muted">(version {charter.data.version})</span>
          </h3>
          <p className="muted">Publiée le {formatDate(charter.data.publishedAt)}</p>
          <div
            className="account-charter-body"
            tabIndex={0}
            role="region"
            aria-label={`Texte de la charte — ${name}`}
          >
            {charter.data.body}
          </div>
          <FormError error={failure} />
          <p className="account-actions">
            <button
              type="button"
              className="button button-primary"
              disabled={busy}
              onClick={() => void accept(charter.data.version)}
            >
              J’ai lu et j’accepte la charte (version {charter.data.version})
            </button>
          </p>
        </>
      )}
    </section>
  );
}
