import type { LookupResponse } from '../../../contracts/finder';
import { telHref } from '../../lib/format';

type EmergencyNumber = LookupResponse['emergency'][number];

/** Shown before any lookup, and if the server sends none: these numbers never depend on the address. */
export const DEFAULT_EMERGENCY_NUMBERS: EmergencyNumber[] = [
  {
    number: '15',
    label: 'SAMU',
    when: 'Urgence médicale, y compris psychiatrique : danger immédiat pour la personne ou pour autrui.',
  },
  {
    number: '112',
    label: 'Numéro d’urgence européen',
    when: 'Depuis tout téléphone, en France comme ailleurs dans l’Union européenne.',
  },
  {
    number: '3114',
    label: 'Numéro national de prévention du suicide',
    when: 'Idées suicidaires, inquiétude pour un proche : écoute gratuite, 24 h sur 24, 7 jours sur 7.',
  },
];

interface EmergencyBoxProps {
  numbers?: EmergencyNumber[];
  guidance?: string[];
  compact?: boolean;
}

export function EmergencyBox({ numbers, guidance = [], compact = false }: EmergencyBoxProps) {
  const list = numbers && numbers.length > 0 ? numbers : DEFAULT_EMERGENCY_NUMBERS;
  return (
    <aside className={`emergency${compact ? ' emergency-compact' : ''}`} aria-labelledby="emergency-title">
      <h2 id="emergency-title" className="emergency-title">
        En cas d’urgence
      </h2>
      <ul className="emergency-list">
        {list.map((item) => (
          <li key={item.number}>
            <a href={telHref(item.number)} className="emergency-number">
              <span className="emergency-digits">{item.number}</span>
              <span className="emergency-label">{item.label}</span>
            </a>
            {compact ? null : <p className="emergency-when">{item.when}</p>}
          </li>
        ))}
      </ul>
      {guidance.length > 0 ? (
        <>
          <h3 className="emergency-subtitle">Que faire maintenant ?</h3>
          <ul className="guidance-list">
            {guidance.map((sentence) => (
              <li key={sentence}>{sentence}</li>
            ))}
          </ul>
        </>
      ) : null}
    </aside>
  );
}
