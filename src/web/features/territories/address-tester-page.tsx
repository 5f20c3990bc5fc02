import { useId, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import type { ExplainResponse } from '../../../contracts/territories';
import { Alert } from '../../components/ui/alert';
import { DemoBadge } from '../../components/ui/badges';
import { Loading } from '../../components/ui/loading';
import { errorMessage } from '../../lib/api';
import { formatCoordinate, formatDate } from '../../lib/format';
import { LAYER_STATUS_LABELS, ZONE_MODE_LABELS, zoneKindLabel } from '../../lib/labels';
import { readTarget, targetSearch, toLookupTarget, type UrlTarget } from '../../lib/lookup-target';
import { useDocumentTitle } from '../../lib/use-document-title';
import { AddressSearchForm } from '../finder/address-search-form';
import { useExplain } from './queries';

type LayerExplanation = ExplainResponse['layers'][number];
type ConsideredZone = LayerExplanation['considered'][number];

/** « Tester une adresse »: why each layer answers what it answers, zone by zone. */
export function AddressTesterPage() {
  useDocumentTitle('Tester une adresse');
  const [searchParams, setSearchParams] = useSearchParams();
  const target = readTarget(searchParams);
  const lookupTarget = target ? toLookupTarget(target) : null;
  const explain = useExplain(lookupTarget);

  function go(next: UrlTarget) {
    setSearchParams(targetSearch(next));
  }

  return (
    <div className="page page-wide">
      <h1>Tester une adresse</h1>
      <p className="lead">
        Vérifiez quelles zones de compétence s’appliquent à une adresse ou à un point, laquelle l’emporte et
        pourquoi.
      </p>
      <div className="tester-forms">
        <div className="card">
          <AddressSearchForm
            id="adresse-a-tester"
            label="Adresse à tester"
            submitLabel="Tester l’adresse"
            formLabel="Tester une adresse"
            initialValue={target?.kind === 'address' ? target.q : ''}
            onSearch={(q) => go({ kind: 'address', q })}
          />
        </div>
        <div className="card">
          <CoordinatesForm
            key={target?.kind === 'point' ? `${target.lat},${target.lon}` : 'empty'}
            initial={target?.kind === 'point' ? target : null}
            onSubmit={(lat, lon) => go({ kind: 'point', lat, lon })}
          />
        </div>
      </div>

      {explain.isFetching && !explain.data ? <Loading label="Analyse des zones en cours…" /> : null}
      {explain.isError ? (
        <Alert tone="error">
          <p>{errorMessage(explain.error)}</p>
        </Alert>
      ) : null}
      {explain.data && !explain.isError ? (
        <ExplainResult result={explain.data} point={lookupTarget?.kind === 'point' ? lookupTarget : null} />
      ) : null}
    </div>
  );
}

function parseCoordinate(value: string, min: number, max: number): number | null {
  if (value.trim() === '') return null;
  const number = Number(value.trim().replace(',', '.'));
  return Number.isFinite(number) && number >= min && number <= max ? number : null;
}

function CoordinatesForm({
  initial,
  onSubmit,
}: {
  initial: { lat: number; lon: number } | null;
  onSubmit: (lat: number, lon: number) => void;
}) {
  const id = useId();
  const [lat, setLat] = useState(initial ? String(initial.lat) : '');
  const [lon, setLon] = useState(initial ? String(initial.lon) : '');
  const [errors, setErrors] = useState<{ lat?: string; lon?: string }>({});

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const latValue = parseCoordinate(lat, -90, 90);
    const lonValue = parseCoordinate(lon, -180, 180);
    const next = {
      lat:
        latValue === null ? 'Latitude invalide : un nombre entre -90 et 90, par exemple 48,8642.' : undefined,
      lon:
        lonValue === null
          ? 'Longitude invalide : un nombre entre -180 et 180, par exemple 2,3987.'
          : undefined,
    };
    setErrors(next);
    if (latValue !== null && lonValue !== null) onSubmit(latValue, lonValue);
  }

  return (
    <form onSubmit={submit} noValidate aria-labelledby={`${id}-legend`}>
      <fieldset className="fieldset">
        <legend id={`${id}-legend`} className="field-label">
          Ou des coordonnées (WGS 84)
        </legend>
        <div className="coords-row">
          <div className="field">
            <label htmlFor={`${id}-lat`}>Latitude</label>
            <input
              id={`${id}-lat`}
              className="input"
              inputMode="decimal"
              autoComplete="off"
              value={lat}
              onChange={(event) => setLat(event.target.value)}
              aria-invalid={errors.lat ? true : undefined}
              aria-describedby={errors.lat ? `${id}-lat-error` : undefined}
            />
            {errors.lat ? (
              <p id={`${id}-lat-error`} className="field-error">
                {errors.lat}
              </p>
            ) : null}
          </div>
          <div className="field">
            <label htmlFor={`${id}-lon`}>Longitude</label>
            <input
              id={`${id}-lon`}
              className="input"
              inputMode="decimal"
              autoComplete="off"
              value={lon}
              onChange={(event) => setLon(event.target.value)}
              aria-invalid={errors.lon ? true : undefined}
              aria-describedby={errors.lon ? `${id}-lon-error` : undefined}
            />
            {errors.lon ? (
              <p id={`${id}-lon-error`} className="field-error">
                {errors.lon}
              </p>
            ) : null}
          </div>
          <button type="submit" className="button button-primary">
            Tester les coordonnées
          </button>
        </div>
      </fieldset>
    </form>
  );
}

