import { useState, type FormEvent } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router';
import { Alert } from '../../components/ui/alert';
import { Loading } from '../../components/ui/loading';
import { useMe } from '../../lib/session';
import { useDocumentTitle } from '../../lib/use-document-title';
import {
  afterSignInPath,
  loginErrorMessage,
  pathForLoginNext,
  pendingStepPath,
  secondFactorPending,
} from './navigation';
import { accountApi, useOidcProviders } from './queries';
import { FormError, TextField, useFinishSignIn, useGoToStep, useReturnTo } from './ui';

/** « Se connecter »: e-mail and password, or an identity provider (ProConnect, Pro Santé Connect). */
export function LoginPage() {
  useDocumentTitle('Se connecter');
  const [params] = useSearchParams();
  const returnTo = useReturnTo();
  const providerError = loginErrorMessage(params.get('erreur'));
  const me = useMe();

  // Someone already signed in has nothing to do here, unless a failed provider login must be explained.
  if (me.data && !providerError) {
    const to = secondFactorPending(me.data)
      ? pendingStepPath(me.data, returnTo)
      : afterSignInPath(me.data, returnTo);
    return <Navigate to={to} replace />;
  }

  return (
    <div className="page account-page">
      <h1>Se connecter</h1>
      <p className="lead">
        Passerelle est réservé aux professionnels des partenaires du CLSM. Votre compte est créé sur
        invitation du coordinateur de votre territoire.
      </p>
      {providerError ? (
        <Alert tone="error" title="La connexion n’a pas abouti">
          <p>{providerError}</p>
        </Alert>
      ) : null}
      <div className="account-columns">
        <section className="card" aria-labelledby="login-password-title">
          <h2 id="login-password-title" className="card-title">
            Avec votre adresse e-mail
          </h2>
          <PasswordLoginForm returnTo={returnTo} />
        </section>
        <ProviderButtons />
      </div>
    </div>
  );
}

function PasswordLoginForm({ returnTo }: { returnTo: string | null }) {
  const goToStep = useGoToStep();
  const finishSignIn = useFinishSignIn();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ email?: string; password?: string }>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const next = {
      email: email.trim() ? undefined : 'Indiquez votre adresse e-mail.',
      password: password ? undefined : 'Indiquez votre mot de passe.',
    };
    setErrors(next);
    if (next.email || next.password) return;
    setBusy(true);
    setFailure(null);
    try {
      const answer = await accountApi.login(email.trim(), password);
      const step = pathForLoginNext(answer.next, returnTo);
      if (step) await goToStep(step);
      else await finishSignIn();
    } catch (error) {
      setFailure(error);
      setPassword('');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      onSubmit={(event) => void submit(event)}
      noValidate
      aria-label="Connexion par e-mail et mot de passe"
    >
      <FormError error={failure} />
      <TextField
        label="Adresse e-mail"
        type="email"
        name="email"
        value={email}
        onChange={setEmail}
        autoComplete="username"
        inputMode="email"
        spellCheck={false}
        error={errors.email}
      />
      <TextField
        label="Mot de passe"
        type="password"
        name="password"
        value={password}
        onChange={setPassword}
        autoComplete="current-password"
        error={errors.password}
      />
      <p className="account-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Connexion…' : 'Se connecter'}
        </button>
        <Link to="/mot-de-passe/oublie">Mot de passe oublié ?</Link>
      </p>
    </form>
  );
}

function ProviderButtons() {
  const providers = useOidcProviders();
  if (providers.isPending) return <Loading label="Chargement des autres moyens de connexion…" />;
  // Without providers (or when the list cannot be read), the e-mail form is the only way in.
  const list = providers.data?.providers ?? [];
  if (list.length === 0) return null;
  return (
    <section className="card" aria-labelledby="login-provider-title">
      <h2 id="login-provider-title" className="card-title">
        Avec votre compte professionnel
      </h2>
      <p className="field-hint">
        Votre compte Passerelle doit déjà exister : la première connexion le relie à l’adresse e-mail à
        laquelle vous avez été invité.
      </p>
      <ul className="account-provider-list">
        {list.map((p) => (
          <li key={p.id}>
            {/* A full page load: the provider's login page is on another site. */}
            <a className={`button account-provider account-provider-${p.id}`} href={p.startUrl}>
              Se connecter avec {p.label}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
