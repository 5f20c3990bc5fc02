import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ERROR_MESSAGES } from '../../../contracts/errors';
import { Alert } from '../../components/ui/alert';
import { useDocumentTitle } from '../../lib/use-document-title';
import { checkNewPassword } from './forms';
import { LOGIN_PATH } from './navigation';
import { accountApi } from './queries';
import { FormError, NewPasswordFields, TextField } from './ui';

/** « Mot de passe oublié » : asks for a reset link. The answer never says whether the address exists. */
export function ForgotPasswordPage() {
  useDocumentTitle('Mot de passe oublié');
  const [email, setEmail] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [failure, setFailure] = useState<unknown>(null);
  const [sent, setSent] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!/^\S+@\S+\.\S+$/.test(email.trim())) {
      setError('Indiquez une adresse e-mail valide, par exemple prenom.nom@exemple.fr.');
      return;
    }
    setError(undefined);
    setFailure(null);
    setBusy(true);
    try {
      const answer = await accountApi.requestPasswordReset(email.trim());
      setSent(answer.message);
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="page account-page account-narrow">
      <h1>Mot de passe oublié</h1>
      {sent ? (
        <>
          <Alert tone="success" live title="Demande enregistrée">
            <p>{sent}</p>
          </Alert>
          <p>
            <Link to={LOGIN_PATH}>Revenir à la page de connexion</Link>
          </p>
        </>
      ) : (
        <div className="card">
          <p>
            Indiquez l’adresse e-mail de votre compte : vous y recevrez un lien pour choisir un nouveau mot de
            passe. Votre double authentification ne change pas.
          </p>
          <form onSubmit={(event) => void submit(event)} noValidate aria-label="Demander un lien">
            <FormError error={failure} />
            <TextField
              label="Adresse e-mail"
              type="email"
              name="email"
              value={email}
              onChange={setEmail}
              autoComplete="email"
              inputMode="email"
              spellCheck={false}
              error={error}
            />
            <p className="account-actions">
              <button type="submit" className="button button-primary" disabled={busy}>
                {busy ? 'Envoi…' : 'Recevoir un lien'}
              </button>
              <Link to={LOGIN_PATH}>Revenir à la connexion</Link>
            </p>
          </form>
        </div>
      )}
    </div>
  );
}

/** « Nouveau mot de passe » : the link from the e-mail; every open session is closed afterwards. */
export function NewPasswordPage() {
  useDocumentTitle('Nouveau mot de passe');
  const [params] = useSearchParams();
  const token = params.get('token');
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [errors, setErrors] = useState<{ password?: string; confirmation?: string }>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!token) return;
    const found = checkNewPassword(password, confirmation);
    setErrors(found);
    if (found.password || found.confirmation) return;
    setFailure(null);
    setBusy(true);
    try {
      await accountApi.confirmPasswordReset(token, password);
      setDone(true);
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="page account-page account-narrow">
      <h1>Choisir un nouveau mot de passe</h1>
      {!token ? (
        <Alert tone="error">
          <p>{ERROR_MESSAGES.TOKEN_INVALID}</p>
          <p>
            <Link to="/mot-de-passe/oublie">Demander un nouveau lien</Link>
          </p>
        </Alert>
      ) : done ? (
        <>
          <Alert tone="success" live title="Mot de passe changé">
            <p>
              Votre nouveau mot de passe est enregistré. Par sécurité, toutes vos sessions ouvertes ont été
              fermées : connectez-vous à nouveau.
            </p>
          </Alert>
          <p>
            <Link to={LOGIN_PATH} className="button button-primary">
              Se connecter
            </Link>
          </p>
        </>
      ) : (
        <div className="card">
          <form onSubmit={(event) => void submit(event)} noValidate>
            <FormError error={failure} />
            {failure ? (
              <p>
                <Link to="/mot-de-passe/oublie">Demander un nouveau lien</Link>
              </p>
            ) : null}
            <NewPasswordFields
              password={password}
              confirmation={confirmation}
              onPassword={setPassword}
              onConfirmation={setConfirmation}
              errors={errors}
            />
            <p className="account-actions">
              <button type="submit" className="button button-primary" disabled={busy}>
                {busy ? 'Enregistrement…' : 'Enregistrer le mot de passe'}
              </button>
            </p>
          </form>
        </div>
      )}
    </div>
  );
}
