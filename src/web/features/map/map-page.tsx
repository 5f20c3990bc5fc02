import { useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert } from '../../components/ui/alert';
import { Loading } from '../../components/ui/loading';
import { errorMessage } from '../../lib/api';
import { readTarget, targetSearch, toLookupTarget } from '../../lib/lookup-target';
import { useDocumentTitle } from '../../lib/use-document-title';
import { AnswerCard } from '../finder/answer-card';
import { EmergencyBox } from '../finder/emergency-box';
import { useLookup } from '../finder/queries';
import { LayerSwitch } from './layer-switch';
import type { Visibility } from './map-style';
import { useAppConfig, useMapData } from './queries';
import { ZoneList } from './zone-list';
import { ZoneMap, type PickedPoint } from './zone-map';

const DEFAULT_VISIBILITY: Visibility = { adult: true, child: false, social: false, sites: true };

/** « Carte »: zones and sites; a click answers « Où s'adresser ? » for that point. */
export default function MapPage() {
  useDocumentTitle('Carte des secteurs');
  const [searchParams, setSearchParams] = useSearchParams();
  const target = readTarget(searchParams);
  const lookupTarget = target ? toLookupTarget(target) : null;
  const lookup = useLookup(lookupTarget);
  const mapData = useMapData();
  const config = useAppConfig();
  const [visibility, setVisibility] = useState<Visibility>(DEFAULT_VISIBILITY);

  const answer = lookup.data;
  const headingRef = useRef<HTMLHeadingElement>(null);
  const revealAnswer = useRef(false);

  // On narrow screens the answer sits under the map: bring it into view after a click.
  useEffect(() => {
    const heading = headingRef.current;
    if (!revealAnswer.current || !heading || lookup.isFetching) return;
    revealAnswer.current = false;
    const { top, bottom } = heading.getBoundingClientRect();
    if (top < 0 || bottom > window.innerHeight)
      heading.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }, [answer, lookup.isFetching]);
  const picked: PickedPoint | null =
    lookupTarget?.kind === 'point'
      ? lookupTarget
      : answer?.address
        ? { lat: answer.address.lat, lon: answer.address.lon }
        : null;

  function onPick(point: PickedPoint) {
    revealAnswer.current = true;
    setSearchParams(targetSearch({ kind: 'point', ...point }), { preventScrollReset: true });
  }

  const finderLink = target ? `/?${new URLSearchParams(targetSearch(target)).toString()}` : '/';

  return (
    <div className="map-page">
      <h1>Carte des secteurs</h1>
      <p className="lead">
        Cliquez sur la carte pour savoir à qui s’adresser en ce lieu. Vous pouvez aussi{' '}
        <Link to="/">chercher par adresse</Link> ; la liste des zones figure sous la carte.
      </p>
      <div className="map-layout">
        <div className="map-column">
          <LayerSwitch visibility={visibility} onChange={setVisibility} />
          {mapData.isPending || config.isPending ? <Loading label="Chargement de la carte…" /> : null}
          {mapData.isError ? (
            <Alert tone="error">
              <p>{errorMessage(mapData.error)}</p>
            </Alert>
          ) : null}
          {mapData.data ? (
            <ZoneMap
              data={mapData.data}
              // Without the config the map still works, simply with no base map.
              config={config.data ?? { tileUrl: null, attribution: null }}
              visibility={visibility}
              picked={picked}
              onPick={onPick}
            />
          ) : null}
        </div>
        <div className="map-panel">
          {!target ? (
            <p className="map-panel-hint">
              Cliquez sur un point de la carte : la réponse (secteurs, lieux de soins, service social)
              s’affiche ici.
            </p>
          ) : null}
          <div role="status" className="sr-only">
            {answer && !lookup.isFetching ? 'Réponse affichée à côté de la carte.' : ''}
          </div>
          {lookup.isFetching ? <Loading label="Recherche du secteur en cours…" /> : null}
          {lookup.isError ? (
            <Alert tone="error">
              <p>{errorMessage(lookup.error)}</p>
            </Alert>
          ) : null}
          {answer && !lookup.isError && !lookup.isFetching ? (
            <>
              <AnswerCard
                answer={answer}
                headingRef={headingRef}
                placeName={target?.placeName}
                point={lookupTarget?.kind === 'point' ? lookupTarget : undefined}
              />
              <p>
                <Link to={finderLink}>Ouvrir cette réponse dans « Où s’adresser ? »</Link>
              </p>
            </>
          ) : null}
          <EmergencyBox numbers={answer?.emergency} guidance={answer?.guidance} compact />
        </div>
      </div>
      {mapData.data ? <ZoneList data={mapData.data} visibility={visibility} /> : null}
    </div>
  );
}
