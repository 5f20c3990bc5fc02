import { useState, type FormEvent } from 'react';
import type { Address } from '../../../contracts/finder';
import { AddressField } from './address-field';
import { MIN_QUERY_LENGTH } from './queries';

interface AddressSearchFormProps {
  /** Id of the address input. */
  id: string;
  label: string;
  submitLabel: string;
  /** Value coming from the URL; the field follows it when it changes (Back / Forward). */
  initialValue: string;
  onSearch: (query: string) => void;
  /** Accessible name of the search landmark. */
  formLabel: string;
  autoFocus?: boolean;
}

/** Address combobox + submit button. Choosing a suggestion searches at once. */
export function AddressSearchForm({
  id,
  label,
  submitLabel,
  initialValue,
  onSearch,
  formLabel,
  autoFocus,
}: AddressSearchFormProps) {
  const [value, setValue] = useState(initialValue);
  const [previousInitial, setPreviousInitial] = useState(initialValue);
  const [error, setError] = useState<string | null>(null);

  if (initialValue !== previousInitial) {
    setPreviousInitial(initialValue);
    setValue(initialValue);
    setError(null);
  }

  function search(query: string) {
    const q = query.trim();
    if (q.length < MIN_QUERY_LENGTH) {
      setError(`Saisissez au moins ${MIN_QUERY_LENGTH} caractères de l’adresse.`);
      return;
    }
    setError(null);
    onSearch(q);
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    search(value);
  }

  function onSelect(address: Address) {
    setValue(address.label);
    search(address.label);
  }

  return (
    <form role="search" aria-label={formLabel} className="search-form" onSubmit={onSubmit} noValidate>
      <AddressField
        id={id}
        label={label}
        value={value}
        onValueChange={(next) => {
          setValue(next);
          if (error) setError(null);
        }}
        onSelect={onSelect}
        error={error}
        autoFocus={autoFocus}
        action={
          <button type="submit" className="button button-primary">
            {submitLabel}
          </button>
        }
      />
    </form>
  );
}
