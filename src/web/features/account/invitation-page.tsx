import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ERROR_MESSAGES } from '../../../contracts/errors';
import { Alert } from '../../components/ui/alert';
import { Loading } from '../../components/ui/loading';
import { errorMessage } from '../../lib/api';
import { formatDate } from '../../lib/format';
import { useDocumentTitle } from '../../lib/use-document-title';
import { checkNewPassword } from './forms';
import { ENROL_PATH, LOGIN_PATH } from './navigation';
import { accountApi, useInvitation } from './queries';
import { FormError, NewPasswordFields, useFinishSignIn, useGoToStep } from './ui';

/** Opening an invitation link: who it is for, then choosing a password (and the second factor next). */
export function InvitationPage() {
  useDocumentTitle('Activer votre compte');
  const [params] = useSearchParams();
  const token = params.get('token');
  const invitation = useInvitation(token);

  return (
    <div className="page account-page account-narrow">
      <h1>Activer votre compte</h1>
      {!token ? (
        <Alert tone="error">
          <p>{ERROR_MESSAGES.TOKEN_INVALID}</p>
        </Alert>
      ) : invitation.isPending ? (
        <Loading label="Lecture de l’invitation…" />
      ) : invitation.isError ? (
        <>
          <Alert tone="error" title="Invitation inutilisable">
            <p>{errorMessage(invitation.error)}</p>
            <p>Le coordinateur de votre territoire peut vous envoyer une nouvelle invitation.</p>
          </Alert>
          <p>
            <Link to={LOGIN_PATH}>Vous avez déjà activé votre compte ? Connectez-vous</Link>
          </p>
        </>
      ) : (
        <>
          <div className="card">
            <p>
              Bienvenue <strong>{invitation.data.displayName}</strong>. Vous êtes invité(e) à rejoindre
              Passerelle pour <strong>{invitation.data.partnerName}</strong>.
            </p>
            <dl className="definition-list">
              <dt>Adresse e-mail</dt>
              <dd>{invitation.data.email}</dd>
              <dt>Lien valable jusqu’au</dt>
              <dd>{formatDate(invitation.data.expiresAt) ?? invitation.data.expiresAt}</dd>
            </dl>
          </div>
          <section className="card" aria-labelledby="invitation-password-title">
            <h2 id="invitation-password-title" className="card-title">
              Choisissez votre mot de passe
            </h2>
            <AcceptInvitationForm token={token} />
          </section>
        </>
      )}
    </div>
  );
}

function AcceptInvitationForm({ token }: { token: string }) {
  const goToStep = useGoToStep();
  const finishSignIn = useFinishSignIn();
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [errors, setErrors] = useState<{ password?: string; confirmation?: string }>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found = checkNewPassword(password, confirmation);
    setErrors(found);
    if (found.password || found.confirmation) return;
    setFailure(null);
    setBusy(true);
    try {
      const answer = await accountApi.acceptInvitation(token, password);
      // replace: the single-use link leaves the history once used.
      if (answer.next === 'enrol_second_factor') await goToStep(ENROL_PATH);
      else await finishSignIn();
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={(event) => void submit(event)} noValidate aria-labelledby="invitation-password-title">
      <FormError error={failure} />
      <NewPasswordFields
        password={password}
        confirmation={confirmation}
        onPassword={setPassword}
        onConfirmation={setConfirmation}
        errors={errors}
      />
      <p className="account-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Activation…' : 'Activer mon compte'}
        </button>
      </p>
    </form>
  );
}
