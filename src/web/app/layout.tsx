import { Suspense, useEffect, useRef, useState } from 'react';
import { Link, NavLink, Outlet, ScrollRestoration, useLocation, useNavigate } from 'react-router';
import { Loading } from '../components/ui/loading';
import {
  ACCOUNT_PATH,
  ADMIN_PATH,
  canAdminister,
  LOGIN_PATH,
  returnQuery,
  sanitizeReturnPath,
} from '../features/account/navigation';
import { accountApi, useForgetMember } from '../features/account/queries';
import { errorMessage } from '../lib/api';
import { useMe } from '../lib/session';

const NAV_ITEMS = [
  { to: '/', label: 'Où s’adresser ?', end: true },
  { to: '/carte', label: 'Carte', end: false },
  { to: '/territoires', label: 'Territoires', end: false },
  { to: '/admin/tester', label: 'Tester une adresse', end: false },
  { to: '/correspondances', label: 'Correspondances', end: false },
] as const;

/** After a client-side navigation, move the focus to the new page's title, as a page load would. */
function useFocusOnNavigation() {
  const { pathname } = useLocation();
  const isFirstRender = useRef(true);
  useEffect(() => {
    if (isFirstRender.current) {
      isFirstRender.current = false;
      return;
    }
    const frame = window.requestAnimationFrame(() => {
      const main = document.getElementById('contenu');
      const heading = main?.querySelector<HTMLElement>('h1');
      const target = heading ?? main;
      if (!target) return;
      if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
      target.focus({ preventScroll: false });
    });
    return () => window.cancelAnimationFrame(frame);
  }, [pathname]);
}

/** « Se connecter », or the member's name with their account, administration and logout. */
function AccountMenu() {
  const me = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const forget = useForgetMember();
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function logout() {
    setBusy(true);
    setFailure(null);
    try {
      await accountApi.logout();
    } catch (error) {
      // Already signed out elsewhere (401) is what was asked; anything else is worth saying.
      if (!(error instanceof Error && 'status' in error && error.status === 401)) {
        setFailure(errorMessage(error));
        setBusy(false);
        return;
      }
    }
    forget();
    setBusy(false);
    await navigate(LOGIN_PATH);
  }

  // Until the session is known, nothing: a « Se connecter » flashing for a signed-in member misleads.
  if (me.isPending) return null;
  if (!me.data) {
    const here = sanitizeReturnPath(`${location.pathname}${location.search}`);
    return (
      <nav aria-label="Compte" className="account-menu">
        <Link to={`${LOGIN_PATH}${returnQuery(here)}`} className="nav-link">
          Se connecter
        </Link>
      </nav>
    );
  }
  return (
    <nav aria-label="Compte" className="account-menu">
      <span className="account-menu-name">{me.data.member.displayName}</span>
      <ul>
        <li>
          <NavLink to={ACCOUNT_PATH} className="nav-link">
            Mon compte
          </NavLink>
        </li>
        {canAdminister(me.data) ? (
          <li>
            <NavLink to={ADMIN_PATH} className="nav-link">
              Administration
            </NavLink>
          </li>
        ) : null}
        <li>
          <button
            type="button"
            className="nav-link account-menu-logout"
            onClick={() => void logout()}
            disabled={busy}
          >
            Se déconnecter
          </button>
        </li>
      </ul>
      {failure ? (
        <p role="alert" className="account-menu-error">
          {failure}
        </p>
      ) : null}
    </nav>
  );
}

export function Layout() {
  useFocusOnNavigation();
  return (
    <div className="app">
      <a href="#contenu" className="skip-link">
        Aller au contenu
      </a>
      <header className="site-header">
        <div className="container header-inner">
          <Link to="/" className="brand">
            <span className="brand-mark" aria-hidden="true" />
            <span className="brand-text">
              <span className="brand-name">Passerelle</span>
              <span className="brand-tagline">Logement et santé mentale</span>
            </span>
          </Link>
          <nav aria-label="Navigation principale" className="main-nav">
            <ul>
              {NAV_ITEMS.map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to} end={item.end} className="nav-link">
                    {item.label}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
          <AccountMenu />
        </div>
      </header>
      <main id="contenu" className="container main" tabIndex={-1}>
        <Suspense fallback={<Loading label="Chargement de la page…" />}>
          <Outlet />
        </Suspense>
      </main>
      <footer className="site-footer">
        <div className="container">
          <p>
            <strong>Passerelle</strong> — logement et santé mentale. En cas de danger immédiat, appelez le{' '}
            <a href="tel:15">15</a> ou le <a href="tel:112">112</a> ; prévention du suicide :{' '}
            <a href="tel:3114">3114</a>.
          </p>
          <p className="credits">
            Limites administratives : Ville de Paris (ODbL), IGN Admin Express (Licence Ouverte).
            Établissements : FINESS (Licence Ouverte).
          </p>
        </div>
      </footer>
      <ScrollRestoration />
    </div>
  );
}
