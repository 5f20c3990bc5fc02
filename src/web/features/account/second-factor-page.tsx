import { useState, type FormEvent } from 'react';
import { Link, Navigate } from 'react-router';
import { Alert } from '../../components/ui/alert';
import { Loading } from '../../components/ui/loading';
import { errorMessage } from '../../lib/api';
import { useMe } from '../../lib/session';
import { useDocumentTitle } from '../../lib/use-document-title';
import { normaliseCode } from './forms';
import { afterSignInPath, ENROL_PATH, LOGIN_PATH, returnQuery } from './navigation';
import { accountApi } from './queries';
import { FormError, TextField, useFinishSignIn, useReturnTo } from './ui';

/** Second step of a login: a code from the authenticator app, or one of the recovery codes. */
export function SecondFactorPage() {
  useDocumentTitle('Double authentification');
  const me = useMe();
  const returnTo = useReturnTo();
  const [useRecovery, setUseRecovery] = useState(false);

  if (me.isPending) return <Loading label="Vérification de votre session…" />;
  if (me.isError) {
    return (
      <Alert tone="error">
        <p>{errorMessage(me.error)}</p>
      </Alert>
    );
  }
  if (!me.data) return <Navigate to={`${LOGIN_PATH}${returnQuery(returnTo)}`} replace />;
  if (me.data.secondFactor.verified) return <Navigate to={afterSignInPath(me.data, returnTo)} replace />;
  if (!me.data.secondFactor.enabled) return <Navigate to={`${ENROL_PATH}${returnQuery(returnTo)}`} replace />;

  return (
    <div className="page account-page account-narrow">
      <h1>Double authentification</h1>
      <div className="card">
        {useRecovery ? (
          <RecoveryCodeForm onBack={() => setUseRecovery(false)} />
        ) : (
          <AppCodeForm onRecovery={() => setUseRecovery(true)} />
        )}
      </div>
      <p>
        <Link to={LOGIN_PATH}>Revenir à la page de connexion</Link>
      </p>
    </div>
  );
}

function AppCodeForm({ onRecovery }: { onRecovery: () => void }) {
  const finishSignIn = useFinishSignIn();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = normaliseCode(code);
    if (!/^\d{6}$/.test(value)) {
      setError('Le code comporte 6 chiffres.');
      return;
    }
    setError(undefined);
    setFailure(null);
    setBusy(true);
    try {
      await accountApi.totpVerify({ code: value });
      await finishSignIn();
    } catch (err) {
      setFailure(err);
      setCode('');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={(event) => void submit(event)} noValidate aria-label="Code de l’application">
      <FormError error={failure} />
      <TextField
        label="Code à 6 chiffres"
        hint="Ouvrez votre application d’authentification et saisissez le code affiché pour Passerelle."
        value={code}
        onChange={setCode}
        autoComplete="one-time-code"
        inputMode="numeric"
        maxLength={9}
        name="code"
        error={error}
        className="account-code-field"
      />
      <p className="account-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Vérification…' : 'Valider'}
        </button>
        <button type="button" className="button" onClick={onRecovery}>
          Utiliser un code de secours
        </button>
      </p>
    </form>
  );
}

function RecoveryCodeForm({ onBack }: { onBack: () => void }) {
  const finishSignIn = useFinishSignIn();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const value = code.trim();
    if (value.length < 8) {
      setError('Saisissez un de vos codes de secours, tel que vous l’avez noté.');
      return;
    }
    setError(undefined);
    setFailure(null);
    setBusy(true);
    try {
      await accountApi.totpVerify({ recoveryCode: value });
      await finishSignIn();
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={(event) => void submit(event)} noValidate aria-label="Code de secours">
      <FormError error={failure} />
      <TextField
        label="Code de secours"
        hint="Un des dix codes notés lors de l’activation. Chaque code ne sert qu’une fois."
        value={code}
        onChange={setCode}
        autoComplete="off"
        spellCheck={false}
        maxLength={32}
        name="recovery-code"
        error={error}
      />
      <p className="account-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Vérification…' : 'Valider le code de secours'}
        </button>
        <button type="button" className="button" onClick={onBack}>
          Utiliser l’application d’authentification
        </button>
      </p>
    </form>
  );
}