function ExplainResult({
  result,
  point,
}: {
  result: ExplainResponse;
  point: { lat: number; lon: number } | null;
}) {
  const title = result.address
    ? result.address.label
    : point
      ? `Point (latitude ${formatCoordinate(point.lat)}, longitude ${formatCoordinate(point.lon)})`
      : 'Lieu testé';
  return (
    <section className="explain" aria-labelledby="explain-title">
      <h2 id="explain-title">{title}</h2>
      <p>
        <span className="muted-label">Territoire :</span>{' '}
        {result.territory ? result.territory.name : 'aucun territoire de Passerelle ne couvre ce lieu'}
        {result.address ? (
          <span className="muted">
            {' '}
            · coordonnées {formatCoordinate(result.address.lat)}, {formatCoordinate(result.address.lon)}
            {result.address.citycode ? ` · code INSEE ${result.address.citycode}` : ''}
          </span>
        ) : null}
      </p>
      {result.layers.length === 0 ? <p>Aucune couche n’a été évaluée pour ce lieu.</p> : null}
      {result.layers.map((layer) => (
        <LayerSection key={layer.layer} layer={layer} />
      ))}
    </section>
  );
}

function zoneTitle(zone: ConsideredZone): string {
  return `${zone.areaCode} — ${zone.areaName}`;
}

function LayerSection({ layer }: { layer: LayerExplanation }) {
  const headingId = `couche-${layer.layer}`;
  return (
    <section className="card layer" aria-labelledby={headingId}>
      <h3 id={headingId} className="card-title">
        {layer.label}{' '}
        <span className={`status status-${layer.status}`}>{LAYER_STATUS_LABELS[layer.status]}</span>
      </h3>
      <p>{layer.explanation}</p>
      {layer.winner ? (
        <dl className="definition-list">
          <dt>Zone retenue</dt>
          <dd>
            {zoneTitle(layer.winner)} <span className="muted">({layer.winner.zoneId})</span>
          </dd>
          <dt>Type de zone</dt>
          <dd>
            {zoneKindLabel(layer.winner.kind)} · priorité {layer.winner.precedence}
          </dd>
          <dt>Pourquoi</dt>
          <dd>{layer.winner.reason}</dd>
        </dl>
      ) : null}
      {layer.conflicting.length > 0 ? (
        <Alert tone="warning" title="Zones en conflit">
          <ul>
            {layer.conflicting.map((zone) => (
              <li key={zone.zoneId}>
                {zoneTitle(zone)} ({zone.zoneId}, {zoneKindLabel(zone.kind).toLowerCase()}, priorité{' '}
                {zone.precedence}) : {zone.reason}
              </li>
            ))}
          </ul>
        </Alert>
      ) : null}
      <h4 className="subheading">Zones examinées</h4>
      {layer.considered.length === 0 ? (
        <p>Aucune zone de cette couche ne contient ce lieu.</p>
      ) : (
        <div
          className="table-wrapper"
          role="region"
          aria-label={`Zones examinées — ${layer.label}`}
          tabIndex={0}
        >
          <table className="table table-compact">
            <caption className="sr-only">Zones examinées pour la couche {layer.label}</caption>
            <thead>
              <tr>
                <th scope="col">Zone</th>
                <th scope="col" className="col-area">
                  Secteur
                </th>
                <th scope="col">Type de zone</th>
                <th scope="col">Inclusion / exclusion</th>
                <th scope="col" className="numeric">
                  Priorité
                </th>
                <th scope="col" className="col-reason">
                  Raison
                </th>
                <th scope="col" className="col-source">
                  Source
                </th>
                <th scope="col">Vérifié le</th>
                <th scope="col">Démonstration</th>
              </tr>
            </thead>
            <tbody>
              {layer.considered.map((zone) => {
                const isWinner = layer.winner?.zoneId === zone.zoneId;
                const isConflicting = layer.conflicting.some((other) => other.zoneId === zone.zoneId);
                return (
                  <tr key={`${zone.zoneId}-${zone.mode}`} className={isWinner ? 'row-winner' : undefined}>
                    <th scope="row" className="code-cell">
                      {zone.zoneId}
                      {isWinner ? <span className="tag tag-winner">retenue</span> : null}
                      {isConflicting ? <span className="tag tag-conflict">en conflit</span> : null}
                    </th>
                    <td>
                      <strong>{zone.areaCode}</strong>
                      <br />
                      <span className="muted">{zone.areaName}</span>
                    </td>
                    <td>{zoneKindLabel(zone.kind)}</td>
                    <td>{ZONE_MODE_LABELS[zone.mode]}</td>
                    <td className="numeric">{zone.precedence}</td>
                    <td>{zone.reason}</td>
                    <td>{zone.provenance.source}</td>
                    <td>{formatDate(zone.provenance.verifiedAt) ?? '—'}</td>
                    <td>{zone.provenance.demo ? <DemoBadge label="Oui" /> : 'Non'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
