import { Suspense, useEffect, useRef } from 'react';
import { Link, NavLink, Outlet, ScrollRestoration, useLocation } from 'react-router';
import { Loading } from '../components/ui/loading';

const NAV_ITEMS = [
  { to: '/', label: 'Où s’adresser ?', end: true },
  { to: '/carte', label: 'Carte', end: false },
  { to: '/territoires', label: 'Territoires', end: false },
  { to: '/admin/tester', label: 'Tester une adresse', end: false },
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
