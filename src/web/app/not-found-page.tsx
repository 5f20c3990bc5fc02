import { Link } from 'react-router';
import { useDocumentTitle } from '../lib/use-document-title';

export function NotFoundPage() {
  useDocumentTitle('Page introuvable');
  return (
    <div className="page">
      <h1>Page introuvable</h1>
      <p>Cette page n’existe pas ou a été déplacée.</p>
      <p>
        <Link to="/">Revenir à « Où s’adresser ? »</Link>
      </p>
    </div>
  );
}
