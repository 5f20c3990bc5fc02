import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { Link, NavLink, useLocation } from 'react-router';
import type { MeResponse } from '../../../contracts/auth';
import { Alert } from '../../components/ui/alert';
import { Loading } from '../../components/ui/loading';
import { errorMessage } from '../../lib/api';
import { useDocumentTitle } from '../../lib/use-document-title';
import { pageInfo, type BadgeTone } from './helpers';
import { useAdminScope } from './queries';

export interface AdminContext {
  me: MeResponse;
  isInstanceAdmin: boolean;
  /** Territories the signed-in member administers (every territory for an instance admin). */
  territoryIds: string[];
  territoryName: (id: string) => string;
}

const ADMIN_NAV = [
  { to: '/administration', label: 'Tableau de bord', end: true },
  { to: '/administration/partenaires', label: 'Partenaires', end: false },
  { to: '/administration/membres', label: 'Membres', end: false },
  { to: '/administration/charte', label: 'Charte', end: false },
  { to: '/administration/conventions', label: 'Conventions', end: false },
  { to: '/administration/journal', label: 'Journal d’audit', end: false },
] as const;

/**
 * The frame of every administration page: title, section navigation, and the gate (signed out → link to
 * the login page; no coordinator or admin role → « Accès réservé »). The content renders once allowed.
 */
