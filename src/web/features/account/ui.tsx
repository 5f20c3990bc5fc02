import { useId, useState, type ReactNode } from 'react';
import { Navigate, useLocation, useNavigate, useSearchParams } from 'react-router';
import type { MeResponse } from '../../../contracts/auth';
import { Alert } from '../../components/ui/alert';
import { Loading } from '../../components/ui/loading';
import { errorMessage } from '../../lib/api';
import { useMe } from '../../lib/session';
import {
  afterSignInPath,
  LOGIN_PATH,
  pendingStepPath,
  returnQuery,
  sanitizeReturnPath,
  secondFactorPending,
} from './navigation';
import { useRefreshMe } from './queries';

/** The `?retour=` of the current address, already checked to be a path of this site. */
export function useReturnTo(): string | null {
  const [params] = useSearchParams();
  return sanitizeReturnPath(params.get('retour'));
}

/** Ends a sign-in step: reloads the member, then goes to the charter, the page they came from or their account. */
export function useFinishSignIn(): () => Promise<void> {
  const refreshMe = useRefreshMe();
  const navigate = useNavigate();
  const returnTo = useReturnTo();
  return async () => {
    const me = await refreshMe();
    await navigate(afterSignInPath(me, returnTo), { replace: true });
  };
}

/**
 * Goes to the next sign-in step once the member is reloaded: the step's page reads the session from the
 * cache, which still says « nobody » right after the login answer.
 */
export function useGoToStep(): (path: string) => Promise<void> {
  const refreshMe = useRefreshMe();
  const navigate = useNavigate();
  return async (path: string) => {
    await refreshMe();
    await navigate(path, { replace: true });
  };
}

/**
 * Renders its children with the signed-in member; sends anyone else to the login page (and back here
 * afterwards), and a member who has not passed the second factor to that step.
 */
export function RequireMember({ children }: { children: (me: MeResponse) => ReactNode }) {
  const me = useMe();
  const location = useLocation();
  const here = `${location.pathname}${location.search}`;
  if (me.isPending) return <Loading label="Vérification de votre session…" />;
  if (me.isError) {
    return (
      <Alert tone="error">
        <p>{errorMessage(me.error)}</p>
      </Alert>
    );
  }
  if (!me.data) return <Navigate to={`${LOGIN_PATH}${returnQuery(sanitizeReturnPath(here))}`} replace />;
  if (secondFactorPending(me.data)) {
    return <Navigate to={pendingStepPath(me.data, sanitizeReturnPath(here))} replace />;
  }
  return <>{children(me.data)}</>;
}

/** An error of a form, announced as soon as it appears. */
export function FormError({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <Alert tone="error">
      <p>{typeof error === 'string' ? error : errorMessage(error)}</p>
    </Alert>
  );
}

interface TextFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'email' | 'password';
  autoComplete: string;
  hint?: ReactNode;
  error?: string | undefined;
  inputMode?: 'numeric' | 'text' | 'email';
  required?: boolean;
  maxLength?: number;
  name?: string;
  spellCheck?: boolean;
  className?: string;
}

/** A labelled input with its hint and error tied to it (aria-describedby), as RGAA 11 asks. */
export function TextField({
  label,
  value,
  onChange,
  type = 'text',
  autoComplete,
  hint,
  error,
  inputMode,
  required = true,
  maxLength,
  name,
  spellCheck,
  className,
}: TextFieldProps) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div className={`field${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>
        {label}
        {required ? null : <span className="muted"> (facultatif)</span>}
      </label>
      {hint ? (
        <div id={`${id}-hint`} className="field-hint">
          {hint}
        </div>
      ) : null}
      <input
        id={id}
        name={name}
        className="input"
        type={type}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        autoComplete={autoComplete}
        inputMode={inputMode}
        required={required}
        aria-required={required || undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        maxLength={maxLength}
        spellCheck={spellCheck}
      />
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** The password rules, in the words the server uses when it refuses one. */
export function PasswordPolicy() {
  return (
    <>
      Au moins 12 caractères (une phrase de plusieurs mots est idéale). Les mots de passe courants ou trop
      faciles à deviner, ou qui reprennent votre nom ou votre adresse e-mail, sont refusés.
    </>
  );
}

/** A new password and its confirmation, checked here before the server applies its own policy. */
export function NewPasswordFields({
  password,
  confirmation,
  onPassword,
  onConfirmation,
  errors,
}: {
  password: string;
  confirmation: string;
  onPassword: (v: string) => void;
  onConfirmation: (v: string) => void;
  errors: { password?: string | undefined; confirmation?: string | undefined };
}) {
  const [visible, setVisible] = useState(false);
  const type = visible ? 'text' : 'password';
  return (
    <>
      <TextField
        label="Nouveau mot de passe"
        type={type}
        value={password}
        onChange={onPassword}
        autoComplete="new-password"
        hint={<PasswordPolicy />}
        error={errors.password}
        name="new-password"
        spellCheck={false}
      />
      <TextField
        label="Confirmer le mot de passe"
        type={type}
        value={confirmation}
        onChange={onConfirmation}
        autoComplete="new-password"
        error={errors.confirmation}
        name="new-password-confirmation"
        spellCheck={false}
      />
      <p className="field account-checkbox">
        <label>
          <input type="checkbox" checked={visible} onChange={(event) => setVisible(event.target.checked)} />{' '}
          Afficher les mots de passe
        </label>
      </p>
    </>
  );
}
