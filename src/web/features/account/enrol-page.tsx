import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Navigate } from 'react-router';
import type { z } from 'zod';
import type { totpSetupResponseSchema } from '../../../contracts/auth';
import { Alert } from '../../components/ui/alert';
import { Loading } from '../../components/ui/loading';
import { errorMessage } from '../../lib/api';
import { useMe } from '../../lib/session';
import { useDocumentTitle } from '../../lib/use-document-title';
import { formatSecret, normaliseCode } from './forms';
import { afterSignInPath, LOGIN_PATH, returnQuery, SECOND_FACTOR_PATH } from './navigation';
import { accountApi, useRefreshMe } from './queries';
import { FormError, TextField, useFinishSignIn, useReturnTo } from './ui';

type Setup = z.infer<typeof totpSetupResponseSchema>;

/**
 * « Activer la double authentification »: the secret as a QR code and as text, a first code to prove the
 * phone holds it, then the ten recovery codes, shown once.
 */
export function EnrolPage() {
  useDocumentTitle('Activer la double authentification');
  const me = useMe();
  const returnTo = useReturnTo();
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  // Decided once, on arrival: after enrolment the member is enrolled, yet must still see the codes.
  const arrival = useRef<'enrol' | 'enrolled' | null>(null);
  if (arrival.current === null && me.data) {
    arrival.current = me.data.secondFactor.enabled ? 'enrolled' : 'enrol';
  }

  if (recoveryCodes) return <RecoveryCodes codes={recoveryCodes} />;
  if (me.isPending) return <Loading label="Vérification de votre session…" />;
  if (me.isError) {
    return (
      <Alert tone="error">
        <p>{errorMessage(me.error)}</p>
      </Alert>
    );
  }
  if (!me.data) return <Navigate to={`${LOGIN_PATH}${returnQuery(returnTo)}`} replace />;
  if (arrival.current === 'enrolled') {
    const to = me.data.secondFactor.verified
      ? afterSignInPath(me.data, returnTo)
      : `${SECOND_FACTOR_PATH}${returnQuery(returnTo)}`;
    return <Navigate to={to} replace />;
  }

  return (
    <div className="page account-page">
      <h1>Activer la double authentification</h1>
      <p className="lead">
        Passerelle donne accès à des informations confidentielles : en plus de votre mot de passe, chaque
        connexion demande un code à 6 chiffres produit par une application sur votre téléphone.
      </p>
      <EnrolmentSteps onEnabled={setRecoveryCodes} />
    </div>
  );
}

function EnrolmentSteps({ onEnabled }: { onEnabled: (codes: string[]) => void }) {
  const refreshMe = useRefreshMe();
  const [setup, setSetup] = useState<Setup | null>(null);
  const [setupError, setSetupError] = useState<unknown>(null);
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // Each call draws a new secret: one call per visit, even when React runs effects twice.
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    accountApi.totpSetup().then(setSetup, setSetupError);
  }, []);

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
      const answer = await accountApi.totpEnable(value);
      onEnabled(answer.recoveryCodes);
      await refreshMe();
    } catch (err) {
      setFailure(err);
      setCode('');
    } finally {
      setBusy(false);
    }
  }

  if (setupError) {
    return (
      <Alert tone="error" title="La double authentification ne peut pas être préparée">
        <p>{errorMessage(setupError)}</p>
      </Alert>
    );
  }
  if (!setup) return <Loading label="Préparation de votre clé…" />;

  const qrSrc = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(setup.qrSvg)}`;
  return (
    <ol className="account-steps">
      <li className="card">
        <h2 className="card-title">1. Installez une application d’authentification</h2>
        <p>
          Par exemple FreeOTP, Aegis, Microsoft Authenticator ou Google Authenticator, sur votre téléphone
          professionnel de préférence.
        </p>
      </li>
      <li className="card">
        <h2 className="card-title">2. Ajoutez Passerelle dans l’application</h2>
        <div className="account-qr">
          <img
            src={qrSrc}
            width={200}
            height={200}
            alt="QR code à scanner avec votre application d’authentification (la même clé est donnée en texte à côté)"
          />
          <div>
            <p>Scannez ce QR code avec l’application, ou saisissez-y la clé suivante :</p>
            <p className="account-secret-label" id="totp-secret-label">
              Clé à saisir manuellement
            </p>
            <p>
              <code className="account-secret" id="totp-secret" aria-labelledby="totp-secret-label">
                {formatSecret(setup.secret)}
              </code>
            </p>
            <p className="field-hint">Type : basé sur le temps (TOTP), 6 chiffres, toutes les 30 secondes.</p>
          </div>
        </div>
      </li>
      <li className="card">
        <h2 className="card-title">3. Saisissez le code affiché par l’application</h2>
        <form onSubmit={(event) => void submit(event)} noValidate aria-label="Confirmer avec un premier code">
          <FormError error={failure} />
          <TextField
            label="Code à 6 chiffres"
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
              {busy ? 'Activation…' : 'Activer la double authentification'}
            </button>
          </p>
        </form>
      </li>
    </ol>
  );
}

function RecoveryCodes({ codes }: { codes: string[] }) {
  const finishSignIn = useFinishSignIn();
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  async function done() {
    setBusy(true);
    try {
      await finishSignIn();
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="page account-page">
      <h1 ref={heading} tabIndex={-1}>
        Vos codes de secours
      </h1>
      <Alert tone="success" live>
        <p>La double authentification est activée.</p>
      </Alert>
      <div className="card">
        <p>
          Si vous perdez votre téléphone, chacun de ces codes permet <strong>une</strong> connexion à la place
          du code de l’application. Notez-les maintenant et gardez-les en lieu sûr, à l’écart de votre
          téléphone : <strong>ils ne seront plus jamais affichés</strong>.
        </p>
        <ol className="account-recovery-codes" aria-label="Codes de secours">
          {codes.map((c) => (
            <li key={c}>
              <code>{c}</code>
            </li>
          ))}
        </ol>
        <p className="account-actions">
          <button type="button" className="button button-primary" onClick={() => void done()} disabled={busy}>
            Je les ai notés
          </button>
        </p>
      </div>
    </div>
  );
}
