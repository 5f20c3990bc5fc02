import type { ReactNode } from 'react';
import type { Address } from '../../../contracts/finder';
import { Combobox } from '../../components/ui/combobox';
import { useDebouncedValue } from '../../lib/use-debounced-value';
import { MIN_QUERY_LENGTH, useGeocodeSuggestions } from './queries';

const NO_SUGGESTIONS: Address[] = [];

interface AddressFieldProps {
  id: string;
  label: string;
  value: string;
  onValueChange: (value: string) => void;
  onSelect: (address: Address) => void;
  error?: string | null;
  autoFocus?: boolean;
  action?: ReactNode;
}

/** Address input with suggestions from GET /api/v1/geocode (debounced, 3 characters at least). */
export function AddressField({
  id,
  label,
  value,
  onValueChange,
  onSelect,
  error,
  autoFocus,
  action,
}: AddressFieldProps) {
  const debounced = useDebouncedValue(value.trim(), 200);
  const isLongEnough = value.trim().length >= MIN_QUERY_LENGTH;
  const suggestions = useGeocodeSuggestions(isLongEnough ? debounced : '');
  const options = isLongEnough && suggestions.data ? suggestions.data.results : NO_SUGGESTIONS;

  const hint = suggestions.isError
    ? 'Suggestions indisponibles : saisissez l’adresse complète, puis « Chercher ».'
    : 'Numéro, rue et commune, par exemple « 9 rue du Télégraphe, Paris ». Des suggestions s’affichent à partir de 3 caractères.';

  return (
    <Combobox<Address>
      id={id}
      label={label}
      value={value}
      onValueChange={onValueChange}
      options={options}
      getOptionKey={(address) => `${address.label}|${address.lon}|${address.lat}`}
      getOptionLabel={(address) => address.label}
      renderOption={(address) => <AddressOption address={address} />}
      onSelect={onSelect}
      hint={hint}
      error={error}
      autoFocus={autoFocus}
      name="q"
      action={action}
    />
  );
}

function AddressOption({ address }: { address: Address }) {
  return <span className="address-option">{address.label}</span>;
}
