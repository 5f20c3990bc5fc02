import { Link, useRouteError } from 'react-router';
import { Alert } from '../components/ui/alert';
import { useDocumentTitle } from '../lib/use-document-title';

/** Last-resort screen: a failed lazy chunk (new deployment) or a rendering bug. */
export function RouteError() {
  const error = useRouteError();
  useDocumentTitle('Erreur');
  if (error) console.error(error);
  return (
    <div className="container main">
      <h1>Une erreur est survenue</h1>
      <Alert tone="error">
        <p>
          La page n’a pas pu s’afficher. Rechargez-la ; si le problème persiste, revenez plus tard. En cas
          d’urgence, appelez le <a href="tel:15">15</a>, le <a href="tel:112">112</a> ou le{' '}
          <a href="tel:3114">3114</a>.
        </p>
      </Alert>
      <p>
        <Link to="/" reloadDocument>
          Revenir à « Où s’adresser ? »
        </Link>
      </p>
    </div>
  );
}
