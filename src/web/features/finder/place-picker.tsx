import { useId, useState, type FormEvent } from 'react';
import type { Place } from '../../../contracts/territories';
import { Alert } from '../../components/ui/alert';
import { Loading } from '../../components/ui/loading';
import { PLACE_KIND_LABELS } from '../../lib/labels';
import { usePlaces } from './queries';

const KIND_ORDER = ['commune', 'arrondissement', 'quartier'] as const;

/** Fallback when the address is unknown or no geocoder answers: pick a commune or a quarter. */
export function PlacePicker({ onPick }: { onPick: (place: Place) => void }) {
  const selectId = useId();
  const places = usePlaces();
  const [selected, setSelected] = useState('');
  const [error, setError] = useState<string | null>(null);

  if (places.isPending) return <Loading label="Chargement des communes et quartiers…" />;
  if (places.isError) {
    return (
      <Alert tone="info">
        <p>La liste des communes et quartiers est indisponible pour le moment.</p>
      </Alert>
    );
  }

  const list = places.data.places;
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const place = list.find((candidate) => candidate.id === selected);
    if (!place) {
      setError('Choisissez une commune ou un quartier dans la liste.');
      return;
    }
    setError(null);
    onPick(place);
  }

  return (
    <form className="place-picker" onSubmit={onSubmit} noValidate>
      <label htmlFor={selectId} className="field-label">
        Choisir une commune ou un quartier
      </label>
      <div className="inline-row">
        <select
          id={selectId}
          className="select"
          value={selected}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${selectId}-error` : undefined}
          onChange={(event) => {
            setSelected(event.target.value);
            setError(null);
          }}
        >
          <option value="">— Choisir —</option>
          {KIND_ORDER.map((kind) => {
            const group = list.filter((place) => place.kind === kind);
            if (group.length === 0) return null;
            return (
              <optgroup key={kind} label={PLACE_KIND_LABELS[kind]}>
                {group.map((place) => (
                  <option key={place.id} value={place.id}>
                    {place.label}
                  </option>
                ))}
              </optgroup>
            );
          })}
        </select>
        <button type="submit" className="button">
          Voir ce lieu
        </button>
      </div>
      {error ? (
        <p id={`${selectId}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </form>
  );
}
