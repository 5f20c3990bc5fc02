import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { INFO_CATEGORY_LABELS, PARTNER_TYPE_LABELS } from '../../../contracts/access';
import type { MeResponse } from '../../../contracts/auth';
import { Alert } from '../../components/ui/alert';
import { Loading } from '../../components/ui/loading';
import { errorMessage } from '../../lib/api';
import { useDocumentTitle } from '../../lib/use-document-title';
import { describeUserAgent, formatDateTime, sessionMethodLabel, territoryName } from './forms';
import { CHARTER_PATH, LOGIN_PATH } from './navigation';
import { accountApi, useForgetMember, useOwnSessions, useRefreshMe } from './queries';
import { FormError, RequireMember } from './ui';

/** « Mon compte »: who I am, my roles, whether I may open situations, my sessions and my data. */
export function AccountPage() {
  useDocumentTitle('Mon compte');
  return <RequireMember>{(me) => <Account me={me} />}</RequireMember>;
}

function Account({ me }: { me: MeResponse }) {
  return (
    <div className="page account-page">
      <h1>Mon compte</h1>
      <Profile me={me} />
      <AccessStatus me={me} />
      <Roles me={me} />
      <Sessions />
      <MyData />
    </div>
  );
}

function Profile({ me }: { me: MeResponse }) {
  return (
    <section className="card" aria-labelledby="account-profile-title">
      <h2 id="account-profile-title" className="card-title">
        Profil
      </h2>
      <dl className="definition-list">
        <dt>Nom</dt>
        <dd>{me.member.displayName}</dd>
        <dt>Adresse e-mail</dt>
        <dd>{me.member.email}</dd>
        {me.member.jobTitle ? (
          <>
            <dt>Fonction</dt>
            <dd>{me.member.jobTitle}</dd>
          </>
        ) : null}
        <dt>Organisation</dt>
        <dd>
          {me.member.partner.name} ({PARTNER_TYPE_LABELS[me.member.partner.type]})
        </dd>
        <dt>Double authentification</dt>
        <dd>{me.secondFactor.enabled ? 'Activée' : 'Non activée'}</dd>
        {me.member.isInstanceAdmin ? (
          <>
            <dt>Administration</dt>
            <dd>Administrateur de l’instance</dd>
          </>
        ) : null}
      </dl>
      <p className="field-hint">
        Pour corriger votre nom, votre fonction ou votre adresse e-mail, adressez-vous au coordinateur de
        votre territoire.
      </p>
    </section>
  );
}