export function AdminPage({
  title,
  lead,
  children,
}: {
  title: string;
  lead?: ReactNode;
  children: (ctx: AdminContext) => ReactNode;
}) {
  useDocumentTitle(title);
  const scope = useAdminScope();
  const location = useLocation();
  let body: ReactNode;
  if (scope.status === 'loading') body = <Loading label="Vérification de vos droits…" />;
  else if (scope.status === 'error')
    body = (
      <Alert tone="error">
        <p>{errorMessage(scope.error)}</p>
      </Alert>
    );
  else if (scope.access.kind === 'signed_out' || !scope.me)
    body = (
      <Alert tone="info" title="Connexion nécessaire">
        <p>
          L’administration de Passerelle est réservée aux coordinateurs CLSM et aux administrateurs.{' '}
          <Link to={`/connexion?retour=${encodeURIComponent(location.pathname + location.search)}`}>
            Se connecter
          </Link>
        </p>
      </Alert>
    );
  else if (scope.access.kind === 'forbidden')
    body = (
      <Alert tone="warning" title="Accès réservé">
        <p>
          Ces pages sont réservées aux coordinateurs CLSM et aux administrateurs de l’instance. Si vous devez
          gérer les membres ou les partenaires d’un territoire, adressez-vous à son coordinateur.
        </p>
      </Alert>
    );
  else
    body = children({
      me: scope.me,
      isInstanceAdmin: scope.access.isInstanceAdmin,
      territoryIds: scope.access.territoryIds,
      territoryName: scope.territoryName,
    });
  const showNav = scope.status === 'ready' && scope.access.kind === 'allowed';
  return (
    <div className="page admin-page">
      {showNav ? (
        <nav aria-label="Administration" className="admin-nav">
          <ul>
            {ADMIN_NAV.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.end} className="admin-nav-link">
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      <h1>{title}</h1>
      {lead ? <div className="lead">{lead}</div> : null}
      {body}
    </div>
  );
}

/** A status in words, reinforced by colour and a symbol (never colour alone). */
export function StatusBadge({ tone, children }: { tone: BadgeTone; children: string }) {
  return <span className={`badge admin-badge admin-badge-${tone}`}>{children}</span>;
}

/** Previous / next page, with « Page 2 sur 5 ». */
export function Pagination({
  page,
  pageSize,
  total,
  onPage,
}: {
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
}) {
  const info = pageInfo(page, pageSize, total);
  if (info.pageCount <= 1) return null;
  return (
    <nav aria-label="Pagination" className="admin-pagination">
      <button type="button" className="button" disabled={!info.hasPrevious} onClick={() => onPage(page - 1)}>
        Page précédente
      </button>
      <span>
        Page {page} sur {info.pageCount}
      </span>
      <button type="button" className="button" disabled={!info.hasNext} onClick={() => onPage(page + 1)}>
        Page suivante
      </button>
    </nav>
  );
}

/** « 1 à 50 sur 230 membres », announced politely when the list changes. */
export function ResultCount({
  page,
  pageSize,
  total,
  noun,
}: {
  page: number;
  pageSize: number;
  total: number;
  noun: [string, string];
}) {
  const info = pageInfo(page, pageSize, total);
  const text =
    total === 0
      ? `Aucun ${noun[0]} ne correspond.`
      : info.pageCount > 1
        ? `${info.first} à ${info.last} sur ${total} ${noun[1]}`
        : `${total} ${total > 1 ? noun[1] : noun[0]}`;
  return (
    <p role="status" className="admin-count">
      {text}
    </p>
  );
}

function describedBy(...ids: (string | false | null | undefined)[]): string | undefined {
  const joined = ids.filter(Boolean).join(' ');
  return joined || undefined;
}

interface FieldProps {
  id: string;
  label: string;
  hint?: ReactNode;
  error?: string | undefined;
  required?: boolean;
}

function FieldFrame({ id, label, hint, error, required, children }: FieldProps & { children: ReactNode }) {
  return (
    <div className="field admin-field">
      <label htmlFor={id}>
        {label}
        {required ? <span className="admin-required"> (obligatoire)</span> : null}
      </label>
      {hint ? (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      ) : null}
      {children}
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function TextField({
  id,
  label,
  hint,
  error,
  required,
  value,
  onChange,
  type = 'text',
  autoComplete,
  inputMode,
}: FieldProps & {
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'email' | 'date' | 'search';
  autoComplete?: string;
  inputMode?: 'numeric' | 'text';
}) {
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} required={required}>
      <input
        id={id}
        name={id}
        className="input"
        type={type}
        value={value}
        required={required}
        autoComplete={autoComplete ?? 'off'}
        inputMode={inputMode}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(hint ? `${id}-hint` : null, error ? `${id}-error` : null)}
        onChange={(event) => onChange(event.target.value)}
      />
    </FieldFrame>
  );
}

export function TextAreaField({
  id,
  label,
  hint,
  error,
  required,
  value,
  onChange,
  rows = 12,
}: FieldProps & { value: string; onChange: (value: string) => void; rows?: number }) {
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} required={required}>
      <textarea
        id={id}
        name={id}
        className="input admin-textarea"
        rows={rows}
        value={value}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(hint ? `${id}-hint` : null, error ? `${id}-error` : null)}
        onChange={(event) => onChange(event.target.value)}
      />
    </FieldFrame>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function SelectField({
  id,
  label,
  hint,
  error,
  required,
  value,
  onChange,
  options,
  emptyLabel,
}: FieldProps & {
  value: string;
  onChange: (value: string) => void;
  options: readonly Option[];
  /** The first, empty choice (« Tous les types »); none when omitted. */
  emptyLabel?: string;
}) {
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} required={required}>
      <select
        id={id}
        name={id}
        className="select"
        value={value}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(hint ? `${id}-hint` : null, error ? `${id}-error` : null)}
        onChange={(event) => onChange(event.target.value)}
      >
        {emptyLabel !== undefined ? <option value="">{emptyLabel}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

/**
 * Errors of a submitted form: announced (role=alert) and focused, so keyboard and screen-reader users land
 * on them; each error links to its field.
 */
export function FormErrors({
  message,
  fields,
  labels,
}: {
  message?: string | null;
  fields?: Record<string, string>;
  labels?: Record<string, { id: string; label: string }>;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const entries = Object.entries(fields ?? {});
  const hasErrors = Boolean(message) || entries.length > 0;
  const signature = `${message ?? ''}|${entries.map(([k, v]) => `${k}:${v}`).join('|')}`;
  useEffect(() => {
    if (hasErrors) ref.current?.focus();
  }, [hasErrors, signature]);
  if (!hasErrors) return null;
  return (
    <div ref={ref} tabIndex={-1} className="admin-form-errors">
      <Alert tone="error" title="Le formulaire n’a pas pu être envoyé">
        {message ? <p>{message}</p> : null}
        {entries.length > 0 ? (
          <ul>
            {entries.map(([key, text]) => {
              const target = labels?.[key];
              return (
                <li key={key}>
                  {target ? (
                    <a href={`#${target.id}`}>
                      {target.label} : {text}
                    </a>
                  ) : (
                    text
                  )}
                </li>
              );
            })}
          </ul>
        ) : null}
      </Alert>
    </div>
  );
}

/** A success message, announced politely. */
export function Notice({ children }: { children: ReactNode }) {
  if (!children) return null;
  return (
    <Alert tone="success" live>
      <p>{children}</p>
    </Alert>
  );
}

/**
 * A button that opens a modal confirmation (native <dialog>: focus is trapped inside and returns to the
 * button on close; Escape cancels). `onConfirm` may throw: its message is shown in the dialog. The dialog is
 * portalled to <body> so that its form never nests in the page's own form.
 */
export function ConfirmAction({
  triggerLabel,
  title,
  confirmLabel,
  danger,
  onConfirm,
  children,
  disabled,
}: {
  triggerLabel: ReactNode;
  title: string;
  confirmLabel: string;
  danger?: boolean;
  onConfirm: () => Promise<void>;
  children?: ReactNode;
  disabled?: boolean;
}) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      dialogRef.current?.close();
    } catch (cause) {
      setError(errorMessage(cause));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <button
        type="button"
        className={`button${danger ? ' button-danger' : ''}`}
        disabled={disabled}
        onClick={() => {
          setError(null);
          dialogRef.current?.showModal();
        }}
      >
        {triggerLabel}
      </button>
      {createPortal(
        <dialog ref={dialogRef} className="admin-dialog" aria-labelledby={titleId}>
          <form onSubmit={(event) => void submit(event)}>
            <h2 id={titleId} className="admin-dialog-title">
              {title}
            </h2>
            {children}
            {error ? (
              <Alert tone="error">
                <p>{error}</p>
              </Alert>
            ) : null}
            <div className="admin-actions">
              <button type="button" className="button" onClick={() => dialogRef.current?.close()}>
                Annuler
              </button>
              <button
                type="submit"
                className={`button ${danger ? 'button-danger-solid' : 'button-primary'}`}
                disabled={busy}
              >
                {busy ? 'Veuillez patienter…' : confirmLabel}
              </button>
            </div>
          </form>
        </dialog>,
        document.body,
      )}
    </>
  );
}

/** The « Filtrer » / « Réinitialiser » buttons that end every list's filter form. */
export function FilterActions({ onReset }: { onReset: () => void }) {
  return (
    <div className="admin-actions">
      <button type="submit" className="button button-primary">
        Filtrer
      </button>
      <button type="button" className="button" onClick={onReset}>
        Réinitialiser
      </button>
    </div>
  );
}

/** Loading and error states of a list query; the caller renders the data. */
export function QueryFeedback({
  query,
  loadingLabel,
}: {
  query: { isPending: boolean; isError: boolean; error: unknown };
  loadingLabel: string;
}) {
  return (
    <>
      {query.isPending ? <Loading label={loadingLabel} /> : null}
      {query.isError ? (
        <Alert tone="error">
          <p>{errorMessage(query.error)}</p>
        </Alert>
      ) : null}
    </>
  );
}
