import { useEffect, useRef } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { Place } from '../../../contracts/territories';
import { Alert } from '../../components/ui/alert';
import { Loading } from '../../components/ui/loading';
import { errorMessage } from '../../lib/api';
import { readTarget, targetSearch, toLookupTarget, type UrlTarget } from '../../lib/lookup-target';
import { useDocumentTitle } from '../../lib/use-document-title';
import { AddressSearchForm } from './address-search-form';
import { AnswerCard } from './answer-card';
import { EmergencyBox } from './emergency-box';
import { PlacePicker } from './place-picker';
import { useLookup } from './queries';

export function FinderPage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const target = readTarget(searchParams);
  const lookupTarget = target ? toLookupTarget(target) : null;
  const lookup = useLookup(lookupTarget);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const focusAnswer = useRef(false);

  const title =
    target?.placeName ?? lookup.data?.address?.label ?? (target?.kind === 'address' ? target.q : null);
  useDocumentTitle(title ? `${title} — Où s’adresser ?` : 'Où s’adresser ?');

  useEffect(() => {
    if (focusAnswer.current && lookup.data && !lookup.isFetching) {
      focusAnswer.current = false;
      headingRef.current?.focus();
    }
  }, [lookup.data, lookup.isFetching]);

  function go(next: UrlTarget) {
    focusAnswer.current = true;
    setSearchParams(targetSearch(next));
  }

  function onPickPlace(place: Place) {
    go({ kind: 'point', lat: place.lat, lon: place.lon, placeName: place.label, place: place.id });
  }

  const answer = lookup.data;
  const mapLink =
    target?.kind === 'point' ? `/carte?${new URLSearchParams(targetSearch(target)).toString()}` : '/carte';

  return (
    <div className="finder">
      <div className="finder-intro">
        <h1>Où s’adresser ?</h1>
        <p className="lead">
          Indiquez l’adresse du logement : Passerelle vous donne le secteur de psychiatrie adulte, le secteur
          enfants et adolescents, leurs lieux de soins et le service social compétents.
        </p>
        <AddressSearchForm
          id="adresse-logement"
          label="Adresse du logement"
          submitLabel="Chercher"
          formLabel="Recherche par adresse"
          initialValue={target?.kind === 'address' ? target.q : ''}
          onSearch={(q) => go({ kind: 'address', q })}
        />
        <p className="finder-alternatives">
          Vous pouvez aussi <Link to="/carte">cliquer sur la carte</Link>.
        </p>
      </div>

      <EmergencyBox numbers={answer?.emergency} guidance={answer?.guidance} />

      <div className="finder-result">
        {lookup.isFetching && !answer ? <Loading label="Recherche du secteur en cours…" /> : null}
        {lookup.isError ? (
          <div className="lookup-error">
            <Alert tone="error">
              <p>{errorMessage(lookup.error)}</p>
            </Alert>
            <div className="fallback card">
              <h2 className="card-title">Chercher autrement</h2>
              <PlacePicker onPick={onPickPlace} />
              <p>
                Ou <Link to={mapLink}>ouvrir la carte et cliquer sur le lieu</Link>.
              </p>
            </div>
          </div>
        ) : null}
        {answer && !lookup.isError ? (
          <div aria-busy={lookup.isFetching}>
            {lookup.isFetching ? <Loading label="Mise à jour de la réponse…" /> : null}
            <AnswerCard
              answer={answer}
              headingRef={headingRef}
              placeName={target?.placeName}
              point={lookupTarget?.kind === 'point' ? lookupTarget : undefined}
            />
          </div>
        ) : null}
        {!target ? (
          <details className="fallback-details">
            <summary>L’adresse est introuvable ? Choisir une commune ou un quartier</summary>
            <PlacePicker onPick={onPickPlace} />
          </details>
        ) : null}
      </div>
    </div>
  );
}