function AccessStatus({ me }: { me: MeResponse }) {
  if (me.access.length === 0) return null;
  return (
    <section className="card" aria-labelledby="account-access-title">
      <h2 id="account-access-title" className="card-title">
        Accès aux situations
      </h2>
      <ul className="account-access-list">
        {me.access.map((a) => {
          const name = territoryName(me, a.territoryId);
          const charter = a.blocks.some((b) => b.code === 'charter_not_accepted');
          const others = a.blocks.some((b) => b.code !== 'charter_not_accepted');
          return (
            <li key={a.territoryId} className="account-access">
              <p className="account-access-title">
                <strong>{name}</strong> —{' '}
                <span
                  className={`account-state ${a.confidential ? 'account-state-open' : 'account-state-closed'}`}
                >
                  Accès aux situations : {a.confidential ? 'ouvert' : 'fermé'}
                </span>
              </p>
              {a.blocks.length > 0 ? (
                <ul className="plain-list">
                  {a.blocks.map((b) => (
                    <li key={b.code}>{b.message}</li>
                  ))}
                </ul>
              ) : null}
              {charter ? (
                <p>
                  <Link to={CHARTER_PATH}>Lire et accepter la charte — {name}</Link>
                </p>
              ) : null}
              {others ? (
                <p className="field-hint">
                  Vous ne pouvez pas lever vous-même ce blocage : contactez le coordinateur du CLSM de ce
                  territoire.
                </p>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function Roles({ me }: { me: MeResponse }) {
  return (
    <section className="card" aria-labelledby="account-roles-title">
      <h2 id="account-roles-title" className="card-title">
        Mes rôles
      </h2>
      {me.roles.length === 0 ? (
        <p>Vous n’avez encore aucun rôle sur un territoire.</p>
      ) : (
        <div className="table-wrapper">
          <table className="table">
            <caption className="sr-only">Rôles par territoire</caption>
            <thead>
              <tr>
                <th scope="col">Territoire</th>
                <th scope="col">Rôle</th>
                <th scope="col">Catégorie d’information</th>
              </tr>
            </thead>
            <tbody>
              {me.roles.map((r) => (
                <tr key={`${r.territoryId}-${r.role}`}>
                  <th scope="row">{r.territoryName}</th>
                  <td>{r.roleLabel}</td>
                  <td>{INFO_CATEGORY_LABELS[r.infoCategory]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Sessions() {
  const sessions = useOwnSessions(true);
  const refreshMe = useRefreshMe();
  const forget = useForgetMember();
  const navigate = useNavigate();
  const [failure, setFailure] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const confirmBox = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (confirming) confirmBox.current?.focus();
  }, [confirming]);

  async function close(id: string, current: boolean) {
    setFailure(null);
    setNotice(null);
    setBusyId(id);
    try {
      await accountApi.closeSession(id);
      if (current) {
        forget();
        await navigate(LOGIN_PATH, { replace: true });
        return;
      }
      setNotice('La session a été fermée.');
      await sessions.refetch();
    } catch (err) {
      setFailure(err);
    } finally {
      setBusyId(null);
    }
  }

  async function logoutEverywhere() {
    setFailure(null);
    setBusyId('all');
    try {
      await accountApi.logoutAll();
      forget();
      await navigate(LOGIN_PATH, { replace: true });
    } catch (err) {
      setFailure(err);
      setBusyId(null);
      await refreshMe().catch(() => null);
    }
  }

  return (
    <section className="card" aria-labelledby="account-sessions-title">
      <h2 id="account-sessions-title" className="card-title">
        Sessions actives
      </h2>
      <p className="field-hint">
        Si vous ne reconnaissez pas un appareil, fermez sa session puis changez votre mot de passe.
      </p>
      <FormError error={failure} />
      {notice ? (
        <Alert tone="success" live>
          <p>{notice}</p>
        </Alert>
      ) : null}
      {sessions.isPending ? (
        <Loading label="Chargement de vos sessions…" />
      ) : sessions.isError ? (
        <Alert tone="error">
          <p>{errorMessage(sessions.error)}</p>
        </Alert>
      ) : (
        <div className="table-wrapper">
          <table className="table">
            <caption className="sr-only">Vos sessions ouvertes</caption>
            <thead>
              <tr>
                <th scope="col">Appareil</th>
                <th scope="col">Connexion</th>
                <th scope="col">Ouverte le</th>
                <th scope="col">Dernière activité</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {sessions.data.sessions.map((s) => {
                const device = describeUserAgent(s.userAgent);
                return (
                  <tr key={s.id}>
                    <th scope="row">
                      {device}
                      {s.current ? <span className="tag account-current"> cette session</span> : null}
                    </th>
                    <td>{sessionMethodLabel(s.method)}</td>
                    <td>{formatDateTime(s.createdAt)}</td>
                    <td>{formatDateTime(s.lastSeenAt)}</td>
                    <td>
                      <button
                        type="button"
                        className="button"
                        disabled={busyId !== null}
                        onClick={() => void close(s.id, s.current)}
                        aria-label={`Fermer la session ${device}${
                          s.current ? ' (cette session)' : ''
                        } ouverte le ${formatDateTime(s.createdAt)}`}
                      >
                        Fermer
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {confirming ? (
        <div
          className="account-confirm"
          ref={confirmBox}
          tabIndex={-1}
          role="group"
          aria-labelledby="logout-all-q"
        >
          <p id="logout-all-q">
            <strong>Fermer toutes vos sessions, y compris celle-ci ?</strong> Vous devrez vous reconnecter sur
            chaque appareil.
          </p>
          <p className="account-actions">
            <button
              type="button"
              className="button button-primary"
              disabled={busyId !== null}
              onClick={() => void logoutEverywhere()}
            >
              Confirmer la déconnexion de tous les appareils
            </button>
            <button type="button" className="button" onClick={() => setConfirming(false)}>
              Annuler
            </button>
          </p>
        </div>
      ) : (
        <p className="account-actions">
          <button type="button" className="button" onClick={() => setConfirming(true)}>
            Se déconnecter de tous les appareils
          </button>
        </p>
      )}
    </section>
  );
}

function MyData() {
  return (
    <section className="card" aria-labelledby="account-data-title">
      <h2 id="account-data-title" className="card-title">
        Mes données
      </h2>
      <p>
        Vous pouvez télécharger tout ce que Passerelle conserve sur vous (profil, rôles, chartes acceptées,
        sessions), au format JSON.
      </p>
      <p>
        <a href="/api/v1/me/export" download>
          Télécharger mes données (JSON)
        </a>
      </p>
    </section>
  );
}
