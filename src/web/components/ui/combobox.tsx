import { useEffect, useId, useState, type KeyboardEvent, type ReactNode } from 'react';

export interface ComboboxProps<T> {
  /** Id of the input; the listbox and options derive their ids from it. */
  id: string;
  label: string;
  value: string;
  onValueChange: (value: string) => void;
  options: readonly T[];
  getOptionKey: (option: T) => string;
  getOptionLabel: (option: T) => string;
  renderOption?: (option: T) => ReactNode;
  /** Called when an option is chosen with Enter or a click. */
  onSelect: (option: T) => void;
  /** Help text under the field (linked with aria-describedby). */
  hint?: ReactNode;
  /** Validation error (aria-invalid + aria-describedby). */
  error?: string | null;
  placeholder?: string;
  autoFocus?: boolean;
  name?: string;
  /** Rendered beside the input (typically the submit button). */
  action?: ReactNode;
}

/**
 * Editable combobox with a listbox popup and list autocompletion (WAI-ARIA 1.2 APG pattern). Focus
 * stays in the input; the active option is exposed with aria-activedescendant. ↓/↑ move, Enter chooses
 * the active option (with no active option Enter submits the surrounding form), Escape closes the list,
 * then clears the field.
 */
export function Combobox<T>({
  id,
  label,
  value,
  onValueChange,
  options,
  getOptionKey,
  getOptionLabel,
  renderOption,
  onSelect,
  hint,
  error,
  placeholder,
  autoFocus,
  name,
  action,
}: ComboboxProps<T>) {
  const listboxId = `${id}-listbox`;
  const hintId = useId();
  const errorId = useId();
  const [isOpen, setIsOpen] = useState(false);
  const [activeIndex, setActiveIndex] = useState(-1);
  const [previousOptions, setPreviousOptions] = useState(options);

  // New suggestions invalidate the active option (derived state, updated during render).
  if (previousOptions !== options) {
    setPreviousOptions(options);
    setActiveIndex(-1);
  }

  const isExpanded = isOpen && options.length > 0;
  const activeId = isExpanded && activeIndex >= 0 ? `${id}-option-${activeIndex}` : undefined;

  useEffect(() => {
    if (!activeId) return;
    const element = document.getElementById(activeId);
    element?.scrollIntoView({ block: 'nearest' });
  }, [activeId]);

  function choose(option: T) {
    setIsOpen(false);
    setActiveIndex(-1);
    onSelect(option);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    const count = options.length;
    switch (event.key) {
      case 'ArrowDown': {
        if (count === 0) return;
        event.preventDefault();
        if (!isExpanded) {
          setIsOpen(true);
          setActiveIndex(event.altKey ? -1 : 0);
        } else {
          setActiveIndex((index) => (index + 1) % count);
        }
        return;
      }
      case 'ArrowUp': {
        if (count === 0) return;
        event.preventDefault();
        setIsOpen(true);
        setActiveIndex((index) => (!isExpanded || index <= 0 ? count - 1 : index - 1));
        return;
      }
      case 'Enter': {
        const option = activeIndex >= 0 ? options[activeIndex] : undefined;
        if (isExpanded && option !== undefined) {
          event.preventDefault();
          choose(option);
        } else {
          setIsOpen(false);
        }
        return;
      }
      case 'Escape': {
        if (isExpanded) {
          event.preventDefault();
          setIsOpen(false);
          setActiveIndex(-1);
        } else if (value !== '') {
          event.preventDefault();
          onValueChange('');
        }
        return;
      }
      default:
        return;
    }
  }

  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  const statusText = isExpanded
    ? `${options.length} suggestion${options.length > 1 ? 's' : ''} disponible${
        options.length > 1 ? 's' : ''
      }. Parcourez-les avec les flèches haut et bas, validez avec Entrée.`
    : '';

  return (
    <div className="combobox">
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      {hint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
      <div className="combobox-row">
        <div className="combobox-control">
          <input
            id={id}
            name={name}
            type="text"
            role="combobox"
            className="input"
            autoComplete="off"
            autoCapitalize="off"
            spellCheck={false}
            autoFocus={autoFocus}
            placeholder={placeholder}
            aria-autocomplete="list"
            aria-expanded={isExpanded}
            aria-controls={listboxId}
            aria-activedescendant={activeId}
            aria-describedby={describedBy}
            aria-invalid={error ? true : undefined}
            value={value}
            onChange={(event) => {
              onValueChange(event.target.value);
              setIsOpen(true);
              setActiveIndex(-1);
            }}
            onKeyDown={onKeyDown}
            onBlur={() => setIsOpen(false)}
            onClick={() => setIsOpen(true)}
          />
          <ul
            id={listboxId}
            role="listbox"
            aria-label={`Suggestions pour « ${label} »`}
            className="combobox-listbox"
            hidden={!isExpanded}
          >
            {options.map((option, index) => (
              <li
                key={getOptionKey(option)}
                id={`${id}-option-${index}`}
                role="option"
                aria-selected={index === activeIndex}
                className="combobox-option"
                // Keep the focus in the input while clicking an option.
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => choose(option)}
                onMouseMove={() => {
                  if (index !== activeIndex) setActiveIndex(index);
                }}
              >
                {renderOption ? renderOption(option) : getOptionLabel(option)}
              </li>
            ))}
          </ul>
        </div>
        {action}
      </div>
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
      <div className="sr-only" role="status" aria-live="polite">
        {statusText}
      </div>
    </div>
  );
}
